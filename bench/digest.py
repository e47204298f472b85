"""How long the progress figures of a city-sized programme take, by SQL aggregation.

Fills a fresh database (10k enterprises, 100k intents with their ledger, 1k events, 20k
check-ins, a target per metric and scope) and times `progress_report` (one aggregate query per
target), on SQLite and on PostgreSQL when one answers.

    .venv/bin/python -m bench.digest [--enterprises 10000] [--intents 100000] [--events 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import asyncpg
from tortoise import connections

from models.chains import Chain, seed_chains
from models.db import connection_name, database, migrate, normalise_url
from models.enterprises import Enterprise
from models.enums import (
    District,
    EventStatus,
    FinancingKind,
    InstitutionKind,
    IntentStatus,
    RegistrationStatus,
    SeriesKind,
    TargetMetric,
    TargetScope,
    Tier,
)
from models.events import Event, Registration
from models.institutions import Institution
from models.intents import Intent, LedgerEntry, Target
from models.people import Person
from models.targets import progress_report

PG_ADMIN = os.environ.get("FINMATCH_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
TZ = ZoneInfo("Asia/Shanghai")
BATCH = 2000


async def _fill(enterprises: int, intents: int, events: int) -> None:
    rng = random.Random(5)
    await seed_chains()
    chains = [c.id for c in await Chain.all()]
    person = await Person.create(tg_id=1, full_name="bench", is_organizer=True)
    banks = [await Institution.create(name=f"银行{i}", kind=InstitutionKind.bank) for i in range(30)]
    await Enterprise.bulk_create([Enterprise(name=f"企业{i}", uscc=f"B{i:017d}", tier=rng.choice(list(Tier)),
                                             chain_id=rng.choice(chains), district=District.hongshan,
                                             contact_name="张三", phone="13800138000") for i in range(enterprises)],
                                 batch_size=BATCH)
    enterprise_ids = [e for e in await Enterprise.all().values_list("id", flat=True)]
    start = datetime.now(UTC) - timedelta(days=300)
    await Event.bulk_create([Event(kind=SeriesKind.breakfast, title=f"场次{i}", starts_at=start + timedelta(hours=7*i),
                                   ends_at=start + timedelta(hours=7 * i + 2), deadline=start, checkin_code=f"c{i}",
                                   status=EventStatus.held) for i in range(events)], batch_size=BATCH)
    event_ids = list(await Event.all().values_list("id", flat=True))
    await Registration.bulk_create([Registration(event_id=event_ids[i % events], enterprise_id=enterprise_ids[i],
                                                 person=person, status=RegistrationStatus.checked_in,
                                                 checked_in_at=start + timedelta(days=i % 280),
                                                 party_key=f"{event_ids[i % events]}:e{enterprise_ids[i]}")
                                    for i in range(min(enterprises, 20 * events))], batch_size=BATCH)
    statuses = [IntentStatus.proposed, IntentStatus.confirmed, IntentStatus.approved, IntentStatus.disbursed]
    rows = [Intent(enterprise_id=rng.choice(enterprise_ids), institution=rng.choice(banks),
                   event_id=rng.choice(event_ids), kind=FinancingKind.loan, amount=rng.randrange(1, 500) * 100_000,
                   status=rng.choice(statuses), proposed_by=person, confirmed_at=start + timedelta(days=i % 290))
            for i in range(intents)]
    for row in rows:
        if row.status is not IntentStatus.proposed:
            row.approved_amount = row.amount if row.status is not IntentStatus.confirmed else None
            row.disbursed_amount = row.amount if row.status is IntentStatus.disbursed else 0
    await Intent.bulk_create(rows, batch_size=BATCH)
    ledger = []
    async for intent in Intent.exclude(status=IntentStatus.proposed).only("id", "amount", "approved_amount",
                                                                           "disbursed_amount", "confirmed_at"):
        at = intent.confirmed_at
        ledger.append(LedgerEntry(intent_id=intent.id, metric=TargetMetric.confirmed_amount, delta=intent.amount,
                                  at=at))
        if intent.approved_amount:
            ledger.append(LedgerEntry(intent_id=intent.id, metric=TargetMetric.approved_amount,
                                      delta=intent.approved_amount, at=at))
        if intent.disbursed_amount:
            ledger.append(LedgerEntry(intent_id=intent.id, metric=TargetMetric.disbursed_amount,
                                      delta=intent.disbursed_amount, at=at))
    await LedgerEntry.bulk_create(ledger, batch_size=BATCH)
    scopes = [(TargetScope.programme, None), (TargetScope.chain, chains[0]), (TargetScope.institution, banks[0].id),
              (TargetScope.event, event_ids[0])]
    for metric in TargetMetric:
        for scope, scope_id in scopes:
            if not (metric is TargetMetric.enterprise_visits and scope is TargetScope.institution):
                await Target.create(metric=metric, scope=scope, scope_id=scope_id, value=2_000_000_000,
                                    starts_on=date.today() - timedelta(days=365),
                                    deadline=date.today() + timedelta(days=60))


async def _analyze(url: str) -> None:
    """Fresh statistics, as autovacuum keeps them on a live server: without them the planner guesses."""
    connection = connections.get(connection_name(normalise_url(url)))
    await connection.execute_script("ANALYZE")


async def _time(url: str, sizes: tuple[int, int, int]) -> None:
    await migrate(url)
    async with database(url):
        filled = time.perf_counter()
        await _fill(*sizes)
        await _analyze(url)
        print(f"  filled in {time.perf_counter() - filled:.1f}s", flush=True)
        organizer = await Person.get(tg_id=1)
        await progress_report(organizer, TZ, "zh")  # warm the caches once
        runs = []
        for _ in range(5):
            started = time.perf_counter()
            report = await progress_report(organizer, TZ, "zh")
            runs.append(time.perf_counter() - started)
        print(f"  {len(report)} targets: best {min(runs) * 1000:.0f} ms, median {sorted(runs)[2] * 1000:.0f} ms")


async def _postgres_url() -> str | None:
    name = f"finmatch_bench_{uuid.uuid4().hex[:8]}"
    try:
        admin = await asyncpg.connect(PG_ADMIN, timeout=5)
    except (OSError, asyncpg.PostgresError):
        return None
    await admin.execute(f'CREATE DATABASE "{name}"')
    await admin.close()
    return PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"


async def _drop(url: str) -> None:
    admin = await asyncpg.connect(PG_ADMIN, timeout=5)
    await admin.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')
    await admin.close()


async def main(sizes: tuple[int, int, int]) -> None:
    print(f"progress figures: {sizes[0]} enterprises, {sizes[1]} intents, {sizes[2]} events")
    with tempfile.TemporaryDirectory() as folder:
        print("SQLite:")
        await _time(f"sqlite://{Path(folder) / 'bench.sqlite3'}", sizes)
    url = await _postgres_url()
    if url is None:
        print("PostgreSQL: not reachable, skipped")
        return
    print("PostgreSQL:")
    try:
        await _time(url, sizes)
    finally:
        await _drop(url)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enterprises", type=int, default=10_000)
    parser.add_argument("--intents", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=1_000)
    args = parser.parse_args()
    asyncio.run(main((args.enterprises, args.intents, args.events)))
