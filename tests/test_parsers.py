"""Parsers and validators, each with a table of odd inputs."""

from __future__ import annotations

from datetime import date

import pytest

from models.parsers.money import AmountError, format_amount, parse_amount
from models.parsers.phone import PhoneError, normalise_shared_phone, parse_phone
from models.parsers.terms import parse_term
from models.parsers.uscc import UsccError, check_character, parse_uscc
from models.parsers.when import parse_period

MAX = 100_000_000_000
MIN = 10_000


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("914403001922038216", "914403001922038216"),
        ("9144030071526726XG", "9144030071526726XG"),
        ("91330100799655058B", "91330100799655058B"),
        ("91330100799655058b", "91330100799655058B"),  # lower case
        ("９１３３０１００７９９６５５０５８Ｂ", "91330100799655058B"),  # full width
        (" 9133 0100 7996 5505 8B ", "91330100799655058B"),  # spaces
        ("913301-00799655058B", "91330100799655058B"),  # dash
    ],
)
def test_uscc_accepts_real_codes_in_any_form(raw: str, code: str) -> None:
    assert parse_uscc(raw) == code


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "length"),
        ("91330100799655058", "length"),
        ("91330100799655058BB", "length"),
        ("91330100799655058A", "check"),
        ("914403001922038217", "check"),
        ("9133010079965505OB", "characters"),  # letter O is not in the alphabet
        ("9133010079965505IB", "characters"),
        ("91330100799655058？", "characters"),
        ("统一社会信用代码统一社会信用代码统一", "characters"),
    ],
)
def test_uscc_refuses_odd_input_with_a_reason(raw: str, reason: str) -> None:
    with pytest.raises(UsccError) as caught:
        parse_uscc(raw)
    assert caught.value.reason == reason


def test_check_character_matches_the_standard_example() -> None:
    assert check_character("91330100799655058") == "B"


@pytest.mark.parametrize(
    ("raw", "yuan"),
    [
        ("5000万", 50_000_000),
        ("0.5亿", 50_000_000),
        ("1.2亿元", 120_000_000),
        ("5,000,000", 5_000_000),
        ("五千万", 50_000_000),
        ("五千万元", 50_000_000),
        ("￥5000万", 50_000_000),
        ("5000 万", 50_000_000),
        ("１２００万", 12_000_000),
        ("3千万", 30_000_000),
        ("一亿二千万", 120_000_000),
        ("1亿2000万", 120_000_000),
        ("500w", 5_000_000),
        ("5,000，000", 5_000_000),
        ("RMB 2亿", 200_000_000),
    ],
)
def test_amounts_parse_to_integer_yuan(raw: str, yuan: int) -> None:
    value = parse_amount(raw, minimum=MIN, maximum=MAX)
    assert value == yuan
    assert isinstance(value, int)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("元", "empty"),
        ("abc", "nonsense"),
        ("万", "nonsense"),
        ("1e9", "nonsense"),
        ("5000万万", "nonsense"),
        ("1.2.3亿", "nonsense"),
        ("0", "not_positive"),
        ("0万", "not_positive"),
        ("-5000万", "not_positive"),
        ("负五千万", "not_positive"),
        ("500", "too_small"),
        ("9999亿", "too_large"),
        ("100000000000000000000000", "too_large"),
        ("10000.5", "fraction"),
        ("1,5亿", "nonsense"),  # a typo for 1.5亿, not 15亿
        ("50,00万", "nonsense"),
    ],
)
def test_odd_amounts_are_refused_with_a_reason(raw: str, reason: str) -> None:
    with pytest.raises(AmountError) as caught:
        parse_amount(raw, minimum=MIN, maximum=MAX)
    assert caught.value.reason == reason


@pytest.mark.parametrize(
    ("yuan", "zh", "en"),
    [
        (120_000_000, "1.2亿元", "CNY 120 million"),
        (2_000_000_000, "20亿元", "CNY 2 billion"),
        (50_000_000, "5,000万元", "CNY 50 million"),
        (12_345_678, "1,234.5678万元", "CNY 12.346 million"),
        (3_000, "3,000元", "CNY 3,000"),
    ],
)
def test_amounts_show_in_wan_and_yi(yuan: int, zh: str, en: str) -> None:
    assert format_amount(yuan, "zh") == zh
    assert format_amount(yuan, "en") == en


@pytest.mark.parametrize(
    ("raw", "phone"),
    [
        ("13812345678", "+8613812345678"),
        ("+86 138 1234 5678", "+8613812345678"),
        ("86-138-1234-5678", "+8613812345678"),
        ("１３８１２３４５６７８", "+8613812345678"),
        ("027-87654321", "027-87654321"),
        ("(027) 8765 4321", "027-87654321"),
    ],
)
def test_phones_normalise(raw: str, phone: str) -> None:
    assert parse_phone(raw) == phone


@pytest.mark.parametrize("raw", ["", "12345", "1381234567", "138123456789", "23812345678", "phone", "+1 650 555 0100"])
def test_odd_phones_are_refused(raw: str) -> None:
    with pytest.raises(PhoneError):
        parse_phone(raw)


def test_shared_contact_keeps_foreign_numbers() -> None:
    assert normalise_shared_phone("8613812345678") == "+8613812345678"
    assert normalise_shared_phone("447911123456") == "+447911123456"


@pytest.mark.parametrize(
    ("raw", "months"),
    [("12", 12), ("18个月", 18), ("18 个月", 18), ("3年", 36), ("两年", 24), ("十八个月", 18), ("24 months", 24),
     ("1 year", 12), ("３６", 36), ("36期", 36), ("两年半", 30), ("2.5年", 30), ("1年半", 18), ("半年", 6),
     ("1.5年", 18), ("2.5 years", 30)],
)
def test_terms_parse_to_months(raw: str, months: int) -> None:
    assert parse_term(raw) == months


@pytest.mark.parametrize("raw", ["", "0", "-3", "abc", "31年", "1.7年", "1.5", "12天", "999", "半", "半个月"])
def test_odd_terms_are_refused(raw: str) -> None:
    with pytest.raises(ValueError):
        parse_term(raw)


TODAY = date(2026, 11, 26)


@pytest.mark.parametrize(
    ("raw", "period"),
    [
        ("2026-12-31", (TODAY, date(2026, 12, 31))),
        ("2026-01-01 2026-12-31", (date(2026, 1, 1), date(2026, 12, 31))),
        ("2026年1月1日至2026年12月31日", (date(2026, 1, 1), date(2026, 12, 31))),
        ("２０２７/６/３０", (TODAY, date(2027, 6, 30))),
    ],
)
def test_target_periods_parse(raw: str, period: tuple[date, date]) -> None:
    assert parse_period(raw, TODAY) == period


@pytest.mark.parametrize("raw", ["", "明年", "2026-13-01", "2026-02-30", "2026-12-31 2026-01-01", "2040-01-01",
                                 "2026-01-01 2026-06-01 2026-12-31"])
def test_odd_target_periods_are_refused(raw: str) -> None:
    with pytest.raises(ValueError):
        parse_period(raw, TODAY)
