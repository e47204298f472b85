"""Series recurrences and typed dates: the friendly forms, odd input, next sessions."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from models.parsers.recurrence import RecurrenceError, load_rule, occurrences, parse_recurrence
from models.parsers.when import WhenError, parse_end, parse_when

TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 20, 0, 0, tzinfo=UTC)  # Friday 08:00 in Wuhan


def local_starts(text: str, until: datetime) -> list[str]:
    rule = parse_recurrence(text).anchored(NOW, TZ)
    assert load_rule(rule.canonical()) == rule
    return [start.astimezone(TZ).strftime("%a %m-%d %H:%M") for start in occurrences(rule, NOW, until, TZ)]


@pytest.mark.parametrize("text", ["每周三 7:30", "每星期三 07:30", "weekly wed 7:30", "every Wednesday 7:30"])
def test_weekly(text: str) -> None:
    assert local_starts(text, datetime(2026, 12, 10, tzinfo=UTC)) == [
        "Wed 11-25 07:30", "Wed 12-02 07:30", "Wed 12-09 07:30"]


@pytest.mark.parametrize("text", ["每两周周五 7:30", "隔周周五 7点半", "biweekly fri 7:30",
                                  "every 2 weeks friday 7:30"])
def test_fortnightly_starts_at_the_next_friday_after_creation(text: str) -> None:
    # Friday 08:00: today's 07:30 has passed, so the first session is next Friday, then every other.
    assert local_starts(text, datetime(2026, 12, 31, tzinfo=UTC)) == [
        "Fri 11-27 07:30", "Fri 12-11 07:30", "Fri 12-25 07:30"]


@pytest.mark.parametrize(("text", "expected"), [
    ("每月第二个周四 14:00", ["Thu 12-10 14:00", "Thu 01-14 14:00"]),
    ("monthly 2nd thu 14:00", ["Thu 12-10 14:00", "Thu 01-14 14:00"]),
    ("每月最后一个周四 14:00", ["Thu 11-26 14:00", "Thu 12-31 14:00", "Thu 01-28 14:00"]),
    ("monthly last thursday 14:00", ["Thu 11-26 14:00", "Thu 12-31 14:00", "Thu 01-28 14:00"]),
])
def test_monthly(text: str, expected: list[str]) -> None:
    assert local_starts(text, datetime(2027, 1, 31, tzinfo=UTC)) == expected


@pytest.mark.parametrize(("text", "reason"), [
    ("每周三", "time"), ("每周 7:30", "weekday"), ("每月周四 9:00", "nth"), ("周三 7:30", "period"),
    ("每周三 25:00", "time"), ("", "time"),
])
def test_odd_recurrences_say_what_is_missing(text: str, reason: str) -> None:
    with pytest.raises(RecurrenceError) as caught:
        parse_recurrence(text)
    assert caught.value.reason == reason


@pytest.mark.parametrize("text", ["2026-12-03 07:30", "2026/12/3 7:30", "2026年12月3日 7点半", "12月3日 7:30",
                                  "１２月３日　７：３０"])
def test_dates_in_every_accepted_form(text: str) -> None:
    assert parse_when(text, TZ, NOW) == datetime(2026, 12, 2, 23, 30, tzinfo=UTC)


def test_a_date_without_year_is_the_next_one() -> None:
    assert parse_when("1月5日 9:00", TZ, NOW) == datetime(2027, 1, 5, 1, 0, tzinfo=UTC)


@pytest.mark.parametrize("text", ["2026-02-30 7:30", "12月3日", "tomorrow", "2026-12-03 24:00", ""])
def test_odd_dates_are_refused(text: str) -> None:
    with pytest.raises(WhenError):
        parse_when(text, TZ, NOW)


def test_an_end_time_is_on_the_start_day() -> None:
    start = parse_when("12月3日 7:30", TZ, NOW)
    assert parse_end("9:00", start, TZ) == datetime(2026, 12, 3, 1, 0, tzinfo=UTC)
    assert parse_end("2026-12-04 09:00", start, TZ) == datetime(2026, 12, 4, 1, 0, tzinfo=UTC)
