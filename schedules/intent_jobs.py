"""Intents over time: proposals nobody answered expire (INTENT_EXPIRY_DAYS), and staff are nudged
once when a proposal has waited INTENT_SERVICE_DAYS working days (Mon-Fri) for their answer.

`run_intent_jobs(settings, now)` does both and queues the messages (tests call it directly);
`install(app)` repeats it hourly on PTB's JobQueue.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from bot.i18n import t
from bot.render_intents import intent_card, notify_change, open_button
from models.clock import utcnow
from models.enums import IntentStatus, StaffStatus
from models.errors import Refused
from models.intent_ops import act
from models.intents import Intent
from models.outbox import enqueue
from models.people import Person
from models.settings import Settings
from schedules.outbox_payloads import text_payload

log = logging.getLogger(__name__)
INTERVAL = timedelta(hours=1)


def add_working_days(start: datetime, days: int) -> datetime:
    """The moment `days` working days (Mon-Fri) after `start`, weekends skipped."""
    moment, left = start, days
    while left > 0:
        moment += timedelta(days=1)
        if moment.weekday() < 5:
            left -= 1
    return moment


def overdue(created_at: datetime, now: datetime, service_days: int, tz: Any) -> bool:
    return add_working_days(created_at.astimezone(tz), service_days) <= now


async def expire_stale(settings: Settings, now: datetime) -> int:
    cutoff = now - timedelta(days=settings.intent_expiry_days)
    expired = 0
    stale = await Intent.filter(status=IntentStatus.proposed, created_at__lt=cutoff).values_list("id", flat=True)
    for intent_id in stale:
        try:
            change = await act(None, intent_id, "expire", max_amount=settings.max_amount_yuan, now=now)
        except Refused:  # answered meanwhile
            continue
        expired += 1
        await notify_change(change, settings.default_language)
    return expired


async def waiting_past_service_time(settings: Settings, now: datetime) -> list[Intent]:
    """Proposals past the service time (for the nudge and for the digest)."""
    rough = now - timedelta(days=settings.intent_service_days)  # n working days span at least n days
    candidates = await Intent.filter(status=IntentStatus.proposed, created_at__lte=rough) \
        .prefetch_related("enterprise", "institution").order_by("created_at").limit(1000)
    return [i for i in candidates if overdue(i.created_at, now, settings.intent_service_days, settings.tz)]


async def nudge_staff(settings: Settings, now: datetime) -> int:
    nudged = 0
    for intent in await waiting_past_service_time(settings, now):
        if intent.nudged_at is not None or not await Intent.filter(id=intent.id, nudged_at=None).update(nudged_at=now):
            continue
        staff = await Person.filter(institution_id=intent.institution_id, suspended=False, blocked_bot=False,
                                    staff_status__in=[StaffStatus.invited, StaffStatus.verified])
        for person in staff:
            lang = str(person.language or settings.default_language)
            text = t(lang, "intent-nudge", days=settings.intent_service_days) + "\n\n" + intent_card(intent, lang)
            nudged += await enqueue(f"intent-nudge:{intent.id}:{person.tg_id}", person.tg_id,
                                    text_payload(text, open_button(intent.id, lang)))
    return nudged


async def run_intent_jobs(settings: Settings, now: datetime | None = None) -> tuple[int, int]:
    """(intents expired, nudges queued)."""
    now = now or utcnow()
    return await expire_stale(settings, now), await nudge_staff(settings, now)


async def _job(context: Any) -> None:
    settings: Settings = context.application.bot_data["settings"]
    expired, nudged = await run_intent_jobs(settings)
    if expired or nudged:
        log.info("intents: %s expired, %s nudges", expired, nudged)
        sender = context.application.bot_data.get("sender")
        if sender is not None:
            sender.wake()


def install(app: Any) -> None:
    """Repeat the intent jobs hourly (the first run a minute after start)."""
    if app.job_queue is not None:
        app.job_queue.run_repeating(_job, interval=INTERVAL, first=60, name="intents",
                                    job_kwargs={"id": "intents", "replace_existing": True, "coalesce": True})
