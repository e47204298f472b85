"""How enterprises, needs and digest times read in chat (Telegram HTML)."""

from __future__ import annotations

from typing import Any

from bot.context import BotContext
from models.parsers.money import format_amount
from models.rules.digest_rules import DigestRule, Frequency
from models.tables.chains import Chain
from models.tables.enterprises import Enterprise, FinancingNeed
from notices.i18n import Html


async def chain_label(chain_id: int | str, ctx: BotContext) -> str:
    chain = await Chain.get_or_none(id=int(chain_id))
    return chain.label(ctx.lang) if chain else "?"


def need_line(need: dict[str, Any] | FinancingNeed, ctx: BotContext, number: int) -> str:
    get = need.get if isinstance(need, dict) else lambda name: getattr(need, name)
    return ctx.t(
        "need-line",
        number=str(number),
        amount=format_amount(int(get("amount")), ctx.lang),
        kind=ctx.t(f"kind-{get('kind')}"),
        term=str(get("term_months")),
        purpose=get("purpose"),
        guarantee=ctx.t(f"guarantee-{get('guarantee')}"),
    )


async def enterprise_card(facts: dict[str, Any] | Enterprise, ctx: BotContext) -> str:
    get = facts.get if isinstance(facts, dict) else lambda name: getattr(facts, name)
    return ctx.t(
        "enterprise-card",
        name=get("name"),
        uscc=get("uscc"),
        tier=ctx.t(f"tier-{get('tier')}"),
        chain=await chain_label(get("chain_id"), ctx),
        district=ctx.t(f"district-{get('district')}"),
        contact=get("contact_name"),
        phone=get("phone"),
    )


def needs_block(needs: list[dict[str, Any]] | list[FinancingNeed], ctx: BotContext) -> Html:
    if not needs:
        return Html(ctx.t("needs-none"))
    return Html("\n".join(need_line(need, ctx, i) for i, need in enumerate(needs, 1)))


def rule_text(ctx: BotContext, rule: DigestRule) -> str:
    clock = f"{rule.at:%H:%M}"
    if rule.frequency is Frequency.weekly:
        return ctx.t("digest-rule-weekly", weekday=ctx.t(f"weekday-{rule.weekday + 1}"), time=clock)
    if rule.frequency is Frequency.monthly:
        return ctx.t("digest-rule-monthly", day=str(rule.day), time=clock)
    return ctx.t("digest-rule-daily", time=clock)
