"""One-to-one meetings at events: /meetings, and the buttons `mt:r:<event>:<party>` (request, the
other party being an institution for an enterprise and an enterprise for staff), `mt:a:<id>`
(accept), `mt:d:<id>` (decline) and `mt:x:<id>` (the requester withdraws a request, either side cancels an
accepted meeting; a declined one can be asked for again). The other side is told by notices/meetings.py."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.context import BotContext
from bot.guard import button_refusals, callback_parts, command_refusals, number
from models.enums import MeetingStatus, Role
from models.errors import NotAllowed
from models.operations.meetings import answer_meeting, end_meeting, may_answer, may_end, meetings_of, request_meeting
from models.rules.rights import contacts_visible, may_see_contacts
from models.tables.intents import Meeting
from notices.meetings import meeting_line


@command_refusals
async def meetings_command(update: Update, ctx: BotContext) -> None:
    if ctx.me.role not in (Role.staff, Role.enterprise):
        await update.effective_message.reply_text(ctx.t("matches-who"))
        return
    meetings = await meetings_of(ctx.me)
    if not meetings:
        await update.effective_message.reply_text(ctx.t("meetings-none"))
        return
    allowed = await contacts_visible(ctx.me, [m.enterprise_id for m in meetings])
    lines = [meeting_line(m, ctx.lang, ctx.settings.tz, contacts=m.enterprise_id in allowed) for m in meetings]
    rows = [[InlineKeyboardButton(ctx.t("btn-meeting-accept-n", number=i), callback_data=f"mt:a:{m.id}"),
             InlineKeyboardButton(ctx.t("btn-meeting-decline-n", number=i), callback_data=f"mt:d:{m.id}")]
            for i, m in enumerate(meetings, 1) if may_answer(ctx.me, m)]
    rows += [[InlineKeyboardButton(ctx.t(f"btn-meeting-{end}-n", number=i), callback_data=f"mt:x:{m.id}")]
             for i, m in enumerate(meetings, 1) if (end := may_end(ctx.me, m))]
    text = ctx.t("meetings-title") + "\n" + "\n".join(f"{i}. {line}" for i, line in enumerate(lines, 1))
    await update.effective_message.reply_text(text[:4000], reply_markup=InlineKeyboardMarkup(rows) if rows else None)


async def _request(update: Update, ctx: BotContext, event_id: int, party_id: int) -> None:
    me = ctx.me
    if me.role is Role.enterprise:
        await request_meeting(me, event_id, me.enterprise_id, party_id)
    elif me.role is Role.staff:
        await request_meeting(me, event_id, party_id, me.institution_id)
    else:
        raise NotAllowed("meeting.request")
    await update.callback_query.answer(ctx.t("meeting-requested"), show_alert=False)


async def _answer(update: Update, ctx: BotContext, meeting_id: int, accept: bool) -> None:
    await answer_meeting(ctx.me, meeting_id, accept)
    await update.callback_query.answer()
    meeting = await Meeting.get(id=meeting_id).prefetch_related("event", "enterprise", "institution")
    key = "meeting-accepted" if meeting.status is MeetingStatus.accepted else "meeting-declined"
    contacts = await may_see_contacts(ctx.me, meeting.enterprise_id)
    await update.effective_message.reply_text(ctx.t(key) + "\n" + meeting_line(meeting, ctx.lang, ctx.settings.tz,
                                                                                contacts=contacts))


async def _end(update: Update, ctx: BotContext, meeting_id: int) -> None:
    change = await end_meeting(ctx.me, meeting_id)
    await update.callback_query.answer()
    meeting = await Meeting.get(id=meeting_id).prefetch_related("event", "enterprise", "institution")
    contacts = await may_see_contacts(ctx.me, meeting.enterprise_id)
    await update.effective_message.reply_text(ctx.t(f"meeting-done-{change.action}") + "\n" + meeting_line(
        meeting, ctx.lang, ctx.settings.tz, contacts=contacts))


@button_refusals
async def on_meeting_button(update: Update, ctx: BotContext) -> None:
    code, *rest = callback_parts(update, "mt")
    if code == "r" and len(rest) == 2:
        await _request(update, ctx, number(rest[0], "meeting.request"), number(rest[1], "meeting.request"))
    elif code in ("a", "d") and len(rest) == 1:
        await _answer(update, ctx, number(rest[0], "meeting.answer"), code == "a")
    elif code == "x" and len(rest) == 1:
        await _end(update, ctx, number(rest[0], "meeting.end"))
    else:
        raise NotAllowed("meeting")


HANDLERS = [
    CommandHandler("meetings", meetings_command),
    CallbackQueryHandler(on_meeting_button, pattern=r"^mt:"),
]
