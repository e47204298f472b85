"""Sign-ups (报名 / 候补), cancellations with waitlist promotion, attendance, check-in (签到),
no-shows and ratings. The seat decision is atomic: the event row is locked for the transaction
(select_for_update on PostgreSQL; SQLite's single connection serialises transactions)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from models.domain_events import EventHeld
from models.enums import EventStatus, RegistrationStatus
from models.errors import Refused
from models.operations.event_ops import LIVE
from models.operations.waitlist import promote_into_free_seats
from models.rules.rights import is_active_staff, refuse
from models.tables.audit import record
from models.tables.events import Event, Registration
from models.tables.people import Person
from models.unit_of_work import emit, unit_of_work
from models.words import status_word

CHECKIN_OPENS_BEFORE = timedelta(hours=3)
CHECKIN_CLOSES_AFTER = timedelta(hours=1)
SEATED = (RegistrationStatus.registered, RegistrationStatus.checked_in)


@dataclass(frozen=True)
class Party:
    """Who a registration is for: an enterprise or an institution."""

    enterprise_id: int | None
    institution_id: int | None

    def key(self, event_id: int) -> str:
        if self.enterprise_id is not None:
            return f"{event_id}:e{self.enterprise_id}"
        return f"{event_id}:i{self.institution_id}"

    def seats(self, event: Event) -> int:
        return event.seats_enterprise if self.enterprise_id is not None else event.seats_institution

    def same_kind(self) -> dict[str, Any]:
        return {"institution_id__isnull": True} if self.enterprise_id is not None else {"enterprise_id__isnull": True}


@dataclass
class CancelResult:
    registration: Registration
    promoted: Registration | None


def party_of(actor: Person, action: str) -> Party:
    """Institution staff sign up their institution; a representative their enterprise."""
    if is_active_staff(actor):
        return Party(None, actor.institution_id)
    if actor.enterprise_id is not None and not actor.suspended:
        return Party(actor.enterprise_id, None)
    raise refuse(actor, action)


def _owns(actor: Person, registration: Registration) -> bool:
    if registration.institution_id is not None:
        return is_active_staff(actor) and actor.institution_id == registration.institution_id
    return not actor.suspended and actor.enterprise_id == registration.enterprise_id


def _refuse_closed(event: Event, now: datetime) -> None:
    if event.status is not EventStatus.open:
        raise Refused("signup-not-open")
    if now >= event.deadline or now >= event.starts_at:
        raise Refused("signup-deadline-passed")


async def _locked(event_id: int) -> Event:
    event = await Event.filter(id=event_id).select_for_update().first()
    if event is None:
        raise Refused("event-not-found")
    return event


async def sign_up(actor: Person, event_id: int, now: datetime) -> Registration:
    """A seat while there are seats for the actor's kind of party, else the end of the waitlist."""
    party = party_of(actor, "event.signup")
    async with unit_of_work():
        event = await _locked(event_id)
        _refuse_closed(event, now)
        existing = await Registration.get_or_none(party_key=party.key(event.id))
        if existing is not None and existing.status in LIVE:
            raise Refused("signup-already", status=existing.status.value)
        taken = await Registration.filter(event_id=event.id, status__in=SEATED, **party.same_kind()).count()
        status = RegistrationStatus.registered if taken < party.seats(event) else RegistrationStatus.waitlisted
        registration = await _write_registration(existing, event, party, actor, status, now)
        await record(actor, "event.signup", "registration", registration.id,
                     after={"event": event.id, "status": status.value, "party": registration.party_key})
    return registration


async def _write_registration(existing: Registration | None, event: Event, party: Party, actor: Person,
                              status: RegistrationStatus, now: datetime) -> Registration:
    """A new row, or the party's cancelled one again (at the end of the line: signed up now)."""
    if existing is None:
        return await Registration.create(
            event=event, enterprise_id=party.enterprise_id, institution_id=party.institution_id, person=actor,
            status=status, party_key=party.key(event.id), signed_up_at=now,
        )
    existing.status, existing.person_id, existing.signed_up_at = status, actor.id, now
    existing.confirmed_at = existing.checked_in_at = None
    await existing.save(update_fields=["status", "person_id", "signed_up_at", "confirmed_at", "checked_in_at"])
    return existing


async def owned_registration(actor: Person, registration_id: int, action: str) -> Registration:
    registration = await Registration.get_or_none(id=registration_id)
    if registration is None or not _owns(actor, registration):
        raise refuse(actor, action)
    return registration


async def cancel_signup(actor: Person, registration_id: int, now: datetime) -> CancelResult:
    """Give up a seat or a waitlist place; a freed seat goes to the first in line of the same kind."""
    await owned_registration(actor, registration_id, "event.signup.cancel")
    async with unit_of_work():
        registration = await Registration.get(id=registration_id)
        event = await _locked(registration.event_id)
        if registration.status not in (RegistrationStatus.registered, RegistrationStatus.waitlisted):
            raise Refused("signup-not-cancellable", status=status_word("registration", registration.status))
        if now >= event.starts_at:
            raise Refused("signup-event-started")
        if event.status is EventStatus.cancelled:  # everyone was told already; nobody is promoted into it
            raise Refused("signup-event-cancelled")
        freed = registration.status is RegistrationStatus.registered
        before = registration.status.value
        registration.status = RegistrationStatus.cancelled
        await registration.save(update_fields=["status"])
        await record(actor, "event.signup.cancel", "registration", registration.id,
                     before={"status": before}, after={"status": "cancelled"})
        promoted = await _promote_first(event, registration) if freed else None
    return CancelResult(registration, promoted)


