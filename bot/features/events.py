"""Organizers and single events: /newevent (a form), /events, and each event's buttons
(open, close, cancel, edit, sign-ups, check-in QR). Callback data: ev:<action>:<event id>."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Location, Message, Update
from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot import forms
from bot.chat_scope import on_not_text
from bot.context import BotContext
from bot.event_steps import EVENT_STEPS
from bot.features import signup_list, walkins
from bot.features.event_delivery import delivery_section, resend, unreached_list
from bot.forms import DONE, MAX_TEXT, Choice, Form, Step, advance, begin, register_form, save_confirmed
from bot.guard import organizers_only
from models.clock import utcnow
from models.enums import EventStatus, Role, SeriesKind
from models.errors import Refused
from models.operations.event_ops import (
    CANCELLABLE,
    EDITABLE,
    EventFacts,
    create_event,
    edit_event,
    organizer_event,
    seat_counts,
    set_status,
    upcoming_events,
)
from models.parsers.numbers import ascii_int
from models.tables.drafts import Draft, current_draft, drop_draft
from models.tables.events import Event
from models.tables.outbox import delivery
from models.words import status_word
from notices.calendar_files import qr_png
from notices.events import broadcast_of
from notices.i18n import Html
from notices.links import link
from notices.render_events import button, event_card

log = logging.getLogger(__name__)
ACTIONS = ("show", "open", "close", "cancel", "cancelok", "edit", "regs", "qr", "refresh", "resend", "unsure",
           "who", "deadline")
MAX_LIST = 60


def now() -> datetime:
    return utcnow()


async def _confirm_choices(ctx: BotContext, data: dict[str, Any]) -> list[Choice]:
    return [Choice(value, ctx.t(key)) for value, key in (("save", "btn-confirm"), ("edit", "btn-edit"),
                                                         ("cancel", "btn-cancel"))]


async def _summary(ctx: BotContext, data: dict[str, Any]) -> str:
    facts = _facts(data)
    preview = Event(**{k: v for k, v in facts.__dict__.items() if k not in ("tiers", "districts")},
                    status=EventStatus.draft)
    return ctx.t("event-summary", card=Html(await event_card(preview, ctx.lang, ctx.settings.tz, organizer=True)))


def _facts(data: dict[str, Any]) -> EventFacts:
    location = data.get("location") or [None, None]
    audience = data.get("audience") or {"tiers": [], "districts": []}
    return EventFacts(
        title=data["title"], kind=SeriesKind(data["kind"]),
        chain_id=None if data["chain_id"] == "none" else int(data["chain_id"]),
        starts_at=datetime.fromisoformat(data["starts_at"]), ends_at=datetime.fromisoformat(data["ends_at"]),
        venue=data["venue"], latitude=location[0], longitude=location[1],
        seats_enterprise=int(data["seats_enterprise"]), seats_institution=int(data["seats_institution"]),
        deadline=datetime.fromisoformat(data["deadline"]), description=data.get("description", ""),
        target_visits=data.get("target_visits"), tiers=audience["tiers"], districts=audience["districts"],
    )


async def _finish_new(update: Update, ctx: BotContext, draft: Draft) -> None:
    event = await save_confirmed(update, ctx, NEW_EVENT, draft, lambda: create_event(ctx.me, _facts(draft.data)),
                                 back_to_confirm=True)
    if event is None:
        return
    await update.effective_message.reply_text(ctx.t("event-created", id=event.id))
    await show_event(update, ctx, event.id)


async def _field_choices(ctx: BotContext, data: dict[str, Any]) -> list[Choice]:
    return [Choice(name, ctx.t(f"event-field-{name}")) for name in EDITABLE]


def _route_new(step: str, value: Any, data: dict[str, Any]) -> str | None:
    """From the summary, one answer can be changed (then back to the summary); a refusal also returns there."""
    if step == "confirm":
        return "pick_field" if value == "edit" else DONE
    if step == "pick_field":
        data["_return"] = "confirm"
        data["_moved_from"] = data.get("starts_at")
        return str(value)
    if step == "starts_at" and data.get("_moved_from"):  # a new start keeps the length and the deadline's lead
        _shift(data, datetime.fromisoformat(value) - datetime.fromisoformat(data.pop("_moved_from")))
    return None


def _shift(data: dict[str, Any], by: timedelta) -> None:
    for name in ("ends_at", "deadline"):
        if name in data:
            data[name] = (datetime.fromisoformat(data[name]) + by).isoformat()


NEW_EVENT = register_form(Form(
    name="event",
    steps=[*EVENT_STEPS.values(),
           Step("confirm", "event-summary", choices=_confirm_choices, columns=3, render=_summary),
           Step("pick_field", "ask-event-field", choices=_field_choices, columns=2)],
    finish=_finish_new,
    route=_route_new,
))


def _route_edit(step: str, value: Any, data: dict[str, Any]) -> str | None:
    return str(value) if step == "pick_field" else DONE


def _edit_value(name: str, value: Any) -> Any:
    if name == "chain_id":
        return None if value == "none" else int(value)
    return value


async def _finish_edit(update: Update, ctx: BotContext, draft: Draft) -> None:
    await drop_draft(ctx.me.tg_id)
    name = draft.data["pick_field"]
    try:
        change = await edit_event(ctx.me, int(draft.data["event_id"]), name, _edit_value(name, draft.data[name]))
    except Refused as refusal:
        await update.effective_message.reply_text(ctx.t(refusal.key, **refusal.args_for_text))
        return
    await update.effective_message.reply_text(ctx.t("event-edited", told=len(change.affected)))
    await show_event(update, ctx, change.event.id)


EDIT_EVENT = register_form(Form(
    name="event_edit",
    steps=[Step("pick_field", "ask-event-field", choices=_field_choices, columns=2),
           *(EVENT_STEPS[name] for name in EDITABLE)],
    finish=_finish_edit,
    route=_route_edit,
))


def manage_keyboard(event_id: int, status: EventStatus, ctx: BotContext,
                    delivery_buttons: list[InlineKeyboardButton]) -> InlineKeyboardMarkup:
    rows = [[button(ctx.t("btn-event-refresh"), f"ev:refresh:{event_id}")]]
    rows += [delivery_buttons[i:i + 2] for i in range(0, len(delivery_buttons), 2)]
    if status in (EventStatus.draft, EventStatus.closed):
        rows.append([button(ctx.t("btn-event-open"), f"ev:open:{event_id}")])
    if status is EventStatus.open:
        rows.append([button(ctx.t("btn-event-close"), f"ev:close:{event_id}")])
    if status in (EventStatus.draft, EventStatus.open, EventStatus.closed):
        rows.append([button(ctx.t("btn-event-edit"), f"ev:edit:{event_id}"),
                     button(ctx.t("btn-event-cancel"), f"ev:cancel:{event_id}")])
    rows.append([button(ctx.t("btn-event-regs"), f"ev:regs:{event_id}"),
                 button(ctx.t("btn-event-qr"), f"ev:qr:{event_id}")])
    rows.append([walkins.button(ctx, event_id), signup_list.buttons(ctx, event_id)[1]])  # door and desk (issue 9)
    return InlineKeyboardMarkup(rows)


async def _manage_view(ctx: BotContext, event_id: int) -> tuple[str, InlineKeyboardMarkup]:
    """The organizer's card of an event: facts, seats, and what became of each of its broadcasts."""
    event = await organizer_event(ctx.me, event_id)
    card = await event_card(event, ctx.lang, ctx.settings.tz, await seat_counts(event.id), organizer=True)
    delivery_lines, delivery_buttons = await delivery_section(ctx, event.id)
    share = link(ctx.bot.username, "ev", str(event.id))
    text = ctx.t("event-manage", card=Html(card), link=share) + delivery_lines
    return text[:MAX_TEXT], manage_keyboard(event.id, event.status, ctx, delivery_buttons)


