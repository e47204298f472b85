"""Reply latency while a big broadcast drains, next to a baseline without one, on SQLite and PostgreSQL.

Three processes, as in production: the sandbox Bot API (`finmatch sandbox`) with Telegram-like flood
limits (30 messages/s overall, one per second per private chat, 20 a minute per group, 429 with
retry_after 1 beyond them), the bot (`finmatch run` with its shipped settings, talking to the
sandbox as to api.telegram.org), and this driver. The driver seeds the database (the recipients of
one event, and the people who write meanwhile: representatives of enterprises in another chain, so
not recipients), then:

1. baseline: the writers send /help, each --interval to 1.5 × --interval seconds after its last
   reply (the default, 50 people and 3 s, is about 13 replies a second; Telegram lets a bot send
   about 30 messages a second in all);
2. broadcast: the organizer presses "open" on the event (ev:open) and the writers go on writing
   until the outbox has dealt with every announcement (or --max-seconds).

Printed (never asserted): reply latency p50/p95/p99 from the driver's send to the reply's event,
how many broadcast messages went out between a person's message and its reply, the broadcast's
rate, the 429s Telegram answered, the replies missing or doubled, and the recipients lost (no copy
and not `unsure`) or doubled.

    .venv/bin/python -m bench.reply_during_broadcast [--recipients 10000] [--people 50] [--interval 3]
        [--baseline 20] [--max-seconds 1800] [--backend sqlite --backend postgres]
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import itertools
import os
import random
import signal
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx

from models.clock import utcnow
from models.db import database, migrate
from models.enums import District, EventStatus, OutboxStatus, SeriesKind, Tier
from models.operations.event_ops import EventFacts, create_event
from models.tables.chains import Chain, seed_chains
from models.tables.enterprises import Enterprise
from models.tables.outbox import OutboxMessage
from models.tables.people import Person
from sandbox.server import SANDBOX_TOKEN
from tests.processes import PROJECT, environment, free_port, keep_reading, wait_until_serving

PG_ADMIN_DSN = os.environ.get("FINMATCH_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
ORGANIZER = 900_001
FIRST_RECIPIENT = 1_000_000
FIRST_WRITER = 2_000_000
REPLY_TIMEOUT = 60.0
HELP_TITLE = "企业可用命令"
FLOOD = {"per_second": 30, "per_chat_seconds": 1.0, "group_per_minute": 20, "retry_after": 1}
UNSETTLED = [OutboxStatus.pending, OutboxStatus.sending]


# ------------------------------------------------------------------ what the driver sees


@dataclass
class Sample:
    """One /help: when it left the driver, its message's seq, and its reply's seq and arrival."""

    chat: int
    sent_at: float
    seq: int
    reply_seq: int | None = None
    reply_at: float | None = None


@dataclass
class Watch:
    """Follows every sandbox event in one long poll: replies to the writers, broadcast messages."""

    http: httpx.AsyncClient
    recipients: range
    writers: range
    cursor: int = 0
    copies: Counter[int] = field(default_factory=Counter)
    broadcast: list[tuple[int, float]] = field(default_factory=list)  # (seq, seen at), in seq order
    replies: dict[int, list[tuple[int, float]]] = field(default_factory=lambda: defaultdict(list))
    waiting: dict[int, asyncio.Event] = field(default_factory=dict)

    async def run(self) -> None:
        while True:
            answer = await self.http.get("/sandbox/api/events", params={"after": self.cursor, "timeout": 30})
            seen = time.perf_counter()
            for event in answer.json()["events"]:
                self.cursor = max(self.cursor, event["seq"])
                if event["type"] == "message":
                    self._message(event, seen)

    def _message(self, event: dict[str, Any], seen: float) -> None:
        chat = event["chat_id"]
        if chat in self.recipients:
            self.copies[chat] += 1
            self.broadcast.append((event["seq"], seen))
        elif chat in self.writers and HELP_TITLE in event["message"].get("text", ""):
            self.replies[chat].append((event["seq"], seen))
            if chat in self.waiting:
                self.waiting[chat].set()

    def reply_after(self, chat: int, seq: int) -> tuple[int, float] | None:
        return next(((s, at) for s, at in self.replies[chat] if s > seq), None)

    def doubled(self, samples: list[Sample]) -> int:
        """Replies beyond the first between a /help and the same person's next one."""
        extra = 0
        by_chat: dict[int, list[int]] = defaultdict(list)
        for sample in samples:
            by_chat[sample.chat].append(sample.seq)
        for chat, asked in by_chat.items():
            bounds = [*sorted(asked), sys.maxsize]
            for low, high in itertools.pairwise(bounds):
                extra += max(0, sum(low < seq < high for seq, _ in self.replies[chat]) - 1)
        return extra

    def broadcast_between(self, first: int, last: int) -> int:
        seqs = [seq for seq, _ in self.broadcast]
        return bisect.bisect_left(seqs, last) - bisect.bisect_right(seqs, first)