async def _promote_first(event: Event, freed: Registration) -> Registration | None:
    """The seat `freed` gave up goes to the first in line of its kind (models/operations/waitlist.py, the one rule)."""
    seats_field = "seats_enterprise" if freed.enterprise_id is not None else "seats_institution"
    promoted = await promote_into_free_seats(None, event, seats_field)
    return promoted[0] if promoted else None


async def confirm_attendance(actor: Person, registration_id: int, now: datetime) -> Registration:
    registration = await owned_registration(actor, registration_id, "event.signup.confirm")
    if registration.status is not RegistrationStatus.registered:
        raise Refused("signup-not-confirmable", status=status_word("registration", registration.status))
    if registration.confirmed_at is None:
        async with unit_of_work():
            registration.confirmed_at = now
            await registration.save(update_fields=["confirmed_at"])
            await record(actor, "event.signup.confirm", "registration", registration.id)
    return registration


@dataclass(frozen=True)
class CheckIn:
    registration: Registration
    earlier: datetime | None  # when the party had already checked in (a second scan changes nothing)


async def check_in(actor: Person, checkin_code: str, now: datetime) -> CheckIn:
    """At the venue: the party's seat becomes a check-in (a second scan changes nothing)."""
    event = await Event.get_or_none(checkin_code=checkin_code)
    if event is None:
        raise Refused("checkin-unknown-code")
    party = party_of(actor, "event.checkin")
    if event.status is EventStatus.cancelled:
        raise Refused("signup-not-open")
    if not event.starts_at - CHECKIN_OPENS_BEFORE <= now <= event.ends_at + CHECKIN_CLOSES_AFTER:
        raise Refused("checkin-not-now")
    async with unit_of_work():
        registration = await Registration.filter(party_key=party.key(event.id)).select_for_update().first()
        if registration is None or registration.status not in SEATED:
            raise Refused("checkin-no-seat")
        if registration.status is RegistrationStatus.checked_in:
            return CheckIn(registration, registration.checked_in_at)
        if registration.status is RegistrationStatus.registered:
            registration.status, registration.checked_in_at = RegistrationStatus.checked_in, now
            await registration.save(update_fields=["status", "checked_in_at"])
            await record(actor, "event.checkin", "registration", registration.id,
                         before={"status": "registered"}, after={"status": "checked_in"})
    return CheckIn(registration, None)


async def mark_no_shows(event_id: int) -> tuple[Event, list[Registration]]:
    """After the event: seats nobody checked in become no-shows, the event is held (once)."""
    async with unit_of_work():
        event = await _locked(event_id)
        if event.status not in (EventStatus.open, EventStatus.closed):
            return event, []
        missing = await Registration.filter(event_id=event.id, status=RegistrationStatus.registered)
        for registration in missing:
            registration.status = RegistrationStatus.no_show
            await registration.save(update_fields=["status"])
        event.status = EventStatus.held
        await event.save(update_fields=["status", "updated_at"])
        await record(None, "event.held", "event", event.id, after={"no_shows": [r.id for r in missing]})
        emit(EventHeld(event.id))
    return event, missing


async def rate(actor: Person, registration_id: int, stars: int) -> Registration:
    if not 1 <= stars <= 5:
        raise refuse(actor, "event.rate")
    registration = await owned_registration(actor, registration_id, "event.rate")
    if registration.status is not RegistrationStatus.checked_in or registration.enterprise_id is None:
        raise refuse(actor, "event.rate")
    async with unit_of_work():
        before = registration.rating
        registration.rating = stars
        await registration.save(update_fields=["rating"])
        await record(actor, "event.rate", "registration", registration.id, before={"rating": before},
                     after={"rating": stars})
    return registration


async def my_registrations(actor: Person, now: datetime) -> list[Registration]:
    """The actor's party's live registrations for events that have not ended, soonest first."""
    party = party_of(actor, "event.mine")
    where = ({"enterprise_id": party.enterprise_id} if party.enterprise_id is not None
             else {"institution_id": party.institution_id})
    return (await Registration.filter(**where, status__in=LIVE, event__ends_at__gt=now)
            .exclude(event__status=EventStatus.cancelled)
            .prefetch_related("event").order_by("event__starts_at"))


async def enterprise_visits(since: datetime | None = None) -> int:
    """服务企业家次: enterprise check-ins."""
    query = Registration.filter(enterprise_id__isnull=False, status=RegistrationStatus.checked_in)
    if since is not None:
        query = query.filter(checked_in_at__gte=since)
    return await query.count()
