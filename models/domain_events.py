"""What happens to the programme's state that other people must hear of, or that moves the schedule.

Domain operations emit these inside their unit of work; the notices layer turns each into outbox
rows in the same transaction (see models/unit_of_work.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from models.unit_of_work import DomainEvent


@dataclass(frozen=True)
class EventOpened(DomainEvent):
    """Sign-up opened: the enterprises it is meant for and institution staff hear of it."""

    event_id: int
    reschedules = True


@dataclass(frozen=True)
class EventClosed(DomainEvent):
    event_id: int
    reschedules = True


@dataclass(frozen=True)
class EventCancelled(DomainEvent):
    event_id: int
    registration_ids: tuple[int, ...]
    reschedules = True


@dataclass(frozen=True)
class EventMoved(DomainEvent):
    """Its time or place changed; `version` tells one move from the next."""

    event_id: int
    registration_ids: tuple[int, ...]
    version: str
    was_starts_at: str | None = None  # ISO times and the venue before the move ("原定 ...")
    was_ends_at: str | None = None
    was_venue: str | None = None
    reschedules = True


@dataclass(frozen=True)
class EventEdited(DomainEvent):
    event_id: int
    reschedules = True


@dataclass(frozen=True)
class EventHeld(DomainEvent):
    """The event is over: no-shows marked; staff who came record intents, enterprises rate it."""

    event_id: int
    reschedules = True


@dataclass(frozen=True)
class SeatGiven(DomainEvent):
    """A waitlisted party got the seat someone gave up."""

    registration_id: int


@dataclass(frozen=True)
class IntentChanged(DomainEvent):
    intent_id: int
    action: str
    actor_id: int | None
    version: int
    asked_amount: int | None = None  # on a confirmation: the amount proposed before staff set theirs
    asked_term: int | None = None  # … and the term in months
    # the intent as the transition left it in this transaction, its enterprise and institution fetched:
    # the notices need not read it again (None: they read it)
    intent: Any = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class MeetingChanged(DomainEvent):
    meeting_id: int
    action: str
    actor_id: int
    mark: int = 0  # the audit row of the change: a meeting asked for again is told again


@dataclass(frozen=True)
class StaffJoined(DomainEvent):
    person_id: int
    institution_id: int


@dataclass(frozen=True)
class SeriesChanged(DomainEvent):
    series_id: int
    reschedules = True
