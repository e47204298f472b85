"""The service time of a proposal: staff should answer within N working days (Mon-Fri).

One rule for the nudge (schedules/intent_jobs.py) and the digest (models/reports/figures.py)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any


def add_working_days(start: datetime, days: int) -> datetime:
    """The moment `days` working days (Mon-Fri) after `start`, weekends skipped."""
    moment, left = start, days
    while left > 0:
        moment += timedelta(days=1)
        if moment.weekday() < 5:
            left -= 1
    return moment


def calendar_days_at_most(working_days: int) -> int:
    """No span of `working_days` working days takes more calendar days than this (a weekend per five, and
    one more at either end)."""
    return working_days + 2 * (working_days // 5 + 1) + 2


def overdue(created_at: datetime, now: datetime, service_days: int, tz: Any) -> bool:
    return add_working_days(created_at.astimezone(tz), service_days) <= now
