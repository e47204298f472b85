"""Report periods as organizers type them: 今天, 本周, 上月, 2026年11月, 2026-01-01~2026-06-30,
本季度 / this quarter, 今年 … Every period is whole local days: `first` to `last`, both included;
`bounds(tz)` gives the UTC instants [start, end) the figures are summed over.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

MAX_DAYS = 3660  # ten years: longer is a typo


class PeriodError(ValueError):
    """Not a period in an accepted form."""


@dataclass(frozen=True)
class Span:
    first: date
    last: date  # included

    def bounds(self, tz: ZoneInfo) -> tuple[datetime, datetime]:
        start = datetime.combine(self.first, time.min, tz).astimezone(UTC)
        end = datetime.combine(self.last + timedelta(days=1), time.min, tz).astimezone(UTC)
        return start, end

    def compact(self) -> str:
        """`20260101-20260630`: short enough for callback data."""
        return f"{self.first:%Y%m%d}-{self.last:%Y%m%d}"

    @classmethod
    def from_compact(cls, text: str) -> Span:
        try:
            first, last = (datetime.strptime(part, "%Y%m%d").date() for part in text.split("-"))
        except ValueError as error:
            raise PeriodError(text) from error
        return _checked(first, last)


def _checked(first: date, last: date) -> Span:
    if last < first or (last - first).days > MAX_DAYS:
        raise PeriodError(f"{first}~{last}")
    return Span(first, last)


def month_span(year: int, month: int) -> Span:
    if not 1 <= month <= 12 or not 1900 <= year <= 2999:
        raise PeriodError(f"{year}-{month}")
    return Span(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))


def quarter_span(year: int, quarter: int) -> Span:
    first = month_span(year, 3 * quarter - 2).first
    return Span(first, month_span(year, 3 * quarter).last)


def _shift_month(day: date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def _relative(word: str, today: date) -> Span | None:
    monday = today - timedelta(days=today.weekday())
    quarter = (today.month - 1) // 3 + 1
    last_quarter = (today.year, quarter - 1) if quarter > 1 else (today.year - 1, 4)
    table = {
        ("今天", "今日", "today"): lambda: Span(today, today),
        ("昨天", "昨日", "yesterday"): lambda: Span(today - timedelta(days=1), today - timedelta(days=1)),
        ("本周", "这周", "this week", "week"): lambda: Span(monday, monday + timedelta(days=6)),
        ("上周", "last week"): lambda: Span(monday - timedelta(days=7), monday - timedelta(days=1)),
        ("本月", "这个月", "this month", "month"): lambda: month_span(today.year, today.month),
        ("上月", "上个月", "last month"): lambda: month_span(*_shift_month(today, -1)),
        ("本季度", "本季", "this quarter", "quarter"): lambda: quarter_span(today.year, quarter),
        ("上季度", "上季", "last quarter"): lambda: quarter_span(*last_quarter),
        ("今年", "本年", "this year", "year"): lambda: Span(date(today.year, 1, 1), date(today.year, 12, 31)),
        ("去年", "上年", "last year"): lambda: Span(date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)),
    }
    for words, make in table.items():
        if word in words:
            return make()
    return None


DAY = r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
RANGE = re.compile(rf"^{DAY}\s*(?:~|～|-|—|–|至|到|to|\s)\s*{DAY}$")
MONTH = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$")
QUARTER = re.compile(r"^(\d{4})\s*年?\s*(?:第?([1-4一二三四])季度|q([1-4]))$")
YEAR = re.compile(r"^(\d{4})\s*年?$")
ONE_DAY = re.compile(rf"^{DAY}$")
QUARTER_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4}


def _day(y: str, m: str, d: str) -> date:
    try:
        return date(int(y), int(m), int(d))
    except ValueError as error:
        raise PeriodError(f"{y}-{m}-{d}") from error


def parse_report_period(raw: str, today: date) -> Span:
    """A period as typed after /report, /paragraph; PeriodError when it is none of the accepted forms."""
    text = " ".join(unicodedata.normalize("NFKC", raw).strip().lower().split())
    relative = _relative(text, today)
    if relative is not None:
        return relative
    if match := RANGE.match(text):
        return _checked(_day(*match.groups()[:3]), _day(*match.groups()[3:]))
    if match := ONE_DAY.match(text):
        day = _day(*match.groups())
        return Span(day, day)
    if match := MONTH.match(text):
        return month_span(int(match[1]), int(match[2]))
    if match := QUARTER.match(text):
        quarter = match[2] or match[3]
        return quarter_span(int(match[1]), QUARTER_DIGITS.get(quarter) or int(quarter))
    if match := YEAR.match(text):
        year = int(match[1])
        if not 1900 <= year <= 2999:
            raise PeriodError(text)
        return Span(date(year, 1, 1), date(year, 12, 31))
    raise PeriodError(text)
