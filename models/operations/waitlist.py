"""Seats that open up at once (an organizer raises an event's seats) go to the waitlist in sign-up order."""

from __future__ import annotations

from models.domain_events import SeatGiven
from models.enums import RegistrationStatus
from models.tables.audit import record
from models.tables.events import Event, Registration
from models.tables.people import Person
from models.unit_of_work import emit

SEATED = (RegistrationStatus.registered, RegistrationStatus.checked_in)
SEAT_FIELDS = {"seats_enterprise": {"institution_id__isnull": True},
               "seats_institution": {"enterprise_id__isnull": True}}


async def promote_into_free_seats(actor: Person | None, event: Event, seats_field: str) -> list[Registration]:
    """Inside the caller's unit of work (the event row locked): the first in line of that kind of party get
    the seats now free, each told through the outbox (SeatGiven) in the same transaction."""
    kind = SEAT_FIELDS[seats_field]
    taken = await Registration.filter(event_id=event.id, status__in=SEATED, **kind).count()
    free = getattr(event, seats_field) - taken
    if free <= 0:
        return []
    promoted = await Registration.filter(event_id=event.id, status=RegistrationStatus.waitlisted, **kind) \
        .order_by("signed_up_at", "id").limit(free)
    for registration in promoted:
        registration.status = RegistrationStatus.registered
        await registration.save(update_fields=["status"])
        await record(actor, "event.signup.promote", "registration", registration.id,
                     before={"status": "waitlisted"}, after={"status": "registered"})
        emit(SeatGiven(registration.id))
    return promoted
