"""统一社会信用代码 (unified social credit code) per GB 32100-2015."""

from __future__ import annotations

import unicodedata

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
LENGTH = 18


class UsccError(ValueError):
    """Why a code is not valid: `reason` is one of length, characters, check."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def normalise_uscc(raw: str) -> str:
    """Full-width to half-width, drop spaces and dashes, upper case."""
    text = unicodedata.normalize("NFKC", raw)
    return "".join(ch for ch in text if not ch.isspace() and ch != "-").upper()


def check_character(first17: str) -> str:
    total = sum(ALPHABET.index(ch) * weight for ch, weight in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def parse_uscc(raw: str) -> str:
    """Return the normalised code or raise UsccError."""
    code = normalise_uscc(raw)
    if len(code) != LENGTH:
        raise UsccError("length")
    if any(ch not in ALPHABET for ch in code):
        raise UsccError("characters")
    if check_character(code[:17]) != code[17]:
        raise UsccError("check")
    return code
