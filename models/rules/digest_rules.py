"""When a digest goes out, as an organizer types it, and its occurrences in the programme's zone.

每天 8:00 / 每日8点 / daily 8:00; 每周一 8:30 / 每周五 17:00 / weekly mon 8:30; 每月 9:00 (the 1st) /
每月15日 9:00 / monthly 15 9:00. Without a time: 8:00. Monthly days run 1-28 (every month has them).
下午5点 / 晚上8点 / 5pm are afternoons; hours, minutes and days may be Chinese numerals (八点半, 每月十五号).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

import cn2an

DEFAULT_TIME = time(8, 0)
WEEKDAYS_ZH = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6, "1": 0, "2": 1, "3": 2,
               "4": 3, "5": 4, "6": 5, "7": 6}
WEEKDAYS_EN = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}


class Frequency(StrEnum):
    daily = "daily"
    weekly = "weekly"
    monthly = "monthly"


class RuleError(ValueError):
    """Not a digest rule in an accepted form."""


@dataclass(frozen=True)
class DigestRule:
    frequency: Frequency
    at: time
    weekday: int | None = None  # 0 = Monday, weekly only
    day: int | None = None  # 1-28, monthly only

    def compact(self) -> str:
        """`d0800`, `w0-0830`, `m15-0900`: for callback data and stable keys."""
        clock = f"{self.at:%H%M}"
        if self.frequency is Frequency.weekly:
            return f"w{self.weekday}-{clock}"
        if self.frequency is Frequency.monthly:
            return f"m{self.day}-{clock}"
        return f"d{clock}"

    @classmethod
    def from_compact(cls, text: str) -> DigestRule:
        match = re.fullmatch(r"([dwm])(?:(\d{1,2})-)?(\d{2})(\d{2})", text)
        if match is None:
            raise RuleError(text)
        kind, number, hour, minute = match.groups()
        at = _clock(hour, minute)
        if kind == "d" and number is None:
            return cls(Frequency.daily, at)
        if kind == "w" and number is not None and int(number) <= 6:
            return cls(Frequency.weekly, at, weekday=int(number))
        if kind == "m" and number is not None and 1 <= int(number) <= 28:
            return cls(Frequency.monthly, at, day=int(number))
        raise RuleError(text)


def _clock(hour: str, minute: str | None) -> time:
    try:
        return time(_number(hour), 30 if minute == "半" else _number(minute or "0"))
    except ValueError as error:
        raise RuleError(f"{hour}:{minute}") from error


def _number(text: str) -> int:
    """12, or 十二 as people write hours, minutes and days (cn2an)."""
    return int(text) if text.isdigit() else int(cn2an.cn2an(text, "smart"))


ZH_NUMBER = "[零〇一二两三四五六七八九十]{1,3}"
AFTERNOON = ("下午", "晚上", "傍晚", "晚", "pm", "p.m.")
MORNING_WORDS = "早上|上午|早晨|早|凌晨|中午|下午|晚上|傍晚|晚"
CLOCK = (rf"(?:\s*(?:at\s*)?(?P<part>{MORNING_WORDS})?\s*(?P<hour>\d{{1,2}}|{ZH_NUMBER})\s*"
         rf"(?:[:：点时]\s*(?P<minute>\d{{2}}|半|{ZH_NUMBER})?\s*分?)?\s*(?P<ampm>am|pm|a\.m\.|p\.m\.)?)?")
DAY = rf"(?P<day>\d{{1,2}}|{ZH_NUMBER})"
ZH_DAILY = re.compile(rf"^(?:每天|每日|daily|every day){CLOCK}$")
ZH_WEEKLY = re.compile(rf"^(?:每周|每星期|每礼拜|周)(?P<weekday>[一二三四五六日天1-7]){CLOCK}$")
EN_WEEKLY = re.compile(rf"^(?:weekly|every)\s*(?:on\s+)?(?P<weekday>mon|tue|wed|thu|fri|sat|sun)[a-z]*{CLOCK}$")
MONTHLY = re.compile(rf"^(?:每月|每个月|monthly|every month)\s*(?:on\s+(?:the\s+)?)?"
                     rf"(?:{DAY}\s*(?:日|号|st|nd|rd|th)\s*)?{CLOCK}$")
EN_MONTHLY_DAY = re.compile(rf"^(?:monthly|every month)\s+(?:on\s+(?:the\s+)?)?(?P<day>\d{{1,2}})\s+{CLOCK}$")
LAST_DAY = 28  # every month has it


class DayOutOfRange(RuleError):
    """A monthly day past the 28th (not every month has it)."""


ACTIONS = {"暂停": "p", "pause": "p", "恢复": "r", "resume": "r", "取消": "x", "退订": "x", "删除": "x",
           "remove": "x", "unsubscribe": "x", "cancel": "x"}  # p pause, r resume, x remove
ACTION = re.compile(rf"^({'|'.join(ACTIONS)})(?:\s*#?\s*(\d{{1,9}}))?$")


def parse_action(raw: str) -> tuple[str, int | None] | None:
    """`暂停 #3` / `pause 3` → ("p", 3): what a subscription's button does, typed; `暂停` alone → ("p", None)
    (the chat's one subscription); None when it is no action."""
    match = ACTION.match(" ".join(unicodedata.normalize("NFKC", raw).strip().lower().split()))
    if match is None:
        return None
    return ACTIONS[match[1]], int(match[2]) if match[2] else None


MONTHS_END = re.compile(r"月底|月末|最后一天|last day|end of (?:the )?month")


def parse_rule(raw: str) -> DigestRule:
    text = " ".join(unicodedata.normalize("NFKC", raw).strip().lower().split())
    if MONTHS_END.search(text):
        raise DayOutOfRange(text)
    if match := ZH_DAILY.match(text):
        return DigestRule(Frequency.daily, _time(match))
    if match := ZH_WEEKLY.match(text):
        return DigestRule(Frequency.weekly, _time(match), weekday=WEEKDAYS_ZH[match["weekday"]])
    if match := EN_WEEKLY.match(text):
        return DigestRule(Frequency.weekly, _time(match), weekday=WEEKDAYS_EN[match["weekday"]])
    match = EN_MONTHLY_DAY.match(text) or MONTHLY.match(text)
    if match:
        day = _number(match["day"] or "1")
        if not 1 <= day <= LAST_DAY:
            raise DayOutOfRange(text)
        return DigestRule(Frequency.monthly, _time(match), day=day)
    raise RuleError(text)


def _time(match: re.Match[str]) -> time:
    """The clock of a rule: 8:00 when none is given; 下午5点 and 5pm are 17:00, 中午1点 13:00."""
    if match["hour"] is None:
        return DEFAULT_TIME
    at = _clock(match["hour"], match["minute"])
    part, ampm = match["part"], match["ampm"]
    if ampm is not None and not 1 <= at.hour <= 12:
        raise RuleError(f"{at} {ampm}")
    if ampm is not None:
        return at.replace(hour=at.hour % 12 + (12 if ampm.startswith("p") else 0))
    afternoon = part in AFTERNOON or (part == "中午" and at.hour < 11)  # 下午17:00 is 17:00 too
    return at.replace(hour=at.hour + 12) if afternoon and at.hour < 12 else at


def _on(day: date, rule: DigestRule, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, rule.at, tz)


def _month_back(day: date) -> date:
    return (day.replace(day=1) - timedelta(days=1)).replace(day=1)


def _month_on(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def previous_occurrence(rule: DigestRule, at: datetime, tz: ZoneInfo) -> datetime:
    """The latest moment of the rule at or before `at`, in UTC (as stored: SQLite compares the text)."""
    return _local_previous(rule, at, tz).astimezone(UTC)


def _local_previous(rule: DigestRule, at: datetime, tz: ZoneInfo) -> datetime:
    local = at.astimezone(tz)
    if rule.frequency is Frequency.daily:
        candidate = _on(local.date(), rule, tz)
        return candidate if candidate <= local else candidate - timedelta(days=1)
    if rule.frequency is Frequency.weekly:
        day = local.date() - timedelta(days=(local.weekday() - (rule.weekday or 0)) % 7)
        candidate = _on(day, rule, tz)
        return candidate if candidate <= local else _on(day - timedelta(days=7), rule, tz)
    candidate = _on(local.date().replace(day=rule.day or 1), rule, tz)
    if candidate <= local:
        return candidate
    return _on(_month_back(local.date()).replace(day=rule.day or 1), rule, tz)


def next_occurrence(rule: DigestRule, at: datetime, tz: ZoneInfo) -> datetime:
    """The first moment of the rule strictly after `at`, in UTC."""
    last = _local_previous(rule, at, tz)
    if rule.frequency is Frequency.daily:
        following = _on(last.date() + timedelta(days=1), rule, tz)
    elif rule.frequency is Frequency.weekly:
        following = _on(last.date() + timedelta(days=7), rule, tz)
    else:
        following = _on(_month_on(last.date()).replace(day=rule.day or 1), rule, tz)
    return following.astimezone(UTC)
