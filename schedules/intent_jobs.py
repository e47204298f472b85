"""Intents over time: proposals nobody answered expire (INTENT_EXPIRY_DAYS), and staff are nudged
once when a proposal has waited INTENT_SERVICE_DAYS working days (Mon-Fri) for their answer.

`run_intent_jobs(settings, now)` does both and queues the messages (tests call it directly);
`install(app)` repeats it hourly on PTB's JobQueue.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from models.clock import utcnow
from models.enums import IntentStatus
from models.errors import Refused
from models.operations.intent_ops import act
from models.rules.service_time import overdue
from models.settings import Settings
from models.tables.intents import Intent
from models.tables.processed_updates import forget_before
from models.unit_of_work import unit_of_work
from notices import intents as intent_notices

log = logging.getLogger(__name__)
INTERVAL = timedelta(hours=1)
UPDATE_MEMORY = timedelta(days=2)  # Telegram redelivers an update for at most a day


async def expire_stale(settings: Settings, now: datetime) -> int:
    """Proposals nobody answered in time expire (each with its notices, in its own transaction)."""
    cutoff = now - timedelta(days=settings.intent_expiry_days)
    expired = 0
    stale = await Intent.filter(status=IntentStatus.proposed, created_at__lt=cutoff).values_list("id", flat=True)
    for intent_id in stale:
        try:
            await act(None, intent_id, "expire", max_amount=settings.max_amount_yuan, now=now)
        except Refused:  # answered meanwhile
            continue
        expired += 1
    return expired


async def waiting_past_service_time(settings: Settings, now: datetime) -> list[Intent]:
    """Proposals past the service time (for the nudge and for the digest)."""
    rough = now - timedelta(days=settings.intent_service_days)  # n working days span at least n days
    candidates = await Intent.filter(status=IntentStatus.proposed, created_at__lte=rough) \
        .prefetch_related("enterprise", "institution").order_by("created_at").limit(1000)
    return [i for i in candidates if overdue(i.created_at, now, settings.intent_service_days, settings.tz)]


async def nudge_staff(settings: Settings, now: datetime) -> int:
    """Staff are nudged once per proposal: the mark and the messages commit together."""
    nudged = 0
    for intent in await waiting_past_service_time(settings, now):
        async with unit_of_work():
            if not await Intent.filter(id=intent.id, nudged_at=None).update(nudged_at=now):
                continue
            nudged += await intent_notices.nudge(intent, settings.intent_service_days)
    return nudged


async def run_intent_jobs(settings: Settings, now: datetime | None = None) -> tuple[int, int]:
    """(intents expired, nudges queued); also forgets update ids older than Telegram keeps them."""
    now = now or utcnow()
    await forget_before(now - UPDATE_MEMORY)
    return await expire_stale(settings, now), await nudge_staff(settings, now)


async def _job(context: Any) -> None:
    settings: Settings = context.application.bot_data["settings"]
    expired, nudged = await run_intent_jobs(settings)
    if expired or nudged:
        log.info("intents: %s expired, %s nudges", expired, nudged)


def install(app: Any) -> None:
    """Repeat the intent jobs hourly (the first run a minute after start)."""
    if app.job_queue is not None:
        app.job_queue.run_repeating(_job, interval=INTERVAL, first=60, name="intents",
                                    job_kwargs={"id": "intents", "replace_existing": True, "coalesce": True})