async def show_event(update: Update, ctx: BotContext, event_id: int, *, in_place: bool = False) -> None:
    """Send the card, or (a button on the card) refresh it where it is."""
    text, keyboard = await _manage_view(ctx, event_id)
    query = update.callback_query
    if in_place and query is not None and isinstance(query.message, Message):
        if query.message.text_html != text or query.message.reply_markup != keyboard:  # else Telegram refuses
            await query.edit_message_text(text, reply_markup=keyboard)
        return
    await update.effective_message.reply_text(text, reply_markup=keyboard)


async def events_command(update: Update, ctx: BotContext) -> None:
    if ctx.me.role is not Role.organizer:
        from bot.features.signup import open_events

        await open_events(update, ctx)
        return
    events = await upcoming_events(now())
    if not events:
        await update.effective_message.reply_text(ctx.t("events-none-organizer"))
        return
    rows = [[button(f"#{e.id} {e.starts_at.astimezone(ctx.settings.tz):%m-%d %H:%M} {e.title}"[:60]
                    + f" · {ctx.t(f'event-status-{e.status.value}')}", f"ev:show:{e.id}")] for e in events]
    await update.effective_message.reply_text(ctx.t("events-list-organizer"), reply_markup=InlineKeyboardMarkup(rows))


@organizers_only
async def newevent_command(update: Update, ctx: BotContext) -> None:
    await begin(update, ctx, NEW_EVENT)


