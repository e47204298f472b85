"""Who may do what. Every domain operation calls one of these with the acting person;
handlers never decide a right, and callback data is never trusted."""

from __future__ import annotations

import logging

from models.enums import Role, StaffStatus
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
    active = actor.staff_status in (StaffStatus.invited, StaffStatus.verified) and not actor.suspended
    if not active or actor.institution_id != institution_id:
        raise refuse(actor, action)


def require_representative_of(actor: Person, enterprise_id: int, action: str) -> None:
    if actor.suspended or actor.enterprise_id != enterprise_id:
        raise refuse(actor, action)
