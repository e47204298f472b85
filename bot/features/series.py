"""Organizers and recurring series: /series (list, pause, resume) and /newseries (a form).
A new series creates and announces its sessions within `days_ahead` at once; the `series:{id}`
job creates the following ones as they enter the window. Callback data: sr:<action>:<series id>."""

from __future__ import annotations

import logging
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.context import BotContext
from bot.event_steps import SERIES_STEPS
from bot.forms import Choice, Form, Step, begin, register_form, save_confirmed
from bot.guard import organizers_only
from models.clock import utcnow
from models.enums import SeriesKind
from models.errors import Refused
from models.operations.series_ops import (
    DEFAULT_MINUTES,
    SeriesFacts,
    create_series,
    next_uncreated,
    set_series_active,
)
from models.parsers.numbers import ascii_int
from models.tables.drafts import Draft
from models.tables.events import Series
from models.tables.outbox import delivery
from notices.events import broadcast_of
from notices.render_events import button, chain_name, recurrence_text, series_line

log = logging.getLogger(__name__)


async def _confirm_choices(ctx: BotContext, data: dict[str, Any]) -> list[Choice]:
    return [Choice("save", ctx.t("btn-confirm")), Choice("cancel", ctx.t("btn-cancel"))]


async def _summary(ctx: BotContext, data: dict[str, Any]) -> str:
    facts = _facts(data)
    plan = [await chain_name(chain_id, ctx.lang) for chain_id in facts.chain_plan]
    return ctx.t("series-summary", title=facts.title, kind=ctx.t(f"series-kind-{facts.kind.value}"),
                 recurrence=recurrence_text(facts.recurrence, ctx.lang),
                 plan=" → ".join(plan) or ctx.t("series-plan-none"),
                 venue=facts.venue, seats_enterprise=facts.seats_enterprise,
                 seats_institution=facts.seats_institution, days_ahead=facts.days_ahead)


def _facts(data: dict[str, Any]) -> SeriesFacts:
    kind = SeriesKind(data["kind"])
    location = data.get("location") or [None, None]
    return SeriesFacts(
        kind=kind, title=data["title"], recurrence=data["recurrence"], chain_plan=list(data["chain_plan"]),
        venue=data["venue"], latitude=location[0], longitude=location[1],
        seats_enterprise=int(data["seats_enterprise"]), seats_institution=int(data["seats_institution"]),
        days_ahead=int(data["days_ahead"]), duration_minutes=DEFAULT_MINUTES[kind],
    )


async def _finish(update: Update, ctx: BotContext, draft: Draft) -> None:
    created = await save_confirmed(update, ctx, NEW_SERIES, draft,
                                   lambda: create_series(ctx.me, _facts(draft.data), utcnow(), ctx.settings.tz),
                                   back_to_confirm=True)
    if created is None:
        return
    series, events = created.series, created.events
    told = sum([(await delivery(broadcast_of(event.id, "announce"))).total for event in events])
    text = ctx.t("series-created", title=series.title, events=len(events), told=told)
    upcoming = await next_uncreated(series, utcnow(), ctx.settings.tz)
    if upcoming is not None:
        start, publish = (moment.astimezone(ctx.settings.tz).strftime("%Y-%m-%d %H:%M") for moment in upcoming)
        text += "\n" + ctx.t("series-next-session", start=start, publish=publish)
    await update.effective_message.reply_text(text)


NEW_SERIES = register_form(Form(
    name="series",
    steps=[*SERIES_STEPS.values(), Step("confirm", "series-summary", choices=_confirm_choices, render=_summary)],
    finish=_finish,
))


@organizers_only
async def newseries_command(update: Update, ctx: BotContext) -> None:
    await begin(update, ctx, NEW_SERIES)


@organizers_only
async def series_command(update: Update, ctx: BotContext) -> None:
    all_series = await Series.all().order_by("id").limit(30)
    if not all_series:
        await update.effective_message.reply_text(ctx.t("series-none"))
        return
    for series in all_series:
        action = ("pause", "btn-series-pause") if series.active else ("resume", "btn-series-resume")
        keyboard = InlineKeyboardMarkup([[button(ctx.t(action[1]), f"sr:{action[0]}:{series.id}")]])
        await update.effective_message.reply_text(await series_line(series, ctx.lang), reply_markup=keyboard)


async def on_button(update: Update, ctx: BotContext) -> None:
    query = update.callback_query
    parts = (query.data or "").split(":")
    if len(parts) != 3 or parts[1] not in ("pause", "resume") or ascii_int(parts[2]) is None:
        log.warning("forged series button %r from %s", query.data, ctx.me.tg_id)
        await query.answer(ctx.t("form-stale-button"))
        return
    try:
        series = await set_series_active(ctx.me, int(parts[2]), parts[1] == "resume")
    except Refused as refusal:
        await query.answer(ctx.t(refusal.key, **refusal.args_for_text), show_alert=True)
        return
    await query.answer()
    await update.effective_message.reply_text(ctx.t("series-resumed" if series.active else "series-paused-now",
                                                    title=series.title))


HANDLERS = [
    CommandHandler("series", series_command),
    CommandHandler("newseries", newseries_command),
    CallbackQueryHandler(on_button, pattern=r"^sr:"),
]
