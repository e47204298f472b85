"""models.db.concurrently: independent reads side by side on PostgreSQL, at most READ_WIDTH at once in the whole
process (two reports at once share them), in turn on SQLite and inside a transaction (whose one connection takes
one statement at a time); a failed read fails the call. SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from tortoise.transactions import in_transaction

from models.db import READ_WIDTH, concurrently
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
    assert gauge.most == (1 if database_url.startswith("sqlite") else READ_WIDTH)


async def test_two_reports_at_once_share_the_width(database_url: str) -> None:
    gauge = Gauge()
    await asyncio.gather(*(concurrently(*(gauge.read() for _ in range(4))) for _ in range(3)))
    # SQLite: each call in turn, the three calls side by side (its one connection takes their statements in turn)
    assert gauge.most == (3 if database_url.startswith("sqlite") else READ_WIDTH)


async def test_a_failed_read_fails_the_call_and_no_read_is_left_behind(database_url: str,
                                                                      recwarn: pytest.WarningsRecorder) -> None:
    gauge = Gauge()

    async def broken() -> None:
        raise LookupError("no such row")

    with pytest.raises(LookupError):
        await concurrently(gauge.read(), broken(), gauge.read(), gauge.read())
    assert gauge.now == 0  # every read that started has ended
    assert not [w for w in recwarn if "never awaited" in str(w.message)]


async def test_inside_a_transaction_the_reads_go_one_by_one(database_url: str) -> None:
    gauge = Gauge()
    async with in_transaction():
        await Chain.create(name="测试链", position=99)
        counts = await concurrently(*(gauge.read() for _ in range(4)))  # asyncpg refuses two statements at once
    assert gauge.most == 1
    assert counts == [await Chain.all().count()] * 4  # the transaction's own row was seen
