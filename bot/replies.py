"""Replies to people: sent at once, never paced as a broadcast, and retried within a bound.

PTB routes every Bot API request but getUpdates through the application's rate limiter; this one
paces nothing. Telegram's overall limit (about 30 messages a second) is its limit for bulk
notifications: an answer to someone who just wrote is not held to it, so a reply leaves at once,
however many others leave in the same second; it is counted (FloodGate), so that the outbox makes room
for the replies instead (schedules/sender.py). Only a 429 for that chat holds a reply back. It retries a
reply that met a 429 (after the time Telegram names, which also holds the outbox:
schedules/delivery.FloodGate), an error status (5xx) or a network failure, so a person is not left
without the next step of a form. The outbox sender's own requests (rate_limit_args {"outbox": True})
pass straight through: it keeps its own pace and policy, and leaves room for the replies, which the
guard counts in the FloodGate.

A reply is delivered at least once: a try whose connection was cut may have been performed, and is
sent again, so a person may see a prompt twice (Telegram offers no way to tell). When the second
try of an edit, a callback answer or a deletion is refused because the first one was performed
("message is not modified", "query is too old"), that is success: the handler goes on to the next
step instead of stopping there.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from telegram.error import BadRequest, NetworkError, RetryAfter
from telegram.ext import BaseRateLimiter
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt, stop_after_delay

from schedules.delivery import (
    FloodGate,
    already_done,
    chat_of,
    never_left,
    retry_after_seconds,
    transient,
)

ATTEMPTS = 4
BOUND_SECONDS = 30.0  # after this a reply is given up; the person gets the error message instead
FIRST_BACKOFF = 0.5
MESSAGE_SENDING = ("send", "copy", "forward")  # the Bot API methods that count against the flood limits

Callback = Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]]


class ReplyGuard(BaseRateLimiter[dict[str, Any]]):
    def __init__(self, gate: FloodGate, *, attempts: int = ATTEMPTS, bound: float = BOUND_SECONDS,
                 backoff: float = FIRST_BACKOFF) -> None:
        self.gate = gate
        self.attempts = attempts
        self.bound = bound
        self.backoff = backoff

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    def _retriable(self, error: BaseException) -> bool:
        if isinstance(error, RetryAfter):
            return retry_after_seconds(error) <= self.bound
        return transient(error)

    def _wait(self, state: RetryCallState) -> float:
        error = state.outcome.exception() if state.outcome is not None else None
        if isinstance(error, RetryAfter):
            return retry_after_seconds(error)
        return self.backoff * 2 ** (state.attempt_number - 1)

    async def process_request(self, callback: Callback, args: Any, kwargs: dict[str, Any], endpoint: str,
                              data: dict[str, Any], rate_limit_args: dict[str, Any] | None) -> Any:
        if rate_limit_args and rate_limit_args.get("outbox"):
            return await callback(*args, **kwargs)
        chat_id = chat_of(data)
        retrying = AsyncRetrying(retry=retry_if_exception(self._retriable), wait=self._wait, reraise=True,
                                 stop=stop_after_attempt(self.attempts) | stop_after_delay(self.bound))
        maybe_performed = False  # whether an earlier try may have been carried out by Telegram
        counted = endpoint.startswith(MESSAGE_SENDING)
        async for attempt in retrying:
            with attempt:
                try:
                    return await self._send(callback, args, kwargs, chat_id, counted)
                except BadRequest as error:
                    if maybe_performed and already_done(error):
                        return True  # what PTB returns for an edit or answer that has no message to show
                    raise
                except NetworkError as error:
                    maybe_performed = maybe_performed or not never_left(error)
                    raise
        raise AssertionError("unreachable: tenacity reraises the last error")

    async def _send(self, callback: Callback, args: Any, kwargs: dict[str, Any], chat_id: int | None,
                    counted: bool) -> Any:
        await self.gate.chat_open(chat_id)
        if counted:
            self.gate.note_sent(reply=True)  # not held to the overall limit, but the outbox leaves room for it
        try:
            return await callback(*args, **kwargs)
        except RetryAfter as error:
            self.gate.hold(chat_id, retry_after_seconds(error))
            raise
