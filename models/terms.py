"""Loan terms as people type them: 12, 18个月, 18 months, 3年, 两年 -> months."""

from __future__ import annotations

import re
import unicodedata

import cn2an

TERM_PATTERN = re.compile(r"^(?P<number>[0-9零一二两三四五六七八九十百]+)\s*(?P<unit>个?月|months?|mo|年|years?|y)?$")
MAX_TERM_MONTHS = 360


def parse_term(raw: str) -> int:
    """Months, or ValueError for anything that is not a whole number of months or years up to 30 years."""
    match = TERM_PATTERN.match(unicodedata.normalize("NFKC", raw).strip().lower())
    if not match:
        raise ValueError(raw)
    number = match["number"]
    count = int(number) if number.isdigit() else int(cn2an.cn2an(number, "smart"))
    months = count * 12 if (match["unit"] or "").startswith(("年", "y")) else count
    if not 1 <= months <= MAX_TERM_MONTHS:
        raise ValueError(raw)
    return months
