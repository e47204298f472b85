"""Staff invitations (one-time deep-link codes), joining, and organizers managing people."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from tortoise.expressions import Q

from models.clock import utcnow
from models.domain_events import StaffJoined
from models.enums import Role, StaffStatus
from models.errors import Refused
from models.rules.rights import refuse, require_organizer
from models.tables.audit import record
from models.tables.enterprises import Enterprise
from models.tables.institutions import Institution, Invitation
from models.tables.invite_guard import count_wrong_code, refuse_if_locked
from models.tables.people import ACTIVE_STAFF, Person
from models.unit_of_work import emit, unit_of_work

CODE_BYTES = 16  # 22 url-safe characters: "inv_" + code fits Telegram's 64-character start payload


def hash_code(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def now_utc() -> datetime:
    return utcnow()


def person_snapshot(person: Person) -> dict[str, Any]:
    return {
        "institution_id": person.institution_id,
        "staff_status": str(person.staff_status) if person.staff_status else None,
        "enterprise_id": person.enterprise_id,
        "suspended": person.suspended,
        "is_organizer": person.is_organizer,
    }


def _invitation_snapshot(invitation: Invitation) -> dict[str, Any]:
    def iso(value: datetime | None) -> str | None:
        return value.isoformat() if value else None

    return {"institution_id": invitation.institution_id, "expires_at": iso(invitation.expires_at),
            "used_by_id": invitation.used_by_id, "used_at": iso(invitation.used_at),
            "revoked_at": iso(invitation.revoked_at)}


# ------------------------------------------------------------------ invitations


async def create_invitation(actor: Person, institution_id: int, ttl_days: int) -> tuple[Invitation, str]:
    """A fresh single-use code for one institution; only its hash is stored, the code is shown once."""
    require_organizer(actor, "invitation.create")
    institution = await Institution.get_or_none(id=institution_id)
    if institution is None:
        raise refuse(actor, "invitation.create")
    if institution.suspended:
        raise Refused("institution-suspended", name=institution.name)
    code = secrets.token_urlsafe(CODE_BYTES)
    async with unit_of_work():
        invitation = await Invitation.create(
            code_hash=hash_code(code), institution=institution, created_by=actor,
            expires_at=now_utc() + timedelta(days=ttl_days),
        )
        await record(actor, "invitation.create", "invitation", invitation.id, after=_invitation_snapshot(invitation))
    return invitation, code


async def open_invitations(actor: Person, institution_id: int) -> list[Invitation]:
    require_organizer(actor, "invitation.list")
    return await Invitation.filter(
        institution_id=institution_id, used_by_id=None, revoked_at=None, expires_at__gt=now_utc()
    ).order_by("id")


async def revoke_invitation(actor: Person, invitation_id: int) -> Invitation:
    require_organizer(actor, "invitation.revoke")
    invitation = await Invitation.get_or_none(id=invitation_id)
    if invitation is None:
        raise refuse(actor, "invitation.revoke")
    if invitation.used_by_id is not None or invitation.revoked_at is not None:
        raise Refused("invite-not-open")
    async with unit_of_work():
        before = _invitation_snapshot(invitation)
        invitation.revoked_at = now_utc()
        claimed = await Invitation.filter(id=invitation.id, used_by_id=None, revoked_at=None).update(
            revoked_at=invitation.revoked_at
        )
        if not claimed:
            raise Refused("invite-not-open")
        await record(actor, "invitation.revoke", "invitation", invitation.id, before=before,
                     after=_invitation_snapshot(invitation))
    return invitation


def _refuse_joining(actor: Person, institution_id: int) -> None:
    if actor.role is Role.organizer:
        raise Refused("invite-organizer")
    if actor.suspended:
        raise Refused("invite-suspended")
    if actor.enterprise_id is not None:
        raise Refused("invite-enterprise")
    if actor.role is Role.staff:
        raise Refused("invite-already-staff-here" if actor.institution_id == institution_id else "invite-other-staff")


async def _usable_invitation(actor: Person, code: str) -> Invitation:
    invitation = await Invitation.get_or_none(code_hash=hash_code(code)) if code else None
    if invitation is None:
        raise Refused("invite-unknown")
    if invitation.revoked_at is not None:
        raise Refused("invite-revoked")
    if invitation.used_by_id == actor.id and actor.institution_id == invitation.institution_id:
        raise Refused("invite-already-staff-here")  # the same link opened again by whoever joined with it
    if invitation.used_by_id is not None:
        raise Refused("invite-used")
    if invitation.expires_at <= now_utc():
        raise Refused("invite-expired")
    return invitation


async def accept_invitation(actor: Person, code: str) -> Institution:
    """Whoever opens the link becomes staff (invited) of its institution; the code then dies.
    Wrong codes are counted: too many lock the person out for a while (models/tables/invite_guard.py)."""
    await refuse_if_locked(actor)
    try:
        invitation = await _usable_invitation(actor, code)
    except Refused as refusal:
        if refusal.key != "invite-unknown":
            raise
        await count_wrong_code(actor, code)  # raises invite-unknown, or invite-too-many when it starts a lockout
        raise
    _refuse_joining(actor, invitation.institution_id)
    institution = await Institution.get(id=invitation.institution_id)
    if institution.suspended:
        raise Refused("institution-suspended", name=institution.name)
    at = now_utc()
    async with unit_of_work():
        claimed = await Invitation.filter(
            id=invitation.id, used_by_id=None, revoked_at=None, expires_at__gt=at
        ).update(used_by_id=actor.id, used_at=at)
        if not claimed:
            raise Refused("invite-used")
        before = person_snapshot(actor)
        actor.institution_id, actor.staff_status = institution.id, StaffStatus.invited
        await actor.save(update_fields=["institution_id", "staff_status"])
        await record(actor, "staff.join", "person", actor.id, before=before,
                     after={**person_snapshot(actor), "invitation_id": invitation.id})
        emit(StaffJoined(actor.id, institution.id))
    return institution


# ------------------------------------------------------------------ organizers manage people


@dataclass(frozen=True)
class PersonChange:
    """What an organizer's action did, and to whom (their menu is refreshed afterwards)."""

    person: Person
    action: str