async def write(watch: Watch, chat: int, interval: float, until: asyncio.Event, samples: list[Sample]) -> None:
    """One person: /help, wait for the answer, pause `interval` to 1.5 × `interval`, again, until told to stop."""
    await asyncio.sleep(random.uniform(0, interval))
    while not until.is_set():
        watch.waiting[chat] = arrived = asyncio.Event()
        sent_at = time.perf_counter()
        answer = await watch.http.post(f"/sandbox/api/chats/{chat}/send", json={"text": "/help"})
        sample = Sample(chat, sent_at, int(answer.json()["seq"]))
        samples.append(sample)
        deadline = sent_at + REPLY_TIMEOUT
        while (found := watch.reply_after(chat, sample.seq)) is None and time.perf_counter() < deadline:
            arrived.clear()
            try:
                await asyncio.wait_for(arrived.wait(), max(0.0, deadline - time.perf_counter()))
            except TimeoutError:
                break
        if found is not None:
            sample.reply_seq, sample.reply_at = found
        await asyncio.sleep(interval * random.uniform(1.0, 1.5))  # never two answers within Telegram's 1 s a chat


async def writing(watch: Watch, interval: float, until: asyncio.Event) -> list[Sample]:
    samples: list[Sample] = []
    await asyncio.gather(*(write(watch, chat, interval, until, samples) for chat in watch.writers))
    return samples


# ------------------------------------------------------------------ figures


def percentiles(values: list[float]) -> str:
    if len(values) < 2:
        return f"n={len(values)}"
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return (f"p50 {cuts[49] * 1000:7.1f} ms  p95 {cuts[94] * 1000:7.1f} ms  p99 {cuts[98] * 1000:7.1f} ms  "
            f"max {max(values) * 1000:7.1f} ms  (n={len(values)})")


def report_replies(name: str, watch: Watch, samples: list[Sample]) -> None:
    answered = [s for s in samples if s.reply_at is not None]
    latencies = [s.reply_at - s.sent_at for s in answered if s.reply_at is not None]
    doubled = watch.doubled(samples)
    print(f"  replies {name:<10} {percentiles(latencies)}")
    print(f"  {'':18} missing {len(samples) - len(answered)}, doubled {doubled}")
    if name == "broadcast":
        ahead = [watch.broadcast_between(s.seq, s.reply_seq) for s in answered if s.reply_seq is not None]
        if ahead:
            print(f"  {'':18} broadcast messages sent between a /help and its reply: "
                  f"median {statistics.median(ahead):.0f}, max {max(ahead)}")


async def report_broadcast(watch: Watch, event_id: int, pressed_at: float, refusals: int) -> None:
    rows = await OutboxMessage.filter(broadcast=f"event:{event_id}:announce").values_list("chat_id", "status")
    statuses = Counter(str(status) for _, status in rows)
    unsure = {chat for chat, status in rows if status == OutboxStatus.unsure}
    waiting = {chat for chat, status in rows if status in UNSETTLED}  # not lost: the phase ended first
    lost = [chat for chat, _ in rows if watch.copies[chat] == 0 and chat not in unsure | waiting]
    doubled = [chat for chat, count in watch.copies.items() if count > 1]
    if watch.broadcast:
        first, last = watch.broadcast[0][1], watch.broadcast[-1][1]
        rate = len(watch.broadcast) / max(last - first, 1e-9)
        print(f"  broadcast          {len(watch.broadcast)} messages in {last - pressed_at:.1f} s from the press, "
              f"{rate:.1f} msgs/s from first to last")
    print(f"  {'':18} rows: {dict(sorted(statuses.items()))}; lost {len(lost)}, doubled {len(doubled)}, "
          f"unsure {len(unsure)}, still queued {len(waiting)}; 429s during the broadcast {refusals}")


