"""Series (早餐汇 weekly or fortnightly, 一月一链 monthly with a chain rotation) and the events
they generate ahead of time. Generation is idempotent: Event.occurrence_key is unique."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from tortoise.exceptions import IntegrityError

from models.domain_events import SeriesChanged
from models.enums import EventStatus, SeriesKind
from models.errors import Refused
from models.operations.event_ops import EventFacts, create_event, default_deadline
from models.parsers.recurrence import load_rule, next_occurrence, occurrences
from models.rules.rights import require_organizer
from models.tables.audit import record
from models.tables.events import Event, Series
from models.tables.people import Person
from models.unit_of_work import emit, unit_of_work

DEFAULT_MINUTES = {SeriesKind.breakfast: 90, SeriesKind.chain_month: 180}


@dataclass(frozen=True)
class SeriesFacts:
    kind: SeriesKind
    title: str
    recurrence: str  # canonical form (models.parsers.recurrence.Rule.canonical)
    chain_plan: list[int] = field(default_factory=list)
    venue: str = ""
    latitude: float | None = None
    longitude: float | None = None
    seats_enterprise: int = 20
    seats_institution: int = 6
    days_ahead: int = 14
    duration_minutes: int = 90
    deadline_hours: int = 24
    description: str = ""
    tiers: list[str] = field(default_factory=list)
    districts: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class NewSeries:
    series: Series
    events: list[Event]  # the sessions already within the window, created (and announced) with it


async def create_series(actor: Person, facts: SeriesFacts, now: datetime, tz: ZoneInfo) -> NewSeries:
    """The series and its sessions within `days_ahead`, in one transaction with their announcements."""
    require_organizer(actor, "series.create")
    if facts.kind is SeriesKind.chain_month and not facts.chain_plan:
        raise Refused("series-plan-needed")
    load_rule(facts.recurrence)
    async with unit_of_work():
        series = await Series.create(**asdict(facts), created_by=actor)
        await record(actor, "series.create", "series", series.id, after={"title": series.title,
                     "recurrence": series.recurrence, "chain_plan": series.chain_plan})
        emit(SeriesChanged(series.id))
        events = await generate_events(series.id, now, tz)
    return NewSeries(series, events)


async def set_series_active(actor: Person, series_id: int, active: bool) -> Series:
    require_organizer(actor, "series.pause")
    async with unit_of_work():
        series = await Series.get_or_none(id=series_id)
        if series is None:
            raise Refused("event-not-found")
        if series.active != active:
            series.active = active
            await series.save(update_fields=["active"])
            await record(actor, "series.active" if active else "series.pause", "series", series.id)
            emit(SeriesChanged(series.id))
    return series


def occurrence_key(series_id: int, start: datetime) -> str:
    return f"series:{series_id}:{start.strftime('%Y%m%dT%H%M')}"


async def _chain_for(series: Series, start: datetime) -> int | None:
    """The plan rotates one chain per session, in the order the organizer set."""
    if not series.chain_plan:
        return None
    earlier = await Event.filter(series_id=series.id, starts_at__lt=start).count()
    return int(series.chain_plan[earlier % len(series.chain_plan)])


def _facts(series: Series, start: datetime, chain_id: int | None, now: datetime) -> EventFacts:
    return EventFacts(
        title=series.title, kind=series.kind, chain_id=chain_id, starts_at=start,
        ends_at=start + timedelta(minutes=series.duration_minutes), venue=series.venue,
        latitude=series.latitude, longitude=series.longitude, seats_enterprise=series.seats_enterprise,
        seats_institution=series.seats_institution, deadline=default_deadline(start, now, series.deadline_hours),
        description=series.description, tiers=list(series.tiers), districts=list(series.districts),
    )


async def generate_events(series_id: int, now: datetime, tz: ZoneInfo) -> list[Event]:
    """Create (open) every session within `days_ahead` of now not created yet; returns the new ones."""
    series = await Series.get_or_none(id=series_id)
    if series is None or not series.active:
        return []
    rule = load_rule(series.recurrence)
    created: list[Event] = []
    for start in occurrences(rule, now, now + timedelta(days=series.days_ahead), tz):
        key = occurrence_key(series.id, start)
        if await Event.exists(occurrence_key=key):
            continue
        try:
            event = await create_event(None, _facts(series, start, await _chain_for(series, start), now),
                                       series_id=series.id, occurrence_key=key, status=EventStatus.open)
        except IntegrityError:  # another run created it meanwhile
            continue
        created.append(event)
    return created


async def next_uncreated(series: Series, now: datetime, tz: ZoneInfo) -> tuple[datetime, datetime] | None:
    """The next session not created yet, and when it will be created and announced (None when paused)."""
    if not series.active:
        return None
    rule = load_rule(series.recurrence)
    start = next_occurrence(rule, now, tz)
    while await Event.exists(occurrence_key=occurrence_key(series.id, start)):
        start = next_occurrence(rule, start, tz)
    return start, max(now, start - timedelta(days=series.days_ahead))


async def next_generation_at(series: Series, now: datetime, tz: ZoneInfo) -> datetime | None:
    """When the next session not yet created enters the window (None for a paused series)."""
    upcoming = await next_uncreated(series, now, tz)
    return upcoming[1] if upcoming else None
