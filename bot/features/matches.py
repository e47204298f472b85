"""/matches: staff see the enterprises that fit their products, enterprises the products that fit
their needs; at an event they are signed up for (picker) or across the programme.
Buttons: `mx:e:<event>` / `mx:all` pick, then `i:p` / `i:rec` to propose or record an intent and
`mt:r:<event>:<party>` to ask for a meeting."""

from __future__ import annotations

from datetime import datetime

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.context import BotContext
from bot.guard import button_refusals, callback_parts, command_refusals, number
from models.clock import utcnow
from models.enums import Role
from models.errors import NotAllowed
from models.rules.matching import Fit, enterprises_for_staff, products_for_enterprise, upcoming_events_of
from models.rules.near_misses import near_misses
from models.rules.rights import contacts_visible
from notices.render_intents import fit_line, near_miss_line


def _when(moment: datetime, ctx: BotContext) -> str:
    return moment.astimezone(ctx.settings.tz).strftime("%m-%d %H:%M")


@command_refusals
async def matches_command(update: Update, ctx: BotContext) -> None:
    if ctx.me.role not in (Role.staff, Role.enterprise):
        await update.effective_message.reply_text(ctx.t("matches-who"))
        return
    events = await upcoming_events_of(ctx.me, utcnow())
    if not events:
        await _show(update, ctx, None)
        return
    rows = [[InlineKeyboardButton(f"{_when(e.starts_at, ctx)} {e.title}"[:60], callback_data=f"mx:e:{e.id}")]
            for e in events]
    rows.append([InlineKeyboardButton(ctx.t("btn-matches-all"), callback_data="mx:all")])
    await update.effective_message.reply_text(ctx.t("matches-pick-event"), reply_markup=InlineKeyboardMarkup(rows))


def _buttons(fits: list[Fit], ctx: BotContext, event_id: int | None, for_staff: bool) -> list[list]:
    rows = []
    for i, fit in enumerate(fits, 1):
        if for_staff:
            row = [InlineKeyboardButton(ctx.t("btn-match-record", number=i),
                                        callback_data=f"i:rec:{fit.need.id}:{event_id or 0}")]
            party = fit.enterprise.id
        else:
            row = [InlineKeyboardButton(ctx.t("btn-match-propose", number=i),
                                        callback_data=f"i:p:{fit.product.id}:{fit.need.id}:{event_id or 0}")]
            party = fit.product.institution_id
        if event_id is not None:
            meet = f"mt:r:{event_id}:{party}"
            row.append(InlineKeyboardButton(ctx.t("btn-match-meet", number=i), callback_data=meet))
        rows.append(row)
    return rows


async def _show(update: Update, ctx: BotContext, event_id: int | None) -> None:
    for_staff = ctx.me.role is Role.staff
    finder = enterprises_for_staff if for_staff else products_for_enterprise
    fits = await finder(ctx.me, event_id)
    title = ctx.t("matches-title-staff" if for_staff else "matches-title-enterprise")
    allowed = await contacts_visible(ctx.me, [fit.enterprise.id for fit in fits]) if for_staff else set()
    lines = [fit_line(fit, ctx.lang, i, for_staff=for_staff, contacts=fit.enterprise.id in allowed)
             for i, fit in enumerate(fits, 1)]
    text = title + "\n\n" + ("\n".join(lines) if lines else await _none_fits(ctx, event_id, for_staff))
    markup = InlineKeyboardMarkup(_buttons(fits, ctx, event_id, for_staff)) if fits else None
    await update.effective_message.reply_text(text[:4000], reply_markup=markup)


async def _none_fits(ctx: BotContext, event_id: int | None, for_staff: bool) -> str:
    """Nothing fits: say so, and why the closest ones do not."""
    misses = await near_misses(ctx.me, event_id)
    if not misses:
        return ctx.t("matches-none")
    lines = [near_miss_line(miss, ctx.lang, i, for_staff=for_staff) for i, miss in enumerate(misses, 1)]
    return ctx.t("matches-none-near") + "\n" + "\n".join(lines)


@button_refusals
async def on_matches_button(update: Update, ctx: BotContext) -> None:
    parts = callback_parts(update, "mx")
    if parts == ["all"]:
        event_id = None
    elif len(parts) == 2 and parts[0] == "e":
        event_id = number(parts[1], "matches.event")
    else:
        raise NotAllowed("matches")
    await _show(update, ctx, event_id)
    await update.callback_query.answer()


HANDLERS = [
    CommandHandler("matches", matches_command),
    CallbackQueryHandler(on_matches_button, pattern=r"^mx:"),
]
