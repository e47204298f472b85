"""Telegram-like flood limits for the sandbox (off until set): overall per second, per private chat, per group.

The overall limit is the Bots FAQ's limit for bulk notifications: a message to a chat that wrote to the bot
within `answer_seconds` is an answer, and is not refused by it, though it counts towards it (so a broadcast
sent meanwhile meets it sooner). Telegram documents no overall limit for answers; the per-chat limits apply
to them as to any message.
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any


@dataclass
class FloodLimits:
    per_second: float | None = None
    per_chat_seconds: float | None = None
    group_per_minute: int | None = None
    retry_after: int = 1
    refusals: int = 0
    answer_seconds: float = 60.0
    _all: deque[float] = field(default_factory=deque)
    _chat_last: dict[int, float] = field(default_factory=dict)
    _group: dict[int, deque[float]] = field(default_factory=dict)
    _heard: dict[int, float] = field(default_factory=dict)

    def renewed(self, per_second: float | None, per_chat_seconds: float | None, group_per_minute: int | None,
                retry_after: int) -> FloodLimits:
        """New limits, counting afresh, that keep the refusals so far and who wrote when."""
        limits = FloodLimits(per_second, per_chat_seconds, group_per_minute, retry_after, self.refusals,
                             self.answer_seconds)
        limits._heard = self._heard
        return limits

    def heard_from(self, update: dict[str, Any]) -> None:
        """An update (a message, an edit, a button press) came now: what the bot sends its chat for a while
        is an answer."""
        chat = update.get("chat") or (update.get("message") or {}).get("chat")
        if isinstance(chat, dict) and "id" in chat:
            self._heard[int(chat["id"])] = time.monotonic()

    def answering(self, chat_id: int, now: float) -> bool:
        heard = self._heard.get(chat_id)
        return heard is not None and now - heard < self.answer_seconds

    def admits(self, chat_id: int) -> bool:
        """Whether a send to `chat_id` now stays within the limits; an admitted send is counted."""
        now = time.monotonic()
        bulk_refused = not self.answering(chat_id, now) and self._overall_full(now)
        if bulk_refused or self._chat_too_soon(chat_id, now) or self._group_full(chat_id, now):
            self.refusals += 1
            return False
        if self.group_per_minute is not None and chat_id < 0:
            self._group.setdefault(chat_id, deque()).append(now)
        self._all.append(now)
        self._chat_last[chat_id] = now
        return True

    def _overall_full(self, now: float) -> bool:
        if self.per_second is None:
            return False
        while self._all and self._all[0] <= now - 1.0:
            self._all.popleft()
        return len(self._all) >= self.per_second

    def _chat_too_soon(self, chat_id: int, now: float) -> bool:
        last = self._chat_last.get(chat_id)
        return self.per_chat_seconds is not None and chat_id > 0 and last is not None \
            and now - last < self.per_chat_seconds

    def _group_full(self, chat_id: int, now: float) -> bool:
        if self.group_per_minute is None or chat_id >= 0:
            return False
        sends = self._group.setdefault(chat_id, deque())
        while sends and sends[0] <= now - 60.0:
            sends.popleft()
        return len(sends) >= self.group_per_minute
