"""Issue 10 §2 parsers: counts, ids from button data, dates as people write them, typed choices.
Tables of odd inputs, and hypothesis for what must hold for any input."""

from __future__ import annotations

import contextlib
import unicodedata
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.forms import Choice, match_choice
from models.parsers.money import AmountError, parse_amount
from models.parsers.numbers import CountError, ascii_int, parse_count
from models.parsers.terms import parse_term
from models.parsers.when import WhenError, parse_end, parse_when

TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 6, 11, 2, 0, tzinfo=UTC)  # Thursday 10:00 in Wuhan
KINDS = [Choice("equity", "股权"), Choice("loan", "贷款"), Choice("bond", "债券"), Choice("insurance", "保险"),
         Choice("guarantee", "担保")]


@pytest.mark.parametrize(("raw", "count"), [
    ("8", 8), ("8家", 8), ("８", 8), ("８家", 8), (" 12 ", 12), ("三十", 30), ("三十家", 30), ("两个", 2),
    ("十", 10), ("一百二十", 120), ("2家", 2), ("0", 0), ("30人次", 30), ("500家次", 500), ("五十家企业", 50),
])
def test_counts_people_write(raw: str, count: int) -> None:
    assert parse_count(raw) == count


@pytest.mark.parametrize("raw", ["", "家", "\u19da", "\u19da家", "٣", "²x", "8.5", "-3", "八点五", "abc", "8 家 9",
                                 "1" * 13, "三十八万亿亿"])
def test_odd_counts_are_refused_cleanly(raw: str) -> None:
    with pytest.raises(CountError):
        parse_count(raw)


@given(st.text(max_size=20))
def test_a_count_never_raises_anything_but_count_error(raw: str) -> None:
    with contextlib.suppress(CountError):
        assert parse_count(raw) >= 0


@given(st.integers(min_value=0, max_value=10**9))
def test_any_count_reads_back_in_ascii_and_full_width(number: int) -> None:
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in str(number))
    assert parse_count(str(number)) == parse_count(full_width) == parse_count(f"{number}家") == number


@given(st.text(max_size=16))
def test_button_ids_are_ascii_digits_or_nothing(text: str) -> None:
    value = ascii_int(text)
    assert value is None or (text.isascii() and str(value) == text.lstrip("0").rjust(1, "0"))


@pytest.mark.parametrize("text", ["\u19da", "１", "٣", "1\u19da", "", "1" * 13, "-1", "+1", " 1"])
def test_button_ids_refuse_other_digits(text: str) -> None:
    assert ascii_int(text) is None


@pytest.mark.parametrize(("text", "local"), [
    ("明天 7:30", datetime(2026, 6, 12, 7, 30)),
    ("明天早上7点半", datetime(2026, 6, 12, 7, 30)),
    ("今天 22:00", datetime(2026, 6, 11, 22, 0)),
    ("今天晚上8点", datetime(2026, 6, 11, 20, 0)),
    ("后天下午3点", datetime(2026, 6, 13, 15, 0)),
    ("昨天 7:30", datetime(2026, 6, 10, 7, 30)),  # read, so that the form can say it is past
    ("下周二早上7:30", datetime(2026, 6, 16, 7, 30)),
    ("周二 7:30", datetime(2026, 6, 16, 7, 30)),
    ("星期五 14:00", datetime(2026, 6, 12, 14, 0)),
    ("12月3日7:30", datetime(2026, 12, 3, 7, 30)),
    ("12月3号 7:30", datetime(2026, 12, 3, 7, 30)),
    ("2027年3月1日 7:30", datetime(2027, 3, 1, 7, 30)),
    ("中午12点", None),
])
def test_times_as_people_write_them(text: str, local: datetime | None) -> None:
    if local is None:
        with pytest.raises(WhenError):
            parse_when(text, TZ, NOW)
        return
    assert parse_when(text, TZ, NOW) == local.replace(tzinfo=TZ).astimezone(UTC)


@pytest.mark.parametrize(("text", "reason"), [
    ("3月1日 7:30", "past"), ("1月5日 9:00", "past"), ("6月10日 9:00", "past"), ("2月30日 7:30", "date"),
    ("12月3日 24:00", "date"), ("明天", "form"), ("\u19da月1日 7:30", "form"), ("下下周二 7:30", "form"),
])
def test_odd_times_are_refused_with_their_reason(text: str, reason: str) -> None:
    with pytest.raises(WhenError) as caught:
        parse_when(text, TZ, NOW)
    assert caught.value.reason == reason


def test_a_passed_month_day_is_next_year_only_when_near() -> None:
    december = datetime(2026, 12, 20, 2, 0, tzinfo=UTC)
    assert parse_when("1月5日 9:00", TZ, december) == datetime(2027, 1, 5, 1, 0, tzinfo=UTC)
    with pytest.raises(WhenError):
        parse_when("11月1日 9:00", TZ, december)


def test_an_end_past_midnight_is_the_next_morning() -> None:
    start = parse_when("今天 22:00", TZ, NOW)
    assert parse_end("1:00", start, TZ) == start + timedelta(hours=3)
    assert parse_end("23:30", start, TZ) == start + timedelta(minutes=90)
    assert parse_end("21:00", start, TZ) <= start  # 23 hours later is no overnight event: refused by the form


@given(st.text(max_size=30))
def test_a_time_never_raises_anything_but_when_error(text: str) -> None:
    with contextlib.suppress(WhenError):
        parse_when(text, TZ, NOW)


@pytest.mark.parametrize(("typed", "value"), [
    ("贷", "loan"), ("股", "equity"), ("债", "bond"), ("保", "insurance"), ("担", "guarantee"), ("贷款", "loan"),
    ("LOAN", "loan"), (" 贷款 ", "loan"), ("贷款融资", None), ("x", None), ("", None),
])
def test_typed_choices(typed: str, value: str | None) -> None:
    chosen = match_choice(KINDS, typed)
    assert (chosen.value if chosen else None) == value


def test_typed_choices_ignore_emoji_and_ambiguity() -> None:
    confirm = [Choice("save", "✅ 确认提交"), Choice("cancel", "✖️ 取消")]
    assert match_choice(confirm, "确认").value == "save"
    assert match_choice(confirm, "取消").value == "cancel"
    tiers = [Choice("specialized", "专精特新中小企业"), Choice("little_giant", '专精特新"小巨人"')]
    assert match_choice(tiers, "专精特新") is None  # the start of two labels: the buttons decide
    assert match_choice([Choice("50000000", "按需求：5,000万元")], "按", by_start=False) is None


@given(st.text(max_size=12))
def test_a_typed_choice_is_one_of_them_or_none(text: str) -> None:
    chosen = match_choice(KINDS, text)
    assert chosen is None or chosen in KINDS
    if chosen is not None:
        assert unicodedata.normalize("NFKC", text).strip()


DIGITS_AND_UNITS = "0123456789８\u19da٣²万亿千百十一二三四五六七八九两半年月期个.,-+ 元"
NUMERIC = st.text(st.sampled_from(list(DIGITS_AND_UNITS)), max_size=10)


@given(st.one_of(NUMERIC, st.text(max_size=10)))
def test_amounts_and_terms_never_crash_on_other_digits(text: str) -> None:
    with contextlib.suppress(AmountError):
        parse_amount(text, maximum=10**11)
    with contextlib.suppress(ValueError):
        parse_term(text)


@pytest.mark.parametrize("text", ["十95", "\u19da个月", "\u19da万", "٣年"])
def test_odd_digits_in_amounts_and_terms_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_term(text)
    with pytest.raises(AmountError):
        parse_amount(text, maximum=10**11)
