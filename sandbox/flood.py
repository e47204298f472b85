"""Telegram-like flood limits for the sandbox (off until set): overall per second, per private chat, per group."""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass, field


@dataclass
class FloodLimits:
    per_second: float | None = None
    per_chat_seconds: float | None = None
    group_per_minute: int | None = None
    retry_after: int = 1
    refusals: int = 0
    _all: deque[float] = field(default_factory=deque)
    _chat_last: dict[int, float] = field(default_factory=dict)
    _group: dict[int, deque[float]] = field(default_factory=dict)

    def admits(self, chat_id: int) -> bool:
        """Whether a send to `chat_id` now stays within the limits; an admitted send is counted."""
        now = time.monotonic()
        if self._overall_full(now) or self._chat_too_soon(chat_id, now) or self._group_full(chat_id, now):
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
