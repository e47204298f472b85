"""An event's sign-up list for the door and the desk (as a message and as an .xlsx file): `/signups`,
the 👥 button on the organizer's event card. Callback data: sl:m:<event> (message), sl:x:<event> (file)."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.context import BotContext
from bot.guard import button_refusals, callback_parts, command_refusals, keyboard, number
from models.clock import utcnow
from models.enums import EventStatus, Role
from models.errors import NotAllowed
from models.reports.signup_list import SignupLine, signup_list, signup_workbook
from models.rules.rights import refuse
from models.tables.events import Event

MAX_MESSAGE = 4000
RECENT_DAYS = 7
SHOWN_EVENTS = 10


def buttons(ctx: BotContext, event_id: int) -> list[InlineKeyboardButton]:
    """The list's buttons, also on the organizer's event card."""
    return [InlineKeyboardButton(ctx.t("btn-signups"), callback_data=f"sl:m:{event_id}"),
            InlineKeyboardButton(ctx.t("btn-signups-xlsx"), callback_data=f"sl:x:{event_id}")]


def _time(ctx: BotContext, at: datetime | None) -> str:
    return at.astimezone(ctx.settings.tz).strftime("%H:%M") if at else ""


def _line(ctx: BotContext, line: SignupLine) -> str:
    place = (ctx.t("signups-waitlist", place=line.waitlist_place) if line.waitlist_place
             else ctx.t("signups-seat"))
    status = ctx.t(f"registration-{line.status.value}")
    if line.checked_in_at:
        status += " " + _time(ctx, line.checked_in_at)
    if line.walk_in:
        status += " " + ctx.t("signups-walk-in")
    details = [ctx.t(f"tier-{line.tier.value}") if line.tier else ctx.t("signups-institution"),
               line.chain.label(ctx.lang) if line.chain else ""]
    return ctx.t("signups-line", number=line.number, name=line.name, contact=line.contact_name or "-",
                 phone=line.phone or "-", details=" · ".join(d for d in details if d), place=place, status=status)


def _chunks(header: str, lines: list[str]) -> list[str]:
    """The list in as few messages as Telegram allows (4096 characters each)."""
    messages, current = [], header
    for line in lines:
        if len(current) + len(line) + 1 > MAX_MESSAGE:
            messages.append(current)
            current = ""
        current = f"{current}\n{line}" if current else line
    return [*messages, current]


async def send_list(update: Update, ctx: BotContext, event_id: int) -> None:
    event, lines = await signup_list(ctx.me, event_id)
    seated = sum(1 for line in lines if line.waitlist_place is None)
    checked = sum(1 for line in lines if line.checked_in_at)
    header = ctx.t("signups-title", title=event.title, id=event.id, count=len(lines), seated=seated, checked=checked)
    if ctx.me.role is not Role.organizer:
        header += "\n" + ctx.t("signups-staff-note")
    if not lines:
        header += "\n" + ctx.t("signups-none")
    parts = _chunks(header, [_line(ctx, line) for line in lines])
    markup = InlineKeyboardMarkup([[InlineKeyboardButton(ctx.t("btn-signups-xlsx"), callback_data=f"sl:x:{event_id}")]])
    for i, part in enumerate(parts):
        await update.effective_message.reply_text(part, reply_markup=markup if i == len(parts) - 1 else None)


async def send_file(update: Update, ctx: BotContext, event_id: int) -> None:
    event, lines = await signup_list(ctx.me, event_id)
    data = signup_workbook(lines, ctx.settings.tz)
    start = event.starts_at.astimezone(ctx.settings.tz).strftime("%Y%m%d")
    await update.effective_message.reply_document(
        InputFile(io.BytesIO(data), filename=f"signups-{event.id}-{start}.xlsx"),
        caption=ctx.t("signups-file-caption", title=event.title, count=len(lines)))


@command_refusals
async def signups_command(update: Update, ctx: BotContext) -> None:
    """`/signups <event id>`, or the events to choose from (recent and coming ones)."""
    if ctx.me.role not in (Role.organizer, Role.staff):
        raise refuse(ctx.me, "event.signups")
    wanted = ctx.args[0].lstrip("#") if ctx.args else ""
    if wanted.isascii() and wanted.isdigit() and len(wanted) <= 9:
        await send_list(update, ctx, int(wanted))
        return
    since = utcnow().replace(microsecond=0) - timedelta(days=RECENT_DAYS)
    events = await (Event.filter(ends_at__gte=since).exclude(status__in=[EventStatus.draft, EventStatus.cancelled])
                    .order_by("starts_at").limit(SHOWN_EVENTS))
    if not events:
        await update.effective_message.reply_text(ctx.t("signups-no-events"))
        return
    rows = [[InlineKeyboardButton(ctx.t("signups-event-button", id=e.id, title=e.title,
                                        start=e.starts_at.astimezone(ctx.settings.tz).strftime("%m-%d %H:%M"))[:60],
                                  callback_data=f"sl:m:{e.id}")] for e in events]
    await update.effective_message.reply_text(ctx.t("signups-pick"), reply_markup=keyboard(rows))


@button_refusals
async def on_button(update: Update, ctx: BotContext) -> None:
    parts = callback_parts(update, "sl")
    if len(parts) != 2 or parts[0] not in ("m", "x"):
        raise NotAllowed("event.signups")
    event_id = number(parts[1], "event.signups")
    if parts[0] == "m":
        await send_list(update, ctx, event_id)
    else:
        await send_file(update, ctx, event_id)
    await update.callback_query.answer()


HANDLERS = [
    CommandHandler("signups", signups_command),
    CallbackQueryHandler(on_button, pattern=r"^sl:"),
]
