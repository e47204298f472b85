"""Erasing a person on request (PIPL): their personal data goes, what they did stays, anonymised.

Gone: name, username, language, Telegram id (so the person who writes again starts fresh), their role,
their unfinished form, every outbox row addressed to them, their wrong invitation codes, the enterprise's
contact (name and phone) when it was theirs, and those values wherever the audit trail quoted them.
Kept: intents, figures, registrations, meetings and audit rows, pointing at an anonymous person row.
The erasure itself is audited without the erased data.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from tortoise.expressions import Q

from models.clock import utcnow
from models.enums import StaffStatus
from models.errors import Refused
from models.reports.person_data import require_privacy_right
from models.tables.audit import AuditEntry, record
from models.tables.drafts import Draft
from models.tables.enterprises import Enterprise
from models.tables.invite_guard import WrongInviteCode
from models.tables.outbox import OutboxMessage
from models.tables.people import Person
from models.unit_of_work import unit_of_work

log = logging.getLogger("finmatch.privacy")
ERASED = "<erased>"


@dataclass(frozen=True)
class Erasure:
    person_id: int
    former_tg_id: int  # the chat whose menu is reset afterwards; kept nowhere in the database
    contact_cleared: bool
    drafts: int
    messages: int
    audit_rows_scrubbed: int


async def _is_enterprise_contact(person: Person, enterprise: Enterprise) -> bool:
    """The contact was this person's: their name, or no other representative is left to own it."""
    if enterprise.contact_name and enterprise.contact_name == person.full_name:
        return True
    return not await Person.filter(enterprise_id=enterprise.id, erased_at__isnull=True).exclude(id=person.id).exists()


def _scrub(value: Any, secrets: list[str]) -> Any:
    if isinstance(value, str):
        for secret in secrets:
            value = value.replace(secret, ERASED)
        return value
    if isinstance(value, dict):
        return {key: _scrub(item, secrets) for key, item in value.items()}
    if isinstance(value, list):
        return [_scrub(item, secrets) for item in value]
    return value


async def _scrub_audit(person: Person, enterprise_id: int | None, secrets: list[str]) -> int:
    """The audit trail keeps who did what, not the erased values it quoted before and after."""
    where = Q(actor_id=person.id) | Q(entity="person", entity_id=person.id)
    if enterprise_id is not None:
        where |= Q(entity="enterprise", entity_id=enterprise_id)
    changed = 0
    for entry in await AuditEntry.filter(where):
        before, after = _scrub(entry.before, secrets), _scrub(entry.after, secrets)
        if (before, after) != (entry.before, entry.after):
            await AuditEntry.filter(id=entry.id).update(before=before, after=after)
            changed += 1
    return changed


async def clears_contact(actor: Person | None, person_id: int) -> bool:
    """Whether erasing this person would clear their enterprise's contact (shown before confirming)."""
    require_privacy_right(actor, "person.erase")
    person = await Person.get_or_none(id=person_id, erased_at__isnull=True)
    if person is None or person.enterprise_id is None:
        return False
    return await _is_enterprise_contact(person, await Enterprise.get(id=person.enterprise_id))


async def _clear_contact(person: Person) -> tuple[bool, list[str]]:
    if person.enterprise_id is None:
        return False, []
    enterprise = await Enterprise.get(id=person.enterprise_id)
    if not await _is_enterprise_contact(person, enterprise):
        return False, []
    erased = [enterprise.contact_name, enterprise.phone]
    await Enterprise.filter(id=enterprise.id).update(contact_name="", phone="")
    return True, erased


async def _anonymise(person: Person) -> None:
    person.tg_id = -person.id  # unique, and no Telegram user has it: whoever writes from the old id is new
    person.full_name, person.username, person.language = "", None, None
    person.enterprise_id, person.institution_id = None, None
    if person.staff_status is not None:
        person.staff_status = StaffStatus.revoked
    person.suspended, person.blocked_bot, person.erased_at = False, True, utcnow()
    await person.save(update_fields=["tg_id", "full_name", "username", "language", "enterprise_id",
                                     "institution_id", "staff_status", "suspended", "blocked_bot", "erased_at"])


async def erase_person(actor: Person | None, person_id: int) -> Erasure:
    """Erase one person's personal data (organizers, or the operator: actor None). Organizers are demoted
    first, so that erasing never removes the last one."""
    require_privacy_right(actor, "person.erase")
    person = await Person.get_or_none(id=person_id, erased_at__isnull=True)
    if person is None:
        raise Refused("privacy-person-unknown")
    if person.is_organizer:
        raise Refused("privacy-erase-organizer")
    tg_id, enterprise_id = person.tg_id, person.enterprise_id
    async with unit_of_work():
        contact_cleared, contact_values = await _clear_contact(person)
        secrets = sorted({v for v in [person.full_name, person.username or "", *contact_values] if len(v) >= 2},
                         key=len, reverse=True)
        drafts = await Draft.filter(tg_id=tg_id).delete()
        messages = await OutboxMessage.filter(chat_id=tg_id).delete()
        await WrongInviteCode.filter(person_id=person.id).delete()
        scrubbed = await _scrub_audit(person, enterprise_id, secrets)
        await _anonymise(person)
        await record(actor, "person.erase", "person", person.id,
                     after={"enterprise_contact_cleared": contact_cleared, "drafts_deleted": drafts,
                            "messages_deleted": messages, "audit_rows_scrubbed": scrubbed,
                            "by": "organizer" if actor is not None else "operator (finmatch person erase)"})
    log.info("person %s erased (by %s)", person.id, actor.id if actor else "the operator")
    return Erasure(person.id, tg_id, contact_cleared, drafts, messages, scrubbed)
