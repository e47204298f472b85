"""The one sender: drains the outbox within Telegram's limits. It is the only pace in the bot:
replies to people go out at once (bot/replies.py) and are never queued behind a broadcast.

- Pace: evenly spaced sends, SENDER_PER_SECOND overall (Telegram's bulk ceiling is about 30/s), one
  message per SENDER_PER_CHAT_SECONDS to one private chat, 20 a minute to a group; a chat that must
  wait does not hold up the others, and one chat's messages leave in the order they were queued.
- Room for replies: replies never wait for Telegram's overall (bulk) limit, but count towards it. The
  sender sends only while fewer than SENDER_PER_SECOND - REPLY_ROOM - the replies' recent rate
  messages (its own and the replies, FloodGate counts both) left in the last second, so a broadcast
  message does not meet a 429 for the replies' sake (which would pause the whole outbox); replies take
  their share from the broadcast, never the other way round.
  While no reply has left for REPLIES_FLOWING_SECONDS the outbox runs at its full pace (28.6 a
  second measured by bench.broadcast at the shipped 29.5).
- A 429 is obeyed everywhere (schedules/delivery.FloodGate): the outbox pauses for retry_after,
  and so do that chat's replies; the row goes back to the queue.
- A failure that certainly did nothing (an error status such as 500 or 502, a refused connection)
  is retried (tenacity, a few times with a growing delay), then the row is put back with a longer
  delay, and failed after MAX_ATTEMPTS.
- A failure after the request left (no answer within READ_TIMEOUT, a cut connection) may have been
  delivered: the row is marked ``unsure`` and not sent again (at most once; docs/reliability.md).
- Forbidden (the person blocked the bot): the row and the chat's other pending rows are marked
  blocked, and so is the Person.
- Crash safety: each row is claimed (status ``sending``) just before its Bot API call and marked
  after. A crash between the two leaves the row ``sending``: the next sender marks it ``unsure``
  instead of sending it again. Everything not yet claimed is sent by the next sender, so a broadcast
  resumes where it stopped. `stop()` lets calls in flight finish.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import warnings
from collections import deque
from datetime import timedelta

from aiolimiter import AsyncLimiter
from telegram import Bot
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.warnings import PTBUserWarning
from tenacity import AsyncRetrying, retry_if_exception, stop_after_attempt, wait_exponential

from models.clock import utcnow
from models.enums import OutboxStatus
from models.operations.digest_ops import move_chat
from models.tables.outbox import (
    OutboxMessage,
    block_chat,
    claim,
    due,
    mark,
    postpone,
    postponed_chats,
    readdress,
    release_interrupted,
)
from models.tables.people import Person
from notices.payloads import to_api_kwargs
from schedules.delivery import FloodGate, never_left, retry_after_seconds, transient

# The outbox replays stored Bot API calls (method and payload) through do_api_request on purpose; PTB warns
# that sendMessage has its own method, which would fill the log.
warnings.filterwarnings("ignore", message=r"Please use 'Bot\.", category=PTBUserWarning)

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5
READ_TIMEOUT = 20.0  # Telegram can be slow to answer; a shorter wait makes more sends unsure
IDLE_POLL_SECONDS = 1.0
GROUP_WINDOW_SECONDS = 60.0
STOP_GRACE_SECONDS = 15.0
REPLY_ROOM = 2.0  # messages a second kept free under the overall limit for replies that come unannounced


class Sender:
    def __init__(self, bot: Bot, *, gate: FloodGate | None = None, per_second: float = 29.5,
                 per_chat_seconds: float = 1.05, per_group_minute: int = 20, batch: int = 200,
                 concurrency: int = 32, retry_wait: float = 0.5, read_timeout: float = READ_TIMEOUT,
                 reply_room: float = REPLY_ROOM) -> None:
        self.bot = bot
        self.gate = gate or FloodGate()
        self.ceiling = max(1.0, per_second - reply_room)  # messages in the last second, replies included
        self.read_timeout = read_timeout
        # the application's bot takes the sender's calls past its reply guard, which retries on its own
        self._outbox_args = {"rate_limit_args": {"outbox": True}} if getattr(bot, "rate_limiter", None) else {}
        self.overall = AsyncLimiter(1, 1 / per_second)  # capacity one: evenly spaced, no bursts
        self.per_chat_seconds = per_chat_seconds
        self.per_group_minute = per_group_minute
        self.batch = batch
        self.retry_wait = retry_wait
        self._slots = asyncio.Semaphore(concurrency)
        self._chat_free_at: dict[int, float] = {}
        self._group_sends: dict[int, deque[float]] = {}
        self._busy: set[int] = set()
        self._inflight: set[asyncio.Task[None]] = set()
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self.sent = 0
        self.retry_afters = 0
        self.unsure = 0

    def wake(self) -> None:
        self._wake.set()

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="outbox-sender")

    async def stop(self) -> None:
        """Stop taking rows; let the calls in flight finish and be recorded."""
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None
        if self._inflight:
            await asyncio.wait(self._inflight, timeout=STOP_GRACE_SECONDS)

    async def _run(self) -> None:
        interrupted = await release_interrupted()
        if interrupted:
            log.warning("%s outbox rows were being sent when the last sender stopped: unsure, not resent",
                        interrupted)
        while True:
            try:
                handled = await self.drain()
            except Exception:  # a broken row or a lost database must not stop all delivery
                log.exception("outbox drain failed")
                handled = 0
            if not handled:
                await self._nap(IDLE_POLL_SECONDS)

    async def _nap(self, seconds: float) -> None:
        """Wait `seconds`, or less when woken; a wake that came while busy ends the next nap at once."""
        if not self._wake.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), seconds)
        self._wake.clear()

    async def drain(self) -> int:
        """Start the delivery of every row due now, within the limits; returns how many started."""
        started = 0
        while rows := await due(utcnow(), self.batch):
            waits: list[float] = []
            progressed = False
            held = await postponed_chats(utcnow())  # a postponed row keeps its chat's later rows behind it
            for row in rows:
                wait = self._chat_wait(row.chat_id)
                if row.chat_id in held or row.chat_id in self._busy or wait > 0:
                    held.add(row.chat_id)  # later rows of this chat keep their order behind it
                    waits.append(wait)
                    continue
                await self._dispatch(row)
                started += 1
                progressed = True
            if not progressed:  # every due row waits for its chat: until the first is free, or a new row
                await self._nap(min(max(min(waits, default=0.0), 0.005), IDLE_POLL_SECONDS))
        return started

    def _chat_wait(self, chat_id: int) -> float:
        now = time.monotonic()
        wait = max(self._chat_free_at.get(chat_id, 0.0) - now, self.gate.chat_wait(chat_id))
        if chat_id < 0:
            sends = self._group_sends.setdefault(chat_id, deque())
            while sends and sends[0] <= now - GROUP_WINDOW_SECONDS:
                sends.popleft()
            if len(sends) >= self.per_group_minute:
                wait = max(wait, sends[0] + GROUP_WINDOW_SECONDS - now)
        return wait

    async def _dispatch(self, row: OutboxMessage) -> None:
        await self.gate.outbox_open()
        await self.overall.acquire()
        await self._slots.acquire()
        if self.gate.replying():  # leaves room for the replies; claimed only after, as ever
            await self.gate.outbox_room(self.ceiling)
        self._leaving(row)  # no await since the room was found: nobody takes it meanwhile
        self._busy.add(row.chat_id)
        task = asyncio.create_task(self._deliver(row), name=f"outbox-{row.id}")
        self._inflight.add(task)
        task.add_done_callback(self._inflight.discard)

    async def _deliver(self, row: OutboxMessage) -> None:
        try:
            if row.expires_at is not None and row.expires_at <= utcnow():
                await mark(row, OutboxStatus.dropped, error="expired")
                return
            if not await claim(row, utcnow()):
                return  # another sender took it
            await self._send(row)
        except Exception:
            log.exception("outbox row %s could not be recorded", row.id)
        finally:
            self._busy.discard(row.chat_id)
            self._slots.release()

    async def _call(self, row: OutboxMessage) -> None:
        async for attempt in AsyncRetrying(
            retry=retry_if_exception(never_left), stop=stop_after_attempt(3),
            wait=wait_exponential(multiplier=self.retry_wait, max=8), reraise=True,
        ):
            with attempt:
                if attempt.retry_state.attempt_number > 1 and self.gate.replying():  # _dispatch found the first's
                    await self.gate.outbox_room(self.ceiling)
                    self._leaving(row)
                await self.bot.do_api_request(row.method, api_kwargs=to_api_kwargs(row.chat_id, row.payload),
                                              read_timeout=self.read_timeout, **self._outbox_args)

    def _leaving(self, row: OutboxMessage) -> None:
        """The request leaves now (a row claimed next, or a retry): it counts against the overall
        limit, and the chat's next message waits from this moment."""
        self.gate.note_sent()
        now = time.monotonic()
        self._chat_free_at[row.chat_id] = max(self._chat_free_at.get(row.chat_id, 0.0), now + self.per_chat_seconds)
        if row.chat_id < 0:
            self._group_sends.setdefault(row.chat_id, deque()).append(now)

    async def _postpone(self, row: OutboxMessage, delay: float, error: str) -> None:
        """Back in the queue; the chat's later rows wait behind it (kept in memory before the chat is freed)."""
        self._chat_free_at[row.chat_id] = max(self._chat_free_at.get(row.chat_id, 0.0), time.monotonic() + delay)
        await postpone(row, utcnow() + timedelta(seconds=delay), error)

    async def _send(self, row: OutboxMessage) -> None:
        try:
            await self._call(row)
        except RetryAfter as error:
            delay = retry_after_seconds(error)
            self.retry_afters += 1
            self.gate.hold(row.chat_id, delay)
            log.warning("Telegram asked to wait %ss", delay)
            await self._postpone(row, delay, str(error))
        except ChatMigrated as error:
            log.info("chat %s became %s: its messages and digests follow it", row.chat_id, error.new_chat_id)
            await readdress(row.chat_id, error.new_chat_id)
            await move_chat(row.chat_id, error.new_chat_id)
            row.chat_id = error.new_chat_id
            await self._postpone(row, 0.0, str(error))
        except Forbidden as error:
            await mark(row, OutboxStatus.blocked, error=str(error))
            await block_chat(row.chat_id, str(error))
            await Person.filter(tg_id=row.chat_id).update(blocked_bot=True)
        except BadRequest as error:
            log.error("outbox message %s refused: %s", row.key, error)
            await mark(row, OutboxStatus.failed, error=str(error))
        except (NetworkError, TelegramError) as error:
            if transient(error) and not never_left(error):
                self.unsure += 1
                log.warning("outbox message %s may or may not have arrived (%r): not resent", row.key, error)
                await mark(row, OutboxStatus.unsure, error=f"no answer: {error!r}")
            elif row.attempts + 1 >= MAX_ATTEMPTS:
                await mark(row, OutboxStatus.failed, error=str(error))
            else:
                await self._postpone(row, 2.0 ** (row.attempts + 2), str(error))
        else:
            await mark(row, OutboxStatus.sent, at=utcnow())
            self.sent += 1
