"""How events read in chat (Telegram HTML), by language: used by handlers and by scheduled jobs."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from models.enums import RegistrationStatus
from models.parsers.recurrence import load_rule
from models.tables.chains import Chain
from models.tables.events import Event, Series
from models.tables.outbox import Delivery
from notices.i18n import Html, t


def local(moment: datetime, tz: ZoneInfo) -> datetime:
    return moment.astimezone(tz)


def when_text(start: datetime, end: datetime | None, lang: str, tz: ZoneInfo) -> str:
    first = local(start, tz)
    day = first.strftime("%Y-%m-%d")
    weekday = t(lang, f"weekday-{first.isoweekday()}")
    until = _until(first, local(end, tz), lang) if end is not None else ""
    return t(lang, "event-when", day=day, weekday=weekday, start=first.strftime("%H:%M"), end=until)


def _until(first: datetime, last: datetime, lang: str) -> str:
    """The end's clock time; past midnight it says so (the next day), later still it gives the date."""
    days = (last.date() - first.date()).days
    if days == 0:
        return last.strftime("%H:%M")
    if days == 1:
        return t(lang, "when-next-day", time=last.strftime("%H:%M"))
    return last.strftime("%Y-%m-%d %H:%M")


def moment_text(moment: datetime, tz: ZoneInfo) -> str:
    return local(moment, tz).strftime("%Y-%m-%d %H:%M")


async def chain_name(chain_id: int | None, lang: str) -> str:
    if chain_id is None:
        return t(lang, "event-no-chain")
    chain = await Chain.get_or_none(id=chain_id)
    return chain.label(lang) if chain else "?"


async def event_card(event: Event, lang: str, tz: ZoneInfo, counts: dict[str, int] | None = None,
                     organizer: bool = False) -> str:
    """The event's facts; `organizer` adds what only organizers plan by (the target of enterprise-visits)."""
    text = t(
        lang, "event-card",
        title=event.title,
        kind=t(lang, f"series-kind-{event.kind.value}"),
        chain=await chain_name(event.chain_id, lang),
        when=when_text(event.starts_at, event.ends_at, lang, tz),
        venue=event.venue or "-",
        seats_enterprise=event.seats_enterprise,
        seats_institution=event.seats_institution,
        deadline=moment_text(event.deadline, tz),
        status=t(lang, f"event-status-{event.status.value}"),
    )
    if organizer and event.target_visits:
        text += "\n" + t(lang, "event-target-visits", count=event.target_visits)
    if event.description:
        text += "\n" + t(lang, "event-description", description=event.description[:1000])
    if counts is not None:
        text += "\n" + t(lang, "event-counts", **counts)
    return text


def recurrence_text(canonical: str, lang: str) -> str:
    rule = load_rule(canonical)
    weekday = t(lang, f"weekday-{rule.weekday}")
    at = rule.at.strftime("%H:%M")
    if rule.kind == "weekly":
        return t(lang, "recurrence-weekly", interval=rule.interval, weekday=weekday, at=at)
    return t(lang, "recurrence-monthly", nth=rule.nth, weekday=weekday, at=at)


async def series_line(series: Series, lang: str) -> str:
    chains = [await chain_name(chain_id, lang) for chain_id in series.chain_plan]
    return t(
        lang, "series-line",
        id=series.id, title=series.title, kind=t(lang, f"series-kind-{series.kind.value}"),
        recurrence=recurrence_text(series.recurrence, lang),
        plan=" → ".join(chains) if chains else t(lang, "series-plan-none"),
        active=t(lang, "series-active" if series.active else "series-paused"),
    )


def registration_status(status: RegistrationStatus, lang: str) -> str:
    return t(lang, f"registration-{status.value}")


def button(label: str, data: str) -> InlineKeyboardButton:
    assert len(data.encode()) <= 64, data
    return InlineKeyboardButton(label, callback_data=data)


def signup_keyboard(event_id: int, lang: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[button(t(lang, "btn-signup"), f"su:join:{event_id}")]])


def reminder_keyboard(registration_id: int, lang: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[button(t(lang, "btn-will-come"), f"su:come:{registration_id}"),
                                  button(t(lang, "btn-cancel-signup"), f"su:drop:{registration_id}")]])


def rating_keyboard(registration_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[button(f"{n}⭐", f"su:rate:{registration_id}:{n}") for n in range(1, 6)]])


def html(text: str) -> Html:
    return Html(text)


def _broadcast_label(name: str, lang: str) -> str:
    """`event:{id}:{what}` read as what it was: the announcement, a 24 h reminder, a change notice..."""
    what = name.rsplit(":", 1)[-1]
    if what.startswith("remind"):
        return t(lang, "delivery-remind", hours=what.removeprefix("remind"))
    if what.startswith("move"):
        return t(lang, "delivery-move")
    return t(lang, f"delivery-{what}")


def delivery_block(broadcasts: dict[str, Delivery], lang: str) -> str:
    """What became of each broadcast of an event, for its organizer; empty before the first."""
    if not broadcasts:
        return ""
    lines = [t(lang, "delivery-line", what=_broadcast_label(name, lang), total=d.total, sent=d.sent,
               queued=d.queued, waiting=d.waiting, failed=d.failed, blocked=d.blocked, unsure=d.unsure)
             for name, d in broadcasts.items()]
    note = "\n" + t(lang, "delivery-unsure-note") if any(d.unsure for d in broadcasts.values()) else ""
    return "\n\n" + t(lang, "delivery-title") + "\n" + "\n".join(lines) + note
