"""A proposal that reached an institution nobody in the bot answers for (a head office without staff):
organizers are told at once, with a button to forward it to a staffed branch. (The enterprise's people
read where it stands in notices/intents.py, the one who proposed it in the bot's reply.)"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from models.domain_events import IntentChanged
from models.operations.intent_routing import unattended
from models.tables.intents import Intent
from models.tables.outbox import OutboxMessage, enqueue_many
from models.tables.people import reachable_organizers
from notices.i18n import t
from notices.payloads import text_payload
from notices.recipients import recipients
from notices.render_intents import intent_card


def route_button(intent_id: int, lang: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(t(lang, "btn-intent-route"),
                                                       callback_data=f"ir:l:{intent_id}")]])


async def unattended_proposal(change: IntentChanged) -> None:
    if change.action != "propose":
        return
    intent = await Intent.get(id=change.intent_id).select_related("enterprise", "institution")
    if not await unattended(intent):
        return
    rows = []
    for recipient in recipients(await reachable_organizers()):
        text = t(recipient.lang, "intent-unattended-organizer", institution=intent.institution.name) + "\n\n" + \
            intent_card(intent, recipient.lang, contacts=True)
        rows.append(OutboxMessage(key=f"intent-unattended:{intent.id}:{recipient.chat_id}", chat_id=recipient.chat_id,
                                  payload=text_payload(text, route_button(intent.id, recipient.lang)),
                                  broadcast=f"intent:{intent.id}"))
    await enqueue_many(rows)