ACTIONS = ("verify", "suspend", "reinstate", "revoke", "promote", "demote")


def available_actions(target: Person, pinned_ids: list[int]) -> list[str]:
    """The actions that make sense for this person now (the buttons an organizer sees)."""
    actions: list[str] = []
    if target.is_organizer:
        return ["demote"] if target.tg_id not in pinned_ids else []
    if target.staff_status is StaffStatus.invited and not target.suspended:
        actions.append("verify")
    if target.suspended:
        actions.append("reinstate")
    elif target.role in (Role.staff, Role.enterprise):
        actions.append("suspend")
    if target.role is Role.staff or target.enterprise_id is not None or target.suspended:
        actions.append("revoke")
    return [*actions, "promote"]


async def change_person(actor: Person, target_id: int, action: str, *, pinned_ids: list[int]) -> PersonChange:
    """verify / suspend / reinstate / revoke / promote / demote one person; organizers only."""
    require_organizer(actor, f"person.{action}")
    target = await Person.get_or_none(id=target_id)
    if target is None or action not in ACTIONS:
        raise refuse(actor, f"person.{action}")
    if action not in available_actions(target, pinned_ids):
        raise Refused("person-action-not-now")
    async with unit_of_work():
        before = person_snapshot(target)
        await _APPLY[action](target, actor)
        await target.save(update_fields=["institution_id", "staff_status", "enterprise_id", "suspended",
                                         "is_organizer"])
        await record(actor, f"person.{action}", "person", target.id, before=before, after=person_snapshot(target))
    return PersonChange(target, action)


