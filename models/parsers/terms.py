"""Loan terms as people type them: 12, 18个月, 36期, 18 months, 3年, 两年, 两年半, 2.5年, 半年 -> months."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

TERM_PATTERN = re.compile(
    r"^(?P<number>[0-9.零一二两三四五六七八九十百]*)\s*(?P<unit>个?月|期|months?|mo|个?年|years?|y)?\s*(?P<half>半)?$"
)
MAX_TERM_MONTHS = 360


def _number(text: str) -> Decimal:
    if not text:
        return Decimal(0)
    import cn2an  # loaded on first use (see models/parsers/money.py)

    try:
        return Decimal(text) if re.fullmatch(r"\d+(\.\d+)?", text) else Decimal(int(cn2an.cn2an(text, "smart")))
    except (ValueError, InvalidOperation, KeyError, IndexError, TypeError) as error:  # cn2an on "十95": KeyError
        raise ValueError(text) from error


def parse_term(raw: str) -> int:
    """Whole months from 1 to 30 years, or ValueError."""
    text = re.sub(r"^半个?年", "0.5年", unicodedata.normalize("NFKC", raw).strip().lower())
    match = TERM_PATTERN.match(text)
    if not match or not (match["number"] or match["half"]):
        raise ValueError(raw)
    unit = match["unit"] or ""
    in_years = unit.endswith("年") or unit.startswith("y")
    months = _number(match["number"]) * (12 if in_years else 1) + (6 if match["half"] and in_years else 0)
    if (match["half"] and not in_years) or months != months.to_integral_value():
        raise ValueError(raw)
    if not 1 <= months <= MAX_TERM_MONTHS:
        raise ValueError(raw)
    return int(months)
