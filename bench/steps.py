"""Database steps next to a bare echo bot, a burst of people writing at once, and the bot's peak memory.

Three processes: the sandbox Bot API (`finmatch sandbox`), the bot (`finmatch run`: the application
of bot/app.py with its shipped settings, ReplyGuard and PerChatOrder included; or bench/echo_bot.py,
the baseline) and this driver. The database is a generated city (bench/generate.py, --scale).

Steps, each `--people` distinct people sending one update: a registration answer (the company
name typed during /register: the draft is read and written), an event sign-up press (su:join), an
intent confirmation press by the bank's staff (i:c), /progress by organizers. For each round the
updates are queued first, then the bot process starts and drains them; the figures are measured
from the first reply to the last: replies a second (wall clock) and the bot process's CPU time per
update (user + system, /proc), whose inverse is the throughput the process could reach with no
limit on sending. Echo and finmatch rounds alternate, so both see the same machine.

The burst: `--burst` people each answer a registration question once, at random instants within
10 s, to the running bot with Telegram-like flood limits on the sandbox; reply latency p50/p95/p99
from the send to the reply seen. Peak RSS (VmHWM) of the bot process is read after the bursts.

    .venv/bin/python -m bench.steps [--rounds 3] [--people 300] [--scale 0.1] [--burst 500 --burst 250]
        [--backend sqlite --backend postgres] [--step register …]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta

import httpx
from tortoise import connections

from bench.generate import REPRESENTATIVE_TG, generate
from bench.harness import (
    BACKENDS,
    FLOOD,
    NO_FLOOD,
    Child,
    Watch,
    add_people,
    confirm_pending_updates,
    echo_bot,
    finmatch_bot,
    fresh_database,
    goal,
    median_spread,
    percentile,
    press_buttons,
    section,
    send_texts,
)
from models.clock import utcnow
from models.db import connection_name, database, migrate, normalise_url
from models.enums import EventStatus, FinancingKind, SeriesKind, StaffStatus
from models.tables.drafts import Draft
from models.tables.events import Event
from models.tables.intents import Intent
from models.tables.people import Person

STEPS = ("register", "signup", "confirm", "progress")
RATIO_GOAL = 0.67
BURST_P99_GOAL = 0.200
RSS_GOAL_MB = 150
REGISTER_TG, STAFF_TG, ORGANIZER_TG, BURST_TG = 30_000_000, 40_000_000, 50_000_000, 60_000_000
ROUND_TIMEOUT = 300.0


@dataclass
class Round:
    rate: float  # replies a second, first reply to last
    cpu_ms: float  # bot process CPU per update
    answered: int
    wanted: int

    @property
    def capacity(self) -> float:
        return 1000 / self.cpu_ms if self.cpu_ms > 0 else float("inf")


@dataclass
class Plan:
    """The chats of one step and how to queue one round's updates for them."""

    chats: list[int]
    queue: Callable[[int], Awaitable[None]]  # round number -> the updates are in the sandbox


# ------------------------------------------------------------------ the world of the steps


async def _register_people(count: int) -> list[int]:
    chats = [REGISTER_TG + n for n in range(count)]
    await Person.bulk_create([Person(tg_id=tg, full_name=f"新用户{tg}") for tg in chats], batch_size=1000)
    await Draft.bulk_create([Draft(tg_id=tg, form="register", step="name", data={}) for tg in chats],
                            batch_size=1000)
    return chats


async def _events(rounds: int, people: int) -> list[int]:
    start = (utcnow() + timedelta(days=20)).replace(second=0, microsecond=0)
    made = [Event(kind=SeriesKind.breakfast, title=f"早餐汇·压测{n}", starts_at=start + timedelta(days=n),
                  ends_at=start + timedelta(days=n, hours=2), deadline=start, seats_enterprise=people + 10,
                  status=EventStatus.open, checkin_code=f"bench{n}") for n in range(rounds)]
    await Event.bulk_create(made)
    return list(await Event.filter(checkin_code__startswith="bench").order_by("id").values_list("id", flat=True))


