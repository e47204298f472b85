"""Dates and times as organizers type them, read in the configured zone and returned in UTC.

"2026-12-03 07:30", "2026/12/3 7:30", "2026年12月3日 7:30", "12月3日7:30", "12月3日 7点半",
"明天 7:30", "今天 22:00", "后天早上7点半", "下周二早上7:30", "周五 下午3点", with Chinese numerals too
("明早七点半", "十二月三日 七点"), and for an end time on the start's day just "9:00" (earlier than the
start: the next morning, for an event past midnight); in English too (see `models.parsers.when_en`). A time today
that has passed is returned as it is (the form says it has passed), not read as a month-day of next year.

A month-day without a year is the next such date only when that is near (typing 1月5日 in December);
one that passed this year (3月1日 typed in June) is refused with a reason, never moved a year on.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import cn2an

from models.parsers.when_en import english_words

DAY_PART = r"(?:(?P<year>\d{4})\s*[-/.年]\s*)?(?P<month>\d{1,2})\s*[-/.月]\s*(?P<day>\d{1,2})\s*[日号]?"
RELATIVE = r"(?P<relative>今天|今日|明天|明日|大后天|后天|大前天|前天|昨天|昨日)"
WEEKDAY = r"(?P<week>本|这|下|下个)?(?:周|星期|礼拜)(?P<weekday>[一二三四五六日天1-7])"
PERIOD = r"(?P<period>凌晨|早上|早晨|上午|中午|下午|傍晚|晚上|早|晚)?"
CLOCK_PART = r"(?P<hour>\d{1,2})\s*(?:[:点时]\s*(?P<minute>\d{1,2}|半)?\s*分?)"
FULL = re.compile(rf"^(?:{DAY_PART}|{RELATIVE}|{WEEKDAY})\s*{PERIOD}\s*{CLOCK_PART}$", re.ASCII)
CLOCK = re.compile(rf"^{PERIOD}\s*{CLOCK_PART}$", re.ASCII)
DAY = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", re.ASCII)
# the days before today too: "昨天 7:30" is then refused as past, in words, rather than not understood
RELATIVE_DAYS = {"今天": 0, "今日": 0, "明天": 1, "明日": 1, "后天": 2, "大后天": 3, "昨天": -1, "昨日": -1,
                 "前天": -2, "大前天": -3}
SHORT_DAYS = {"明早": "明天早上", "明晚": "明天晚上", "今早": "今天早上", "今晚": "今天晚上"}
CHINESE_NUMERAL = re.compile(r"[零〇一二两三四五六七八九十]+")
TRAILING_WORDS = ("开始", "整")
TIME_RANGE = re.compile(r"^(?P<start>.+?)\s*(?:到|至|~|～|—|–)\s*(?P<end>.+)$")
WEEKDAYS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "日": 7, "天": 7}
AFTERNOON = ("下午", "傍晚", "晚上", "晚")
NEXT_YEAR_WITHIN = timedelta(days=183)  # a month-day that passed: next year's only when it is this near
MAX_OVERNIGHT = timedelta(hours=12)


class WhenError(ValueError):
    """Not a date and time in an accepted form (reason "form"), not a real one ("date"), or a month-day
    that has passed this year ("past")."""

    def __init__(self, text: str, reason: str = "form", month: int = 0, day: int = 0) -> None:
        super().__init__(text)
        self.reason = reason
        self.month, self.day = month, day  # of a month-day that has passed


def _digits(match: re.Match[str]) -> str:
    try:
        return str(int(cn2an.cn2an(match[0], "smart")))
    except (ValueError, KeyError, IndexError, TypeError):
        return match[0]  # not a numeral cn2an reads: the pattern then refuses the text


def _normalise(raw: str) -> str:
    """NFKC, single spaces, Chinese numerals as digits (七点半 -> 7点半, 周二 -> 周2), 明早 -> 明天早上."""
    text = english_words(" ".join(unicodedata.normalize("NFKC", raw).strip().split()))
    for short, long in SHORT_DAYS.items():
        text = text.replace(short, long)
    for word in TRAILING_WORDS:
        text = text.removesuffix(word).strip()
    return CHINESE_NUMERAL.sub(_digits, text)


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
        if year is None and candidate < local_now and candidate.date() != local_now.date():
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


def range_start(raw: str) -> str | None:
    """The start of a typed span ("明天早上7点半到9点" -> "明天早上7点半"); None when it is no span."""
    match = TIME_RANGE.match(_normalise(raw))
    return match["start"] if match else None


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


YEAR_END = re.compile(r"(?:(?P<which>今年|明年)年?|(?P<year>\d{4})\s*年|年)(?:底|末)")
MONTH_DAY = re.compile(r"(?<![\d-])(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*[日号]?")
YEARLESS = "+"  # marks a month-day typed without its year while the text is rewritten


def _period_dates(raw: str, today: date) -> list[tuple[date, bool]]:
    """The dates of a typed period, each with whether it was a month-day typed without a year: full dates,
    年底 / 明年底 / 2027年底, and month-days (of this year)."""
    text = CHINESE_NUMERAL.sub(_digits, unicodedata.normalize("NFKC", raw))
    text = DAY.sub(lambda m: f" {int(m[1]):04d}-{int(m[2])}-{int(m[3])} ", text)

    def year_end(match: re.Match[str]) -> str:
        year = int(match["year"] or today.year + (match["which"] == "明年"))
        return f" {year:04d}-12-31 "

    text = YEAR_END.sub(year_end, text)
    text = MONTH_DAY.sub(lambda m: f" {YEARLESS}{today.year:04d}-{m['month']}-{m['day']} ", text)
    found = re.findall(rf"({re.escape(YEARLESS)}?)(\d{{4}})-(\d{{1,2}})-(\d{{1,2}})", text)
    return [(date(int(y), int(m), int(d)), bool(mark)) for mark, y, m, d in found]


def parse_period(raw: str, today: date) -> tuple[date, date]:
    """'2026-12-31' (from today) or '2026-01-01 2026-12-31' / '2026年1月1日至2026年12月31日'; a date may also
    be typed 12月31日 (this year's; an end before the start is the next year's) or 年底 / 明年底."""
    found = _period_dates(raw, today)
    if len(found) == 1:
        found.insert(0, (today, False))
    if len(found) != 2:
        raise ValueError(raw)
    (start, _), (end, yearless) = found
    if yearless and end < start:
        end = end.replace(year=end.year + 1)  # 3月31日 typed in June: the coming one
    if end < start or end > today + timedelta(days=3660):
        raise ValueError(raw)
    return start, end
