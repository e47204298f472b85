"""A seeded city of the programme, at a chosen size, written by bulk inserts.

1 × is 10,000 enterprises (a representative each, one financing need each), 100,000 intents in every
state with their ledger rows, 1,000 events over a year (past ones held with check-ins, future ones
open), dozens of institutions with branches and staff, and targets over different periods. Amounts
run from 100万 to 5亿 (log-uniform, whole 万). The same seed and scale give the same database.

Rows go in by the driver's own bulk path (executemany on SQLite, COPY on PostgreSQL), not one
INSERT per row through the ORM, so 10 × (2.5 million rows) takes a minute or two, not an hour.

    .venv/bin/python -m bench.generate --scale 1 --url sqlite:///tmp/city.sqlite3
"""

from __future__ import annotations

import argparse
import asyncio
import enum
import json
import math
import random
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from tortoise import connections
from tortoise.models import Model

from models.clock import utcnow
from models.db import connection_name, database, migrate, normalise_url
from models.enums import (
    District,
    EventStatus,
    FinancingKind,
    Guarantee,
    InstitutionKind,
    IntentStatus,
    RegistrationStatus,
    SeriesKind,
    StaffStatus,
    TargetMetric,
    TargetScope,
    Tier,
)
from models.tables.chains import Chain, seed_chains
from models.tables.enterprises import Enterprise, FinancingNeed
from models.tables.events import Event, Registration
from models.tables.institutions import Institution
from models.tables.intents import Intent, LedgerEntry, Target
from models.tables.people import Person
from models.tables.running_totals import rebuild

ORGANIZER_TG = 10  # organizers are tg ids 10, 11, ...
REPRESENTATIVE_TG = 10_000_000  # + enterprise id
STAFF_TG = 20_000_000  # + staff number
PARENTS = ("交通银行", "光大银行", "恒丰银行", "邮储银行", "农业银行", "工商银行", "建设银行", "中国银行", "招商银行",
           "兴业银行", "浦发银行", "中信银行", "民生银行", "华夏银行", "汉口银行", "湖北银行", "武汉农商行",
           "光谷创投", "长江创投", "东湖天使基金", "武汉担保", "湖北再担保", "人保财险", "平安产险")
KINDS = {"创投": InstitutionKind.venture, "基金": InstitutionKind.venture, "担保": InstitutionKind.guarantor,
         "财险": InstitutionKind.insurer, "产险": InstitutionKind.insurer}
BRANCH_AREAS = ("光谷支行", "汉口支行", "武昌支行", "汉阳支行", "青山支行", "江夏支行", "黄陂支行", "新洲支行")
STATUS_SHARES = {IntentStatus.proposed: 20, IntentStatus.confirmed: 25, IntentStatus.approved: 20,
                 IntentStatus.disbursed: 15, IntentStatus.rejected: 8, IntentStatus.withdrawn: 6,
                 IntentStatus.expired: 6}
TIER_SHARES = {Tier.innovative: 50, Tier.specialized: 30, Tier.little_giant: 12, Tier.champion: 3, Tier.other: 5}
MIN_AMOUNT, MAX_AMOUNT = 1_000_000, 500_000_000  # 100万 … 5亿
ORGANIZERS = 5
STAFF_PER_INSTITUTION = 3


@dataclass(frozen=True)
class Sizes:
    enterprises: int
    intents: int
    events: int

    @classmethod
    def at(cls, scale: float) -> Sizes:
        return cls(max(20, round(10_000 * scale)), max(50, round(100_000 * scale)), max(10, round(1_000 * scale)))


@dataclass(frozen=True)
class City:
    """What the generator made, for the benchmarks that act on it."""

    sizes: Sizes
    chains: list[int]
    institutions: list[int]
    staff: dict[int, list[int]]  # institution id -> staff tg ids
    organizers: list[int]  # tg ids
    rows: int
    seconds: float