async def _send_qr(update: Update, ctx: BotContext, event_id: int) -> None:
    event = await organizer_event(ctx.me, event_id)
    checkin = link(ctx.bot.username, "ci", event.checkin_code)
    await update.effective_message.reply_photo(qr_png(checkin), caption=ctx.t("event-qr-caption", title=event.title,
                                                                              link=checkin))


async def _status(update: Update, ctx: BotContext, event_id: int, status: EventStatus) -> None:
    try:
        change = await set_status(ctx.me, event_id, status)
    except Refused as refusal:
        if refusal.key != "event-open-deadline-passed":
            raise
        keyboard = InlineKeyboardMarkup([[button(ctx.t("btn-event-new-deadline"), f"ev:deadline:{event_id}")]])
        await update.effective_message.reply_text(ctx.t(refusal.key, **refusal.args_for_text), reply_markup=keyboard)
        return
    if status is EventStatus.open:
        queued = await delivery(broadcast_of(event_id, "announce"))
        await update.effective_message.reply_text(ctx.t("event-opened", count=queued.total))
    else:
        await update.effective_message.reply_text(ctx.t(f"event-now-{status.value}", told=len(change.affected)))
    # open and close are pressed on the card itself; a cancellation is confirmed below it
    await show_event(update, ctx, event_id, in_place=status is not EventStatus.cancelled)


async def on_button(update: Update, ctx: BotContext) -> None:
    query = update.callback_query
    _, action, raw_id = ((query.data or "") + "::").split(":")[:3]
    if action not in ACTIONS or ascii_int(raw_id) is None:
        log.warning("forged event button %r from %s", query.data, ctx.me.tg_id)
        await query.answer(ctx.t("form-stale-button"))
        return
    try:
        await _act(update, ctx, action, int(raw_id))
    except Refused as refusal:
        await query.answer(ctx.t(refusal.key, **refusal.args_for_text), show_alert=True)
        return
    await query.answer()


async def _editable_event(ctx: BotContext, event_id: int) -> Event:
    """An edit of an event that can no longer change is refused at the press, not after the form."""
    event = await organizer_event(ctx.me, event_id)
    if event.status not in CANCELLABLE:
        raise Refused("event-status-not-allowed", status=status_word("event-status", event.status))
    return event


async def _act(update: Update, ctx: BotContext, action: str, event_id: int) -> None:
    if action in ("show", "refresh"):
        await show_event(update, ctx, event_id, in_place=action == "refresh")
    elif action in ("resend", "unsure"):
        await organizer_event(ctx.me, event_id)
        await update.effective_message.reply_text(await resend(ctx, event_id, unsure=action == "unsure"))
        await show_event(update, ctx, event_id, in_place=True)
    elif action == "who":
        await organizer_event(ctx.me, event_id)
        await update.effective_message.reply_text(await unreached_list(ctx, event_id))
    elif action == "deadline":
        await _editable_event(ctx, event_id)
        await begin(update, ctx, EDIT_EVENT, {"event_id": event_id, "pick_field": "deadline"}, step="deadline")
    elif action in ("open", "close", "cancelok"):
        status = {"open": EventStatus.open, "close": EventStatus.closed, "cancelok": EventStatus.cancelled}[action]
        await _status(update, ctx, event_id, status)
    elif action == "cancel":
        event = await organizer_event(ctx.me, event_id)
        keyboard = InlineKeyboardMarkup([[button(ctx.t("btn-event-cancel-confirm"), f"ev:cancelok:{event_id}")]])
        await update.effective_message.reply_text(ctx.t("event-cancel-confirm", title=event.title),
                                                  reply_markup=keyboard)
    elif action == "edit":
        await _editable_event(ctx, event_id)
        await begin(update, ctx, EDIT_EVENT, {"event_id": event_id})
    elif action == "regs":
        await organizer_event(ctx.me, event_id)
        await signup_list.send_list(update, ctx, event_id)
    else:
        await _send_qr(update, ctx, event_id)


async def on_location(update: Update, ctx: BotContext) -> None:
    """A shared location answers the location step of an event or series form."""
    draft = await current_draft(ctx.me.tg_id)
    location: Location | None = update.effective_message.location
    if draft is None or draft.step != "location" or draft.form not in forms.FORMS or location is None:
        await on_not_text(update, ctx)  # another step asks again, for text
        return
    await advance(update, ctx, forms.FORMS[draft.form], draft, [location.latitude, location.longitude])


HANDLERS = [
    CommandHandler("events", events_command),
    CommandHandler("newevent", newevent_command),
    CallbackQueryHandler(on_button, pattern=r"^ev:"),
    MessageHandler(filters.LOCATION, on_location),
]