async def _staff_and_intents(people: int, rounds: int, institutions: list[int]) -> dict[int, list[int]]:
    """`people` staff across the institutions; for each, one proposed intent a round. Returns tg -> intent ids."""
    chats = [STAFF_TG + n for n in range(people)]
    await Person.bulk_create([Person(tg_id=tg, full_name=f"经理{tg}", staff_status=StaffStatus.verified,
                                     institution_id=institutions[n % len(institutions)])
                              for n, tg in enumerate(chats)], batch_size=1000)
    proposer = await Person.get(tg_id=REPRESENTATIVE_TG + 1)
    rows = [Intent(enterprise_id=1 + (n * 7 + r) % 20, institution_id=institutions[n % len(institutions)],
                   kind=FinancingKind.loan, amount=(n % 90 + 10) * 1_000_000, term_months=12,
                   proposed_by_id=proposer.id) for r in range(rounds) for n in range(people)]
    await Intent.bulk_create(rows, batch_size=1000)
    ids = list(await Intent.filter(proposed_by_id=proposer.id, term_months=12, version=0, status="proposed")
               .order_by("-id").limit(len(rows)).values_list("id", flat=True))[::-1]
    return {tg: [ids[r * people + n] for r in range(rounds)] for n, tg in enumerate(chats)}


async def _organizers(count: int) -> list[int]:
    chats = [ORGANIZER_TG + n for n in range(count)]
    await Person.bulk_create([Person(tg_id=tg, full_name=f"组织者{tg}", is_organizer=True) for tg in chats],
                             batch_size=1000)
    return chats


async def plans(http: httpx.AsyncClient, url: str, args: argparse.Namespace) -> dict[str, Plan]:
    """The generated city, the people of each step, one message per pressing chat (its buttons' message)."""
    city = await generate(url, args.scale)
    rounds, people = args.rounds * 2, args.people  # each round twice: echo and finmatch
    register = await _register_people(people * rounds)
    events = await _events(rounds, people)
    intents = await _staff_and_intents(people, rounds, city.institutions)
    organizers = await _organizers(people)
    representatives = [REPRESENTATIVE_TG + n for n in range(1, people + 1)]
    await connections.get(connection_name(normalise_url(url))).execute_query(
        "UPDATE person SET full_name = 'u' || CAST(tg_id AS VARCHAR(20))")  # the names the sandbox gives them
    await add_people(http, [*register, *intents, *organizers, *representatives])
    messages = await send_texts(http, {chat: "." for chat in [*representatives, *intents]})
    await confirm_pending_updates(http)

    async def register_round(r: int) -> None:
        await send_texts(http, {chat: f"武汉压测科技有限公司{chat}" for chat in register[r * people:(r + 1) * people]})

    async def signup_round(r: int) -> None:
        await press_buttons(http, {chat: (messages[chat], f"su:join:{events[r]}") for chat in representatives})

    async def confirm_round(r: int) -> None:
        await press_buttons(http, {chat: (messages[chat], f"i:c:{ids[r]}:0") for chat, ids in intents.items()})

    async def progress_round(r: int) -> None:
        await send_texts(http, {chat: "/progress" for chat in organizers})

    return {"register": Plan(register, register_round), "signup": Plan(representatives, signup_round),
            "confirm": Plan(list(intents), confirm_round), "progress": Plan(organizers, progress_round)}


# ------------------------------------------------------------------ one round


