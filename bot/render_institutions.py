"""How institutions, products and people read in chat (Telegram HTML); audit entries: bot/render_audit.py."""

from __future__ import annotations

import re
from typing import Any

from bot.context import BotContext
from models.operations.institution_ops import InstitutionView
from models.parsers.money import format_amount
from models.tables.chains import Chain
from models.tables.enterprises import Enterprise
from models.tables.institutions import Institution, Product
from models.tables.people import Person
from notices.i18n import Html

MAX_MESSAGE = 4000
ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def staff_status_label(ctx: BotContext, person: Person) -> str:
    if person.suspended:
        return ctx.t("status-suspended")
    return ctx.t(f"staff-status-{person.staff_status}") if person.staff_status else ""


def amount_range(ctx: BotContext, low: int, high: int) -> str:
    if low == high:
        return format_amount(low, ctx.lang)
    return f"{format_amount(low, ctx.lang)} – {format_amount(high, ctx.lang)}"


def term_range(ctx: BotContext, low: int, high: int) -> str:
    return ctx.t("term-range", low=str(low), high=str(high)) if low != high else ctx.t("term-one", months=str(low))


def product_line(ctx: BotContext, product: Product) -> str:
    return ctx.t(
        "product-line",
        name=product.name,
        kind=ctx.t(f"kind-{product.kind}"),
        amount=amount_range(ctx, product.min_amount, product.max_amount),
        withdrawn=ctx.t("product-withdrawn-mark") if not product.active else "",
    )


def institution_card(ctx: BotContext, view: InstitutionView) -> str:
    inst = view.institution
    staff = "\n".join(f"• {person.full_name} ({staff_status_label(ctx, person)})" for person in view.staff[:20])
    products = "\n".join(f"• {product_line(ctx, p)}" for p in view.products[:20])
    text = ctx.t(
        "institution-card",
        name=inst.name,
        kind=ctx.t(f"inst-kind-{inst.kind}"),
        parent=view.parent.name if view.parent else ctx.t("none-mark"),
        branches=", ".join(b.name for b in view.branches) or ctx.t("none-mark"),
        staff=Html(staff or ctx.t("none-mark")),
        products=Html(products or ctx.t("products-none")),
    )
    return text


async def _labels(ctx: BotContext, product: Product | dict[str, Any]) -> dict[str, str]:
    get = product.get if isinstance(product, dict) else lambda name: getattr(product, name)
    chain_ids = [int(v) for v in get("target_chain_ids") or []]
    chains = await Chain.filter(id__in=chain_ids) if chain_ids else []
    any_mark = ctx.t("any-mark")
    return {
        "tiers": ", ".join(ctx.t(f"tier-{v}") for v in get("target_tiers") or []) or any_mark,
        "chains": ", ".join(c.label(ctx.lang) for c in chains) or any_mark,
        "guarantees": ", ".join(ctx.t(f"guarantee-{v}") for v in get("guarantees") or []) or any_mark,
    }


async def product_card(ctx: BotContext, product: Product | dict[str, Any], institution: str) -> str:
    """A stored product, or the answers of the product form before saving."""
    if isinstance(product, dict):
        low, high = product["amount"]
        term_low, term_high = product["term"]
        name, kind, rate, conditions = product["name"], product["kind"], product["rate_text"], product["conditions"]
        status = "product-status-draft"
    else:
        low, high, term_low, term_high = (product.min_amount, product.max_amount, product.min_term_months,
                                          product.max_term_months)
        name, kind, rate, conditions = product.name, product.kind, product.rate_text, product.conditions
        status = "product-status-active" if product.active else "product-status-withdrawn"
    return ctx.t(
        "product-card",
        name=name,
        institution=institution,
        kind=ctx.t(f"kind-{kind}"),
        amount=amount_range(ctx, int(low), int(high)),
        term=term_range(ctx, int(term_low), int(term_high)),
        rate=rate,
        conditions=conditions or ctx.t("none-mark"),
        status=ctx.t(status),
        **await _labels(ctx, product),
    )


def person_card(ctx: BotContext, person: Person, institution: Institution | None,
                enterprise: Enterprise | None) -> str:
    """For organizers only (they may see contacts)."""
    if institution is not None:
        place = ctx.t("person-place-institution", name=institution.name, status=staff_status_label(ctx, person))
    elif enterprise is not None:
        place = ctx.t("person-place-enterprise", name=enterprise.name, contact=enterprise.contact_name,
                      phone=enterprise.phone)
    else:
        place = ctx.t("none-mark")
    return ctx.t(
        "person-card",
        name=person.full_name,
        username=f"@{person.username}" if person.username else "",
        tg_id=str(person.tg_id),
        role=ctx.t(f"role-{person.role}"),
        place=Html(place),
        suspended=ctx.t("status-suspended") if person.suspended else "",
    )


def fit(header: str, blocks: list[str]) -> str:
    """The header and as many blocks as fit in one message."""
    text = header
    for block in blocks:
        if len(text) + len(block) + 2 > MAX_MESSAGE:
            break
        text += "\n\n" + block
    return text
