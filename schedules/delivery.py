"""What Telegram's answers mean for delivery, shared by the replies (bot/) and the outbox sender.

- `FloodGate`: a 429's retry_after is obeyed everywhere in the process: it pauses the outbox, and
  that chat's replies, for the time it names. It also counts the messages that left in the last
  second, replies and outbox alike, so the outbox leaves room for the replies under Telegram's
  overall limit for bulk messages (about 30 a second); replies themselves never wait for it.
- `never_left(error)`: whether a failed request certainly did nothing (safe to send again), or
  whether Telegram may have performed it (a timeout after the request left, a cut connection).
- `already_done(error)`: a refusal of a request sent again that says the first try was performed.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import deque

import httpx
from telegram.error import BadRequest, NetworkError, RetryAfter

# Telegram's overall limit counts the messages of a second; one is counted here for a little longer,
# as it is noted when it leaves and Telegram counts it when it arrives (tens of ms later under load)
COUNTED_SECONDS = 1.05
# While replies came this recently, the outbox keeps room for more; otherwise it runs at its full pace.
REPLIES_FLOWING_SECONDS = 2.0
# httpx errors raised before the request reached Telegram: nothing can have been delivered.
BEFORE_SENDING = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


class FloodGate:
    def __init__(self) -> None:
        self._outbox_until = 0.0
        self._chat_until: dict[int, float] = {}
        self._sent: deque[float] = deque()  # when each message of the last COUNTED_SECONDS left
        self._replies: deque[float] = deque()  # when each reply of the last REPLIES_FLOWING_SECONDS left

    def note_sent(self, *, reply: bool = False) -> None:
        """A message leaves now (a reply or an outbox row): it counts against the overall limit."""
        now = time.monotonic()
        self._sent.append(now)
        if reply:
            self._replies.append(now)

    def replying(self) -> bool:
        """Whether replies are flowing (one left within REPLIES_FLOWING_SECONDS): then the outbox makes room."""
        return self.reply_rate() > 0

    def reply_rate(self) -> float:
        """Replies a second lately: the outbox leaves that much room besides its margin, as replies never wait."""
        horizon = time.monotonic() - REPLIES_FLOWING_SECONDS
        while self._replies and self._replies[0] <= horizon:
            self._replies.popleft()
        return len(self._replies) / REPLIES_FLOWING_SECONDS

    async def outbox_room(self, ceiling: float) -> None:
        """Return once the outbox may send under `ceiling`, less the room the replies are taking lately."""
        await self.room(max(1.0, ceiling - self.reply_rate()))

    def sent_last_second(self) -> int:
        horizon = time.monotonic() - COUNTED_SECONDS
        while self._sent and self._sent[0] <= horizon:
            self._sent.popleft()
        return len(self._sent)

    async def room(self, ceiling: float) -> None:
        """Return once fewer than `ceiling` messages left in the last second; the caller sends at once."""
        while (pause := self.room_wait(ceiling)) > 0:  # noqa: ASYNC110 - every send moves the deadline
            await asyncio.sleep(pause)

    def room_wait(self, ceiling: float) -> float:
        """How long until fewer than `ceiling` messages left in the last second (0: there is room now)."""
        count = self.sent_last_second()
        if count < ceiling:
            return 0.0
        oldest_to_expire = self._sent[count - math.ceil(ceiling)]
        return max(0.0, oldest_to_expire + COUNTED_SECONDS - time.monotonic())

    def hold(self, chat_id: int | None, seconds: float) -> None:
        until = time.monotonic() + seconds
        self._outbox_until = max(self._outbox_until, until)
        if chat_id is not None:
            self._chat_until[chat_id] = max(self._chat_until.get(chat_id, 0.0), until)

    def outbox_wait(self) -> float:
        return max(0.0, self._outbox_until - time.monotonic())

    async def outbox_open(self) -> None:
        """Return once no 429 holds the outbox (a new one may extend the wait meanwhile)."""
        while (pause := self.outbox_wait()) > 0:  # noqa: ASYNC110 - the deadline moves, an Event would not tell
            await asyncio.sleep(pause)

    async def chat_open(self, chat_id: int | None) -> None:
        """Return once no 429 holds replies to this chat."""
        while (pause := self.chat_wait(chat_id)) > 0:  # noqa: ASYNC110 - the deadline moves, an Event would not tell
            await asyncio.sleep(pause)

    def chat_wait(self, chat_id: int | None) -> float:
        if chat_id is None:
            return 0.0
        return max(0.0, self._chat_until.get(chat_id, 0.0) - time.monotonic())


def retry_after_seconds(error: RetryAfter) -> float:
    wait = error.retry_after
    return float(wait if isinstance(wait, int | float) else wait.total_seconds())


def transient(error: BaseException) -> bool:
    """Worth trying again later: a network failure or an error status (5xx), not a refusal."""
    return isinstance(error, NetworkError) and not isinstance(error, BadRequest)


def never_left(error: BaseException) -> bool:
    """A transient failure that certainly did nothing at Telegram (an error status came back, the
    connection was refused or never made, the request could not even start here), as opposed to
    one where the request left and its answer was lost on the way (a read timeout, a cut connection)."""
    if not transient(error):
        return False
    cause = error.__cause__
    return not isinstance(cause, httpx.HTTPError) or isinstance(cause, BEFORE_SENDING)


# Bot API refusals of a request sent a second time whose first try was performed after all.
ALREADY_DONE = ("message is not modified", "query is too old", "query id is invalid", "message to delete not found")


def already_done(error: BaseException) -> bool:
    """Whether a refusal says the request had been carried out before: the edit is there, the
    callback query answered, the message deleted. Only meaningful for a request sent again after a
    failure that may have been performed (not `never_left`)."""
    text = str(error).lower()
    return isinstance(error, BadRequest) and any(words in text for words in ALREADY_DONE)


def chat_of(data: dict[str, object]) -> int | None:
    """The chat a Bot API request is for, if any."""
    chat_id = data.get("chat_id")
    try:
        return int(chat_id) if chat_id is not None else None  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None  # a @channel username
