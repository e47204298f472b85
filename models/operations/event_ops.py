"""What organizers do to single events: create, edit, open, close, cancel. Each operation checks
the right, changes state in one transaction and writes the audit line; it returns what the
caller must tell people about (the registrations affected) without sending anything itself."""

from __future__ import annotations

import secrets
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

from models.clock import utcnow
from models.domain_events import EventCancelled, EventClosed, EventEdited, EventMoved, EventOpened
from models.enums import EventStatus, RegistrationStatus, SeriesKind
from models.errors import Refused
from models.operations.waitlist import SEAT_FIELDS, promote_into_free_seats
from models.rules.rights import refuse, require_organizer
from models.tables.audit import record
from models.tables.events import Event, Registration
from models.tables.people import Person
from models.unit_of_work import DomainEvent, emit, unit_of_work
from models.words import status_word

LIVE = (RegistrationStatus.registered, RegistrationStatus.waitlisted, RegistrationStatus.checked_in)
EDITABLE = ("title", "chain_id", "starts_at", "ends_at", "venue", "location", "seats_enterprise",
            "seats_institution", "deadline", "description", "target_visits")
OPENABLE = (EventStatus.draft, EventStatus.closed)
CANCELLABLE = (EventStatus.draft, EventStatus.open, EventStatus.closed)


@dataclass(frozen=True)
class EventFacts:
    title: str
    kind: SeriesKind
    chain_id: int | None
    starts_at: datetime
    ends_at: datetime
    venue: str
    latitude: float | None
    longitude: float | None
    seats_enterprise: int
    seats_institution: int
    deadline: datetime
    description: str = ""
    target_visits: int | None = None
    tiers: list[str] = field(default_factory=list)
    districts: list[str] = field(default_factory=list)


@dataclass
class Change:
    """An event after an operation, and the registrations whose people must be told."""

    event: Event
    affected: list[Registration] = field(default_factory=list)
    moved: bool = False


def default_deadline(start: datetime, now: datetime, hours_before: int = 24) -> datetime:
    """`hours_before` the start; for a session at shorter notice, 1 hour before, else the start itself,
    so that sign-up is never closed before it opens."""
    candidates = (start - timedelta(hours=hours_before), start - timedelta(hours=1))
    return next((moment for moment in candidates if moment > now), start)


def check_times(starts_at: datetime, ends_at: datetime, deadline: datetime) -> None:
    if ends_at <= starts_at:
        raise Refused("event-end-before-start")
    if deadline > starts_at:
        raise Refused("event-deadline-after-start")


def snapshot(event: Event) -> dict[str, Any]:
    return {
        "title": event.title, "status": str(event.status), "chain_id": event.chain_id,
        "starts_at": event.starts_at.isoformat(), "ends_at": event.ends_at.isoformat(),
        "deadline": event.deadline.isoformat(), "venue": event.venue,
        "seats_enterprise": event.seats_enterprise, "seats_institution": event.seats_institution,
    }


def new_checkin_code() -> str:
    return secrets.token_hex(8)


async def create_event(actor: Person | None, facts: EventFacts, *, series_id: int | None = None,
                       occurrence_key: str | None = None, status: EventStatus = EventStatus.draft) -> Event:
    """An organizer's event (actor), or one a series generates (actor None, called by schedules)."""
    if actor is not None:
        require_organizer(actor, "event.create")
        if facts.starts_at <= utcnow():  # a draft left on its summary until its time passed
            raise Refused("event-when-past")
        if facts.deadline <= utcnow():
            raise Refused("event-deadline-past")
    check_times(facts.starts_at, facts.ends_at, facts.deadline)
    async with unit_of_work():
        event = await Event.create(
            **asdict(facts), series_id=series_id, occurrence_key=occurrence_key, status=status,
            checkin_code=new_checkin_code(), created_by=actor,
        )
        await record(actor, "event.create", "event", event.id, after=snapshot(event))
        if status is EventStatus.open:
            emit(EventOpened(event.id))
    return event


async def _locked_event(event_id: int) -> Event:
    event = await Event.filter(id=event_id).select_for_update().first()
    if event is None:
        raise Refused("event-not-found")
    return event


async def _live_registrations(event_id: int) -> list[Registration]:
    return await Registration.filter(event_id=event_id, status__in=LIVE).order_by("id")


def _refuse_opening_late(event: Event, now: datetime) -> None:
    """An announcement nobody can act on is not sent: the organizer sets a new deadline first."""
    if now >= event.starts_at:
        raise Refused("event-open-started")
    if now >= event.deadline:
        raise Refused("event-open-deadline-passed", deadline=event.deadline)


