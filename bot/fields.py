"""The questions enterprise forms ask: parsing of each answer and the choices offered."""

from __future__ import annotations

from typing import Any

from bot.context import BotContext
from bot.forms import Choice, Invalid, Step
from models.enums import District, FinancingKind, Guarantee, Tier
from models.operations.enterprise_ops import refuse_duplicate_uscc
from models.parsers.money import AmountError, bare_number_in_wan, format_amount, parse_amount
from models.parsers.phone import PhoneError, parse_phone
from models.parsers.terms import MAX_TERM_MONTHS, parse_term
from models.parsers.text import TextProblem, TextRule, check_text
from models.parsers.uscc import UsccError, parse_uscc
from models.tables.chains import active_chains


def bounded_text(minimum: int, maximum: int, key: str, *, multiline: bool = False, name: bool = False):
    """Free text cleaned by models.parsers.text (full-width （）、，： stay, as on a business licence).

    `key` explains the length; a `name` needs letters, other text letters or digits."""
    rule = TextRule(minimum, maximum, multiline=multiline, needs_letters=name)

    async def parse(raw: str, ctx: BotContext) -> str:
        try:
            text = check_text(raw, rule)
        except TextProblem as problem:
            reason = problem.reason.replace("_", "-")
            message = key if problem.reason in ("too_long", "too_short") else f"text-{reason}"
            raise Invalid(message, minimum=minimum, maximum=maximum, length=problem.length) from problem
        if text.startswith("/"):
            raise Invalid("form-command-not-answer")
        return text

    return parse


async def parse_uscc_answer(raw: str, ctx: BotContext) -> str:
    try:
        code = parse_uscc(raw)
    except UsccError as error:
        raise Invalid(f"uscc-error-{error.reason}") from error
    await refuse_duplicate_uscc(code)
    return code


async def parse_phone_answer(raw: str, ctx: BotContext) -> str:
    try:
        return parse_phone(raw)
    except PhoneError as error:
        raise Invalid("phone-invalid") from error




async def parse_amount_answer(raw: str, ctx: BotContext) -> int:
    bounds = {"minimum": ctx.settings.min_amount_yuan, "maximum": ctx.settings.max_amount_yuan}
    try:
        return parse_amount(raw, **bounds)
    except AmountError as error:
        shown = {name: format_amount(value, ctx.lang) for name, value in bounds.items()}
        if error.reason == "too_small" and (in_wan := bare_number_in_wan(raw, **bounds)) is not None:
            raise Invalid("amount-error-too_small-wan", guess=format_amount(in_wan, ctx.lang), **shown) from error
        raise Invalid(f"amount-error-{error.reason}", **shown) from error


async def parse_term_answer(raw: str, ctx: BotContext) -> int:
    try:
        return parse_term(raw)
    except ValueError as error:
        raise Invalid("term-invalid", maximum=MAX_TERM_MONTHS) from error


def enum_choices(enum: type[Tier] | type[District] | type[FinancingKind] | type[Guarantee], prefix: str):
    async def choices(ctx: BotContext, data: dict[str, Any]) -> list[Choice]:
        return [Choice(member.value, ctx.t(f"{prefix}-{member.value}")) for member in enum]

    return choices


async def chain_choices(ctx: BotContext, data: dict[str, Any]) -> list[Choice]:
    return [Choice(str(chain.id), chain.label(ctx.lang)) for chain in await active_chains()]


ENTERPRISE_STEPS = {
    "name": Step("name", "ask-name", parse=bounded_text(2, 100, "name-length", name=True)),
    "uscc": Step("uscc", "ask-uscc", parse=parse_uscc_answer),
    "tier": Step("tier", "ask-tier", choices=enum_choices(Tier, "tier"), columns=1),
    "chain_id": Step("chain_id", "ask-chain", choices=chain_choices, columns=2),
    "district": Step("district", "ask-district", choices=enum_choices(District, "district"), columns=3),
    "contact_name": Step("contact_name", "ask-contact-name",
                         parse=bounded_text(2, 50, "contact-name-length", name=True)),
    "phone": Step("phone", "ask-phone", parse=parse_phone_answer, accepts_contact=True),
}

NEED_STEPS = {
    "amount": Step("amount", "ask-amount", parse=parse_amount_answer),
    "kind": Step("kind", "ask-kind", choices=enum_choices(FinancingKind, "kind"), columns=5),
    "term_months": Step("term_months", "ask-term", parse=parse_term_answer),
    "purpose": Step("purpose", "ask-purpose", parse=bounded_text(2, 200, "purpose-length")),
    "guarantee": Step("guarantee", "ask-guarantee", choices=enum_choices(Guarantee, "guarantee"), columns=3),
}

NEED_FIELDS = tuple(NEED_STEPS)
