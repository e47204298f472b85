"""The workbook's parsers (issue 9): amounts in 万元 exact to the yuan, the vocabularies' words however they
are typed, headers in any order and any of their synonyms. Unit tests and hypothesis."""

from __future__ import annotations

import io
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from models.enums import District, FinancingKind, InstitutionKind, Tier
from models.workbook.columns import ENTERPRISE_COLUMNS, WORDS, read_word, split_list, word
from models.workbook.reader import LOOKUPS, _header_row, cell_text
from models.workbook.rows import RowRefused, _wan
from models.workbook.writer import wan

YUAN = st.integers(min_value=1, max_value=100_000_000_000)


@given(YUAN)
def test_an_amount_in_wan_reads_back_to_the_same_yuan(yuan: int) -> None:
    assert _wan(cell_text(wan(yuan))) == yuan


@settings(max_examples=15, deadline=None)
@given(st.lists(YUAN, min_size=1, max_size=50))
def test_amounts_survive_a_real_workbook(amounts: list[int]) -> None:
    book = Workbook()
    for amount in amounts:
        book.active.append([wan(amount)])
    buffer = io.BytesIO()
    book.save(buffer)
    read = load_workbook(io.BytesIO(buffer.getvalue())).active
    assert [_wan(cell_text(row[0])) for row in read.iter_rows(values_only=True)] == amounts


@pytest.mark.parametrize("text", ["0", "-5", "abc", "1e400", "10000001"])
def test_odd_amounts_are_refused(text: str) -> None:
    with pytest.raises(RowRefused):
        _wan(text)


def test_amounts_with_units_and_separators() -> None:
    assert _wan("1,000万元") == 10_000_000 and _wan("0.5万") == 5_000 and _wan("") is None


def _full_width(text: str) -> str:
    return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in text)


ENUMS = [Tier, District, FinancingKind, InstitutionKind]


@given(st.sampled_from(ENUMS).flatmap(lambda enum: st.tuples(st.just(enum), st.sampled_from(list(enum)))),
       st.sampled_from(["", " ", "\u3000"]), st.booleans())
def test_every_word_reads_back_however_it_is_spaced_or_widened(pair: tuple, pad: str, wide: bool) -> None:
    enum, member = pair
    for text in WORDS[enum][member.value]:
        typed = pad + (_full_width(text) if wide else text) + pad
        assert read_word(enum, typed) == member.value, typed
    assert read_word(enum, word(member)) == member.value


def test_common_roster_words() -> None:
    assert read_word(Tier, "专精特新“小巨人”") == "little_giant"
    assert read_word(Tier, "国家级专精特新小巨人") == "little_giant"
    assert read_word(District, "东湖高新区") == "east_lake_hitech"
    assert read_word(District, "浦东新区") is None
    assert split_list("小巨人、单项冠军; 专精特新") == ["小巨人", "单项冠军", "专精特新"]
    assert unicodedata.normalize("NFKC", "（") == "("


HEADER_CHOICES = [(c.key, [c.header, *c.synonyms]) for c in ENTERPRISE_COLUMNS[:7]]


@given(st.permutations(HEADER_CHOICES).flatmap(
    lambda columns: st.tuples(*(st.tuples(st.just(key), st.sampled_from(names)) for key, names in columns))),
    st.integers(min_value=0, max_value=5))
def test_headers_are_found_in_any_order_by_any_synonym_below_any_title_rows(columns: tuple, title_rows: int) -> None:
    header = [name for _, name in columns]
    rows = [("2026年名单",)] * title_rows + [tuple(header), ("x",) * len(header)]
    index, found = _header_row(rows, LOOKUPS["enterprises"])
    assert index == title_rows
    assert found == {key: position for position, (key, _) in enumerate(columns)}


def test_cells_read_as_text() -> None:
    assert cell_text(13800138000.0) == "13800138000" and cell_text(None) == "" and cell_text(" a \n b ") == "a b"
