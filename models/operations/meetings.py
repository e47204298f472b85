"""One-to-one meetings at an event: requested by either side, accepted or declined by the other,
placed in the first slot (Event.meeting_minutes long) free for both parties.

No double booking: a slot is chosen and written inside a transaction that first locks both
parties' rows (SELECT ... FOR UPDATE on PostgreSQL; SQLite runs one transaction at a time).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise.exceptions import IntegrityError

from models.clock import utcnow
from models.domain_events import MeetingChanged
from models.enums import EventStatus, MeetingStatus, Role
from models.errors import Refused
from models.rules.matching import signed_up
from models.rules.rights import refuse
from models.tables.audit import record
from models.tables.enterprises import Enterprise
from models.tables.events import Event
from models.tables.institutions import Institution
from models.tables.intents import Meeting
from models.tables.people import Person
from models.unit_of_work import emit, unit_of_work
from models.words import status_word

log = logging.getLogger(__name__)
OPEN_EVENT = (EventStatus.open, EventStatus.closed)


@dataclass
class MeetingChange:
    meeting: Meeting
    action: str
    actor: Person


def _side(actor: Person, meeting: Meeting) -> str | None:
    """'enterprise' or 'institution' when the actor speaks for that party of the meeting."""
    if actor.role is Role.enterprise and actor.enterprise_id == meeting.enterprise_id:
        return "enterprise"
    if actor.role is Role.staff and actor.institution_id == meeting.institution_id:
        return "institution"
    return None


def _requester_side(meeting: Meeting, requester: Person) -> str:
    return "enterprise" if requester.enterprise_id == meeting.enterprise_id else "institution"


async def request_meeting(actor: Person, event_id: int, enterprise_id: int, institution_id: int,
                          now: datetime | None = None) -> MeetingChange:
    """Either party asks for a meeting; both must be signed up for the event, before it starts."""
    now = now or utcnow()
    own = (actor.role is Role.enterprise and actor.enterprise_id == enterprise_id) or (
        actor.role is Role.staff and actor.institution_id == institution_id)
    event = await Event.get_or_none(id=event_id)
    if not own or event is None:
        raise refuse(actor, "meeting.request")
    if event.status not in OPEN_EVENT or event.starts_at <= now:
        raise Refused("meeting-event-closed")
    if enterprise_id not in await signed_up(event_id, enterprises=True) or \
            institution_id not in await signed_up(event_id, enterprises=False):
        raise Refused("meeting-not-both-signed-up")
    key = f"{event_id}:{enterprise_id}:{institution_id}"
    try:
        async with unit_of_work():
            meeting = await _ask_again(actor, key) or await Meeting.create(
                event_id=event_id, enterprise_id=enterprise_id, institution_id=institution_id, requested_by=actor,
                pair_key=key)
            entry = await record(actor, "meeting.request", "meeting", meeting.id, after={"pair": key})
            emit(MeetingChanged(meeting.id, "request", actor.id, entry.id))
    except IntegrityError as error:
        raise Refused("meeting-exists") from error
    return MeetingChange(meeting, "request", actor)


async def _ask_again(actor: Person, key: str) -> Meeting | None:
    """A declined, withdrawn or cancelled meeting can be asked for again (by either side); a live one cannot."""
    meeting = await Meeting.filter(pair_key=key).select_for_update().first()
    if meeting is None:
        return None
    if meeting.status in (MeetingStatus.requested, MeetingStatus.accepted):
        raise Refused("meeting-exists")
    meeting.status, meeting.requested_by_id, meeting.slot_start, meeting.slot_end = \
        MeetingStatus.requested, actor.id, None, None
    await meeting.save(update_fields=["status", "requested_by_id", "slot_start", "slot_end"])
    return meeting


async def end_meeting(actor: Person, meeting_id: int) -> MeetingChange:
    """The requester withdraws a request not yet answered; either side cancels an accepted meeting (its slot is
    freed). The other side is told."""
    meeting = await Meeting.get_or_none(id=meeting_id).prefetch_related("requested_by")
    side = _side(actor, meeting) if meeting is not None else None
    if meeting is None or side is None:
        raise refuse(actor, "meeting.end")
    if meeting.status is MeetingStatus.requested and side == _requester_side(meeting, meeting.requested_by):
        action = "withdraw"
    elif meeting.status is MeetingStatus.accepted:
        action = "cancel"
    else:
        raise Refused("meeting-not-live", status=status_word("meeting-status", meeting.status))
    async with unit_of_work():
        won = await Meeting.filter(id=meeting.id, status=meeting.status).update(
            status=MeetingStatus.cancelled, slot_start=None, slot_end=None)
        if not won:
            raise Refused("meeting-already-answered")
        entry = await record(actor, f"meeting.{action}", "meeting", meeting.id,
                             before={"status": str(meeting.status)}, after={"status": "cancelled"})
        emit(MeetingChanged(meeting.id, action, actor.id, entry.id))
    meeting.status = MeetingStatus.cancelled
    return MeetingChange(meeting, action, actor)


def may_end(actor: Person, meeting: Meeting) -> str | None:
    """'withdraw' or 'cancel' when this person may end the meeting now (the button to show)."""
    side = _side(actor, meeting)
    if side is None:
        return None
    if meeting.status is MeetingStatus.accepted:
        return "cancel"
    if meeting.status is MeetingStatus.requested and side == _requester_side(meeting, meeting.requested_by):
        return "withdraw"
    return None


def slots(event: Event) -> list[datetime]:
    step = timedelta(minutes=max(5, event.meeting_minutes))
    starts, moment = [], event.starts_at
    while moment + step <= event.ends_at:
        starts.append(moment)
        moment += step
    return starts


async def _free_slot(event: Event, enterprise_id: int, institution_id: int) -> datetime | None:
    busy = set(await Meeting.filter(event_id=event.id, status=MeetingStatus.accepted)
               .filter(enterprise_id=enterprise_id).values_list("slot_start", flat=True))
    busy |= set(await Meeting.filter(event_id=event.id, status=MeetingStatus.accepted)
                .filter(institution_id=institution_id).values_list("slot_start", flat=True))
    return next((slot for slot in slots(event) if slot not in busy), None)


async def answer_meeting(actor: Person, meeting_id: int, accept: bool) -> MeetingChange:
    """The party that did not ask accepts (a slot is allocated) or declines."""
    meeting = await Meeting.get_or_none(id=meeting_id).prefetch_related("requested_by")
    side = _side(actor, meeting) if meeting is not None else None
    if meeting is None or side is None or side == _requester_side(meeting, meeting.requested_by):
        raise refuse(actor, "meeting.answer")
    if meeting.status is not MeetingStatus.requested:
        raise Refused("meeting-already-answered")
    event = await Event.get(id=meeting.event_id)
    async with unit_of_work():
        await Enterprise.select_for_update().get(id=meeting.enterprise_id)
        await Institution.select_for_update().get(id=meeting.institution_id)
        slot = await _free_slot(event, meeting.enterprise_id, meeting.institution_id) if accept else None
        if accept and slot is None:
            raise Refused("meeting-no-slot")
        changes = {"status": MeetingStatus.accepted if accept else MeetingStatus.declined, "slot_start": slot,
                   "slot_end": slot + timedelta(minutes=event.meeting_minutes) if slot else None}
        won = await Meeting.filter(id=meeting.id, status=MeetingStatus.requested).update(**changes)
        if not won:
            raise Refused("meeting-already-answered")
        entry = await record(actor, "meeting.accept" if accept else "meeting.decline", "meeting", meeting.id,
                     before={"status": "requested"}, after={"status": str(changes["status"]),
                                                            "slot": slot.isoformat() if slot else None})
        emit(MeetingChanged(meeting.id, "accept" if accept else "decline", actor.id, entry.id))
    for name, value in changes.items():
        setattr(meeting, name, value)
    return MeetingChange(meeting, "accept" if accept else "decline", actor)


async def meetings_of(actor: Person, event_id: int | None = None) -> list[Meeting]:
    if actor.role is Role.enterprise:
        query = Meeting.filter(enterprise_id=actor.enterprise_id)
    elif actor.role is Role.staff:
        query = Meeting.filter(institution_id=actor.institution_id)
    else:
        return []
    if event_id is not None:
        query = query.filter(event_id=event_id)
    return await query.filter(status__in=[MeetingStatus.requested, MeetingStatus.accepted]) \
        .prefetch_related("event", "enterprise", "institution", "requested_by").order_by("slot_start", "id").limit(30)


async def agenda_rows(event_id: int) -> list[Meeting]:
    return await Meeting.filter(event_id=event_id, status=MeetingStatus.accepted) \
        .prefetch_related("enterprise", "institution").order_by("slot_start", "id")


def may_answer(actor: Person, meeting: Meeting) -> bool:
    side = _side(actor, meeting)
    return side is not None and meeting.status is MeetingStatus.requested and \
        side != _requester_side(meeting, meeting.requested_by)
