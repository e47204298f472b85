"""Proactive messages about one event or one registration, queued in the outbox with stable keys:
promotions from the waitlist, cancellations and moves, reminders (.ics and venue), follow-ups."""

from __future__ import annotations

from datetime import datetime

from telegram import InlineKeyboardMarkup

from bot.i18n import Html, t
from bot.render_events import button, event_card, moment_text, rating_keyboard, reminder_keyboard, when_text
from models.enterprises import Enterprise
from models.enums import RegistrationStatus
from models.events import Event, Registration
from models.outbox import enqueue
from models.people import Person
from models.settings import Settings
from schedules.calendar_files import event_ics
from schedules.outbox_payloads import document_payload, text_payload, venue_payload


async def _recipient(registration: Registration, settings: Settings) -> tuple[int, str] | None:
    person = await Person.get_or_none(id=registration.person_id)
    if person is None or person.blocked_bot:
        return None
    return person.tg_id, str(person.language or settings.default_language)


async def promoted(registration: Registration, settings: Settings) -> None:
    recipient = await _recipient(registration, settings)
    if recipient is None:
        return
    chat_id, lang = recipient
    event = await Event.get(id=registration.event_id)
    text = t(lang, "notice-promoted", title=event.title, when=when_text(event.starts_at, event.ends_at, lang,
                                                                         settings.tz))
    stamp = int(registration.signed_up_at.timestamp())
    await enqueue(f"promoted:{registration.id}:{stamp}", chat_id, text_payload(text), expires_at=event.starts_at)


async def event_changed(event: Event, registrations: list[Registration], settings: Settings, *,
                        cancelled: bool) -> None:
    """Tell everyone signed up that the event was cancelled, or moved (time or place)."""
    version = "cancel" if cancelled else f"move{int(event.updated_at.timestamp())}"
    for registration in registrations:
        recipient = await _recipient(registration, settings)
        if recipient is None:
            continue
        chat_id, lang = recipient
        if cancelled:
            text = t(lang, "notice-cancelled", title=event.title,
                     when=when_text(event.starts_at, event.ends_at, lang, settings.tz))
        else:
            text = t(lang, "notice-moved", card=Html(await event_card(event, lang, settings.tz)))
        await enqueue(f"{version}:{event.id}:{chat_id}", chat_id, text_payload(text))


async def reminders(event: Event, lead_hours: int, settings: Settings, now: datetime) -> int:
    """The reminder `lead_hours` before the start, to every seat holder; dropped once the event began."""
    if now >= event.starts_at:
        return 0
    seated = await Registration.filter(event_id=event.id, status=RegistrationStatus.registered)
    ics = event_ics(event_id=event.id, title=event.title, starts_at=event.starts_at, ends_at=event.ends_at,
                    venue=event.venue, description=event.description, latitude=event.latitude,
                    longitude=event.longitude, now=now)
    queued = 0
    for registration in seated:
        recipient = await _recipient(registration, settings)
        if recipient is None:
            continue
        chat_id, lang = recipient
        key = f"remind:{event.id}:{lead_hours}:{chat_id}"
        caption = t(lang, "notice-reminder", title=event.title, hours=lead_hours, venue=event.venue or "-",
                    when=when_text(event.starts_at, event.ends_at, lang, settings.tz))
        payload = document_payload(ics, f"event-{event.id}.ics", "text/calendar", caption,
                                   reminder_keyboard(registration.id, lang))
        queued += await enqueue(key, chat_id, payload, method="sendDocument", expires_at=event.starts_at)
        if event.latitude is not None and event.longitude is not None:
            await enqueue(f"{key}:venue", chat_id, venue_payload(event.latitude, event.longitude, event.title,
                                                                 event.venue or event.title),
                          method="sendVenue", expires_at=event.starts_at)
    return queued


async def _checked_in_enterprises(event: Event) -> list[str]:
    ids = await Registration.filter(event_id=event.id, status=RegistrationStatus.checked_in,
                                    enterprise_id__isnull=False).values_list("enterprise_id", flat=True)
    return list(await Enterprise.filter(id__in=list(ids)).order_by("name").values_list("name", flat=True))


async def followups(event: Event, settings: Settings) -> int:
    """After the event: staff who came list the enterprises met (intents: issue 5); enterprises rate it."""
    queued = 0
    names = await _checked_in_enterprises(event)
    came = await Registration.filter(event_id=event.id, status=RegistrationStatus.checked_in)
    for registration in came:
        recipient = await _recipient(registration, settings)
        if recipient is None:
            continue
        chat_id, lang = recipient
        if registration.institution_id is not None:
            listing = "\n".join(f"• {name}" for name in names[:80]) or t(lang, "followup-nobody")
            text = t(lang, "followup-staff", title=event.title, enterprises=listing)
            keyboard = InlineKeyboardMarkup([[button(t(lang, "btn-record-intent"), f"i:new:{event.id}")]])
            queued += await enqueue(f"followup:{event.id}:{chat_id}", chat_id, text_payload(text[:4000], keyboard))
        else:
            text = t(lang, "followup-rate", title=event.title)
            queued += await enqueue(f"rate:{event.id}:{chat_id}", chat_id,
                                    text_payload(text, rating_keyboard(registration.id)))
    return queued


def deadline_text(event: Event, settings: Settings) -> str:
    return moment_text(event.deadline, settings.tz)
