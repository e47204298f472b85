"""Dates and times as organizers type them, read in the configured zone and returned in UTC.

"2026-12-03 07:30", "2026/12/3 7:30", "2026年12月3日 7:30", "12月3日 7:30" (the next such date),
and for an end time on the start's day just "9:00".
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

FULL = re.compile(
    r"^(?:(\d{4})\s*[-/.年]\s*)?(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s+(\d{1,2})\s*[:点时]\s*(\d{2}|半)?分?$"
)
DAY = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
CLOCK = re.compile(r"^(\d{1,2})\s*[:点时]\s*(\d{2}|半)?分?$")


class WhenError(ValueError):
    """Not a date and time in an accepted form, or not a real date."""


def _normalise(raw: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", raw).strip().split())


def _clock(hour: str, minute: str | None) -> time:
    value = 30 if minute == "半" else int(minute or 0)
    try:
        return time(int(hour), value)
    except ValueError as error:
        raise WhenError(str(error)) from error


def parse_when(raw: str, tz: ZoneInfo, now: datetime) -> datetime:
    """A typed local date and time as an aware UTC datetime; without a year, the next such date."""
    match = FULL.match(_normalise(raw))
    if match is None:
        raise WhenError(raw)
    year, month, day, hour, minute = match.groups()
    at = _clock(hour, minute)
    local_now = now.astimezone(tz)
    try:
        candidate = datetime.combine(date(int(year or local_now.year), int(month), int(day)), at, tzinfo=tz)
        if year is None and candidate < local_now:
            candidate = candidate.replace(year=local_now.year + 1)
    except ValueError as error:
        raise WhenError(str(error)) from error
    return candidate.astimezone(UTC)


def parse_end(raw: str, start: datetime, tz: ZoneInfo) -> datetime:
    """An end time: a clock time on the start's local day, or a full date and time."""
    text = _normalise(raw)
    match = CLOCK.match(text)
    if match is not None:
        local_day = start.astimezone(tz).date()
        return datetime.combine(local_day, _clock(*match.groups()), tzinfo=tz).astimezone(UTC)
    return parse_when(text, tz, start)


def parse_period(raw: str, today: date) -> tuple[date, date]:
    """'2026-12-31' (from today) or '2026-01-01 2026-12-31' / '2026年1月1日至2026年12月31日'."""
    found = [date(int(y), int(m), int(d)) for y, m, d in DAY.findall(raw)]
    if len(found) == 1:
        found.insert(0, today)
    if len(found) != 2 or found[1] < found[0] or found[1] > today + timedelta(days=3660):
        raise ValueError(raw)
    return found[0], found[1]
