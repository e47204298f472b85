"""Injected faults: ways in which Telegram (or the network in front of it) misbehaves.

A :class:`Fault` is a rule the sandbox consults for every Bot API request, in the
order the rules were added; the first live rule that matches the request's method
and chat fires. Kinds:

* ``"500"``: answer HTTP 500 in Telegram's JSON shape, without performing the method.
* ``"502"``: answer HTTP 502 with a reverse proxy's HTML page, without performing.
* ``"429"``: answer Too Many Requests with ``retry_after`` = ``seconds`` (1 when 0), without
  performing, as Telegram does over its flood limits (counted in ``flood_refusals``).
* ``"hang"``: do not perform; hold the request open for ``seconds`` (``HANG_SECONDS``
  when 0) or until the client gives up, then close the connection without answering.
* ``"refuse"`` / ``"drop"``: close the connection without answering nor performing.
* ``"late"``: perform the method, then answer normally ``seconds`` later.
* ``"drop_after"``: perform the method, then close the connection without answering.

Nothing in here speaks HTTP: :mod:`sandbox.server` carries faults out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

FAULT_KINDS = ("500", "502", "429", "hang", "refuse", "drop", "late", "drop_after")
PERFORMING_KINDS = frozenset({"late", "drop_after"})
HANG_SECONDS = 60.0
POLL_METHOD = "getupdates"


@dataclass
class Fault:
    """One rule: which requests it hits, what it does, and how often it fired."""

    kind: str
    method: str | None = None
    chat_id: int | None = None
    times: int | None = 1
    seconds: float = 0.0
    hits: int = 0

    @classmethod
    def create(
        cls,
        kind: str,
        *,
        method: str | None = None,
        chat_id: int | str | None = None,
        times: int | None = 1,
        seconds: float = 0.0,
    ) -> Fault:
        """A validated fault; raises ``ValueError`` on a bad kind, count or delay."""
        kind = str(kind)
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; known: {', '.join(FAULT_KINDS)}")
        if times is not None and int(times) < 1:
            raise ValueError("times must be at least 1, or None for forever")
        if float(seconds) < 0:
            raise ValueError("seconds must not be negative")
        return cls(
            kind=kind,
            method=str(method) if method else None,
            chat_id=None if chat_id in (None, "") else int(chat_id),
            times=None if times is None else int(times),
            seconds=float(seconds),
        )

    @property
    def live(self) -> bool:
        """Whether the fault may still fire."""
        return self.times is None or self.hits < self.times

    @property
    def performs(self) -> bool:
        """Whether the request is carried out before the fault strikes."""
        return self.kind in PERFORMING_KINDS

    @property
    def hang_seconds(self) -> float:
        return self.seconds or HANG_SECONDS

    @property
    def retry_after(self) -> int:
        """The whole seconds a ``"429"`` fault asks to wait (Telegram names whole seconds)."""
        return max(1, round(self.seconds))

    def matches(self, method: str, chat_id: Any) -> bool:
        """Whether a request for ``method`` addressed to ``chat_id`` falls under this rule."""
        name = method.lower()
        if self.method is None:
            if name == POLL_METHOD:
                return False
        elif self.method.lower() != name:
            return False
        return self.chat_id is None or _same_chat(self.chat_id, chat_id)

    def view(self) -> dict[str, Any]:
        """A JSON-friendly description, for the driver API."""
        return {
            "kind": self.kind,
            "method": self.method,
            "chat_id": self.chat_id,
            "times": self.times,
            "seconds": self.seconds,
            "hits": self.hits,
        }


def _same_chat(wanted: int, chat_id: Any) -> bool:
    try:
        return int(chat_id) == wanted
    except (TypeError, ValueError):
        return False


class FaultRules:
    """The ordered rules of one sandbox."""

    def __init__(self) -> None:
        self.rules: list[Fault] = []

    def add(self, fault: Fault) -> Fault:
        self.rules.append(fault)
        return fault

    def clear(self) -> None:
        self.rules.clear()

    def take(self, method: str, chat_id: Any) -> Fault | None:
        """The first live rule matching the request, counted as fired; None when none does."""
        for fault in self.rules:
            if fault.live and fault.matches(method, chat_id):
                fault.hits += 1
                return fault
        return None
