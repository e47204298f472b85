"""Dates and times as organizers type them, read in the configured zone and returned in UTC.

"2026-12-03 07:30", "2026/12/3 7:30", "2026年12月3日 7:30", "12月3日7:30", "12月3日 7点半",
"明天 7:30", "今天 22:00", "后天早上7点半", "下周二早上7:30", "周五 下午3点", and for an end time on
the start's day just "9:00" (earlier than the start: the next morning, for an event past midnight).

A month-day without a year is the next such date only when that is near (typing 1月5日 in December);
one that passed this year (3月1日 typed in June) is refused with a reason, never moved a year on.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

DAY_PART = r"(?:(?P<year>\d{4})\s*[-/.年]\s*)?(?P<month>\d{1,2})\s*[-/.月]\s*(?P<day>\d{1,2})\s*[日号]?"
RELATIVE = r"(?P<relative>今天|今日|明天|明日|后天)"
WEEKDAY = r"(?P<week>本|这|下|下个)?(?:周|星期|礼拜)(?P<weekday>[一二三四五六日天1-7])"
PERIOD = r"(?P<period>凌晨|早上|早晨|上午|中午|下午|傍晚|晚上)?"
CLOCK_PART = r"(?P<hour>\d{1,2})\s*(?:[:点时]\s*(?P<minute>\d{2}|半)?\s*分?)"
FULL = re.compile(rf"^(?:{DAY_PART}|{RELATIVE}|{WEEKDAY})\s*{PERIOD}\s*{CLOCK_PART}$", re.ASCII)
CLOCK = re.compile(rf"^{PERIOD}\s*{CLOCK_PART}$", re.ASCII)
DAY = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", re.ASCII)
RELATIVE_DAYS = {"今天": 0, "今日": 0, "明天": 1, "明日": 1, "后天": 2}
WEEKDAYS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "日": 7, "天": 7}
AFTERNOON = ("下午", "傍晚", "晚上")
NEXT_YEAR_WITHIN = timedelta(days=183)  # a month-day that passed: next year's only when it is this near
MAX_OVERNIGHT = timedelta(hours=12)


class WhenError(ValueError):
    """Not a date and time in an accepted form (reason "form"), not a real one ("date"), or a month-day
    that has passed this year ("past")."""

    def __init__(self, text: str, reason: str = "form", month: int = 0, day: int = 0) -> None:
        super().__init__(text)
        self.reason = reason
        self.month, self.day = month, day  # of a month-day that has passed


def _normalise(raw: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", raw).strip().split())


def _clock(hour: str, minute: str | None, period: str | None = None) -> time:
    value = 30 if minute == "半" else int(minute or 0)
    hours = int(hour)
    if (period in AFTERNOON and hours < 12) or (period == "中午" and hours < 11):
        hours += 12
    try:
        return time(hours, value)
    except ValueError as error:
        raise WhenError(str(error), "date") from error


def _weekday_date(week: str | None, weekday: str, today: date) -> date:
    wanted = int(weekday) if weekday.isascii() else WEEKDAYS[weekday]
    monday = today - timedelta(days=today.isoweekday() - 1)
    if week in ("下", "下个"):
        return monday + timedelta(days=7 + wanted - 1)
    day = monday + timedelta(days=wanted - 1)
    return day if week or day >= today else day + timedelta(days=7)  # 周二 alone: the next one


def _month_day(year: str | None, month: str, day: str, at: time, tz: ZoneInfo, local_now: datetime) -> datetime:
    try:
        candidate = datetime.combine(date(int(year or local_now.year), int(month), int(day)), at, tzinfo=tz)
        if year is None and candidate < local_now:
            candidate = candidate.replace(year=local_now.year + 1)
            if candidate - local_now > NEXT_YEAR_WITHIN:
                raise WhenError(f"{month}-{day}", "past", int(month), int(day))
    except ValueError as error:
        if isinstance(error, WhenError):
            raise
        raise WhenError(str(error), "date") from error
    return candidate


def parse_when(raw: str, tz: ZoneInfo, now: datetime) -> datetime:
    """A typed local date and time as an aware UTC datetime (see the module's note on years)."""
    match = FULL.match(_normalise(raw))
    if match is None:
        raise WhenError(raw)
    parts = match.groupdict()
    at = _clock(parts["hour"], parts["minute"], parts["period"])
    local_now = now.astimezone(tz)
    if parts["relative"]:
        day = local_now.date() + timedelta(days=RELATIVE_DAYS[parts["relative"]])
    elif parts["weekday"]:
        day = _weekday_date(parts["week"], parts["weekday"], local_now.date())
    else:
        return _month_day(parts["year"], parts["month"], parts["day"], at, tz, local_now).astimezone(UTC)
    return datetime.combine(day, at, tzinfo=tz).astimezone(UTC)


def parse_end(raw: str, start: datetime, tz: ZoneInfo) -> datetime:
    """An end time: a clock time on the start's local day (the next morning when earlier than the start
    and the event would last at most 12 hours), or a full date and time."""
    text = _normalise(raw)
    match = CLOCK.match(text)
    if match is None:
        return parse_when(text, tz, start)
    local_day = start.astimezone(tz).date()
    end = datetime.combine(local_day, _clock(match["hour"], match["minute"], match["period"]), tzinfo=tz)
    if end <= start and end + timedelta(days=1) - start <= MAX_OVERNIGHT:
        end += timedelta(days=1)
    return end.astimezone(UTC)


def parse_period(raw: str, today: date) -> tuple[date, date]:
    """'2026-12-31' (from today) or '2026-01-01 2026-12-31' / '2026年1月1日至2026年12月31日'."""
    found = [date(int(y), int(m), int(d)) for y, m, d in DAY.findall(unicodedata.normalize("NFKC", raw))]
    if len(found) == 1:
        found.insert(0, today)
    if len(found) != 2 or found[1] < found[0] or found[1] > today + timedelta(days=3660):
        raise ValueError(raw)
    return found[0], found[1]
