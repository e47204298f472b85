"""Each participant's agenda of one-to-one meetings, queued before an event.

The scheduler queues them with the first reminder of the event (schedules/jobs.py); it is
idempotent: one agenda per person per event (key agenda:{event}:{chat}).
"""

from __future__ import annotations

from collections import defaultdict
from zoneinfo import ZoneInfo

from models.operations.meetings import agenda_rows
from models.rules.rights import contacts_visible
from models.tables.events import Event
from models.tables.intents import Meeting
from models.tables.outbox import OutboxMessage, enqueue_many
from models.tables.people import Person, reachable_representatives, reachable_staff
from notices.config import config, language_of
from notices.events import broadcast_of
from notices.i18n import t
from notices.payloads import text_payload
from notices.render_intents import contact_line


async def _participants(meetings: list[Meeting]) -> list[tuple[Person, list[Meeting]]]:
    """Each person with the meetings they attend (their enterprise's, or their institution's)."""
    by_person: dict[int, list[Meeting]] = defaultdict(list)
    enterprises = {m.enterprise_id for m in meetings}
    institutions = {m.institution_id for m in meetings}
    reps = await reachable_representatives(enterprise_id__in=list(enterprises))
    staff = await reachable_staff(institution_id__in=list(institutions))
    people = {p.id: p for p in [*reps, *staff]}
    for meeting in meetings:
        for person in people.values():
            if person.enterprise_id == meeting.enterprise_id or person.institution_id == meeting.institution_id:
                by_person[person.id].append(meeting)
    return [(people[person_id], own) for person_id, own in by_person.items()]


def agenda_text(event: Event, meetings: list[Meeting], person: Person, lang: str, tz: ZoneInfo,
                contacts: frozenset[int] = frozenset()) -> str:
    """`contacts`: the enterprises whose contact person and phone this person may see (models.rules.rights)."""
    lines = []
    for meeting in meetings:
        own_side = person.enterprise_id == meeting.enterprise_id
        counterpart = meeting.institution.name if own_side else meeting.enterprise.name
        lines.append(t(lang, "agenda-line", start=meeting.slot_start.astimezone(tz).strftime("%H:%M"),
                       end=meeting.slot_end.astimezone(tz).strftime("%H:%M"), counterpart=counterpart))
        if not own_side and meeting.enterprise_id in contacts:
            lines[-1] += contact_line(meeting.enterprise, lang)
    when = event.starts_at.astimezone(tz).strftime("%Y-%m-%d %H:%M")
    return t(lang, "agenda", event=event.title, when=when, venue=event.venue or "—") + "\n" + "\n".join(lines)


async def enqueue_agendas(event_id: int) -> int:
    """Queue every participant's agenda for this event; returns how many were newly queued."""
    event = await Event.get_or_none(id=event_id)
    if event is None:
        return 0
    rows = []
    for person, own in await _participants(await agenda_rows(event_id)):
        lang = language_of(person.language)
        contacts = frozenset(await contacts_visible(person, [m.enterprise_id for m in own]))
        text = agenda_text(event, own, person, lang, config().settings.tz, contacts)[:4000]
        rows.append(OutboxMessage(key=f"agenda:{event_id}:{person.tg_id}", chat_id=person.tg_id,
                                  payload=text_payload(text), broadcast=broadcast_of(event_id, "agenda")))
    return await enqueue_many(rows)
