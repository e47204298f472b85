"""Organizers hear of everyone who joins an institution through an invitation, with a button to review."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from models.domain_events import StaffJoined
from models.tables.institutions import Institution
from models.tables.outbox import OutboxMessage, enqueue_many
from models.tables.people import Person, reachable_organizers
from notices.i18n import t
from notices.payloads import text_payload
from notices.recipients import recipients


async def staff_joined(change: StaffJoined) -> None:
    person = await Person.get(id=change.person_id)
    institution = await Institution.get(id=change.institution_id)
    rows = []
    for recipient in recipients(await reachable_organizers()):
        lang = recipient.lang
        review = InlineKeyboardMarkup([[InlineKeyboardButton(t(lang, "btn-review-person"),
                                                             callback_data=f"pc:{person.id}")]])
        text = t(lang, "staff-joined-notice", person=person.full_name, institution=institution.name)
        rows.append(OutboxMessage(key=f"joined:{person.id}:{institution.id}:{recipient.chat_id}",
                                  chat_id=recipient.chat_id, payload=text_payload(text, review),
                                  broadcast=f"joined:{person.id}"))
    await enqueue_many(rows)
