"""How long a digest's figures take for a city-sized programme (issue 9), by SQL aggregation.

Fills a database as bench.digest does (10k enterprises, 100k intents with their ledger, 1k events,
20k check-ins) and times `period_figures` for a month and for the whole programme, the whole digest
report (figures, upcoming events, overdue proposals, every target's progress) and the chart.

    .venv/bin/python -m bench.period_figures [--enterprises 10000] [--intents 100000] [--events 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.digest import TZ, _analyze, _drop, _fill, _postgres_url
from models.db import database, migrate
from models.figures import credit_curve, period_figures
from notices.charts import digest_chart
from notices.reports import build_report
from tests.harness import make_settings

NOW = datetime.now(UTC)


async def _best(label: str, work: Callable[[], Awaitable[Any]]) -> None:
    await work()  # warm the caches once
    runs = []
    for _ in range(3):
        started = time.perf_counter()
        await work()
        runs.append(time.perf_counter() - started)
    print(f"  {label}: best {min(runs) * 1000:.0f} ms, median {sorted(runs)[1] * 1000:.0f} ms", flush=True)


async def _time(url: str, sizes: tuple[int, int, int]) -> None:
    await migrate(url)
    async with database(url):
        await _fill(*sizes)
        await _analyze(url)
        settings = make_settings(url)
        month = (datetime(NOW.year, NOW.month, 1, tzinfo=UTC), NOW)
        ever = (datetime(2000, 1, 1, tzinfo=UTC), NOW)
        await _best("period_figures, this month", lambda: period_figures(*month, NOW))
        await _best("period_figures, since the start", lambda: period_figures(*ever, NOW))
        await _best("a month's digest report (figures, events, overdue, every target's progress)",
                    lambda: build_report("digest", *month, NOW, settings, "zh"))
        await _best("the overview report (since the start)",
                    lambda: build_report("overview", *ever, NOW, settings, "zh"))
        figures = await period_figures(*ever, NOW)

        async def chart() -> bytes:
            curve = await credit_curve(datetime(NOW.year, 1, 1, tzinfo=UTC), NOW, NOW, 2_000_000_000)
            return digest_chart(curve, figures.by_institution, figures.by_chain, "zh", TZ)

        await _best("chart (60 sums and the drawing)", chart)


async def main(sizes: tuple[int, int, int]) -> None:
    print(f"digest figures: {sizes[0]} enterprises, {sizes[1]} intents, {sizes[2]} events")
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
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--enterprises", type=int, default=10_000)
    parser.add_argument("--intents", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=1_000)
    args = parser.parse_args()
    asyncio.run(main((args.enterprises, args.intents, args.events)))
