"""Notices about financing intents: each change told to everyone it concerns but the one who made it,
and the nudge to staff when a proposal has waited past the service time."""

from __future__ import annotations

from models.domain_events import IntentChanged
from models.intents import Intent
from models.money import Money
from models.outbox import OutboxMessage, enqueue_many
from models.people import Person, reachable_representatives, reachable_staff
from notices.i18n import t
from notices.payloads import text_payload
from notices.recipients import recipients
from notices.render_intents import intent_card, open_button


async def concerned(intent: Intent) -> list[Person]:
    """Everyone an intent concerns: the enterprise's people, the institution's staff, its proposer."""
    people = await reachable_representatives(enterprise_id=intent.enterprise_id)
    people += await reachable_staff(institution_id=intent.institution_id)
    proposer = await Person.get_or_none(id=intent.proposed_by_id, blocked_bot=False)
    return [*people, proposer] if proposer is not None else people


async def intent_changed(change: IntentChanged) -> None:
    intent = await Intent.get(id=change.intent_id).prefetch_related("enterprise", "institution")
    rows = []
    for recipient in recipients(await concerned(intent), skip=change.actor_id):
        text = t(recipient.lang, f"intent-notice-{change.action}") + "\n\n" + intent_card(intent, recipient.lang)
        if change.asked_amount is not None and change.asked_amount != intent.amount:
            text += "\n" + t(recipient.lang, "intent-notice-amount-changed", asked=Money(change.asked_amount),
                              confirmed=Money(intent.amount))
        rows.append(OutboxMessage(key=f"intent:{intent.id}:{change.version}:{recipient.chat_id}",
                                  chat_id=recipient.chat_id, broadcast=f"intent:{intent.id}",
                                  payload=text_payload(text, open_button(intent.id, recipient.lang))))
    await enqueue_many(rows)


async def nudge(intent: Intent, service_days: int) -> int:
    """Staff of the institution: this proposal waits for their answer. `intent` has its relations fetched."""
    rows = []
    for recipient in recipients(await reachable_staff(institution_id=intent.institution_id)):
        text = t(recipient.lang, "intent-nudge", days=service_days) + "\n\n" + intent_card(intent, recipient.lang)
        rows.append(OutboxMessage(key=f"intent-nudge:{intent.id}:{recipient.chat_id}", chat_id=recipient.chat_id,
                                  payload=text_payload(text, open_button(intent.id, recipient.lang)),
                                  broadcast=f"intent:{intent.id}"))
    return await enqueue_many(rows)