def amount(rng: random.Random) -> int:
    """Log-uniform between 100万 and 5亿, in whole 万."""
    value = math.exp(rng.uniform(math.log(MIN_AMOUNT), math.log(MAX_AMOUNT)))
    return int(value // 10_000) * 10_000


def _pick(rng: random.Random, shares: dict[Any, int], count: int) -> list[Any]:
    return rng.choices(list(shares), weights=list(shares.values()), k=count)


# ------------------------------------------------------------------ bulk writing


def _columns(model: type[Model]) -> list[tuple[str, str, Any]]:
    """(field name, column, field) of every stored column, the primary key included."""
    meta = model._meta
    return [(name, column, meta.fields_map[name]) for name, column in meta.fields_db_projection.items()]


def _value(row: dict[str, Any], name: str, field: Any, now: datetime) -> Any:
    if name in row:
        value = row[name]
    elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        value = now
    elif callable(field.default):
        value = field.default()
    else:
        value = field.default
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return value


async def insert(model: type[Model], rows: list[dict[str, Any]]) -> int:
    """Write `rows` (field name -> value, ids given) in bulk; missing fields take the model's defaults."""
    if not rows:
        return 0
    columns = _columns(model)
    now = utcnow()
    records = [tuple(_value(row, name, field, now) for name, _, field in columns) for row in rows]
    names = [column for _, column, _ in columns]
    connection = connections.get(connection_name(normalise_url(_URL[0])))
    table = model._meta.db_table
    async with connection.acquire_connection() as raw:
        if _URL[0].startswith("sqlite"):
            marks = ", ".join("?" * len(names))
            quoted = ", ".join(f'"{n}"' for n in names)
            await raw.execute("PRAGMA synchronous=OFF")  # a benchmark's database: no need to survive a power cut
            await raw.executemany(f'INSERT INTO "{table}" ({quoted}) VALUES ({marks})', records)
            await raw.commit()
        else:
            await raw.copy_records_to_table(table, records=records, columns=names)
    return len(rows)


async def fix_sequences() -> None:
    """PostgreSQL: the id sequences continue after the ids written here (SQLite needs nothing)."""
    if _URL[0].startswith("sqlite"):
        return
    connection = connections.get(connection_name(normalise_url(_URL[0])))
    for model in (Institution, Enterprise, FinancingNeed, Person, Event, Registration, Intent, LedgerEntry, Target):
        table = model._meta.db_table
        await connection.execute_query(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT COALESCE(MAX(id), 1) FROM \"{table}\"))")


_URL: list[str] = [""]


# ------------------------------------------------------------------ the city


def _institutions(rng: random.Random) -> list[dict[str, Any]]:
    rows, next_id = [], 1
    for name in PARENTS:
        kind = next((k for word, k in KINDS.items() if word in name), InstitutionKind.bank)
        parent = next_id
        rows.append({"id": parent, "name": name, "kind": kind, "parent_id": None})
        next_id += 1
        if kind is InstitutionKind.bank:
            for area in rng.sample(BRANCH_AREAS, rng.randint(2, 5)):
                rows.append({"id": next_id, "name": f"{name}{area}", "kind": kind, "parent_id": parent})
                next_id += 1
    return rows


def _enterprises(rng: random.Random, count: int, chains: list[int]) -> list[dict[str, Any]]:
    tiers = _pick(rng, TIER_SHARES, count)
    districts = list(District)
    return [{"id": i, "name": f"武汉{chr(0x4E00 + i % 20000)}科技有限公司{i}", "uscc": f"G{i:017d}",
             "tier": tiers[i - 1],
             "chain_id": rng.choice(chains), "district": rng.choice(districts), "contact_name": "张经理",
             "phone": f"+86138{i % 10**8:08d}"} for i in range(1, count + 1)]


def _events(rng: random.Random, count: int, chains: list[int], now: datetime) -> list[dict[str, Any]]:
    """A year of events: about 300 days past (held, some cancelled), 65 days ahead (open)."""
    rows = []
    first = now - timedelta(days=300)
    step = timedelta(days=365) / count
    for i in range(1, count + 1):
        starts = (first + step * (i - 1)).replace(hour=1, minute=0, second=0, microsecond=0)  # 09:00 in Wuhan
        past = starts < now
        status = (EventStatus.cancelled if rng.random() < 0.04 else EventStatus.held) if past else EventStatus.open
        kind = SeriesKind.chain_month if i % 4 == 0 else SeriesKind.breakfast
        name = "一月一链" if kind is SeriesKind.chain_month else "早餐汇"
        rows.append({"id": i, "kind": kind, "title": f"{name}·第{i}期",
                     "chain_id": rng.choice(chains), "starts_at": starts, "ends_at": starts + timedelta(minutes=90),
                     "venue": "光谷金融港", "deadline": starts - timedelta(hours=24), "seats_enterprise": 30,
                     "seats_institution": 8, "status": status, "checkin_code": f"g{i:08d}"})
    return rows


def _registrations(rng: random.Random, events: list[dict[str, Any]], enterprises: int) -> list[dict[str, Any]]:
    rows = []
    for event in events:
        if event["status"] is EventStatus.cancelled:
            continue
        held = event["status"] is EventStatus.held
        for enterprise in rng.sample(range(1, enterprises + 1), min(enterprises, rng.randint(12, 30))):
            if held:
                status = RegistrationStatus.checked_in if rng.random() < 0.8 else RegistrationStatus.no_show
            else:
                status = RegistrationStatus.registered if rng.random() < 0.9 else RegistrationStatus.waitlisted
            rows.append({"id": len(rows) + 1, "event_id": event["id"], "enterprise_id": enterprise,
                         "person_id": enterprise + ORGANIZERS, "status": status,
                         "signed_up_at": event["starts_at"] - timedelta(days=rng.randint(2, 14)),
                         "checked_in_at": event["starts_at"] + timedelta(minutes=rng.randint(-20, 30))
                         if status is RegistrationStatus.checked_in else None,
                         "party_key": f"{event['id']}:e{enterprise}"})
    return rows


def _intent(rng: random.Random, i: int, status: IntentStatus, enterprises: int, institutions: list[int],
            events: list[dict[str, Any]], now: datetime) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    enterprise = rng.randrange(1, enterprises + 1)
    created = now - timedelta(days=rng.uniform(0, 360))
    proposed = rng.choice((amount(rng), amount(rng)))
    row: dict[str, Any] = {"id": i, "enterprise_id": enterprise, "institution_id": rng.choice(institutions),
                           "event_id": rng.choice(events)["id"] if rng.random() < 0.6 else None,
                           "kind": rng.choice(list(FinancingKind)), "amount": proposed,
                           "term_months": rng.choice((6, 12, 24, 36, 60)), "status": status,
                           "proposed_by_id": enterprise + ORGANIZERS, "created_at": created, "updated_at": created,
                           "disbursed_amount": 0, "version": 0}
    ledger: list[dict[str, Any]] = []
    if status in (IntentStatus.confirmed, IntentStatus.approved, IntentStatus.disbursed):
        confirmed = min(now, created + timedelta(days=rng.uniform(0.5, 10)))
        row.update(confirmed_at=confirmed, version=1, updated_at=confirmed)
        ledger.append({"intent_id": i, "metric": TargetMetric.confirmed_amount, "delta": proposed, "at": confirmed})
        if status is not IntentStatus.confirmed:
            approved_at = min(now, confirmed + timedelta(days=rng.uniform(3, 30)))
            approved = int(proposed * rng.choice((1.0, 1.0, 0.8, 0.5)) // 10_000 * 10_000)
            row.update(approved_amount=approved, version=2, updated_at=approved_at)
            ledger.append({"intent_id": i, "metric": TargetMetric.approved_amount, "delta": approved,
                           "at": approved_at})
            if status is IntentStatus.disbursed:
                paid_at = min(now, approved_at + timedelta(days=rng.uniform(3, 40)))
                paid = approved if rng.random() < 0.7 else approved // 2
                row.update(disbursed_amount=paid, version=3, updated_at=paid_at)
                ledger.append({"intent_id": i, "metric": TargetMetric.disbursed_amount, "delta": paid, "at": paid_at})
    elif status is not IntentStatus.proposed:
        row.update(version=1, reason="条件不符" if status is IntentStatus.rejected else "")
    return row, ledger


def _targets(today: date, chains: list[int], institutions: list[int], event_ids: list[int]) -> list[dict[str, Any]]:
    """The programme's targets over different periods: the year, this quarter, this month, last half-year."""
    periods = [(today - timedelta(days=365), today + timedelta(days=60)), (today - timedelta(days=80),
               today + timedelta(days=10)), (today.replace(day=1), today + timedelta(days=30)),
               (today - timedelta(days=180), today - timedelta(days=1))]
    scopes = [(TargetScope.programme, None), (TargetScope.chain, chains[0]), (TargetScope.institution, institutions[0]),
              (TargetScope.event, event_ids[len(event_ids) // 2])]
    rows = []
    for m, metric in enumerate(TargetMetric):
        for s, (scope, scope_id) in enumerate(scopes):
            if metric is TargetMetric.enterprise_visits and scope is TargetScope.institution:
                continue
            starts, deadline = periods[(m + s) % len(periods)]
            rows.append({"id": len(rows) + 1, "metric": metric, "scope": scope, "scope_id": scope_id,
                         "value": 500 if metric in (TargetMetric.enterprise_visits,
                                                    TargetMetric.enterprises_with_intent) else 2_000_000_000,
                         "starts_on": starts, "deadline": deadline, "created_by_id": 1})
    return rows


async def generate(url: str, scale: float, seed: int = 11) -> City:
    """Fill the (migrated, empty) database behind `url`, already opened with models.db.database()."""
    started = time.perf_counter()
    _URL[0] = url
    rng = random.Random(seed)
    sizes = Sizes.at(scale)
    now = utcnow()
    await seed_chains()
    chains = list(await Chain.all().order_by("id").values_list("id", flat=True))
    institutions = _institutions(rng)
    rows = await insert(Institution, institutions)
    institution_ids = [row["id"] for row in institutions]
    people = [{"id": n + 1, "tg_id": ORGANIZER_TG + n, "full_name": f"组织者{n}", "is_organizer": True}
              for n in range(ORGANIZERS)]
    enterprises = _enterprises(rng, sizes.enterprises, chains)
    rows += await insert(Enterprise, enterprises)
    rows += await insert(FinancingNeed, [{"id": e["id"], "enterprise_id": e["id"], "amount": amount(rng),
                                          "kind": rng.choice(list(FinancingKind)), "term_months": 12,
                                          "purpose": "流动资金", "guarantee": rng.choice(list(Guarantee))}
                                         for e in enterprises])
    people += [{"id": e["id"] + ORGANIZERS, "tg_id": REPRESENTATIVE_TG + e["id"], "full_name": f"代表{e['id']}",
                "enterprise_id": e["id"]} for e in enterprises]
    staff: dict[int, list[int]] = {}
    for n, institution in enumerate(i for i in institution_ids for _ in range(STAFF_PER_INSTITUTION)):
        staff.setdefault(institution, []).append(STAFF_TG + n)
        people.append({"id": len(people) + 1, "tg_id": STAFF_TG + n, "full_name": f"客户经理{n}",
                       "institution_id": institution, "staff_status": StaffStatus.verified})
    rows += await insert(Person, people)
    events = _events(rng, sizes.events, chains, now)
    rows += await insert(Event, events)
    rows += await insert(Registration, _registrations(rng, events, sizes.enterprises))
    statuses = _pick(rng, STATUS_SHARES, sizes.intents)
    intents, ledger = [], []
    for i, status in enumerate(statuses, 1):
        row, entries = _intent(rng, i, status, sizes.enterprises, institution_ids, events, now)
        intents.append(row)
        ledger += entries
        if len(intents) >= 50_000:
            rows += await insert(Intent, intents)
            intents = []
    rows += await insert(Intent, intents)
    for n, entry in enumerate(ledger, 1):
        entry["id"] = n
    for start in range(0, len(ledger), 100_000):
        rows += await insert(LedgerEntry, ledger[start:start + 100_000])
    rows += await rebuild()  # the running totals of the figures, derived from the ledger as the migration does
    today = now.astimezone(UTC).date()
    rows += await insert(Target, _targets(today, chains, institution_ids, [e["id"] for e in events]))
    await fix_sequences()
    return City(sizes, chains, institution_ids, staff, [ORGANIZER_TG + n for n in range(ORGANIZERS)], rows,
                time.perf_counter() - started)


async def _main(url: str, scale: float, seed: int) -> None:
    await migrate(url)
    async with database(url):
        city = await generate(url, scale, seed)
    print(f"{city.rows} rows ({city.sizes}) in {city.seconds:.1f} s")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1 = 10k enterprises, 100k intents, 1k events")
    parser.add_argument("--url", required=True, help="a migrated or new database (sqlite://… or postgres://…)")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    asyncio.run(_main(args.url, args.scale, args.seed))
