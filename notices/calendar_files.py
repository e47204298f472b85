"""The .ics calendar file of an event (icalendar) and the check-in QR code image (qrcode)."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import qrcode
from icalendar import Calendar
from icalendar import Event as CalendarEvent


def event_ics(*, event_id: int, title: str, starts_at: datetime, ends_at: datetime, venue: str,
              description: str, latitude: float | None, longitude: float | None, now: datetime) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//finmatch//events//")
    calendar.add("version", "2.0")
    entry = CalendarEvent()
    entry.add("uid", f"event-{event_id}@finmatch")
    entry.add("dtstamp", now.astimezone(UTC))
    entry.add("dtstart", starts_at.astimezone(UTC))
    entry.add("dtend", ends_at.astimezone(UTC))
    entry.add("summary", title)
    if venue:
        entry.add("location", venue)
    if description:
        entry.add("description", description)
    if latitude is not None and longitude is not None:
        entry.add("geo", (latitude, longitude))
    calendar.add_component(entry)
    return calendar.to_ical()


def qr_png(link: str) -> bytes:
    image = qrcode.make(link, box_size=10, border=4)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
