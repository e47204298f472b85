"""The time operations and jobs take as "now": real UTC time, which tests may move forward.

Everything that decides by the clock (sign-up deadlines, check-in windows, scheduled jobs run by
hand) asks `utcnow()`; `travel_to()` lets a test stand at any moment without sleeping.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

_offset = timedelta(0)


def utcnow() -> datetime:
    return datetime.now(UTC) + _offset


def travel_to(moment: datetime) -> None:
    global _offset
    _offset = moment - datetime.now(UTC)


def back_to_now() -> None:
    global _offset
    _offset = timedelta(0)
