"""Phone numbers typed by people or shared with Telegram's contact button."""

from __future__ import annotations

import re
import unicodedata

MOBILE = re.compile(r"^(?:\+?86)?(1[3-9]\d{9})$")
LANDLINE = re.compile(r"^(?:\+?86)?(0[12]\d|0[3-9]\d{2})(\d{7,8})$")  # 027-87654321, 0710-1234567
INTERNATIONAL = re.compile(r"^\+?(\d{8,15})$")


class PhoneError(ValueError):
    pass


def _digits(raw: str) -> str:
    text = unicodedata.normalize("NFKC", raw).strip()
    return re.sub(r"[\s\-()（）]", "", text)


def parse_phone(raw: str) -> str:
    """A Chinese mobile (13812345678, +86 138 1234 5678) or landline (027-87654321)."""
    text = _digits(raw)
    if match := MOBILE.match(text):
        return f"+86{match[1]}"
    if match := LANDLINE.match(text):
        return f"{match[1]}-{match[2]}"
    raise PhoneError(raw)


def normalise_shared_phone(raw: str) -> str:
    """Telegram shares numbers with or without '+'; keep any country, prefer the Chinese form."""
    try:
        return parse_phone(raw)
    except PhoneError:
        text = _digits(raw)
        if match := INTERNATIONAL.match(text):
            return f"+{match[1]}"
        raise
