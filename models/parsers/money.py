"""Amounts of money: parse what people type into integer yuan, and show yuan as 万 / 亿."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from babel import Locale
from babel.numbers import parse_pattern

WAN = 10_000
YI = 100_000_000
UNIT_FACTORS = {"": 1, "千": 1_000, "万": WAN, "w": WAN, "百万": 1_000_000, "千万": 10_000_000, "亿": YI,
                # as English speakers type them (and as the English texts show them: CNY 50 million)
                "k": 1_000, "thousand": 1_000, "m": 1_000_000, "mn": 1_000_000, "million": 1_000_000,
                "bn": 1_000_000_000, "billion": 1_000_000_000}
ARABIC_AMOUNT = re.compile(
    r"^(?P<number>[+-]?\d+(?:\.\d+)?)(?P<unit>千|万|w|百万|千万|亿|thousand|k|million|mn|m|billion|bn)?$")
THOUSANDS = re.compile(r"(?<![\d,])\d{1,3}(?:,\d{3})+(?![\d,])")
CURRENCY_PREFIXES = ("rmb", "cny", "¥", "￥")
CURRENCY_SUFFIXES = ("人民币", "元", "块", "rmb", "cny", "yuan")


class Money(int):
    """Yuan that a text shows as 万 / 亿 in the reader's language (see notices.i18n.t)."""


class AmountError(ValueError):
    """Why an amount is refused: empty, nonsense, not_positive, too_small, too_large, fraction."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _clean(raw: str) -> str:
    text = re.sub(r"[\s_']", "", unicodedata.normalize("NFKC", raw).strip().lower())
    if "," in text:
        if not THOUSANDS.search(text):  # "1,5亿" is a typo for 1.5亿, not 15亿
            raise AmountError("nonsense")
        text = text.replace(",", "")
    for prefix in CURRENCY_PREFIXES:
        text = text.removeprefix(prefix)
    for suffix in CURRENCY_SUFFIXES:
        text = text.removesuffix(suffix)
    return text


def _to_decimal(text: str) -> Decimal:
    match = ARABIC_AMOUNT.match(text)
    if match:
        return Decimal(match["number"]) * UNIT_FACTORS[match["unit"] or ""]
    import cn2an  # half a second to import: not at start-up (bot/app.on_startup loads it in the background)

    try:
        value = cn2an.cn2an(text, "smart")
    except (ValueError, KeyError, IndexError) as exc:
        raise AmountError("nonsense") from exc
    return Decimal(str(value))


def parse_amount(raw: str, *, minimum: int = 1, maximum: int) -> int:
    """Parse 5000万, 0.5亿, 1.2亿元, 5,000,000, 五千万 ... into integer yuan."""
    text = _clean(raw)
    if not text:
        raise AmountError("empty")
    try:
        value = _to_decimal(text)
    except InvalidOperation as exc:
        raise AmountError("nonsense") from exc
    if value <= 0:
        raise AmountError("not_positive")
    if value < minimum:
        raise AmountError("too_small")
    if value > maximum:
        raise AmountError("too_large")
    if value != value.to_integral_value():
        raise AmountError("fraction")
    return int(value)


# parsed once: babel parses a locale given by name and a pattern given as text on every call (~0.7 ms)
ZH_CN, EN_US = Locale.parse("zh_CN"), Locale.parse("en_US")
WHOLE, ZH_FRACTION, EN_FRACTION = parse_pattern("#,##0"), parse_pattern("#,##0.####"), parse_pattern("#,##0.###")


def format_amount(yuan: int, language: str = "zh") -> str:
    """120000000 -> 1.2亿元 (zh) / CNY 120 million (en); small sums keep separators."""
    if language == "zh":
        for factor, unit in ((YI, "亿"), (WAN, "万")):
            if abs(yuan) >= factor:
                return f"{ZH_FRACTION.apply(Decimal(yuan) / factor, ZH_CN)}{unit}元"
        return f"{WHOLE.apply(yuan, ZH_CN)}元"
    for factor, unit in ((1_000_000_000, " billion"), (1_000_000, " million")):
        if abs(yuan) >= factor:
            return f"CNY {EN_FRACTION.apply(Decimal(yuan) / factor, EN_US)}{unit}"
    return f"CNY {WHOLE.apply(yuan, EN_US)}"


BARE_NUMBER = re.compile(r"[0-9][0-9,]*(?:\.[0-9]+)?")  # digits with no unit: 5000, 1,500, 0.5


def bare_number_in_wan(raw: str, minimum: int, maximum: int) -> int | None:
    """A bare number (5000) read as 万 (5000万), as people mean one too small for yuan; None if it is not a bare
    number or is out of bounds as 万 too."""
    if not BARE_NUMBER.fullmatch(raw.strip()):
        return None
    try:
        return parse_amount(raw.strip() + "万", minimum=minimum, maximum=maximum)
    except AmountError:
        return None
