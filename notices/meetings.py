"""How one-to-one meetings read, and telling the other side of a request or an answer."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from models.domain_events import MeetingChanged
from models.enums import Role
from models.rules.rights import may_see_contacts
from models.tables.intents import Meeting
from models.tables.outbox import OutboxMessage, enqueue_many
from models.tables.people import Person, reachable_representatives, reachable_staff
from notices.config import config
from notices.i18n import t
from notices.payloads import text_payload
from notices.recipients import recipients
from notices.render_intents import contact_line


def meeting_line(meeting: Meeting, lang: str, tz: ZoneInfo, *, contacts: bool = False) -> str:
    """`meeting` has its event, enterprise and institution fetched; `contacts` as models.rules.rights allows."""
    slot = meeting.slot_start.astimezone(tz).strftime("%m-%d %H:%M") if meeting.slot_start else ""
    key = "meeting-line" if slot else "meeting-line-unslotted"  # no dangling separator before a missing slot
    return t(lang, key, event=meeting.event.title, enterprise=meeting.enterprise.name,
             institution=meeting.institution.name, status=t(lang, f"meeting-status-{meeting.status}"), slot=slot) \
        + (contact_line(meeting.enterprise, lang) if contacts else "")


def answer_buttons(meeting: Meeting, lang: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[
        InlineKeyboardButton(t(lang, "btn-meeting-accept"), callback_data=f"mt:a:{meeting.id}"),
        InlineKeyboardButton(t(lang, "btn-meeting-decline"), callback_data=f"mt:d:{meeting.id}"),
    ]])


async def _other_side(meeting: Meeting, actor: Person) -> list[Person]:
    if actor.role is Role.enterprise and actor.enterprise_id == meeting.enterprise_id:
        return await reachable_staff(institution_id=meeting.institution_id)
    return await reachable_representatives(enterprise_id=meeting.enterprise_id)


async def meeting_changed(change: MeetingChanged) -> None:
    meeting = await Meeting.get(id=change.meeting_id).prefetch_related("event", "enterprise", "institution")
    actor = await Person.get(id=change.actor_id)
    rows = []
    people = await _other_side(meeting, actor)
    allowed = {p.tg_id for p in people if await may_see_contacts(p, meeting.enterprise_id)}
    for recipient in recipients(people):
        lang = recipient.lang
        line = meeting_line(meeting, lang, config().settings.tz, contacts=recipient.chat_id in allowed)
        text = t(lang, f"meeting-notice-{change.action}") + "\n" + line
        markup = answer_buttons(meeting, lang) if change.action == "request" else None
        rows.append(OutboxMessage(key=f"meeting:{meeting.id}:{change.action}:{change.mark}:{recipient.chat_id}",
                                  chat_id=recipient.chat_id, payload=text_payload(text, markup),
                                  broadcast=f"meeting:{meeting.id}"))
    await enqueue_many(rows)
