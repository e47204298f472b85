"""Enterprises and institution staff: browse events, sign up (seat or waitlist), /myevents, cancel,
confirm attendance, check in at the venue (deep link ci_<code>), rate the event.
Callback data: su:<action>:<id>[:<stars>]; deep links ev_<event id> and ci_<check-in code>."""

from __future__ import annotations

import logging
from datetime import datetime

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.context import BotContext
from bot.deeplinks import deep_link
from models.clock import utcnow
from models.enums import EventStatus, RegistrationStatus, Role
from models.errors import NotAllowed, Refused
from models.operations.signup_ops import cancel_signup, check_in, confirm_attendance, my_registrations, rate, sign_up
from models.parsers.numbers import ascii_int
from models.tables.events import Event, Registration
from notices.i18n import Html
from notices.render_events import button, event_card, signup_keyboard, when_text

log = logging.getLogger(__name__)
PARTIES = (Role.enterprise, Role.staff)


def now() -> datetime:
    return utcnow()


async def _reply(update: Update, ctx: BotContext, key: str, **args: object) -> None:
    await update.effective_message.reply_text(ctx.t(key, **args))


async def open_events(update: Update, ctx: BotContext) -> None:
    events = await Event.filter(status=EventStatus.open, deadline__gt=now()).order_by("starts_at").limit(30)
    if not events:
        await _reply(update, ctx, "events-none-open")
        return
    rows = [[button(f"{e.starts_at.astimezone(ctx.settings.tz):%m-%d %H:%M} {e.title}"[:60], f"su:show:{e.id}")]
            for e in events]
    await update.effective_message.reply_text(ctx.t("events-list-open"), reply_markup=InlineKeyboardMarkup(rows))


async def show_public(update: Update, ctx: BotContext, event_id: int) -> None:
    event = await Event.get_or_none(id=event_id)
    if event is None or event.status in (EventStatus.draft, EventStatus.archived):
        await _reply(update, ctx, "event-not-found")
        return
    card = await event_card(event, ctx.lang, ctx.settings.tz)
    keyboard = signup_keyboard(event.id, ctx.lang) if event.status is EventStatus.open else None
    if ctx.me.role not in PARTIES:
        card += "\n\n" + ctx.t("signup-register-first")
        keyboard = None
    await update.effective_message.reply_text(card, reply_markup=keyboard)


@deep_link("ev")
async def event_link(update: Update, ctx: BotContext, argument: str) -> None:
    if ascii_int(argument) is None:
        await _reply(update, ctx, "event-not-found")
        return
    await show_public(update, ctx, int(argument))


@deep_link("ci")
async def checkin_link(update: Update, ctx: BotContext, argument: str) -> None:
    try:
        done = await check_in(ctx.me, argument[:32], now())
    except NotAllowed:  # scanned by someone who is not (yet) an enterprise or staff member here
        await _reply(update, ctx, "checkin-register-first")
        return
    except Refused as refusal:
        await _reply(update, ctx, refusal.key, **refusal.args_for_text)
        return
    event = await Event.get(id=done.registration.event_id)
    if done.earlier is not None:
        await _reply(update, ctx, "checkin-already", title=event.title,
                     at=done.earlier.astimezone(ctx.settings.tz).strftime("%H:%M"))
        return
    await _reply(update, ctx, "checkin-done", title=event.title)


async def myevents_command(update: Update, ctx: BotContext) -> None:
    try:
        registrations = await my_registrations(ctx.me, now())
    except Refused:
        await _reply(update, ctx, "signup-register-first")
        return
    if not registrations:
        await _reply(update, ctx, "myevents-none")
        return
    for registration in registrations[:20]:
        event: Event = registration.event
        text = ctx.t("myevents-line", title=event.title, status=ctx.t(f"registration-{registration.status.value}"),
                     when=when_text(event.starts_at, event.ends_at, ctx.lang, ctx.settings.tz),
                     venue=event.venue or "-")
        keyboard = None
        if registration.status in (RegistrationStatus.registered, RegistrationStatus.waitlisted):
            keyboard = InlineKeyboardMarkup([[button(ctx.t("btn-cancel-signup"), f"su:drop:{registration.id}")]])
        await update.effective_message.reply_text(text, reply_markup=keyboard)


async def _join(update: Update, ctx: BotContext, event_id: int) -> None:
    registration = await sign_up(ctx.me, event_id, now())
    event = await Event.get(id=event_id)
    if registration.status is RegistrationStatus.registered:
        await _reply(update, ctx, "signup-seat", title=event.title)
        return
    ahead = await Registration.filter(
        event_id=event_id, status=RegistrationStatus.waitlisted, signed_up_at__lt=registration.signed_up_at,
        enterprise_id__isnull=registration.enterprise_id is None,
    ).count()
    await _reply(update, ctx, "signup-waitlisted", title=event.title, position=ahead + 1)


async def _drop(update: Update, ctx: BotContext, registration_id: int) -> None:
    await cancel_signup(ctx.me, registration_id, now())
    await _reply(update, ctx, "signup-cancelled")


async def _act(update: Update, ctx: BotContext, action: str, target: int, extra: str) -> None:
    if action == "show":
        await show_public(update, ctx, target)
    elif action == "join":
        await _join(update, ctx, target)
    elif action == "drop":
        await _drop(update, ctx, target)
    elif action == "come":
        await confirm_attendance(ctx.me, target, now())
        await _reply(update, ctx, "signup-confirmed")
    else:
        await rate(ctx.me, target, int(extra))
        await update.callback_query.edit_message_text(ctx.t("rating-thanks", stars=Html("⭐" * int(extra))))


async def on_button(update: Update, ctx: BotContext) -> None:
    query = update.callback_query
    parts = (query.data or "").split(":")
    valid = len(parts) in (3, 4) and parts[1] in ("show", "join", "drop", "come", "rate")
    valid = valid and ascii_int(parts[2]) is not None
    if valid and parts[1] == "rate":
        valid = len(parts) == 4 and parts[3] in ("1", "2", "3", "4", "5")
    if not valid:
        log.warning("forged sign-up button %r from %s", query.data, ctx.me.tg_id)
        await query.answer(ctx.t("form-stale-button"))
        return
    try:
        await _act(update, ctx, parts[1], int(parts[2]), parts[3] if len(parts) == 4 else "")
    except Refused as refusal:
        await query.answer(ctx.t(refusal.key, **refusal.args_for_text), show_alert=True)
        return
    await query.answer()


HANDLERS = [
    CommandHandler("myevents", myevents_command),
    CallbackQueryHandler(on_button, pattern=r"^su:"),
]
