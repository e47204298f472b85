"""The one "now" of the project: real UTC time, which tests may move to any moment.

Everything that decides by the clock (sign-up deadlines, check-in windows, scheduled jobs, periods
of reports) asks `utcnow()` or `today(tz)`. `travel_to()` lets a test stand at any moment without
sleeping; time goes on from there at its normal pace. The scheduler runs on the wall clock, so a job
meant for the clock's moment `m` is handed to it as `to_wall(m)`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

_offset = timedelta(0)


def utcnow() -> datetime:
    return datetime.now(UTC) + _offset


def today(tz: ZoneInfo) -> date:
    return utcnow().astimezone(tz).date()


def to_wall(moment: datetime) -> datetime:
    """The real instant at which the clock will show `moment` (for the scheduler)."""
    return moment - _offset


def from_wall(moment: datetime) -> datetime:
    """What the clock shows at the real instant `moment`."""
    return moment + _offset


def travel_to(moment: datetime) -> None:
    global _offset
    _offset = moment - datetime.now(UTC)


def back_to_now() -> None:
    global _offset
    _offset = timedelta(0)