async def _verify(target: Person, actor: Person) -> None:
    target.staff_status = StaffStatus.verified


async def _suspend(target: Person, actor: Person) -> None:
    """Suspending an enterprise's representative suspends the enterprise and all its representatives."""
    target.suspended = True
    if target.staff_status in ACTIVE_STAFF:
        target.staff_status = StaffStatus.suspended
    if target.enterprise_id is not None:
        await _set_enterprise_suspended(actor, target.enterprise_id, target.id, True)


async def _reinstate(target: Person, actor: Person) -> None:
    target.suspended = False
    if target.staff_status is StaffStatus.suspended:
        target.staff_status = StaffStatus.verified
    if target.enterprise_id is not None:
        await _set_enterprise_suspended(actor, target.enterprise_id, target.id, False)


async def _set_enterprise_suspended(actor: Person, enterprise_id: int, target_id: int, suspended: bool) -> None:
    enterprise = await Enterprise.get(id=enterprise_id)
    if enterprise.suspended != suspended:
        await Enterprise.filter(id=enterprise_id).update(suspended=suspended)
        await record(actor, "enterprise.suspend" if suspended else "enterprise.reinstate", "enterprise",
                     enterprise_id, before={"suspended": enterprise.suspended}, after={"suspended": suspended})
    await Person.filter(enterprise_id=enterprise_id).exclude(id=target_id).update(suspended=suspended)


async def _revoke(target: Person, actor: Person) -> None:
    """Staff lose their institution's access; a representative is detached from the enterprise."""
    if target.staff_status is not None:
        target.staff_status = StaffStatus.revoked
    target.enterprise_id = None
    target.suspended = False


async def _promote(target: Person, actor: Person) -> None:
    target.is_organizer = True


async def _demote(target: Person, actor: Person) -> None:
    """Never the last organizer; organizers pinned in ORGANIZER_IDS are not offered (config wins)."""
    others = await Person.filter(is_organizer=True).exclude(id=target.id).count()
    if others == 0:
        raise Refused("organizer-last")
    target.is_organizer = False


_APPLY = {"verify": _verify, "suspend": _suspend, "reinstate": _reinstate, "revoke": _revoke,
          "promote": _promote, "demote": _demote}


PEOPLE_KINDS = ("staff", "enterprise", "organizer", "other")


async def list_people(actor: Person, kind: str, offset: int, limit: int) -> tuple[list[Person], int]:
    """People by group for the organizers' /people list (suspended ones included, marked)."""
    require_organizer(actor, "person.list")
    if kind == "staff":
        query = Person.filter(institution_id__isnull=False, is_organizer=False,
                              staff_status__in=[StaffStatus.invited, StaffStatus.verified, StaffStatus.suspended])
    elif kind == "enterprise":
        query = Person.filter(enterprise_id__isnull=False, is_organizer=False)
    elif kind == "organizer":
        query = Person.filter(is_organizer=True)
    elif kind == "other":
        query = Person.filter(Q(staff_status__isnull=True) | Q(staff_status=StaffStatus.revoked),
                              is_organizer=False, enterprise_id__isnull=True)
    else:
        raise refuse(actor, "person.list")
    query = query.filter(erased_at__isnull=True)  # an erased person is nobody to manage (models/operations/erasure.py)
    rows = await query.order_by("-id").offset(offset).limit(limit)
    return rows, await query.count()


async def person_for_organizer(actor: Person, person_id: int) -> tuple[Person, Institution | None, Enterprise | None]:
    require_organizer(actor, "person.view")
    target = await Person.get_or_none(id=person_id)
    if target is None:
        raise refuse(actor, "person.view")
    institution = await Institution.get_or_none(id=target.institution_id) if target.institution_id else None
    enterprise = await Enterprise.get_or_none(id=target.enterprise_id) if target.enterprise_id else None
    return target, institution, enterprise
