"""Whole numbers as people type them, and ids as buttons carry them, parsed without surprises.

`str.isdigit()` is true for digits `int()` cannot read (Tai Lue '᧚', superscripts...), so nothing here
relies on it: after NFKC (full-width ８ -> 8) only ASCII digits count, and Chinese numerals go to cn2an.
"""

from __future__ import annotations

import re
import unicodedata

import cn2an

ASCII_DIGITS = re.compile(r"[0-9]+", re.ASCII)
CHINESE_NUMERAL = re.compile(r"[零〇一二两三四五六七八九十百千万]+")
COUNT_UNITS = ("家企业", "家机构", "家次", "人次", "家", "个", "人", "位", "名", "场", "次", "天", "项", "周", "期")
MAX_DIGITS = 12
MAX_ID = 2**31 - 1  # ids are 32-bit integers on PostgreSQL


class CountError(ValueError):
    """Not a whole number people would write (or too long to be one)."""


def ascii_int(text: str, *, max_digits: int = MAX_DIGITS) -> int | None:
    """An id or number written in ASCII digits only (callback data); None for anything else."""
    if not text or len(text) > max_digits or ASCII_DIGITS.fullmatch(text) is None:
        return None
    value = int(text)
    return value if value <= MAX_ID else None  # past any id: PostgreSQL would refuse the query


def _chinese(text: str) -> int:
    try:
        value = cn2an.cn2an(text, "smart")
    except (ValueError, KeyError, IndexError, TypeError) as error:
        raise CountError(text) from error
    if value != int(value):
        raise CountError(text)
    return int(value)


def parse_count(raw: str, *, units: tuple[str, ...] = COUNT_UNITS) -> int:
    """8, ８, 8家, 三十, 三十家, 两个 -> an int; CountError for anything else (never another exception)."""
    text = "".join(unicodedata.normalize("NFKC", raw).split())
    for unit in units:
        if text.endswith(unit) and len(text) > len(unit):
            text = text.removesuffix(unit)
            break
    if len(text) > MAX_DIGITS:
        raise CountError(raw)
    number = ascii_int(text)
    if number is not None:
        return number
    if CHINESE_NUMERAL.fullmatch(text):
        return _chinese(text)
    raise CountError(raw)
