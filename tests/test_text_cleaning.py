"""models.parsers.text: the one cleaner of free text (unit tests and hypothesis)."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.parsers.text import FILLERS, TextProblem, TextRule, check_text, clean_name, clean_text, scrub

NAME = TextRule(2, 50, needs_letters=True)
PURPOSE = TextRule(2, 200)
INVISIBLE = ["\u200b", "\u200c", "\u200e", "\u202e", "\u2066", "\ufeff", "\u00ad", "\u3164", "\u115f", "\uffa0",
             "\u2800", "\x00", "\x07", "\x7f", "\x9b", "\U000e0041", "\ue000"]


@pytest.mark.parametrize("raw", ["\u200b\u200b", "\u3164\u3164\u3164", "\u202e\u202d", "\x00\x00", "\x1b[31m\x1b[0m",
                                 "\u2800\u2800", "\u115f\u1160", "\ufeff \u00a0\u3000"])
def test_invisible_only_is_no_text(raw: str) -> None:
    assert clean_text(raw) == ""
    with pytest.raises(TextProblem) as refused:
        check_text(raw, NAME)
    assert refused.value.reason == "no_letters"
    with pytest.raises(TextProblem) as refused:
        check_text(raw, PURPOSE)
    assert refused.value.reason == "no_content"


@pytest.mark.parametrize("raw", ["😀😀", "👨\u200d👩\u200d👧", "!!!", "12345", "★☆", "—", "🇨🇳🇨🇳"])
def test_a_name_needs_letters(raw: str) -> None:
    with pytest.raises(TextProblem) as refused:
        check_text(raw, NAME)
    assert refused.value.reason == "no_letters"


@pytest.mark.parametrize(("raw", "kept"), [
    ("武汉光\u200b谷科技有限公司", "武汉光谷科技有限公司"),
    ("ACME\x00 Ltd", "ACME Ltd"),
    ("\u202eevil\u202c name", "evil name"),
    ("\x1b[31m张三\x1b[0m", "张三"),
    ("  王\u3000\u3000五  ", "王 五"),
    ("ＡＢＣ１２３（武汉）有限公司：", "ABC123（武汉）有限公司："),  # full-width punctuation stays as on a licence
    ("𝐀𝐜𝐦𝐞 ﬁne", "Acme fine"),
    ("面积 200m²，½ 层，①号楼", "面积 200m²，½ 层，①号楼"),
    ("line one\r\nline two", "line one line two"),
    ("Z\u0301\u0302\u0303\u0304\u0305\u0306\u0307", "\u0179\u0302\u0303"),
    ("👨\u200d👩\u200d👧 李四", "👨\u200d👩\u200d👧 李四"),
    ("محمد \u202bأحمد", "محمد أحمد"),
])
def test_cleaning_keeps_what_is_visible(raw: str, kept: str) -> None:
    assert clean_text(raw) == kept


def test_multiline_keeps_line_breaks_only() -> None:
    assert clean_text("第一行\r\n\n\n第二行\u2028第三行\t末尾 ", multiline=True) == "第一行\n第二行\n第三行 末尾"


def test_lengths_are_counted_after_cleaning() -> None:
    assert check_text("\u200b张三\u200b", NAME) == "张三"
    with pytest.raises(TextProblem) as refused:
        check_text("张\u200b", NAME)
    assert (refused.value.reason, refused.value.length) == ("too_short", 1)
    with pytest.raises(TextProblem) as refused:
        check_text("字" * 5000, NAME)
    assert (refused.value.reason, refused.value.length) == ("too_long", 5000)


def test_scrub_only_removes() -> None:
    assert scrub("１２\x00３万\u200b") == "１２３万"
    assert scrub("a\nb", multiline=False) == "a b"


def test_names_from_telegram_are_cut_and_cleaned() -> None:
    assert clean_name("Bad\x00Name\u202e" + "x" * 300, 128) == "BadName" + "x" * 121
    assert clean_name(None, 64) == ""


def _visible_problem(char: str) -> bool:
    return char in FILLERS or unicodedata.category(char) in ("Cc", "Cf", "Co", "Cs", "Cn")


@given(st.text())
def test_clean_text_leaves_nothing_invisible_or_unsafe(raw: str) -> None:
    text = clean_text(raw)
    assert "\x00" not in text and "\n" not in text
    assert not any(_visible_problem(char) for char in text if char != "\u200d")
    assert text == text.strip() and "  " not in text


@given(st.text())
def test_clean_text_is_idempotent(raw: str) -> None:
    once = clean_text(raw)
    assert clean_text(once) == once
    multi = clean_text(raw, multiline=True)
    assert clean_text(multi, multiline=True) == multi


@given(st.text(alphabet=st.characters(categories=["Lo", "Lu", "Ll", "Nd"]), min_size=1),
       st.lists(st.sampled_from(INVISIBLE), max_size=5))
def test_invisible_characters_never_count(visible: str, invisible: list[str]) -> None:
    mixed = "".join(invisible) + visible + "".join(invisible)
    assert clean_text(mixed) == clean_text(visible)


@given(st.text(), st.integers(0, 10), st.integers(10, 300), st.booleans())
def test_check_text_accepts_only_what_fits(raw: str, minimum: int, maximum: int, letters: bool) -> None:
    rule = TextRule(minimum, maximum, needs_letters=letters)
    try:
        text = check_text(raw, rule)
    except TextProblem as problem:
        assert problem.reason in ("too_short", "too_long", "no_letters", "no_content")
        return
    assert minimum <= len(text) <= maximum
    assert any(char.isalpha() for char in text) if letters else any(char.isalnum() for char in text)
