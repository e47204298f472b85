"""Who may do what. Every domain operation calls one of these with the acting person;
handlers never decide a right, and callback data is never trusted."""

from __future__ import annotations

import logging
from typing import Any

from models.enums import RegistrationStatus, Role
from models.errors import NotAllowed
from models.people import Person

log = logging.getLogger("finmatch.rights")


def refuse(actor: Person | None, action: str) -> NotAllowed:
    """Log the refusal (a forged button shows up here) and return the error to raise."""
    log.warning("refused %s to person %s", action, actor.id if actor else None)
    return NotAllowed(action)


def require_role(actor: Person, action: str, *roles: Role) -> None:
    if actor.role not in roles:
        raise refuse(actor, action)


def require_organizer(actor: Person, action: str) -> None:
    require_role(actor, action, Role.organizer)


def require_staff_of(actor: Person, institution_id: int, action: str) -> None:
    """Active staff of exactly this institution (organizers are not staff: they propose, staff confirm)."""
    if not actor.is_active_staff or actor.institution_id != institution_id:
        raise refuse(actor, action)


def require_representative_of(actor: Person, enterprise_id: int, action: str) -> None:
    if actor.suspended or actor.enterprise_id != enterprise_id:
        raise refuse(actor, action)


def is_active_staff(actor: Person) -> bool:
    return actor.is_active_staff


def require_staff_or_organizer(actor: Person, institution_id: int, action: str) -> None:
    """Organizers see every institution; staff see only their own."""
    if actor.role is Role.organizer:
        return
    require_staff_of(actor, institution_id, action)


async def deals_with(institution_id: int, enterprise_id: int) -> bool:
    """An intent or a meeting between them, or both signed up for the same event."""
    from models.events import Registration
    from models.intents import Intent, Meeting

    if await Intent.exists(institution_id=institution_id, enterprise_id=enterprise_id):
        return True
    if await Meeting.exists(institution_id=institution_id, enterprise_id=enterprise_id):
        return True
    live = [RegistrationStatus.registered, RegistrationStatus.waitlisted, RegistrationStatus.checked_in]
    events = await Registration.filter(enterprise_id=enterprise_id, status__in=live).values_list("event_id", flat=True)
    if not events:
        return False
    return await Registration.exists(institution_id=institution_id, status__in=live, event_id__in=list(events))


async def may_see_contact(actor: Person, enterprise_id: int) -> bool:
    """Phones and contact names: organizers, the enterprise itself, and staff of an institution it deals with."""
    if actor.role is Role.organizer:
        return True
    if actor.enterprise_id == enterprise_id and not actor.suspended:
        return True
    if not is_active_staff(actor):
        return False
    assert actor.institution_id is not None
    return await deals_with(actor.institution_id, enterprise_id)


# ------------------------------------------------------------------ STUB (helper `excel`): the `rights` helper
# adds the real one; the lead reconciles at merge. Call sites: models/signup_list.py.
async def may_see_contacts(person: Person, enterprise: Any) -> bool:
    """Whether `person` may see `enterprise`'s contacts (phone, contact name) and its place on sign-up lists."""
    return await may_see_contact(person, enterprise.id)
