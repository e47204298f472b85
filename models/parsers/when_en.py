"""Times as English-speaking organizers type them, rewritten into the forms `models.parsers.when` reads.

"tomorrow 7:30", "tomorrow at 7:30am", "next Tuesday 7:30", "Tue 3pm", "Dec 3 7:30", "3 December 7:30",
"today 10pm": words become 明天 / 下周二 / 12月3日, "am"/"pm" become 上午 / 下午 before the clock.
"""

from __future__ import annotations

import re

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_WORDS = (("the day after tomorrow", "后天"), ("day after tomorrow", "后天"), ("tomorrow", "明天"),
             ("today", "今天"), ("tonight", "今天晚上"), ("yesterday", "昨天"))
MONTH = r"(?P<month>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
MONTH_DAY = re.compile(rf"\b{MONTH}\s*(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b,?")
DAY_MONTH = re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{MONTH}\b,?")
WEEKDAY = re.compile(r"\b(?P<next>next\s+|this\s+)?(?P<weekday>mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?\b")
MERIDIEM = re.compile(r"\b(?P<hour>\d{1,2})(?::(?P<minute>\d{2}))?\s*(?P<half>a|p)\.?m\.?(?![a-z])")
FILLER = re.compile(r"\b(?:at|on|from|starting)\b|,")
WEEK_SIGNS = {"next": "下", "this": "本"}


def _month_day(match: re.Match[str]) -> str:
    return f"{MONTHS.index(match['month']) + 1}月{int(match['day'])}日 "


def _weekday(match: re.Match[str]) -> str:
    sign = WEEK_SIGNS.get((match["next"] or "").strip(), "")
    return f"{sign}周{WEEKDAYS.index(match['weekday']) + 1} "


def _meridiem(match: re.Match[str]) -> str:
    period = "下午" if match["half"] == "p" else "上午"
    hour = int(match["hour"])
    if hour == 12:  # 12am is midnight, 12pm noon
        period, hour = ("凌晨", 0) if match["half"] == "a" else ("中午", 12)
    return f"{period}{hour}:{match['minute'] or '00'}"


def english_words(text: str) -> str:
    """The English words of a typed time in the Chinese forms; text without them is returned as it is."""
    if not re.search(r"[a-z]", text, re.IGNORECASE):
        return text
    lowered = text.casefold()
    for words, day in DAY_WORDS:
        lowered = lowered.replace(words, f" {day} ")
    for pattern, rewrite in ((DAY_MONTH, _month_day), (MONTH_DAY, _month_day), (WEEKDAY, _weekday),
                             (MERIDIEM, _meridiem)):
        lowered = pattern.sub(rewrite, lowered)
    return " ".join(FILLER.sub(" ", lowered).split()).replace("晚上 下午", "晚上 ")  # tonight 8pm
