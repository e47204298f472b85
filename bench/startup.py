"""Start-up with 10,000 pending jobs: from launching `finmatch run` to its first reply.

The database holds open events in the coming weeks, each with its reminders (REMINDER_LEADS_HOURS,
24 h and 2 h) and its follow-up: 3,334 events are 10,002 jobs that the leader derives and schedules
before it polls. A /help is queued before the launch; the figure is the time from the launch to its
reply, median and spread of --rounds, next to the same start with no event at all.

    .venv/bin/python -m bench.startup [--jobs 10000] [--rounds 3] [--backend sqlite]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from datetime import timedelta

import httpx

from bench.harness import (
    BACKENDS,
    Watch,
    add_people,
    confirm_pending_updates,
    finmatch_bot,
    fresh_database,
    goal,
    median_spread,
    section,
    send_texts,
)
from models.clock import utcnow
from models.db import database, migrate
from models.enums import EventStatus, SeriesKind
from models.tables.chains import seed_chains
from models.tables.events import Event

GOAL_SECONDS = 2.0
JOBS_PER_EVENT = 3  # two reminders and the follow-up
PERSON = 7_000_000


async def _events(jobs: int) -> None:
    start = (utcnow() + timedelta(days=3)).replace(minute=0, second=0, microsecond=0)
    count = -(-jobs // JOBS_PER_EVENT)
    await Event.bulk_create([Event(kind=SeriesKind.breakfast, title=f"早餐汇·{n}",
                                   starts_at=start + timedelta(minutes=n),
                                   ends_at=start + timedelta(minutes=n + 90), deadline=start - timedelta(hours=12),
                                   status=EventStatus.open, checkin_code=f"s{n}") for n in range(count)],
                            batch_size=1000)


async def _launch(http: httpx.AsyncClient, url: str) -> float:
    """Seconds from the launch to the reply of a /help queued before it."""
    await send_texts(http, {PERSON: "/help"})
    async with Watch(http) as watch:
        started = time.perf_counter()
        async with finmatch_bot(http, url) as process:
            if not await watch.until(lambda: watch.answered([PERSON]) > 0, 120):
                raise RuntimeError(f"no reply:\n{process.tail()}")
            seconds = watch.messages[PERSON][0] - started
    await confirm_pending_updates(http)
    return seconds


async def on_backend(backend: str, args: argparse.Namespace) -> list[str]:
    from bench.harness import sandbox

    async with fresh_database(backend) as url:
        await migrate(url)
        async with database(url), sandbox() as http:
            await seed_chains()
            await add_people(http, [PERSON])
            empty = [await _launch(http, url) for _ in range(args.rounds)]
            await _events(args.jobs)
            loaded = [await _launch(http, url) for _ in range(args.rounds)]
    return [goal(f"{backend}: start-up, no jobs", median_spread(empty, " s", 2), "-", None),
            goal(f"{backend}: start-up with {args.jobs} pending jobs", median_spread(loaded, " s", 2),
                 f"≤ {GOAL_SECONDS:g} s", statistics.median(loaded) <= GOAL_SECONDS),
            goal(f"{backend}: of which the {args.jobs} jobs (median difference)",
                 f"{statistics.median(loaded) - statistics.median(empty):.2f} s", "-", None)]


async def run(args: argparse.Namespace) -> list[str]:
    lines: list[str] = []
    section(f"start-up: launch of `finmatch run` to its first reply, {args.rounds} rounds")
    for backend in args.backend or BACKENDS:
        lines += await on_backend(backend, args)
    return lines


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--backend", action="append", choices=BACKENDS, help="default: both")
    return parser


if __name__ == "__main__":
    asyncio.run(run(parser().parse_args()))
