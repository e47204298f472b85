"""One row of an imported sheet to the facts it states, or the problems that refuse it. An empty cell
means "not stated": an existing record keeps its value, a new one takes the default (or is refused when
the fact is required)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from models.enums import District, FinancingKind, Guarantee, InstitutionKind, Tier
from models.parsers.phone import PhoneError, normalise_shared_phone
from models.parsers.uscc import UsccError, parse_uscc
from models.workbook.columns import FALSE_WORDS, TRUE_WORDS, WAN, read_word, split_list, tidy
from models.workbook.reader import Problem, SheetRows, cell_text, value_of

NAME_MIN, NAME_MAX = 2, 100
MAX_AMOUNT_WAN = Decimal(10_000_000)  # 1000亿
MAX_TERM = 360


class RowRefused(Exception):
    def __init__(self, key: str, value: str = "", **args: Any) -> None:
        super().__init__(key)
        self.key, self.value, self.details = key, value, args


class Chains:
    """Chain names as a roster writes them: exact, or the unique chain a shorter name begins."""

    def __init__(self, rows: list[tuple[int, str, str]]) -> None:
        self.exact = {tidy(n): i for i, n, _ in rows} | {tidy(e): i for i, _, e in rows if e}
        self.names = [(tidy(n), i) for i, n, _ in rows]

    def find(self, raw: str) -> int | None:
        wanted = tidy(raw)
        if wanted in self.exact:
            return self.exact[wanted]
        starts = {i for name, i in self.names if name.startswith(wanted) or wanted.startswith(name)}
        return starts.pop() if len(starts) == 1 else None


def text(sheet: SheetRows, cells: list[Any], key: str) -> str:
    return cell_text(value_of(sheet, cells, key))


def _name(raw: str, key: str = "name") -> str:
    if not NAME_MIN <= len(raw) <= NAME_MAX:
        raise RowRefused("name-length", raw, minimum=NAME_MIN, maximum=NAME_MAX)
    return raw


def _word(enum: Any, raw: str, key: str) -> str | None:
    if not raw:
        return None
    value = read_word(enum, raw)
    if value is None:
        raise RowRefused(f"unknown-{key}", raw)
    return value


def _words(enum: Any, raw: str, key: str) -> list[str] | None:
    if not raw:
        return None
    return [_word(enum, part, key) or "" for part in split_list(raw)]


def _bool(raw: str, key: str) -> bool | None:
    if not raw:
        return None
    folded = tidy(raw)
    if folded in TRUE_WORDS:
        return True
    if folded in FALSE_WORDS:
        return False
    raise RowRefused("unknown-yes-no", raw)


def _wan(raw: str) -> int | None:
    """万元 (a number, or text with a unit like 万元) to integer yuan."""
    if not raw:
        return None
    try:
        amount = Decimal(raw.replace(",", "").removesuffix("万元").removesuffix("万"))
    except InvalidOperation:
        raise RowRefused("bad-amount", raw) from None
    if not 0 < amount <= MAX_AMOUNT_WAN:
        raise RowRefused("bad-amount", raw)
    return int((amount * WAN).to_integral_value())


def _term(raw: str) -> int | None:
    if not raw:
        return None
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_TERM:
        raise RowRefused("bad-term", raw, maximum=MAX_TERM)
    return int(raw)


def enterprise_facts(sheet: SheetRows, cells: list[Any], chains: Chains) -> dict[str, Any]:
    raw_code = text(sheet, cells, "uscc")
    if not raw_code:
        raise RowRefused("missing-uscc")
    try:
        uscc = parse_uscc(raw_code)
    except UsccError as error:
        raise RowRefused(f"uscc-{error.reason}", raw_code) from error
    facts: dict[str, Any] = {"uscc": uscc, "name": _name(text(sheet, cells, "name"))}
    facts["tier"] = _word(Tier, text(sheet, cells, "tier"), "tier")
    facts["district"] = _word(District, text(sheet, cells, "district"), "district")
    chain = text(sheet, cells, "chain")
    facts["chain_id"] = chains.find(chain) if chain else None
    if chain and facts["chain_id"] is None:
        raise RowRefused("unknown-chain", chain)
    contact = text(sheet, cells, "contact_name")
    if len(contact) > 50:
        raise RowRefused("contact-length", contact)
    facts["contact_name"] = contact or None
    phone = text(sheet, cells, "phone")
    try:
        facts["phone"] = normalise_shared_phone(phone) if phone else None
    except PhoneError:
        raise RowRefused("bad-phone", phone) from None
    return facts


def institution_facts(sheet: SheetRows, cells: list[Any]) -> dict[str, Any]:
    return {"name": _name(text(sheet, cells, "name")),
            "kind": _word(InstitutionKind, text(sheet, cells, "kind"), "institution-kind"),
            "parent": text(sheet, cells, "parent") or None}


def product_facts(sheet: SheetRows, cells: list[Any], chains: Chains) -> dict[str, Any]:
    facts: dict[str, Any] = {"institution": _name(text(sheet, cells, "institution")),
                             "name": _name(text(sheet, cells, "name"))}
    facts["kind"] = _word(FinancingKind, text(sheet, cells, "kind"), "kind")
    facts["min_amount"] = _wan(text(sheet, cells, "min_amount"))
    facts["max_amount"] = _wan(text(sheet, cells, "max_amount"))
    facts["min_term_months"] = _term(text(sheet, cells, "min_term_months"))
    facts["max_term_months"] = _term(text(sheet, cells, "max_term_months"))
    rate = text(sheet, cells, "rate_text")
    facts["rate_text"] = rate[:100] if rate else None
    facts["target_tiers"] = _words(Tier, text(sheet, cells, "target_tiers"), "tier")
    facts["guarantees"] = _words(Guarantee, text(sheet, cells, "guarantees"), "guarantee")
    chain_text = text(sheet, cells, "target_chains")
    chain_ids = None
    if chain_text:
        chain_ids = []
        for part in split_list(chain_text):
            found = chains.find(part)
            if found is None:
                raise RowRefused("unknown-chain", part)
            chain_ids.append(found)
    facts["target_chain_ids"] = chain_ids
    conditions = value_of(sheet, cells, "conditions")
    facts["conditions"] = str(conditions).strip() if conditions not in (None, "") else None
    facts["active"] = _bool(text(sheet, cells, "active"), "active")
    return facts


def refused(sheet: SheetRows, row: int, error: RowRefused) -> Problem:
    return Problem(sheet.title, row, error.value, error.key, error.details)
