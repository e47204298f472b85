"""Who may do what. Every domain operation calls one of these with the acting person;
handlers never decide a right, and callback data is never trusted."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable

from tortoise.expressions import Q, Subquery

from models.enums import EventStatus, IntentStatus, MeetingStatus, ProposerSide, RegistrationStatus, Role
from models.errors import NotAllowed
from models.tables.people import Person

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


SEATED = (RegistrationStatus.registered, RegistrationStatus.checked_in)
OPEN_INTENT = (IntentStatus.proposed, IntentStatus.confirmed, IntentStatus.approved, IntentStatus.disbursed)
AGREED_INTENT = (IntentStatus.confirmed, IntentStatus.approved, IntentStatus.disbursed)
Relation = Callable[[int, list[int]], Awaitable[set[int]]]


async def _meeting_accepted(institution_id: int, enterprise_ids: list[int]) -> set[int]:
    from models.tables.intents import Meeting

    return set(await Meeting.filter(institution_id=institution_id, enterprise_id__in=enterprise_ids,
                                    status=MeetingStatus.accepted).values_list("enterprise_id", flat=True))


async def _same_event_attended(institution_id: int, enterprise_ids: list[int]) -> set[int]:
    """Both with a seat (registered, then checked in) at one event that was not cancelled."""
    from models.tables.events import Registration

    theirs = Registration.filter(institution_id=institution_id, status__in=SEATED,
                                 event__status__not=EventStatus.cancelled).values("event_id")
    return set(await Registration.filter(enterprise_id__in=enterprise_ids, status__in=SEATED,
                                         event_id__in=Subquery(theirs)).values_list("enterprise_id", flat=True))


async def _intent_of_the_enterprise(institution_id: int, enterprise_ids: list[int]) -> set[int]:
    """Proposed by the enterprise (itself, or an organizer on its behalf) and still open, or offered by the
    institution and confirmed by the enterprise. Rejected, withdrawn and expired intents never count."""
    from models.tables.intents import Intent

    proposed = Q(proposer_side__in=[ProposerSide.enterprise, ProposerSide.organizer], status__in=OPEN_INTENT)
    confirmed = Q(proposer_side=ProposerSide.institution, status__in=AGREED_INTENT)
    return set(await Intent.filter(proposed | confirmed, institution_id=institution_id,
                                   enterprise_id__in=enterprise_ids).values_list("enterprise_id", flat=True))


# "Dealing with" an enterprise: each of these relations, and nothing else (tests/test_contact_rights.py
# holds a case for every row and for the rows that do not count). The intent comes first: every notice
# and card of an intent the enterprise proposed asks about it, and an enterprise found is not asked again.
RELATIONS: dict[str, Relation] = {
    "intent the enterprise proposed or confirmed": _intent_of_the_enterprise,
    "meeting accepted": _meeting_accepted,
    "same event attended": _same_event_attended,
}


async def related_enterprises(institution_id: int, enterprise_ids: Iterable[int]) -> set[int]:
    """Of these enterprises, those the institution deals with: one query per relation however many are asked."""
    wanted = sorted(set(enterprise_ids))
    found: set[int] = set()
    for relation in RELATIONS.values():
        if wanted:
            found |= await relation(institution_id, wanted)
            wanted = [i for i in wanted if i not in found]
    return found


async def deals_with(institution_id: int, enterprise_id: int) -> bool:
    return enterprise_id in await related_enterprises(institution_id, [enterprise_id])


async def contacts_visible(person: Person, enterprise_ids: Iterable[int]) -> set[int]:
    """The batch form of `may_see_contacts`: of these enterprises, those whose contacts `person` may see."""
    wanted = set(enterprise_ids)
    if person.role is Role.organizer:
        return wanted
    own = {person.enterprise_id} & wanted if person.enterprise_id is not None and not person.suspended else set()
    if not is_active_staff(person) or person.institution_id is None:
        return own
    return own | await related_enterprises(person.institution_id, wanted - own)


async def may_see_contacts(person: Person, enterprise_id: int) -> bool:
    """Whether `person` may see the enterprise's contact person and phone: organizers, the enterprise's own
    representatives, and active staff of an institution that deals with it (see `related_enterprises`)."""
    return enterprise_id in await contacts_visible(person, [enterprise_id])
