"""Notices about financing intents: each change told to everyone it concerns but the one who made it,
and the nudge to the waiting party when a proposal has waited past the service time."""

from __future__ import annotations

from models.domain_events import IntentChanged
from models.operations.intent_routing import unattended
from models.parsers.money import Money
from models.rules.intent_rules import awaits_enterprise
from models.rules.rights import contacts_visible
from models.tables.intents import Intent
from models.tables.outbox import OutboxMessage, enqueue_many
from models.tables.people import Person, reachable_parties, reachable_representatives, reachable_staff
from notices.i18n import t
from notices.payloads import text_payload
from notices.recipients import recipients
from notices.render_intents import intent_card, open_button

BY_ENTERPRISE = ("confirm", "reject")  # an institution's offer answered by the enterprise reads differently


async def concerned(intent: Intent) -> list[Person]:
    """Everyone an intent concerns: the enterprise's people, the institution's staff, its proposer."""
    return await reachable_parties(enterprise_id=intent.enterprise_id, institution_id=intent.institution_id,
                                   person_id=intent.proposed_by_id)


def _same_answer(person: Person) -> tuple[str, int | None]:
    """Colleagues at one institution get one answer from models.rules.rights; anyone else their own."""
    if person.is_active_staff and not person.is_organizer:
        return "institution", person.institution_id
    return "person", person.id


async def seeing_contacts(people: list[Person], enterprise_id: int) -> set[int]:
    """The chat ids of those who may see the enterprise's contacts (models.rules.rights decides)."""
    answers: dict[tuple[str, int | None], bool] = {}
    for person in people:
        if _same_answer(person) not in answers:
            answers[_same_answer(person)] = enterprise_id in await contacts_visible(person, [enterprise_id])
    return {person.tg_id for person in people if answers[_same_answer(person)]}


def notice_key(intent: Intent, action: str) -> str:
    by_enterprise = action in BY_ENTERPRISE and awaits_enterprise(intent)
    return f"intent-notice-{action}" + ("-by-enterprise" if by_enterprise else "")


async def enterprise_key(intent: Intent, action: str) -> str:
    """What the enterprise's people read of a proposal made for it (by an organizer, or a colleague)."""
    if action != "propose":
        return notice_key(intent, action)
    return "intent-unattended-enterprise" if await unattended(intent) else "intent-notice-propose-for-enterprise"


async def intent_changed(change: IntentChanged) -> None:
    intent = change.intent or await Intent.get(id=change.intent_id).select_related("enterprise", "institution")
    people = await concerned(intent)
    allowed = await seeing_contacts(people, intent.enterprise_id)
    representatives = {p.tg_id for p in people if p.enterprise_id == intent.enterprise_id}
    keys = {False: notice_key(intent, change.action), True: await enterprise_key(intent, change.action)}
    payloads: dict[tuple[str, bool, bool], dict] = {}  # recipients who read the same text share its rendering
    rows = []
    for recipient in recipients(people, skip=change.actor_id):
        seen = (recipient.lang, recipient.chat_id in allowed, recipient.chat_id in representatives)
        if seen not in payloads:
            text = _notice_text(intent, change, keys[seen[2]], recipient.lang, contacts=seen[1])
            payloads[seen] = text_payload(text, open_button(intent.id, recipient.lang))
        rows.append(OutboxMessage(key=f"intent:{intent.id}:{change.version}:{recipient.chat_id}",
                                  chat_id=recipient.chat_id, broadcast=f"intent:{intent.id}",
                                  payload=payloads[seen]))
    await enqueue_many(rows)


def _notice_text(intent: Intent, change: IntentChanged, key: str, lang: str, *, contacts: bool) -> str:
    text = t(lang, key, institution=intent.institution.name) + "\n\n" + intent_card(intent, lang, contacts=contacts)
    if change.asked_amount is not None and change.asked_amount != intent.amount:
        text += "\n" + t(lang, "intent-notice-amount-changed", asked=Money(change.asked_amount),
                         confirmed=Money(intent.amount))
    if change.asked_term and intent.term_months and change.asked_term != intent.term_months:
        text += "\n" + t(lang, "intent-notice-term-changed", asked=change.asked_term, confirmed=intent.term_months)
    return text


async def nudge(intent: Intent, service_days: int) -> int:
    """The party the proposal waits for (the institution's staff, or the enterprise for an institution's offer).
    `intent` has its relations fetched."""
    waiting = await (reachable_representatives(enterprise_id=intent.enterprise_id) if awaits_enterprise(intent)
                     else reachable_staff(institution_id=intent.institution_id))
    allowed = await seeing_contacts(waiting, intent.enterprise_id)
    rows = []
    for recipient in recipients(waiting):
        card = intent_card(intent, recipient.lang, contacts=recipient.chat_id in allowed)
        text = t(recipient.lang, "intent-nudge", days=service_days) + "\n\n" + card
        rows.append(OutboxMessage(key=f"intent-nudge:{intent.id}:{recipient.chat_id}", chat_id=recipient.chat_id,
                                  payload=text_payload(text, open_button(intent.id, recipient.lang)),
                                  broadcast=f"intent:{intent.id}"))
    return await enqueue_many(rows)
