"""Free text people type: cleaned in one place before anything checks or stores it.

Every free-text answer of the forms and every name that arrives with an update goes through
`clean_text` (or `scrub` for text that is parsed further), so what is stored and shown later is
what a person could see:

- controls (NUL, ESC sequences, DEL, C1), format characters (zero-width spaces, the bidi
  overrides and isolates, soft hyphens, BOM), Hangul and Braille fillers, private-use and
  unassigned code points are dropped; a zero-width joiner inside an emoji sequence stays;
- NFKC where it is safe: full-width letters and digits, styled letters (𝐀, ℌ), ligatures and
  the ideographic space become their plain forms, while full-width punctuation （），：
  (as on a business licence), superscripts (m²), fractions and circled numbers stay as typed;
- runs of combining marks are cut to a few (no "Zalgo" text growing over the lines);
- spaces collapse to one; line breaks survive only where the field takes several lines.

`check_text` then refuses what is too short, too long or has nothing visible to read: a name
needs letters (😀😀 is not a person's name), other text needs letters or digits.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Letters that show nothing: Hangul fillers, the Braille blank, Khmer inherent vowels, the Mongolian
# vowel separator, the combining grapheme joiner, the Hangul jungseong filler NFKC makes of U+3164.
FILLERS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u17b4\u17b5\u180e\u034f\u2062\u2063\u2064")
ZERO_WIDTH_JOINER = "\u200d"
LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs", "Cn"})
KEPT_COMPATIBILITY = ("<super>", "<sub>", "<fraction>", "<circle>")
MAX_COMBINING_RUN = 3
_ESCAPE_SEQUENCE = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)?|[@-_])")
_SPACES = re.compile(r"[^\S\n]+")


class TextProblem(ValueError):
    """Why a free-text answer is refused: `too_short`, `too_long`, `no_letters` or `no_content`."""

    def __init__(self, reason: str, length: int) -> None:
        super().__init__(reason)
        self.reason = reason
        self.length = length


@dataclass(frozen=True)
class TextRule:
    minimum: int
    maximum: int
    multiline: bool = False
    needs_letters: bool = False  # names: at least one letter (any script)


def scrub(raw: str, *, multiline: bool = True) -> str:
    """The invisible and the unsafe removed, nothing else changed (for answers parsed further)."""
    text = _ESCAPE_SEQUENCE.sub("", raw)
    kept: list[str] = []
    combining = 0
    for index, char in enumerate(text):
        if char in LINE_BREAKS or char == "\t":
            kept.append("\n" if multiline and char != "\t" else " ")
            combining = 0
            continue
        if char in FILLERS or (_dropped(char) and not _joins_emoji(text, index, kept)):
            continue
        combining = combining + 1 if unicodedata.combining(char) else 0
        if combining <= MAX_COMBINING_RUN:
            kept.append(char)
    return "".join(kept)


def clean_text(raw: str, *, multiline: bool = False) -> str:
    """Free text as it will be stored: scrubbed, NFKC where safe, spacing tidied, trimmed."""
    text = scrub(raw.replace("\r\n", "\n"), multiline=multiline)
    text = unicodedata.normalize("NFC", "".join(_compatible(char) for char in text))
    text = scrub(text, multiline=multiline)  # NFKC can turn a filler into another filler (U+3164)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def check_text(raw: str, rule: TextRule) -> str:
    """The cleaned text, or TextProblem saying why it cannot be taken."""
    text = clean_text(raw, multiline=rule.multiline)
    if len(text) > rule.maximum:
        raise TextProblem("too_long", len(text))
    if rule.needs_letters and not has_letters(text):
        raise TextProblem("no_letters", len(text))
    if not rule.needs_letters and not any(char.isalnum() for char in text):
        raise TextProblem("no_content", len(text))
    if len(text) < rule.minimum:
        raise TextProblem("too_short", len(text))
    return text


def has_letters(text: str) -> bool:
    return any(unicodedata.category(char).startswith("L") for char in text)


def clean_name(raw: str | None, maximum: int) -> str:
    """A name from Telegram (a user's full name, a username) made safe to store."""
    return clean_text(raw or "")[:maximum]


def _dropped(char: str) -> bool:
    return unicodedata.category(char) in DROPPED_CATEGORIES


def _joins_emoji(text: str, index: int, kept: list[str]) -> bool:
    """A zero-width joiner between two pictographs (👨‍👩‍👧) is part of the emoji."""
    if text[index] != ZERO_WIDTH_JOINER or not kept or index + 1 >= len(text):
        return False
    before = kept[-1] if kept[-1] != "\ufe0f" or len(kept) < 2 else kept[-2]
    return _pictograph(before) and _pictograph(text[index + 1])


def _pictograph(char: str) -> bool:
    return unicodedata.category(char) in ("So", "Sk") and char not in FILLERS


def _compatible(char: str) -> str:
    """NFKC of one character, unless it would change what the person meant to write."""
    decomposition = unicodedata.decomposition(char)
    if not decomposition.startswith("<") or decomposition.startswith(KEPT_COMPATIBILITY):
        return char
    if decomposition.startswith("<wide>") and not unicodedata.category(char).startswith(("L", "N")):
        return char  # full-width punctuation （），：！ stays as on a business licence
    return unicodedata.normalize("NFKC", char)
