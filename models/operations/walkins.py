"""Walk-ins (临时到场): an organizer registers at the door a visitor nobody announced, an enterprise known
by name or credit code or a new one with the fewest facts, and the visit counts as a check-in of the
event (an enterprise-visit) like any other."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q

from models.enums import District, EventStatus, RegistrationStatus, Tier
from models.errors import Refused
from models.operations.enterprise_ops import refuse_duplicate_uscc
from models.operations.signup_ops import CHECKIN_OPENS_BEFORE, Party
from models.parsers.uscc import UsccError, normalise_uscc, parse_uscc
from models.rules.rights import refuse, require_organizer
from models.tables.audit import record
from models.tables.chains import Chain
from models.tables.enterprises import Enterprise
from models.tables.events import Event, Registration
from models.tables.people import Person
from models.unit_of_work import unit_of_work

WALK_IN_STATUSES = (EventStatus.open, EventStatus.closed, EventStatus.held, EventStatus.archived)
MATCHES = 8


@dataclass(frozen=True)
class NewVisitor:
    name: str
    uscc: str
    contact_name: str
    phone: str
    district: District


def as_uscc(text: str) -> str | None:
    """The text as a valid credit code, or None when it is not one."""
    try:
        return parse_uscc(text)
    except UsccError:
        return None


def enterprise_query(text: str) -> Q:
    """Name contains the text, or the credit code begins with it (full-width and lower case accepted)."""
    code = normalise_uscc(text)
    by_code = Q(uscc__startswith=code) if code and code.isalnum() and any(ch.isdigit() for ch in code) else None
    by_name = Q(name__icontains=" ".join(text.split()))
    return by_name | by_code if by_code is not None else by_name


async def find_visitor(actor: Person, text: str) -> list[Enterprise]:
    require_organizer(actor, "event.walkin")
    code = as_uscc(text)
    if code is not None:
        return await Enterprise.filter(uscc=code)
    return await Enterprise.filter(enterprise_query(text)).order_by("name").limit(MATCHES)


async def walk_in_event(actor: Person, event_id: int, now: datetime, *, lock: bool = False) -> Event:
    """The event, when an organizer may register walk-ins at it now (from 3 hours before its start on)."""
    require_organizer(actor, "event.walkin")
    query = Event.filter(id=event_id)
    event = await (query.select_for_update() if lock else query).first()
    if event is None:
        raise refuse(actor, "event.walkin")
    if event.status not in WALK_IN_STATUSES:
        raise Refused("walkin-event-not-running")
    if now < event.starts_at - CHECKIN_OPENS_BEFORE:
        raise Refused("walkin-too-early")
    return event


async def _check_in_party(actor: Person, event: Event, enterprise: Enterprise, now: datetime) -> Registration:
    """A new registration checked in at once; a party already on the list is checked in (no walk-in)."""
    key = Party(enterprise.id, None).key(event.id)
    existing = await Registration.filter(party_key=key).select_for_update().first()
    if existing is not None and existing.status is RegistrationStatus.checked_in:
        raise Refused("walkin-already", name=enterprise.name)
    if existing is None:
        registration = await Registration.create(
            event=event, enterprise=enterprise, person=actor, status=RegistrationStatus.checked_in, party_key=key,
            signed_up_at=now, checked_in_at=now, walk_in=True)
        before = None
    else:
        before = {"status": existing.status.value}
        existing.walk_in = existing.status is RegistrationStatus.cancelled
        existing.status, existing.checked_in_at = RegistrationStatus.checked_in, now
        await existing.save(update_fields=["status", "checked_in_at", "walk_in"])
        registration = existing
    await record(actor, "event.walkin", "registration", registration.id, before=before,
                 after={"status": "checked_in", "enterprise_id": enterprise.id, "walk_in": registration.walk_in})
    return registration


async def walk_in(actor: Person, event_id: int, enterprise_id: int, now: datetime) -> Registration:
    """An enterprise already known to the programme comes in unannounced."""
    async with unit_of_work():
        event = await walk_in_event(actor, event_id, now, lock=True)
        enterprise = await Enterprise.get_or_none(id=enterprise_id)
        if enterprise is None:
            raise refuse(actor, "event.walkin")
        return await _check_in_party(actor, event, enterprise, now)


async def walk_in_new(actor: Person, event_id: int, visitor: NewVisitor, now: datetime) -> Registration:
    """A new enterprise with the fewest facts (tier "other", the event's chain), and its visit, together."""
    await refuse_duplicate_uscc(visitor.uscc)
    try:
        async with unit_of_work():
            event = await walk_in_event(actor, event_id, now, lock=True)
            chain_id = event.chain_id or (await Chain.filter(active=True).first().values_list("id", flat=True))
            enterprise = await Enterprise.create(name=visitor.name, uscc=visitor.uscc, tier=Tier.other,
                                                 chain_id=chain_id, district=visitor.district,
                                                 contact_name=visitor.contact_name, phone=visitor.phone)
            await record(actor, "enterprise.walkin", "enterprise", enterprise.id,
                         after={"name": visitor.name, "uscc": visitor.uscc, "event_id": event.id})
            return await _check_in_party(actor, event, enterprise, now)
    except IntegrityError:
        await refuse_duplicate_uscc(visitor.uscc)
        raise


async def enterprise_visits_of(event_id: int) -> int:
    return await Registration.filter(event_id=event_id, status=RegistrationStatus.checked_in,
                                     enterprise_id__isnull=False).count()
