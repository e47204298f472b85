"""models.db.concurrently: independent reads side by side on PostgreSQL, at most `width` at once, in turn on
SQLite and inside a transaction (whose one connection takes one statement at a time). SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from typing import Any

from tortoise.transactions import in_transaction

from models.db import concurrently
from models.tables.chains import Chain


class Gauge:
    """How many of the reads it wraps run at the same moment, at most."""

    def __init__(self) -> None:
        self.now = self.most = 0

    async def read(self) -> int:
        self.now += 1
        self.most = max(self.most, self.now)
        try:
            count = await Chain.all().count()
            await asyncio.sleep(0.02)  # stays "running" long enough for a neighbour to start
            return count
        finally:
            self.now -= 1


async def test_reads_give_their_results_in_order_at_most_width_at_once(database_url: str) -> None:
    gauge, chains = Gauge(), await Chain.all().count()
    results: list[Any] = await concurrently(*(gauge.read() for _ in range(6)), Chain.all().values_list("id", flat=True))
    assert results[:6] == [chains] * 6 and sorted(results[6]) == sorted(await Chain.all().values_list("id", flat=True))
    assert gauge.most == (1 if database_url.startswith("sqlite") else 2)


async def test_inside_a_transaction_the_reads_go_one_by_one(database_url: str) -> None:
    gauge = Gauge()
    async with in_transaction():
        await Chain.create(name="测试链", position=99)
        counts = await concurrently(*(gauge.read() for _ in range(4)))  # asyncpg refuses two statements at once
    assert gauge.most == 1
    assert counts == [await Chain.all().count()] * 4  # the transaction's own row was seen
