"""Every text exists in both languages, and every label the code can ask for exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.menus import COMMANDS
from models.enums import District, FinancingKind, Guarantee, Role, Tier
from notices.i18n import LANGUAGES, LOCALES_DIR, message_ids, t

BOT_DIR = Path(__file__).resolve().parent.parent / "bot"


def test_both_catalogues_have_the_same_messages() -> None:
    assert message_ids("zh") == message_ids("en")


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_message_is_defined_in_two_files(language: str) -> None:
    """Fluent keeps the first of two definitions, so a key repeated in another file silently wins or loses."""
    seen: dict[str, str] = {}
    twice = []
    for path in sorted((LOCALES_DIR / language).glob("*.ftl")):
        for key in re.findall(r"^([a-z][a-z0-9_-]*) *=", path.read_text(encoding="utf-8"), re.MULTILINE):
            if key in seen:
                twice.append(f"{key}: {seen[key]} and {path.name}")
            seen[key] = path.name
    assert seen and not twice, twice


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_label_the_code_builds_exists(language: str) -> None:
    keys = [f"tier-{m.value}" for m in Tier] + [f"district-{m.value}" for m in District]
    keys += [f"kind-{m.value}" for m in FinancingKind] + [f"guarantee-{m.value}" for m in Guarantee]
    keys += [f"start-{r.value}" for r in Role] + [f"help-{r.value}" for r in Role]
    keys += [f"cmd-{name}" for names in COMMANDS.values() for name in names]
    missing = [key for key in keys if key not in message_ids(language)]
    assert not missing


def test_every_literal_key_in_the_code_exists() -> None:
    pattern = re.compile(r"""\bt\(\s*(?:ctx\.lang,\s*|language,\s*|lang,\s*)?["']([a-z][a-z0-9_-]+)["']""")
    used = {key for path in BOT_DIR.rglob("*.py") for key in pattern.findall(path.read_text(encoding="utf-8"))}
    assert used, "the pattern found no keys: the test would prove nothing"
    assert used <= message_ids("zh"), used - message_ids("zh")


def test_arguments_are_escaped_but_markup_is_kept() -> None:
    text = t("zh", "enterprise-already-registered")
    assert "<" not in text
    card = t("en", "start-enterprise", name="<script>", company="A & B")
    assert "&lt;script&gt;" in card
    assert "<b>A &amp; B</b>" in card
