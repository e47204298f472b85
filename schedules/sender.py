"""The one sender: drains the outbox within Telegram's limits.

About 30 messages a second overall and one a second per private chat; a RetryAfter pauses
everything for as long as Telegram asks; network errors are retried with a growing delay;
a person who blocked the bot is marked and not tried again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from datetime import UTC, datetime, timedelta

from aiolimiter import AsyncLimiter
from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter

from models.enums import OutboxStatus
from models.outbox import OutboxMessage, due, mark, postpone
from models.people import Person

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5
IDLE_POLL_SECONDS = 1.0


def utcnow() -> datetime:
    return datetime.now(UTC)


class Sender:
    def __init__(self, bot: Bot, *, per_second: float = 30, per_chat_seconds: float = 1.0, batch: int = 200) -> None:
        self.bot = bot
        self.overall = AsyncLimiter(per_second, 1)
        self.per_chat_seconds = per_chat_seconds
        self.batch = batch
        self._last_sent: dict[int, float] = {}
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def wake(self) -> None:
        self._wake.set()

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="outbox-sender")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None

    async def _run(self) -> None:
        while True:
            try:
                sent = await self.drain()
            except Exception:  # a broken row or a lost database must not stop all delivery
                log.exception("outbox drain failed")
                sent = 0
            if not sent:
                self._wake.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), IDLE_POLL_SECONDS)

    async def drain(self) -> int:
        """Send every message that is due now; returns how many were handled."""
        handled = 0
        while rows := await due(utcnow(), self.batch):
            for row in rows:
                await self._send(row)
                handled += 1
        return handled

    async def _pace(self, chat_id: int) -> None:
        wait = self._last_sent.get(chat_id, 0.0) + self.per_chat_seconds - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)
        await self.overall.acquire()
        self._last_sent[chat_id] = time.monotonic()

    async def _send(self, row: OutboxMessage) -> None:
        if row.expires_at is not None and row.expires_at <= utcnow():
            await mark(row, OutboxStatus.dropped, error="expired")
            return
        await self._pace(row.chat_id)
        try:
            await self.bot.do_api_request(row.method, api_kwargs={"chat_id": row.chat_id, **row.payload})
        except RetryAfter as error:
            wait = error.retry_after
            delay = wait if isinstance(wait, int | float) else wait.total_seconds()
            log.warning("Telegram asked to wait %ss", delay)
            await postpone(row, utcnow() + timedelta(seconds=delay), str(error))
            await asyncio.sleep(delay)
        except Forbidden as error:
            await mark(row, OutboxStatus.blocked, error=str(error))
            await Person.filter(tg_id=row.chat_id).update(blocked_bot=True)
        except BadRequest as error:
            log.error("outbox message %s refused: %s", row.key, error)
            await mark(row, OutboxStatus.failed, error=str(error))
        except NetworkError as error:
            if row.attempts + 1 >= MAX_ATTEMPTS:
                await mark(row, OutboxStatus.failed, error=str(error))
            else:
                await postpone(row, utcnow() + timedelta(seconds=2 ** row.attempts), str(error))
        else:
            await mark(row, OutboxStatus.sent, at=utcnow())
