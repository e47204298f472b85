"""/progress (every target: bar, value, percentage, pace per week) and /targets (set and delete
targets through a form). Organizers only; buttons `tg:add`, `tg:del:<id>`."""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.context import BotContext
from bot.forms import Choice, Form, Invalid, Step, begin, register_form
from bot.guard import button_refusals, callback_parts, command_refusals, number
from models.clock import today
from models.enums import TargetMetric, TargetScope
from models.errors import NotAllowed, Refused
from models.parsers.money import AmountError, parse_amount
from models.parsers.numbers import CountError, parse_count
from models.parsers.when import parse_period
from models.reports.targets import (
    AMOUNT_METRICS,
    TargetFacts,
    delete_target,
    list_targets,
    progress_report,
    scope_labels,
    set_target,
)
from models.rules.rights import require_organizer
from models.tables.chains import active_chains
from models.tables.drafts import Draft, current_draft, drop_draft
from models.tables.events import Event, Series
from models.tables.institutions import Institution
from notices.render_intents import figure, progress_block

MAX_COUNT = 1_000_000


@command_refusals
async def progress_command(update: Update, ctx: BotContext) -> None:
    report = await progress_report(ctx.me, ctx.settings.tz, ctx.lang)
    blocks = [progress_block(item, ctx.lang) for item in report]
    text = ctx.t("progress-title") + "\n\n" + ("\n\n".join(blocks) if blocks else ctx.t("progress-none"))
    await update.effective_message.reply_text(text[:4000])
    if not blocks:  # no target yet: the programme's running totals instead
        from bot.features.reports import send_overview

        await send_overview(update, ctx)


@command_refusals
async def targets_command(update: Update, ctx: BotContext) -> None:
    targets = (await list_targets(ctx.me))[:30]
    labels = await scope_labels(targets, ctx.lang)
    lines, rows = [], []
    for i, target in enumerate(targets, 1):
        label = labels.get((target.scope, target.scope_id), "")
        lines.append(ctx.t("target-line", number=str(i), metric=ctx.t(f"target-metric-{target.metric}"),
                           scope=ctx.t(f"target-scope-{target.scope}") + (f" · {label}" if label else ""),
                           value=figure(str(target.metric), target.value, ctx.lang), deadline=str(target.deadline)))
        rows.append([InlineKeyboardButton(ctx.t("btn-target-delete", number=i), callback_data=f"tg:del:{target.id}")])
    rows.insert(0, [InlineKeyboardButton(ctx.t("btn-target-add"), callback_data="tg:add")])
    text = ctx.t("targets-title") + "\n" + ("\n".join(lines) if lines else ctx.t("targets-none"))
    await update.effective_message.reply_text(text[:4000], reply_markup=InlineKeyboardMarkup(rows))


async def _metrics(ctx: BotContext, data: dict[str, Any]) -> list[Choice]:
    return [Choice(m.value, ctx.t(f"target-metric-{m.value}")) for m in TargetMetric]


async def _scopes(ctx: BotContext, data: dict[str, Any]) -> list[Choice]:
    scopes = [s for s in TargetScope
              if not (s is TargetScope.institution and data.get("metric") == TargetMetric.enterprise_visits)]
    return [Choice(s.value, ctx.t(f"target-scope-{s.value}")) for s in scopes]


async def _scope_items(ctx: BotContext, data: dict[str, Any]) -> list[Choice]:
    scope = data.get("scope")
    if scope == TargetScope.chain:
        return [Choice(str(c.id), c.label(ctx.lang)) for c in await active_chains()]
    if scope == TargetScope.institution:
        return [Choice(str(i.id), i.name) for i in await Institution.filter(suspended=False).order_by("name").limit(30)]
    if scope == TargetScope.series:
        return [Choice(str(s.id), s.title) for s in await Series.all().order_by("-id").limit(30)]
    if scope == TargetScope.event:
        events = await Event.all().order_by("-starts_at").limit(30)
        return [Choice(str(e.id), f"{e.starts_at.astimezone(ctx.settings.tz):%m-%d} {e.title}"[:60]) for e in events]
    return []


async def _parse_value(raw: str, ctx: BotContext) -> int:
    """An amount (as money is typed) for amount metrics, a whole number for counts; the metric is in the draft."""
    draft = await current_draft(ctx.me.tg_id)
    metric = draft.data.get("metric") if draft else None
    text = unicodedata.normalize("NFKC", raw).strip()
    if metric in AMOUNT_METRICS:
        try:
            return parse_amount(text, maximum=ctx.settings.max_amount_yuan * 100)
        except AmountError as error:
            raise Invalid("target-value-amount-invalid") from error
    try:
        count = parse_count(text)
    except CountError as error:
        raise Invalid("target-value-count-invalid") from error
    if not 0 < count <= MAX_COUNT:
        raise Invalid("target-value-count-invalid")
    return count


async def _parse_period(raw: str, ctx: BotContext) -> list[str]:
    try:
        start, end = parse_period(raw, today(ctx.settings.tz))
    except ValueError as error:
        raise Invalid("target-period-invalid") from error
    return [start.isoformat(), end.isoformat()]


def _route(step: str, value: Any, data: dict[str, Any]) -> str | None:
    if step == "scope" and value == TargetScope.programme:
        return "value"
    return None


async def _finish(update: Update, ctx: BotContext, draft: Draft) -> None:
    await drop_draft(ctx.me.tg_id)
    data = draft.data
    metric = TargetMetric(data["metric"])
    start, end = (date.fromisoformat(day) for day in data["period"])
    facts = TargetFacts(metric, TargetScope(data["scope"]), int(data["scope_id"]) if data.get("scope_id") else None,
                        int(data["value"]), start, end)
    try:
        await set_target(ctx.me, facts)
    except Refused as refusal:
        await update.effective_message.reply_text(ctx.t(refusal.key, **refusal.args_for_text))
        return
    await update.effective_message.reply_text(ctx.t("target-saved"))
    await progress_command(update, ctx)


TARGET_FORM = register_form(Form(name="target", finish=_finish, route=_route, steps=[
    Step("metric", "ask-target-metric", choices=_metrics, columns=1),
    Step("scope", "ask-target-scope", choices=_scopes, columns=3),
    Step("scope_id", "ask-target-scope-item", choices=_scope_items, columns=1),
    Step("value", "ask-target-value", parse=_parse_value),
    Step("period", "ask-target-period", parse=_parse_period),
]))


@button_refusals
async def on_target_button(update: Update, ctx: BotContext) -> None:
    parts = callback_parts(update, "tg")
    require_organizer(ctx.me, "target")
    if parts == ["add"]:
        await update.callback_query.answer()
        await begin(update, ctx, TARGET_FORM)
    elif len(parts) == 2 and parts[0] == "del":
        await delete_target(ctx.me, number(parts[1], "target.delete"))
        await update.callback_query.answer(ctx.t("target-deleted"))
        await targets_command(update, ctx)
    else:
        raise NotAllowed("target")


HANDLERS = [
    CommandHandler("progress", progress_command),
    CommandHandler("targets", targets_command),
    CallbackQueryHandler(on_target_button, pattern=r"^tg:"),
]