# ------------------------------------------------------------------ set-up


async def seed(recipients: range, writers: range) -> int:
    """The organizer, the event's recipients (first chain), the writers (second chain); the event as a draft."""
    await seed_chains()
    first, second = await Chain.all().order_by("id").limit(2)
    organizer = await Person.create(tg_id=ORGANIZER, full_name="组织者", is_organizer=True)
    for people, chain in ((recipients, first), (writers, second)):
        await Enterprise.bulk_create([
            Enterprise(name=f"企业{tg}", uscc=f"B{tg:017d}", tier=Tier.specialized, chain_id=chain.id,
                       district=District.hongshan, contact_name="张三", phone="+8613800138000")
            for tg in people], batch_size=1000)
        ids = dict(await Enterprise.filter(chain_id=chain.id).values_list("uscc", "id"))
        await Person.bulk_create([Person(tg_id=tg, full_name=f"代表{tg}", enterprise_id=ids[f"B{tg:017d}"])
                                  for tg in people], batch_size=1000)
    start = (utcnow() + timedelta(days=3)).replace(second=0, microsecond=0)
    facts = EventFacts(title="早餐汇·压测专场", kind=SeriesKind.breakfast, chain_id=first.id, starts_at=start,
                       ends_at=start + timedelta(minutes=90), venue="光谷金融港", latitude=None, longitude=None,
                       seats_enterprise=50, seats_institution=5, deadline=start - timedelta(hours=12))
    return (await create_event(organizer, facts, status=EventStatus.draft)).id


async def add_people(http: httpx.AsyncClient, chats: list[int]) -> None:
    for start in range(0, len(chats), 200):
        await asyncio.gather(*(http.post("/sandbox/api/users", json={"id": chat, "first_name": f"u{chat}"})
                               for chat in chats[start:start + 200]))


@asynccontextmanager
async def process(*args: str, env: dict[str, str]) -> AsyncIterator[bytearray]:
    """`finmatch <args>` in its own process, its output collected; stopped with SIGTERM."""
    child = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot.cli", *args, cwd=PROJECT, env=env,
                                                 stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    output, reader = keep_reading(child)
    try:
        yield output
    finally:
        if child.returncode is None:
            child.send_signal(signal.SIGTERM)
            await asyncio.wait_for(child.wait(), 30)
        await reader


async def settled(event_id: int, expected: int) -> bool:
    rows = OutboxMessage.filter(broadcast=f"event:{event_id}:announce")
    return await rows.count() >= expected and not await rows.filter(status__in=UNSETTLED).exists()


async def refusals(http: httpx.AsyncClient) -> int:
    return int((await http.get("/sandbox/api/flood")).json()["refusals"])


async def press_open(http: httpx.AsyncClient, event_id: int) -> None:
    """The organizer says /start, then presses "open" (ev:open) on the bot's answer."""
    sent = await http.post(f"/sandbox/api/chats/{ORGANIZER}/send", json={"text": "/start"})
    seq = sent.json()["seq"]
    while True:
        events = (await http.get(f"/sandbox/api/chats/{ORGANIZER}/events",
                                 params={"after": seq, "timeout": 10})).json()["events"]
        answers = [e for e in events if e["type"] == "message"]
        if answers:
            break
        seq = max([seq, *(e["seq"] for e in events)])
    await asyncio.sleep(1.1)  # Telegram's one message a second in a chat: the press is answered in this chat too
    pressed = await http.post(f"/sandbox/api/chats/{ORGANIZER}/press",
                              json={"message_id": answers[0]["message"]["message_id"],
                                    "callback_data": f"ev:open:{event_id}"})
    pressed.raise_for_status()


# ------------------------------------------------------------------ one run


