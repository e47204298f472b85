"""The organizer's figures at 0.1 ×, 1 × and 10 × the city (bench/generate.py), on SQLite and PostgreSQL.

Each figure is timed in this process against the generated database: the first (cold) run, then
`--rounds` more, printed as median and spread beside the goal (≤ 150 ms at 1 × and below, ≤ 300 ms
at 10 ×). The targets have different periods (the year, a quarter, a month, a past half-year) and
scopes. PostgreSQL gets ANALYZE after the bulk load, as autovacuum would do within a minute;
SQLite gets nothing (it never gathers statistics by itself).

Adding a figure is one line in FIGURES (now /progress, a month's digest, the /report overview since the
start and a month's paragraph). The Excel export of the 1 × city and the import of a 10,000-row roster are
one line each in EXCEL.

    .venv/bin/python -m bench.figures [--scale 0.1 --scale 1 --scale 10] [--rounds 5] [--backend sqlite]
    .venv/bin/python -m bench.figures --url sqlite:///tmp/city.sqlite3 --rounds 8   # one made by bench.generate
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from tortoise import connections

from bench.generate import City, generate
from bench.harness import BACKENDS, fresh_database, goal, median_spread, section
from models.clock import utcnow
from models.db import connection_name, database, migrate, normalise_url
from models.reports.figures import period_figures, programme_start
from models.reports.targets import progress_report
from models.settings import Settings
from models.tables.people import Person
from models.workbook.export import export_workbook
from models.workbook.importer import import_workbook
from notices.paragraph import paragraph
from notices.reports import build_report, render_report
from tests.excel_flows import roster

TZ = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class Figure:
    name: str
    build: Callable[[City, Person], Awaitable[object]]  # the whole answer, as the bot would render it


SETTINGS = Settings(bot_token="", database_url="sqlite://:memory:")  # the shipped defaults (time zone, service days)


def _month() -> tuple[datetime, datetime]:
    now = utcnow()
    return now.astimezone(TZ).replace(day=1, hour=0, minute=0, second=0, microsecond=0).astimezone(UTC), now


async def _progress(city: City, organizer: Person) -> object:
    return await progress_report(organizer, TZ, "zh")


async def _digest(city: City, organizer: Person) -> object:
    start, now = _month()
    return render_report(await build_report("digest", start, now, now, SETTINGS, "zh"), "zh", TZ)


async def _overview(city: City, organizer: Person) -> object:
    now = utcnow()
    start = await programme_start() or now
    return render_report(await build_report("overview", min(start, now), now, now, SETTINGS, "zh"), "zh", TZ)


async def _paragraph(city: City, organizer: Person) -> object:
    start, now = _month()
    return paragraph(await period_figures(start, now, now, "zh"), "zh")


FIGURES: list[Figure] = [
    Figure("/progress", _progress),
    Figure("digest (this month)", _digest),
    Figure("/report overview (since the start)", _overview),
    Figure("/paragraph (this month)", _paragraph),
]


@dataclass(frozen=True)
class ExcelStep:
    name: str
    run: Callable[[City, Person], Awaitable[object]]
    goal_seconds: float


EXCEL: list[ExcelStep] = [
    ExcelStep("export of the city", lambda city, organizer: export_workbook(organizer, TZ), 5.0),
    ExcelStep("import of a 10,000-row roster",
              lambda city, organizer: import_workbook(organizer, roster(10_000)), 10.0),
]


def goal_ms(scale: float) -> float:
    return 150.0 if scale <= 1 else 300.0


async def _analyze(url: str) -> None:
    if not url.startswith("sqlite"):
        await connections.get(connection_name(normalise_url(url))).execute_script("ANALYZE")


async def _time(build: Callable[[], Awaitable[object]]) -> float:
    started = time.perf_counter()
    await build()
    return time.perf_counter() - started


async def at_scale(backend: str, scale: float, rounds: int) -> list[str]:
    lines = []
    async with fresh_database(backend) as url:
        await migrate(url)
        async with database(url):
            city = await generate(url, scale)
            await _analyze(url)
            print(f"  {backend} × {scale:g}: {city.rows} rows generated in {city.seconds:.1f} s", flush=True)
            organizer = await Person.get(tg_id=city.organizers[0])
            for figure in FIGURES:
                cold = await _time(lambda f=figure: f.build(city, organizer))
                runs = [await _time(lambda f=figure: f.build(city, organizer)) * 1000 for _ in range(rounds)]
                limit = goal_ms(scale)
                lines.append(goal(f"{backend} {figure.name} at {scale:g}× (cold {cold * 1000:.0f} ms)",
                                  median_spread(runs, " ms"), f"≤ {limit:.0f} ms", statistics.median(runs) <= limit))
            if scale == 1:
                for step in EXCEL:
                    seconds = await _time(lambda s=step: s.run(city, organizer))
                    lines.append(goal(f"{backend} Excel {step.name}", f"{seconds:.1f} s", f"≤ {step.goal_seconds:g} s",
                                      seconds <= step.goal_seconds))
                if not EXCEL:
                    lines.append(goal(f"{backend} Excel export / import", "not built yet (bench.figures.EXCEL)",
                                      "≤ 5 s / ≤ 10 s", None))
    return lines


async def on_existing(url: str, rounds: int) -> list[str]:
    """The figures against a database generated before (`python -m bench.generate --url …`): two commits
    compared on the same data in the same minutes, which a busy machine's absolute figures cannot be."""
    lines = []
    async with database(url):
        organizer = await Person.filter(is_organizer=True).order_by("tg_id").first()
        for figure in FIGURES:
            runs, cpu = [], []
            for _ in range(rounds):
                started = time.process_time()
                runs.append(await _time(lambda f=figure: f.build(None, organizer)) * 1000)  # type: ignore[arg-type]
                cpu.append((time.process_time() - started) * 1000)
            lines.append(goal(f"{figure.name} (this process's CPU {statistics.median(cpu):.0f} ms)",
                              median_spread(runs, " ms"), "≤ 150 ms at 1 ×", None))
    return lines


async def run(args: argparse.Namespace) -> list[str]:
    if args.url:
        section(f"figures on {args.url}: {len(FIGURES)} figure(s), {args.rounds} rounds")
        return await on_existing(args.url, args.rounds)
    lines: list[str] = []
    for backend in args.backend or BACKENDS:
        section(f"figures on {backend}: {len(FIGURES)} figure(s), {args.rounds} rounds after a cold run")
        for scale in args.scale or [0.1, 1.0, 10.0]:
            lines += await at_scale(backend, scale, args.rounds)
    return lines


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, action="append", help="default: 0.1, 1 and 10")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--backend", action="append", choices=BACKENDS, help="default: both")
    parser.add_argument("--url", help="time the figures on this generated database (no generation, no Excel)")
    return parser


if __name__ == "__main__":
    asyncio.run(run(parser().parse_args()))
