"""Report periods as organizers type them: 今天, 本周, 上月, 2026年11月, 2026-01-01~2026-06-30,
本季度 / this quarter, 今年, 6月 (the latest June begun), 上半年, 二季度 / Q2 (this year), 近30天, 今年以来 …
Every period is whole local days: `first` to `last`, both included;
`bounds(tz)` gives the UTC instants [start, end) the figures are summed over.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import cn2an

MAX_DAYS = 3660  # ten years: longer is a typo


class PeriodError(ValueError):
    """Not a period in an accepted form."""


class ReversedPeriod(PeriodError):
    """A range whose start comes after its end (2026-06-30~2026-06-01)."""

    def __init__(self, first: date, last: date) -> None:
        super().__init__(f"{first}~{last}")
        self.first, self.last = first, last


class PeriodTooLong(PeriodError):
    """A range longer than MAX_DAYS (ten years): a typo, most likely."""


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
    if last < first:
        raise ReversedPeriod(first, last)
    if (last - first).days > MAX_DAYS:
        raise PeriodTooLong(f"{first}~{last}")
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
        ("今年以来", "年初至今", "今年至今", "本年以来", "year to date", "ytd"):
            lambda: Span(date(today.year, 1, 1), today),
        ("本月以来", "月初至今", "month to date", "mtd"): lambda: Span(today.replace(day=1), today),
    }
    for words, make in table.items():
        if word in words:
            return make()
    return None


ZH_NUMBER = "[一二三四五六七八九十]{1,3}"
DAY = r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
SAME_YEAR_DAY = r"(?:(\d{4})\s*[-/.年]\s*)?(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"  # 2026年6月1日至6月30日
RANGE = re.compile(rf"^{DAY}\s*(?:~|～|-|—|–|至|到|to|\s)\s*{SAME_YEAR_DAY}$")
MONTH = re.compile(rf"^(\d{{4}})\s*[-/.年]\s*(\d{{1,2}}|{ZH_NUMBER})\s*(?:月份|月)?$")
MONTH_ONLY = re.compile(rf"^(\d{{1,2}}|{ZH_NUMBER})\s*(?:月份|月)$")  # 6月: the latest June that has begun
QUARTER = re.compile(r"^(?:(\d{4})\s*年?\s*)?(?:第?([1-4一二三四])季度|q([1-4]))$")
HALF = re.compile(r"^(今年|本年|去年|上年|\d{4}\s*年?)?\s*([上下])半年$")
YEAR = re.compile(r"^(\d{4})\s*年?$")
ONE_DAY = re.compile(rf"^{DAY}$")
LAST_DAYS = re.compile(rf"^(?:最近|近|过去|last)\s*(\d{{1,4}}|{ZH_NUMBER})\s*(天|日|周|个星期|星期|days?|weeks?)$")
UNTIL_TODAY = re.compile(rf"^{DAY}\s*(?:~|～|-|—|–|至|到|to)?\s*(?:今天|今日|今|现在|now|today)$")  # 2026年3月1日至今
QUARTER_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4}


def _month_number(text: str) -> int:
    return int(text) if text.isdigit() else int(cn2an.cn2an(text, "smart"))


def _half(year_word: str | None, half: str, today: date) -> Span:
    word = (year_word or "今年").replace(" ", "").rstrip("年") or "今"
    year = today.year - 1 if word in ("去", "上") else today.year if word in ("今", "本") else int(word)
    if not 1900 <= year <= 2999:
        raise PeriodError(f"{year_word}{half}")
    return Span(date(year, 1, 1), date(year, 6, 30)) if half == "上" else Span(date(year, 7, 1), date(year, 12, 31))


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
        groups = match.groups()
        return _checked(_day(*groups[:3]), _day(groups[3] or groups[0], *groups[4:]))
    if match := LAST_DAYS.match(text):  # 近30天, 最近一周: up to today, today included
        days = _month_number(match[1]) * (1 if match[2] in ("天", "日", "day", "days") else 7)
        if not days:
            raise PeriodError(text)
        return _checked(today - timedelta(days=days - 1), today)
    if match := UNTIL_TODAY.match(text):
        return _checked(_day(*match.groups()), today)
    if match := ONE_DAY.match(text):
        day = _day(*match.groups())
        return Span(day, day)
    if match := MONTH.match(text):
        return month_span(int(match[1]), _month_number(match[2]))
    if match := MONTH_ONLY.match(text):
        month = _month_number(match[1])
        return month_span(today.year if month <= today.month else today.year - 1, month)
    if match := QUARTER.match(text):
        quarter = match[2] or match[3]
        return quarter_span(int(match[1] or today.year), QUARTER_DIGITS.get(quarter) or int(quarter))
    if match := HALF.match(text):
        return _half(match[1], match[2], today)
    if match := YEAR.match(text):
        year = int(match[1])
        if not 1900 <= year <= 2999:
            raise PeriodError(text)
        return Span(date(year, 1, 1), date(year, 12, 31))
    raise PeriodError(text)
