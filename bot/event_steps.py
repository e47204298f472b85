"""The questions of the event and series forms: parsing of each answer and the choices offered."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timedelta
from typing import Any

from bot.context import BotContext
from bot.fields import bounded_text, chain_choices
from bot.forms import Choice, Invalid, Step, match_choice
from models.clock import utcnow
from models.enums import District, SeriesKind, Tier
from models.operations.event_ops import default_deadline
from models.parsers.numbers import CountError, ascii_int
from models.parsers.numbers import parse_count as count_of
from models.parsers.recurrence import RecurrenceError, parse_recurrence
from models.parsers.when import WhenError, parse_end, parse_when, range_start
from models.tables.chains import active_chains
from models.tables.drafts import current_draft
from models.tables.events import Event

SKIP = "-"
SEPARATORS = re.compile(r"[,\s;、，；]+")
COORDINATES = re.compile(r"^(-?\d{1,2}(?:\.\d+)?)\s*[,，\s]\s*(-?\d{1,3}(?:\.\d+)?)$")
MAX_SEATS = 500
MAX_AHEAD = timedelta(days=730)  # an event further off than two years is a typo (year 9999)


def _text(raw: str) -> str:
    return unicodedata.normalize("NFKC", raw).strip()


def _skipped(raw: str) -> bool:
    return _text(raw) in (SKIP, "")


def _when(raw: str, ctx: BotContext) -> datetime:
    """A typed moment, refused with its reason (unreadable, no such date, a month-day already past)."""
    try:
        return parse_when(raw, ctx.settings.tz, utcnow())
    except WhenError as error:
        key = {"past": "when-month-day-past", "date": "when-no-such-date"}.get(error.reason, "event-when-invalid")
        next_year = str(utcnow().astimezone(ctx.settings.tz).year + 1)
        raise Invalid(key, year=next_year, month=str(error.month), day=str(error.day)) from error


def _start_of_range(raw: str, ctx: BotContext) -> datetime:
    """A span ("tomorrow 7:30 to 9", in Chinese) typed as the start: its start (the end is the next question)."""
    try:
        return _when(raw, ctx)
    except Invalid:
        start = range_start(raw)
        if start is None:
            raise
        return _when(start, ctx)


async def parse_when_answer(raw: str, ctx: BotContext) -> str:
    moment = _start_of_range(raw, ctx)
    if moment <= utcnow():
        raise Invalid("event-when-past")
    if moment > utcnow() + MAX_AHEAD:
        raise Invalid("when-too-far", days=MAX_AHEAD.days)
    return moment.isoformat()


async def _draft_start(ctx: BotContext) -> datetime | None:
    """The start this draft has (a new event's answer, or the edited event's current start)."""
    draft = await current_draft(ctx.me.tg_id)
    if draft is None:
        return None
    if "starts_at" in draft.data:
        return datetime.fromisoformat(draft.data["starts_at"])
    event = await Event.get_or_none(id=int(draft.data.get("event_id", 0)))
    return event.starts_at if event else None


async def parse_end_answer(raw: str, ctx: BotContext) -> str:
    start = await _draft_start(ctx)
    if start is None:
        raise Invalid("event-when-invalid")
    try:
        end = parse_end(raw, start, ctx.settings.tz)
    except WhenError as error:
        raise Invalid("event-end-invalid" if error.reason == "form" else "when-no-such-date") from error
    if end <= start:
        raise Invalid("event-end-before-start")
    return end.isoformat()


async def parse_deadline_answer(raw: str, ctx: BotContext) -> str:
    start = await _draft_start(ctx)
    if start is None:
        raise Invalid("event-when-invalid")
    if _skipped(raw):
        return default_deadline(start, utcnow()).isoformat()
    deadline = _when(raw, ctx)
    if deadline > start:
        raise Invalid("event-deadline-after-start")
    if deadline <= utcnow():
        raise Invalid("event-deadline-past")
    return deadline.isoformat()



def parse_count(minimum: int, maximum: int):
    async def parse(raw: str, ctx: BotContext) -> int:
        try:
            count = count_of(raw)
        except CountError as error:
            raise Invalid("event-count-invalid", minimum=minimum, maximum=maximum) from error
        if not minimum <= count <= maximum:
            raise Invalid("event-count-invalid", minimum=minimum, maximum=maximum)
        return count

    return parse


def parse_optional_count(maximum: int):
    async def parse(raw: str, ctx: BotContext) -> int | None:
        return None if _skipped(raw) else await parse_count(1, maximum)(raw, ctx)

    return parse


async def parse_location_answer(raw: str, ctx: BotContext) -> list[float] | None:
    """Typed "30.51, 114.41", or "-" for none (a shared location arrives through on_location)."""
    if _skipped(raw):
        return None
    match = COORDINATES.match(_text(raw))
    if match is None:
        raise Invalid("event-location-invalid")
    latitude, longitude = float(match[1]), float(match[2])
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise Invalid("event-location-invalid")
    return [latitude, longitude]


async def parse_description(raw: str, ctx: BotContext) -> str:
    if _skipped(raw):
        return ""
    return await bounded_text(2, 1000, "event-description-length", multiline=True)(raw, ctx)


async def parse_audience(raw: str, ctx: BotContext) -> dict[str, list[str]]:
    """Tiers and districts by their labels (or values), separated by commas; "-" for everyone."""
    if _skipped(raw):
        return {"tiers": [], "districts": []}
    words = [Choice(f"tiers:{t.value}", ctx.t(f"tier-{t.value}")) for t in Tier]
    words += [Choice(f"districts:{d.value}", ctx.t(f"district-{d.value}")) for d in District]
    chosen: dict[str, list[str]] = {"tiers": [], "districts": []}
    for word in filter(None, SEPARATORS.split(_text(raw))):
        # as a button would take it typed: the label, its value, or a part only one label has
        named = match_choice(words, word) or match_choice(words, f"tiers:{word}") or \
            match_choice(words, f"districts:{word}")
        if named is None:
            raise Invalid("event-audience-unknown", word=word)
        group, value = named.value.split(":", 1)
        chosen[group].append(value)
    return chosen


async def parse_recurrence_answer(raw: str, ctx: BotContext) -> str:
    try:
        rule = parse_recurrence(raw)
    except RecurrenceError as error:
        raise Invalid(f"recurrence-invalid-{error.reason}") from error
    return rule.anchored(utcnow(), ctx.settings.tz).canonical()


async def parse_chain_plan(raw: str, ctx: BotContext) -> list[int]:
    """Chain numbers as listed in the prompt (or names), in the order of the rotation; "-" for none."""
    if _skipped(raw):
        return []
    chains = await active_chains()
    plan: list[int] = []
    for word in filter(None, SEPARATORS.split(_text(raw))):
        number = ascii_int(word)
        if number is not None and 1 <= number <= len(chains):
            plan.append(chains[number - 1].id)
            continue
        match = next((c for c in chains if word in (c.name, c.name_en)), None)
        if match is None:
            raise Invalid("series-plan-unknown", word=word)
        plan.append(match.id)
    return plan


async def plan_prompt(ctx: BotContext, data: dict[str, Any]) -> str:
    chains = await active_chains()
    listing = "\n".join(f"{i}. {chain.label(ctx.lang)}" for i, chain in enumerate(chains, 1))
    return ctx.t("ask-series-plan", chains=listing)


async def kind_choices(ctx: BotContext, data: dict[str, Any]) -> list[Choice]:
    return [Choice(kind.value, ctx.t(f"series-kind-{kind.value}")) for kind in SeriesKind]


async def chain_or_none(ctx: BotContext, data: dict[str, Any]) -> list[Choice]:
    return [*await chain_choices(ctx, data), Choice("none", ctx.t("event-no-chain"))]


EVENT_STEPS = {
    "kind": Step("kind", "ask-event-kind", choices=kind_choices, columns=2),
    "title": Step("title", "ask-event-title", parse=bounded_text(2, 100, "event-title-length", name=True)),
    "chain_id": Step("chain_id", "ask-event-chain", choices=chain_or_none, columns=2),
    "starts_at": Step("starts_at", "ask-event-start", parse=parse_when_answer),
    "ends_at": Step("ends_at", "ask-event-end", parse=parse_end_answer),
    "venue": Step("venue", "ask-event-venue", parse=bounded_text(2, 200, "event-venue-length")),
    "location": Step("location", "ask-event-location", parse=parse_location_answer),
    "seats_enterprise": Step("seats_enterprise", "ask-event-seats-enterprise", parse=parse_count(1, MAX_SEATS)),
    "seats_institution": Step("seats_institution", "ask-event-seats-institution", parse=parse_count(0, MAX_SEATS)),
    "deadline": Step("deadline", "ask-event-deadline", parse=parse_deadline_answer),
    "description": Step("description", "ask-event-description", parse=parse_description),
    "audience": Step("audience", "ask-event-audience", parse=parse_audience),
    "target_visits": Step("target_visits", "ask-event-target", parse=parse_optional_count(100_000)),
}

SERIES_STEPS = {
    "kind": Step("kind", "ask-series-kind", choices=kind_choices, columns=2),
    "title": EVENT_STEPS["title"],
    "recurrence": Step("recurrence", "ask-series-recurrence", parse=parse_recurrence_answer),
    "chain_plan": Step("chain_plan", "ask-series-plan", parse=parse_chain_plan, render=plan_prompt),
    "venue": EVENT_STEPS["venue"],
    "location": EVENT_STEPS["location"],
    "seats_enterprise": EVENT_STEPS["seats_enterprise"],
    "seats_institution": EVENT_STEPS["seats_institution"],
    "days_ahead": Step("days_ahead", "ask-series-days-ahead", parse=parse_count(1, 60)),
}
