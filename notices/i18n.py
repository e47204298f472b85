"""Texts from the Fluent catalogues in notices/locales (zh default, en). Arguments are HTML-escaped."""

from __future__ import annotations

import html
from functools import cache
from pathlib import Path
from typing import Any

from fluent.runtime import FluentBundle, FluentResource

from models.parsers.money import Money, format_amount
from models.words import Word

LOCALES_DIR = Path(__file__).with_name("locales")
LANGUAGES = ("zh", "en")
FALLBACK = "zh"


class Html(str):
    """A fragment already rendered as Telegram HTML: passed into a text without escaping."""


@cache
def bundle(language: str) -> FluentBundle:
    result = FluentBundle([language], use_isolating=False)
    for path in sorted((LOCALES_DIR / language).glob("*.ftl")):
        result.add_resource(FluentResource(path.read_text(encoding="utf-8")))
    return result


def _prepare(value: Any, language: str) -> Any:
    if isinstance(value, Money):
        return format_amount(value, language)
    if isinstance(value, Word):
        return t(language, str(value))
    if isinstance(value, Html):
        return str(value)
    if isinstance(value, str):
        return html.escape(value, quote=False)
    return value


def t(language: str, key: str, **args: Any) -> str:
    """The message `key` in `language` (falling back to zh); a missing key is a bug and raises."""
    for lang in (language, FALLBACK):
        book = bundle(lang)
        if book.has_message(key):
            prepared = {name: _prepare(value, lang) for name, value in args.items()}
            text, errors = book.format_pattern(book.get_message(key).value, prepared)
            if errors:
                raise KeyError(f"{key}: {errors}")
            return text
    raise KeyError(key)


def message_ids(language: str) -> set[str]:
    return set(bundle(language)._messages)