async def one_round(http: httpx.AsyncClient, url: str, plan: Plan, number: int, echo: bool, people: int) -> Round:
    chats = plan.chats[number * people:(number + 1) * people] if len(plan.chats) > people else plan.chats
    async with Watch(http) as watch:
        await plan.queue(number)
        bot = echo_bot(http) if echo else finmatch_bot(http, url)
        async with bot as process:
            await _drain(watch, process, chats)
            cpu_first, first = watch_cpu.pop(process.pid)
            cpu_last = process.cpu_seconds()
        times = [watch.messages[chat][0] for chat in chats if watch.messages.get(chat)]
        if os.environ.get("BENCH_VERBOSE") and chats:
            print(f"    ({'echo' if echo else 'finmatch'} answered {chats[0]}: {watch.texts[chats[0]][:1]!r:.150})")
    await confirm_pending_updates(http)  # whatever a failed round left
    span = max(times) - first if times else 0.0
    rate = (len(times) - 1) / span if span > 0 else 0.0
    cpu_ms = (cpu_last - cpu_first) * 1000 / max(1, len(times) - 1)
    return Round(rate, cpu_ms, len(times), len(chats))


watch_cpu: dict[int, tuple[float, float]] = {}


async def _drain(watch: Watch, process: Child, chats: list[int]) -> None:
    """Wait for the first reply (note the CPU used until then), then for every reply (or the timeout)."""
    if not await watch.until(lambda: watch.answered(chats) > 0, ROUND_TIMEOUT):
        raise RuntimeError(f"no reply at all:\n{process.tail()}")
    watch_cpu[process.pid] = (process.cpu_seconds(), min(watch.messages[c][0] for c in chats if watch.messages.get(c)))
    await watch.until(lambda: watch.answered(chats) >= len(chats), ROUND_TIMEOUT)


def _print_step(step: str, echo: list[Round], ours: list[Round]) -> list[str]:
    lines = []
    missing = sum(r.wanted - r.answered for r in ours)
    ratio = [o.rate / e.rate for e, o in zip(echo, ours, strict=True) if e.rate]
    capacity = [o.capacity / e.capacity for e, o in zip(echo, ours, strict=True)]
    for name, rounds in (("echo", echo), ("finmatch", ours)):
        print(f"  {step} {name}: {median_spread([r.rate for r in rounds], ' replies/s')}, "
              f"{median_spread([r.cpu_ms for r in rounds], ' ms CPU/update', 2)}", flush=True)
    print(f"  {step}: finmatch left {missing} unanswered", flush=True)
    lines.append(goal(f"{step}: replies/s vs echo (wall)", median_spread(ratio, "×", 2), f"≥ {RATIO_GOAL}×",
                      statistics.median(ratio) >= RATIO_GOAL if ratio else None))
    lines.append(goal(f"{step}: 1/CPU per update vs echo", median_spread(capacity, "×", 2), f"≥ {RATIO_GOAL}×",
                      statistics.median(capacity) >= RATIO_GOAL))
    return lines


# ------------------------------------------------------------------ the burst


async def burst(http: httpx.AsyncClient, process: Child, people: int, seconds: float, first_tg: int) -> list[float]:
    """`people` registration answers at random instants within `seconds`; each one's reply latency."""
    rng = random.Random(people)
    chats = [first_tg + n for n in range(people)]
    offsets = sorted(rng.uniform(0, seconds) for _ in chats)
    sent: dict[int, float] = {}
    async with Watch(http) as watch:
        started = time.perf_counter()

        async def one(chat: int, offset: float) -> None:
            await asyncio.sleep(max(0.0, started + offset - time.perf_counter()))
            sent[chat] = time.perf_counter()
            await http.post(f"/sandbox/api/chats/{chat}/send", json={"text": f"武汉突发科技有限公司{chat}"})

        await asyncio.gather(*(one(chat, offset) for chat, offset in zip(chats, offsets, strict=True)))
        await watch.until(lambda: watch.answered(chats) >= len(chats), 120)
        return [watch.messages[c][0] - sent[c] for c in chats if watch.messages.get(c)]