async def set_status(actor: Person, event_id: int, status: EventStatus, now: datetime | None = None) -> Change:
    """Open, close or cancel an event; a cancellation returns everyone signed up."""
    require_organizer(actor, f"event.{status.value}")
    allowed = {EventStatus.open: OPENABLE, EventStatus.closed: (EventStatus.open,),
               EventStatus.cancelled: CANCELLABLE}[status]
    async with unit_of_work():
        event = await _locked_event(event_id)
        if event.status is status:
            return Change(event)
        if event.status not in allowed:
            raise Refused("event-status-not-allowed", status=status_word("event-status", event.status))
        if status is EventStatus.open:
            _refuse_opening_late(event, now or utcnow())
        before = snapshot(event)
        event.status = status
        await event.save(update_fields=["status", "updated_at"])
        await record(actor, f"event.{status.value}", "event", event.id, before=before, after=snapshot(event))
        affected = await _live_registrations(event.id) if status is EventStatus.cancelled else []
        emit(_status_event(event.id, status, affected))
    return Change(event, affected)


def _status_event(event_id: int, status: EventStatus, affected: list[Registration]) -> DomainEvent:
    if status is EventStatus.open:
        return EventOpened(event_id)
    if status is EventStatus.cancelled:
        return EventCancelled(event_id, tuple(r.id for r in affected))
    return EventClosed(event_id)


def _apply(event: Event, name: str, value: Any) -> list[str]:
    if name == "location":
        event.latitude, event.longitude = value or (None, None)
        return ["latitude", "longitude"]
    if name in ("starts_at", "ends_at", "deadline"):
        value = datetime.fromisoformat(value) if isinstance(value, str) else value
    if name == "starts_at":  # moving an event keeps its length and how early registration closes
        shift = value - event.starts_at
        event.starts_at, event.ends_at, event.deadline = value, event.ends_at + shift, event.deadline + shift
        return ["starts_at", "ends_at", "deadline"]
    setattr(event, name, value)
    return [name]


async def edit_event(actor: Person, event_id: int, name: str, value: Any) -> Change:
    """Change one field; moving the start (or the end) returns everyone signed up, to be told."""
    require_organizer(actor, "event.edit")
    if name not in EDITABLE:
        raise refuse(actor, f"event.edit.{name}")
    async with unit_of_work():
        event = await _locked_event(event_id)
        if event.status not in CANCELLABLE:
            raise Refused("event-status-not-allowed", status=status_word("event-status", event.status))
        before = snapshot(event)
        fields = _apply(event, name, value)
        check_times(event.starts_at, event.ends_at, event.deadline)
        await event.save(update_fields=[*fields, "updated_at"])
        await record(actor, f"event.edit.{name}", "event", event.id, before=before, after=snapshot(event))
        if name in SEAT_FIELDS:  # more seats: the waitlist moves up at once
            await promote_into_free_seats(actor, event, name)
        moved = name in ("starts_at", "ends_at", "venue", "location")
        affected = await _live_registrations(event.id) if moved else []
        if moved:
            emit(EventMoved(event.id, tuple(r.id for r in affected), f"move{int(event.updated_at.timestamp())}",
                            before["starts_at"], before["ends_at"], before["venue"]))
        else:
            emit(EventEdited(event.id))
    return Change(event, affected, moved=moved)


async def organizer_event(actor: Person, event_id: int) -> Event:
    require_organizer(actor, "event.view")
    event = await Event.get_or_none(id=event_id)
    if event is None:
        raise Refused("event-not-found")
    return event


async def upcoming_events(now: datetime, *, statuses: tuple[EventStatus, ...] = CANCELLABLE,
                          limit: int = 20) -> list[Event]:
    return await Event.filter(ends_at__gt=now, status__in=statuses).order_by("starts_at").limit(limit)


async def seat_counts(event_id: int) -> dict[str, int]:
    """Taken seats and waitlist lengths, by party kind."""
    counts = {"enterprise": 0, "institution": 0, "enterprise_wait": 0, "institution_wait": 0, "checked_in": 0}
    rows = await Registration.filter(event_id=event_id, status__in=LIVE).values("status", "enterprise_id")
    for row in rows:
        party = "enterprise" if row["enterprise_id"] is not None else "institution"
        if row["status"] == RegistrationStatus.waitlisted:
            counts[f"{party}_wait"] += 1
        else:
            counts[party] += 1
            counts["checked_in"] += row["status"] == RegistrationStatus.checked_in
    return counts
