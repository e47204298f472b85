"""Each participant's agenda of one-to-one meetings, queued before an event.

`enqueue_agendas(event_id)` is what the events scheduler calls (e.g. with the day-before
reminder); it is idempotent: one agenda per person per event (key agenda:{event}:{chat}).
"""

from __future__ import annotations

from collections import defaultdict

from bot.i18n import t
from models.enums import StaffStatus
from models.events import Event
from models.intents import Meeting
from models.meetings import agenda_rows
from models.outbox import enqueue
from models.people import Person
from models.settings import Settings, get_settings
from schedules.outbox_payloads import text_payload


async def _participants(meetings: list[Meeting]) -> list[tuple[Person, list[Meeting]]]:
    """Each person with the meetings they attend (their enterprise's, or their institution's)."""
    by_person: dict[int, list[Meeting]] = defaultdict(list)
    enterprises = {m.enterprise_id for m in meetings}
    institutions = {m.institution_id for m in meetings}
    reps = await Person.filter(enterprise_id__in=list(enterprises), suspended=False, blocked_bot=False)
    staff = await Person.filter(institution_id__in=list(institutions), suspended=False, blocked_bot=False,
                                staff_status__in=[StaffStatus.invited, StaffStatus.verified])
    people = {p.id: p for p in [*reps, *staff]}
    for meeting in meetings:
        for person in people.values():
            if person.enterprise_id == meeting.enterprise_id or person.institution_id == meeting.institution_id:
                by_person[person.id].append(meeting)
    return [(people[person_id], own) for person_id, own in by_person.items()]


def agenda_text(event: Event, meetings: list[Meeting], person: Person, lang: str, settings: Settings) -> str:
    tz = settings.tz
    lines = []
    for meeting in meetings:
        counterpart = meeting.institution.name if person.enterprise_id == meeting.enterprise_id \
            else meeting.enterprise.name
        lines.append(t(lang, "agenda-line", start=meeting.slot_start.astimezone(tz).strftime("%H:%M"),
                       end=meeting.slot_end.astimezone(tz).strftime("%H:%M"), counterpart=counterpart))
    when = event.starts_at.astimezone(tz).strftime("%Y-%m-%d %H:%M")
    return t(lang, "agenda", event=event.title, when=when, venue=event.venue or "—") + "\n" + "\n".join(lines)


async def enqueue_agendas(event_id: int, settings: Settings | None = None) -> int:
    """Queue every participant's agenda for this event; returns how many were newly queued."""
    event = await Event.get_or_none(id=event_id)
    if event is None:
        return 0
    meetings = await agenda_rows(event_id)
    queued = 0
    settings = settings or get_settings()
    default_language = settings.default_language
    for person, own in await _participants(meetings):
        lang = str(person.language or default_language)
        text = agenda_text(event, own, person, lang, settings)[:4000]
        queued += await enqueue(f"agenda:{event_id}:{person.tg_id}", person.tg_id, text_payload(text))
    return queued
