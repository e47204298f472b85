"""Series recurrences: the friendly forms organizers type, their stored canonical form, next dates.

Accepted forms (Chinese or English, full-width characters are fine):

- every week:        每周三 7:30, 每星期三 07:30, weekly wed 7:30, every wed 7:30
- every two weeks:   每两周周五 7:30, 每双周周五 7:30, 隔周周五 7:30, biweekly fri 7:30, every 2 weeks fri 7:30
- a weekday a month: 每月第二个周四 14:00, 每月最后一个周四 14:00, monthly 2nd thu 14:00, monthly last thu 14:00

Stored as ``weekly/<interval>/<weekday 1-7>/<HH:MM>/<phase>`` or ``monthly/<nth, -1 last>/<weekday>/<HH:MM>``.
The phase of a fortnightly rule fixes which weeks: it is taken from the first date after the series
was created, so "every two weeks" starts at the next matching day.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

EPOCH_MONDAY = date(2024, 1, 1)
WEEKDAYS_ZH = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "日": 7, "天": 7}
WEEKDAYS_EN = {"mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 7}
NTH_ZH = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
TIME = re.compile(r"(?<!\d)(\d{1,2})\s*(?::|点|时)\s*(\d{2}|半)?")
WEEKDAY_ZH = re.compile(r"(?:周|星期|礼拜)([一二三四五六日天])")
WEEKDAY_EN = re.compile(
    r"\b(mon|tue|wed|thu|fri|sat|sun)(?:day|s|sday|nesday|rs|rsday|urday)?\b"
)
NTH_ZH_PATTERN = re.compile(r"第\s*([一二两三四1-4])\s*个?")
NTH_EN_PATTERN = re.compile(r"\b([1-4])(?:st|nd|rd|th)\b|\b(first|second|third|fourth)\b")
NTH_EN_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4}
FORTNIGHT = re.compile(r"两周|双周|隔周|隔一周|2\s*周|biweekly|fortnight|every\s+(?:2|two|other)\s+weeks?")
LAST = re.compile(r"最后|末|\blast\b")


class RecurrenceError(ValueError):
    """The text is not one of the accepted forms; `reason` names what is missing."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Rule:
    kind: str  # "weekly" or "monthly"
    weekday: int  # 1 Monday .. 7 Sunday
    at: time
    interval: int = 1  # weeks between two sessions (weekly)
    nth: int = 0  # 1..4, -1 for the last (monthly)
    phase: int = 0  # which of the `interval` weeks (weekly, interval 2)

    def canonical(self) -> str:
        hhmm = self.at.strftime("%H:%M")
        if self.kind == "weekly":
            return f"weekly/{self.interval}/{self.weekday}/{hhmm}/{self.phase}"
        return f"monthly/{self.nth}/{self.weekday}/{hhmm}"

    def matches(self, day: date) -> bool:
        if day.isoweekday() != self.weekday:
            return False
        if self.kind == "weekly":
            return (day - EPOCH_MONDAY).days // 7 % self.interval == self.phase
        if self.nth == -1:
            return (day + timedelta(days=7)).month != day.month
        return (day.day - 1) // 7 + 1 == self.nth

    def anchored(self, now: datetime, tz: ZoneInfo) -> Rule:
        """A fortnightly rule whose first session is the next matching weekday after `now`."""
        if self.kind != "weekly" or self.interval == 1:
            return self
        first = next_occurrence(replace(self, interval=1, phase=0), now, tz).astimezone(tz).date()
        return replace(self, phase=(first - EPOCH_MONDAY).days // 7 % self.interval)


def parse_recurrence(raw: str) -> Rule:
    text = unicodedata.normalize("NFKC", raw).strip().lower()
    at = _parse_time(text)
    weekday = _parse_weekday(text)
    if "月" in text or "month" in text:
        return Rule("monthly", weekday, at, nth=_parse_nth(text))
    if not ("每" in text or "week" in text or "every" in text or "隔周" in text):
        raise RecurrenceError("period")
    interval = 2 if FORTNIGHT.search(text) else 1
    return Rule("weekly", weekday, at, interval=interval)


def _parse_time(text: str) -> time:
    match = TIME.search(text)
    if match is None:
        raise RecurrenceError("time")
    hour, minutes = int(match[1]), match[2]
    minute = 30 if minutes == "半" else int(minutes or 0)
    if hour > 23 or minute > 59:
        raise RecurrenceError("time")
    return time(hour, minute)


def _parse_weekday(text: str) -> int:
    match = WEEKDAY_ZH.search(text)
    if match:
        return WEEKDAYS_ZH[match[1]]
    match = WEEKDAY_EN.search(text)
    if match:
        return WEEKDAYS_EN[match[1]]
    raise RecurrenceError("weekday")


def _parse_nth(text: str) -> int:
    if LAST.search(text):
        return -1
    match = NTH_ZH_PATTERN.search(text)
    if match:
        return NTH_ZH[match[1]]
    match = NTH_EN_PATTERN.search(text)
    if match:
        return int(match[1]) if match[1] else NTH_EN_WORDS[match[2]]
    raise RecurrenceError("nth")


def load_rule(canonical: str) -> Rule:
    parts = canonical.split("/")
    hour, minute = (int(x) for x in parts[3].split(":"))
    if parts[0] == "weekly":
        return Rule("weekly", int(parts[2]), time(hour, minute), interval=int(parts[1]), phase=int(parts[4]))
    return Rule("monthly", int(parts[2]), time(hour, minute), nth=int(parts[1]))


def occurrences(rule: Rule, after: datetime, until: datetime, tz: ZoneInfo) -> Iterator[datetime]:
    """Start times (UTC) of the sessions strictly after `after` and no later than `until`."""
    day = after.astimezone(tz).date()
    last = until.astimezone(tz).date()
    while day <= last:
        if rule.matches(day):
            start = datetime.combine(day, rule.at, tzinfo=tz).astimezone(UTC)
            if after < start <= until:
                yield start
        day += timedelta(days=1)


def next_occurrence(rule: Rule, after: datetime, tz: ZoneInfo) -> datetime:
    """The first session after `after` (a rule always has one within about five weeks)."""
    return next(occurrences(rule, after, after + timedelta(days=40), tz))
