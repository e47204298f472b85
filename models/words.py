"""Values a refusal or a notice names by a catalogue key, so that people read words, not codes."""

from __future__ import annotations


class Word(str):
    """A catalogue key (e.g. "intent-status-rejected") that a text shows in the reader's language."""


def status_word(prefix: str, status: object) -> Word:
    """`status_word("event-status", EventStatus.cancelled)` -> the key of its words."""
    return Word(f"{prefix}-{getattr(status, 'value', status)}")
