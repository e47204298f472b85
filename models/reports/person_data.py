"""Privacy requests (PIPL): find a person, and export everything held about them as one JSON document.

Organizers act in chat (bot/features/privacy.py); the operator acts with `finmatch person export|erase`
(actor None: whoever runs the command holds the database already). Erasure is in models/operations/erasure.py.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from enum import Enum
from typing import Any

from tortoise.expressions import Q
from tortoise.models import Model

from models.clock import utcnow
from models.errors import Refused
from models.parsers.phone import PhoneError, parse_phone
from models.rules.rights import require_organizer
from models.tables.audit import AuditEntry, record
from models.tables.drafts import Draft
from models.tables.enterprises import Enterprise, FinancingNeed
from models.tables.events import Registration
from models.tables.institutions import Institution, Invitation
from models.tables.intents import Intent, Meeting
from models.tables.invite_guard import WrongInviteCode
from models.tables.outbox import OutboxMessage
from models.tables.people import Person
from models.unit_of_work import unit_of_work

MAX_MATCHES = 10
USERNAME = re.compile(r"^@?([A-Za-z][A-Za-z0-9_]{3,31})$")


def require_privacy_right(actor: Person | None, action: str) -> None:
    """Organizers in chat; None is the operator at the command line."""
    if actor is not None:
        require_organizer(actor, action)


async def find_people(actor: Person | None, reference: str) -> list[Person]:
    """People (never erased ones) matching an id, a Telegram id, @username, a phone or an exact name."""
    require_privacy_right(actor, "person.find")
    reference = reference.strip()
    if not reference:
        return []
    query = Person.filter(erased_at__isnull=True)
    if reference.isdigit() and len(reference) <= 15:
        number = int(reference)
        by_number = Q(tg_id=number) | Q(id=number) if number < 2**31 else Q(tg_id=number)  # id is 32-bit
        found = await query.filter(by_number).order_by("id").limit(MAX_MATCHES)
        if found:
            return found
    if reference.startswith("@") and (match := USERNAME.match(reference)):
        return await query.filter(username__iexact=match[1]).order_by("id").limit(MAX_MATCHES)
    try:
        phone = parse_phone(reference)
    except PhoneError:
        phone = None
    if phone is not None:
        enterprises = await Enterprise.filter(phone=phone).values_list("id", flat=True)
        return await query.filter(enterprise_id__in=list(enterprises)).order_by("id").limit(MAX_MATCHES)
    enterprises = await Enterprise.filter(contact_name=reference).values_list("id", flat=True)
    return await query.filter(Q(full_name=reference) | Q(enterprise_id__in=list(enterprises))) \
        .order_by("id").limit(MAX_MATCHES)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


def _row(model: Model, *names: str) -> dict[str, Any]:
    return {name: _plain(getattr(model, name)) for name in names}


async def _enterprise_part(person: Person) -> dict[str, Any] | None:
    if person.enterprise_id is None:
        return None
    enterprise = await Enterprise.get(id=person.enterprise_id)
    needs = await FinancingNeed.filter(enterprise_id=enterprise.id).order_by("id")
    return {
        **_row(enterprise, "id", "name", "uscc", "tier", "chain_id", "district", "contact_name", "phone",
               "suspended", "created_at"),
        "needs": [_row(n, "id", "amount", "kind", "term_months", "purpose", "guarantee", "open", "created_at")
                  for n in needs],
    }


async def _institution_part(person: Person) -> dict[str, Any] | None:
    if person.institution_id is None:
        return None
    institution = await Institution.get(id=person.institution_id)
    return {**_row(institution, "id", "name", "kind"), "staff_status": _plain(person.staff_status)}


async def _activity(person: Person) -> dict[str, Any]:
    registrations = await Registration.filter(person_id=person.id).prefetch_related("event").order_by("id")
    intents = await Intent.filter(proposed_by_id=person.id).order_by("id")
    meetings = await Meeting.filter(requested_by_id=person.id).order_by("id")
    invitations = await Invitation.filter(used_by_id=person.id).order_by("id")
    return {
        "registrations": [{**_row(r, "id", "event_id", "status", "signed_up_at", "checked_in_at", "confirmed_at",
                                  "rating"), "event": r.event.title} for r in registrations],
        "intents_proposed": [_row(i, "id", "enterprise_id", "institution_id", "kind", "amount", "term_months",
                                  "status", "created_at") for i in intents],
        "meetings_requested": [_row(m, "id", "event_id", "enterprise_id", "institution_id", "status", "slot_start",
                                    "slot_end") for m in meetings],
        "invitations_used": [_row(i, "id", "institution_id", "used_at") for i in invitations],
    }


async def _held_for_chat(person: Person) -> dict[str, Any]:
    draft = await Draft.get_or_none(tg_id=person.tg_id)
    outbox = await OutboxMessage.filter(chat_id=person.tg_id).order_by("id")
    wrong_codes = await WrongInviteCode.filter(person_id=person.id).order_by("id")
    return {
        "unfinished_form": _row(draft, "form", "step", "data", "updated_at") if draft else None,
        "messages_to_them": [{**_row(m, "key", "method", "status", "created_at", "sent_at"),
                              "text": m.payload.get("text") or m.payload.get("caption")} for m in outbox],
        "wrong_invitation_codes": [_row(w, "at", "hint") for w in wrong_codes],
    }


async def _audit_part(person: Person) -> list[dict[str, Any]]:
    entries = await AuditEntry.filter(Q(actor_id=person.id) | Q(entity="person", entity_id=person.id)).order_by("id")
    return [_row(e, "at", "actor_id", "action", "entity", "entity_id", "before", "after") for e in entries]


async def export_person(actor: Person | None, person_id: int) -> dict[str, Any]:
    """Everything held about one person, as plain JSON-ready data (PIPL's right of access)."""
    require_privacy_right(actor, "person.export")
    person = await Person.get_or_none(id=person_id, erased_at__isnull=True)
    if person is None:
        raise Refused("privacy-person-unknown")
    document = {
        "exported_at": utcnow().isoformat(),
        "person": _row(person, "id", "tg_id", "full_name", "username", "language", "is_organizer", "staff_status",
                       "suspended", "blocked_bot", "created_at"),
        "enterprise": await _enterprise_part(person),
        "institution": await _institution_part(person),
        **await _activity(person),
        **await _held_for_chat(person),
        "audit": await _audit_part(person),
    }
    async with unit_of_work():  # who looked at everything about whom, and when (not what)
        await record(actor, "person.export", "person", person.id,
                     after={"by": "organizer" if actor is not None else "operator (finmatch person export)"})
    return document