async def run(database_url: str, args: argparse.Namespace) -> None:
    recipients = range(FIRST_RECIPIENT, FIRST_RECIPIENT + args.recipients)
    writers = range(FIRST_WRITER, FIRST_WRITER + args.people)
    await migrate(database_url)
    async with database(database_url):
        event_id = await seed(recipients, writers)
        port = free_port()
        sandbox_url = f"http://127.0.0.1:{port}"
        async with process("sandbox", "--port", str(port), env=environment()) as sandbox_output, \
                httpx.AsyncClient(base_url=sandbox_url, timeout=90) as http:
            await wait_until_serving(str(http.base_url.join("/sandbox/api/users")), output=sandbox_output)
            await http.post("/sandbox/api/flood", json=FLOOD)
            await add_people(http, [ORGANIZER, *recipients, *writers])
            env = environment(DATABASE_URL=database_url, BOT_TOKEN=SANDBOX_TOKEN, TELEGRAM_API_BASE_URL=sandbox_url,
                              ORGANIZER_IDS=str(ORGANIZER), LOG_LEVEL="WARNING")
            async with process("run", env=env) as bot_output:
                await wait_until_serving(f"http://{env['HEALTH_LISTEN']}/health", output=bot_output)
                await measure(http, event_id, recipients, writers, args)


async def measure(http: httpx.AsyncClient, event_id: int, recipients: range, writers: range,
                  args: argparse.Namespace) -> None:
    watch = Watch(http, recipients, writers)
    watching = asyncio.create_task(watch.run())
    try:
        stop = asyncio.Event()
        asyncio.get_running_loop().call_later(args.baseline, stop.set)
        before = await refusals(http)
        baseline = await writing(watch, args.interval, stop)
        print(f"  429s during the baseline: {await refusals(http) - before}")
        report_replies("baseline", watch, baseline)

        before, stop = await refusals(http), asyncio.Event()
        pressed_at = time.perf_counter()
        await press_open(http, event_id)
        writers_task = asyncio.create_task(writing(watch, args.interval, stop))
        give_up = pressed_at + args.max_seconds
        while not await settled(event_id, len(recipients)) and time.perf_counter() < give_up:  # noqa: ASYNC110
            await asyncio.sleep(1.0)  # the database is another process's: nothing to wait on here
        stop.set()
        during = await writers_task
        report_replies("broadcast", watch, during)
        await report_broadcast(watch, event_id, pressed_at, await refusals(http) - before)
    finally:
        watching.cancel()


async def on_sqlite(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as folder:
        await run(f"sqlite://{Path(folder) / 'bench.sqlite3'}", args)


async def on_postgres(args: argparse.Namespace) -> None:
    name = f"finmatch_bench_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(PG_ADMIN_DSN, timeout=5)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    try:
        await run(PG_ADMIN_DSN.rsplit("/", 1)[0] + f"/{name}", args)
    finally:
        admin = await asyncpg.connect(PG_ADMIN_DSN, timeout=5)
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=10_000, help="people the event is announced to")
    parser.add_argument("--people", type=int, default=50, help="people writing to the bot meanwhile")
    parser.add_argument("--interval", type=float, default=3.0,
                        help="each writer waits this to 1.5 times this after a reply (1: more replies a second "
                             "than Telegram lets a bot send, broadcast or not)")
    parser.add_argument("--max-seconds", type=float, default=1800.0,
                        help="stop the broadcast phase after this long, settled or not")
    parser.add_argument("--baseline", type=float, default=20.0, help="seconds of writing without a broadcast")
    parser.add_argument("--backend", action="append", choices=["sqlite", "postgres"],
                        help="default: both")
    args = parser.parse_args()
    for backend in args.backend or ["sqlite", "postgres"]:
        print(f"{backend}: {args.recipients} recipients, {args.people} people writing about every "
              f"{args.interval:g} s after each reply, flood limits {FLOOD}", flush=True)
        started = time.perf_counter()
        asyncio.run(on_sqlite(args) if backend == "sqlite" else on_postgres(args))
        print(f"  ({time.perf_counter() - started:.0f} s in all)\n", flush=True)


if __name__ == "__main__":
    main()