async def bursts(http: httpx.AsyncClient, url: str, sizes: list[int]) -> list[str]:
    lines: list[str] = []
    first = BURST_TG
    for offset, size in enumerate(sizes):
        await _register_people_at(BURST_TG + sum(sizes[:offset]), size)
    await add_people(http, range(BURST_TG, BURST_TG + sum(sizes)))
    await http.post("/sandbox/api/flood", json=FLOOD)
    try:
        async with finmatch_bot(http, url) as process:
            await send_texts(http, {BURST_TG - 1: "/help"})  # the bot is up once this is answered
            async with Watch(http) as watch:
                await watch.until(lambda: watch.answered([BURST_TG - 1]) > 0, 60)
            for size in sizes:
                before = int((await http.get("/sandbox/api/flood")).json()["refusals"])
                latencies = await burst(http, process, size, 10.0, first)
                refusals = int((await http.get("/sandbox/api/flood")).json()["refusals"]) - before
                first += size
                p50, p95, p99 = (percentile(latencies, p) * 1000 for p in (50, 95, 99))
                figure = f"p50 {p50:.0f} p95 {p95:.0f} p99 {p99:.0f} ms, {size - len(latencies)} lost, {refusals}×429"
                lines.append(goal(f"burst: {size} people within 10 s ({size / 10:.0f}/s)", figure,
                                  f"p99 ≤ {BURST_P99_GOAL * 1000:.0f} ms",
                                  bool(latencies) and percentile(latencies, 99) <= BURST_P99_GOAL))
            rss = process.peak_rss_mb()
            lines.append(goal("peak RSS of the bot through the bursts", f"{rss:.0f} MB", f"≤ {RSS_GOAL_MB} MB",
                              rss <= RSS_GOAL_MB))
    finally:
        await http.post("/sandbox/api/flood", json=NO_FLOOD)
    return lines


async def _register_people_at(first: int, count: int) -> None:
    chats = [first + n for n in range(count)]
    await Person.bulk_create([Person(tg_id=tg, full_name=f"u{tg}") for tg in chats], batch_size=1000)
    await Draft.bulk_create([Draft(tg_id=tg, form="register", step="name", data={}) for tg in chats], batch_size=1000)


# ------------------------------------------------------------------ one backend


async def on_backend(backend: str, args: argparse.Namespace) -> list[str]:
    from bench.harness import sandbox

    lines: list[str] = []
    async with fresh_database(backend) as url:
        await migrate(url)
        async with database(url), sandbox() as http:
            await add_people(http, [BURST_TG - 1])
            steps = await plans(http, url, args)
            for step in args.step or STEPS:
                echo_rounds, our_rounds = [], []
                for n in range(args.rounds):
                    echo_rounds.append(await one_round(http, url, steps[step], 2 * n, True, args.people))
                    our_rounds.append(await one_round(http, url, steps[step], 2 * n + 1, False, args.people))
                lines += _print_step(step, echo_rounds, our_rounds)
            if args.burst:
                lines += await bursts(http, url, args.burst)
    return lines


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--people", type=int, default=300, help="distinct people per round of a step")
    parser.add_argument("--scale", type=float, default=0.1, help="the generated city's size (1 = 10k enterprises)")
    parser.add_argument("--burst", type=int, action="append", help="people writing within 10 s (default 500, 250)")
    parser.add_argument("--no-burst", action="store_true")
    parser.add_argument("--step", action="append", choices=STEPS, help="default: all")
    parser.add_argument("--backend", action="append", choices=BACKENDS, help="default: both")
    return parser


async def run(args: argparse.Namespace) -> list[str]:
    args.burst = [] if args.no_burst else (args.burst or [500, 250])
    lines: list[str] = []
    for backend in args.backend or BACKENDS:
        section(f"database steps on {backend}: {args.people} people a round, {args.rounds} rounds, city × {args.scale}")
        lines += [f"{backend}: {line.strip()}" for line in await on_backend(backend, args)]
    return lines


if __name__ == "__main__":
    asyncio.run(run(parser().parse_args()))
