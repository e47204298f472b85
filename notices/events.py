"""Notices about one event: cancellations and moves to everyone signed up, a waitlist place that
became a seat, reminders (.ics, venue, buttons) and the follow-ups after it. Each is an outbox row
with a stable key, in the broadcast `event:{id}:{what}` the organizer sees on the event's card."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

from telegram import InlineKeyboardMarkup

from models.domain_events import EventCancelled, EventHeld, EventMoved, SeatGiven
from models.enums import RegistrationStatus
from models.tables.enterprises import Enterprise
from models.tables.events import Event, Registration
from models.tables.outbox import OutboxMessage, enqueue_many
from notices.calendar_files import event_ics
from notices.config import config
from notices.i18n import Html, t
from notices.payloads import document_payload, text_payload, venue_payload
from notices.recipients import of_registration
from notices.render_events import button, event_card, rating_keyboard, reminder_keyboard, when_text


def broadcast_of(event_id: int, what: str) -> str:
    return f"event:{event_id}:{what}"


async def seat_given(change: SeatGiven) -> None:
    registration = await Registration.get(id=change.registration_id)
    recipient = await of_registration(registration)
    if recipient is None:
        return
    event = await Event.get(id=registration.event_id)
    text = t(recipient.lang, "notice-promoted", title=event.title,
             when=when_text(event.starts_at, event.ends_at, recipient.lang, config().settings.tz))
    stamp = int(registration.signed_up_at.timestamp())
    await enqueue_many([OutboxMessage(key=f"promoted:{registration.id}:{stamp}", chat_id=recipient.chat_id,
                                      payload=text_payload(text), expires_at=event.starts_at,
                                      broadcast=broadcast_of(event.id, "promoted"))])


async def cancelled(change: EventCancelled) -> None:
    event = await Event.get(id=change.event_id)
    tz = config().settings.tz

    async def text(lang: str) -> str:
        return t(lang, "notice-cancelled", title=event.title, when=when_text(event.starts_at, event.ends_at, lang, tz))

    await _tell_signed_up(event, change.registration_ids, "cancel", text)


async def moved(change: EventMoved) -> None:
    event = await Event.get(id=change.event_id)

    async def text(lang: str) -> str:
        tz = config().settings.tz
        notice = t(lang, "notice-moved", card=Html(await event_card(event, lang, tz)))
        if change.was_starts_at and change.was_ends_at:
            was = when_text(datetime.fromisoformat(change.was_starts_at), datetime.fromisoformat(change.was_ends_at),
                            lang, tz)
            notice += "\n" + t(lang, "notice-moved-was", when=was, venue=change.was_venue or "")
        return notice

    await _tell_signed_up(event, change.registration_ids, change.version, text)


async def _tell_signed_up(event: Event, registration_ids: tuple[int, ...], version: str,
                          text_in: Callable[[str], Awaitable[str]]) -> None:
    texts: dict[str, str] = {}
    rows = []
    for registration in await Registration.filter(id__in=list(registration_ids)).order_by("id"):
        recipient = await of_registration(registration)
        if recipient is None:
            continue
        if recipient.lang not in texts:
            texts[recipient.lang] = await text_in(recipient.lang)
        rows.append(OutboxMessage(key=f"{version}:{event.id}:{recipient.chat_id}", chat_id=recipient.chat_id,
                                  payload=text_payload(texts[recipient.lang]),
                                  broadcast=broadcast_of(event.id, version)))
    await enqueue_many(rows)


async def reminders(event: Event, lead_hours: int, now: datetime) -> int:
    """The reminder `lead_hours` before the start, to every seat holder; none once the event began."""
    if now >= event.starts_at:
        return 0
    tz = config().settings.tz
    ics = event_ics(event_id=event.id, title=event.title, starts_at=event.starts_at, ends_at=event.ends_at,
                    venue=event.venue, description=event.description, latitude=event.latitude,
                    longitude=event.longitude, now=now)
    rows = []
    broadcast = broadcast_of(event.id, f"remind{lead_hours}")
    for registration in await Registration.filter(event_id=event.id, status=RegistrationStatus.registered):
        recipient = await of_registration(registration)
        if recipient is None:
            continue
        chat_id, lang = recipient.chat_id, recipient.lang
        key = f"remind:{event.id}:{lead_hours}:{chat_id}"
        caption = t(lang, "notice-reminder", title=event.title, hours=lead_hours, venue=event.venue or "-",
                    when=when_text(event.starts_at, event.ends_at, lang, tz))
        payload = document_payload(ics, f"event-{event.id}.ics", "text/calendar", caption,
                                   reminder_keyboard(registration.id, lang))
        rows.append(OutboxMessage(key=key, chat_id=chat_id, method="sendDocument", payload=payload,
                                  expires_at=event.starts_at, broadcast=broadcast))
        if event.latitude is not None and event.longitude is not None:
            venue = venue_payload(event.latitude, event.longitude, event.title, event.venue or event.title)
            rows.append(OutboxMessage(key=f"{key}:venue", chat_id=chat_id, method="sendVenue", payload=venue,
                                      expires_at=event.starts_at))
    await enqueue_many(rows)
    return sum(row.method == "sendDocument" for row in rows)


async def _checked_in_enterprises(event_id: int) -> list[str]:
    ids = await Registration.filter(event_id=event_id, status=RegistrationStatus.checked_in,
                                    enterprise_id__isnull=False).values_list("enterprise_id", flat=True)
    return list(await Enterprise.filter(id__in=list(ids)).order_by("name").values_list("name", flat=True))


async def followups(change: EventHeld) -> None:
    """After the event: staff who came list the enterprises met and record intents; enterprises rate it."""
    event_id = change.event_id
    title = (await Event.get(id=event_id)).title
    names = await _checked_in_enterprises(event_id)
    rows = []
    for registration in await Registration.filter(event_id=event_id, status=RegistrationStatus.checked_in):
        recipient = await of_registration(registration)
        if recipient is None:
            continue
        chat_id, lang = recipient.chat_id, recipient.lang
        if registration.institution_id is not None:
            listing = "\n".join(f"• {name}" for name in names[:80]) or t(lang, "followup-nobody")
            text = t(lang, "followup-staff", title=title, enterprises=listing)
            keyboard = InlineKeyboardMarkup([[button(t(lang, "btn-record-intent"), f"i:new:{event_id}")]])
            rows.append(OutboxMessage(key=f"followup:{event_id}:{chat_id}", chat_id=chat_id,
                                      payload=text_payload(text[:4000], keyboard),
                                      broadcast=broadcast_of(event_id, "followup")))
        else:
            text = t(lang, "followup-rate", title=title)
            rows.append(OutboxMessage(key=f"rate:{event_id}:{chat_id}", chat_id=chat_id,
                                      payload=text_payload(text, rating_keyboard(registration.id)),
                                      broadcast=broadcast_of(event_id, "followup")))
    await enqueue_many(rows)
