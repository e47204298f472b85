"""Which notice follows which domain event: the table that ties models/ to the messages."""

from __future__ import annotations

from models.domain_events import (
    EventCancelled,
    EventHeld,
    EventMoved,
    EventOpened,
    IntentChanged,
    MeetingChanged,
    SeatGiven,
    StaffJoined,
)
from models.settings import Settings
from models.unit_of_work import subscribe
from notices import announcements, events, intents, joins, meetings, routing
from notices.config import configure


def install(settings: Settings, bot_username: str) -> None:
    """Subscribe every notice to its domain event (idempotent)."""
    configure(settings, bot_username)
    subscribe(EventOpened, announcements.announce)
    subscribe(EventCancelled, events.cancelled)
    subscribe(EventMoved, events.moved)
    subscribe(SeatGiven, events.seat_given)
    subscribe(EventHeld, events.followups)
    subscribe(IntentChanged, intents.intent_changed)
    subscribe(IntentChanged, routing.unattended_proposal)
    subscribe(MeetingChanged, meetings.meeting_changed)
    subscribe(StaffJoined, joins.staff_joined)
