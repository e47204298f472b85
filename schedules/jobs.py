"""Scheduled jobs, derived from the database (DESIGN.md section 5).

`planned_jobs(settings, now)` reads what should be scheduled; `rebuild_jobs(app)` makes PTB's
JobQueue (an APScheduler 3 scheduler) hold exactly that, under stable ids:

- ``remind:{event}:{lead}``  a reminder `lead` hours before the start (REMINDER_LEADS_HOURS)
- ``after:{event}``          once the event is over: no-shows marked, follow-ups sent
- ``series:{series}``        the next session of a series enters its window: created and announced
- ``digest:{subscription}``  a subscription's next digest (now, once, when one was missed: a catch-up)

Only the leader holds jobs (`leading(app)`; several instances: schedules/leadership.py). A standby
answering a webhook still calls `rebuild_jobs` after a change: it does nothing there, and the leader
picks the change up within RESYNC_INTERVAL (`keep_in_sync`).

It runs at start-up and after every change, so a restart loses nothing and duplicates nothing:
every job is idempotent (outbox keys, occurrence keys, status checks). A job whose time passed while
the bot was down runs once at start if it is still useful: of several missed reminders of one
event only the latest runs, and a reminder after the start is dropped.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from models.clock import from_wall, to_wall, utcnow
from models.enums import EventStatus
from models.operations.digest_ops import digest_plan
from models.operations.series_ops import generate_events, next_generation_at
from models.operations.signup_ops import mark_no_shows
from models.settings import Settings
from models.tables.events import Event, Series
from models.tables.outbox import OutboxMessage
from models.unit_of_work import unit_of_work
from notices import events as event_notices
from notices.agendas import enqueue_agendas
from notices.digests import send_due_digest

log = logging.getLogger(__name__)
PREFIXES = ("remind:", "after:", "series:", "digest:")
JOB_KWARGS = {"replace_existing": True, "coalesce": True, "misfire_grace_time": 6 * 3600}
LEADING = "leading"  # bot_data flag, set while this process leads
RESYNC_INTERVAL = timedelta(minutes=1)  # the leader re-reads the plan: changes made by a standby arrive
LOOKBACK = timedelta(days=7)  # events ended this long ago still get their follow-up if it was missed


@dataclass(frozen=True)
class PlannedJob:
    id: str
    when: datetime
    kind: str  # remind | after | series | digest
    target: int  # event, series or digest subscription id
    lead: int = 0


async def _reminders(event: Event, leads: list[int], now: datetime) -> list[PlannedJob]:
    """Future reminders at their time; of the missed ones only the latest (if it never ran), and only
    before the start."""
    if now >= event.starts_at:
        return []
    jobs, missed = [], None
    for lead in sorted(leads, reverse=True):
        at = event.starts_at - timedelta(hours=lead)
        job = PlannedJob(f"remind:{event.id}:{lead}", max(at, now), "remind", event.id, lead)
        if at > now:
            jobs.append(job)
        else:
            missed = job
    if missed is not None and not await OutboxMessage.exists(key__startswith=f"{missed.id}:"):
        return [missed, *jobs]
    return jobs


async def planned_jobs(settings: Settings, now: datetime) -> list[PlannedJob]:
    jobs: list[PlannedJob] = []
    live = (EventStatus.open, EventStatus.closed)
    for event in await Event.filter(status__in=live, ends_at__gt=now - LOOKBACK).order_by("starts_at"):
        jobs += await _reminders(event, settings.reminder_leads_hours, now)
        after = event.ends_at + timedelta(minutes=settings.followup_delay_minutes)
        jobs.append(PlannedJob(f"after:{event.id}", max(after, now), "after", event.id))
    for series in await Series.filter(active=True):
        at = await next_generation_at(series, now, settings.tz)
        if at is not None:
            jobs.append(PlannedJob(f"series:{series.id}", at, "series", series.id))
    for sub_id, at in await digest_plan(now, settings.tz):
        jobs.append(PlannedJob(f"digest:{sub_id}", at, "digest", sub_id))
    return jobs


async def execute(job: PlannedJob, settings: Settings, now: datetime) -> int:
    """Run one planned job at `now`, in one transaction with the messages it queues; returns how many."""
    if job.kind == "digest":  # reads and draws first, then its own short unit of work
        return await send_due_digest(job.target, settings, now)
    async with unit_of_work() as uow:
        if job.kind == "remind":
            await _remind(job, settings, now)
        elif job.kind == "after":
            await mark_no_shows(job.target)  # EventHeld: the follow-ups are queued with it
        else:
            await generate_events(job.target, now, settings.tz)  # EventOpened: each new session announced
    return uow.outbox_rows


async def _remind(job: PlannedJob, settings: Settings, now: datetime) -> None:
    event = await Event.get_or_none(id=job.target)
    if event is None or event.status not in (EventStatus.open, EventStatus.closed):
        return
    await event_notices.reminders(event, job.lead, now)
    if job.lead == max(settings.reminder_leads_hours):
        await enqueue_agendas(event.id)


async def _job_callback(context: Any) -> None:
    app = context.application
    job: PlannedJob = context.job.data
    try:
        await execute(job, app.bot_data["settings"], utcnow())
    except Exception:
        log.exception("job %s failed", job.id)
    if job.kind != "remind":  # a series or an event moved on: its next job is derived anew
        await rebuild_jobs(app)


def leading(app: Any) -> bool:
    return bool(app.bot_data.get(LEADING))


async def rebuild_jobs(app: Any, now: datetime | None = None) -> list[PlannedJob]:
    """Make the JobQueue hold exactly the planned jobs (ours: ids with our prefixes); in a standby nothing."""
    if not leading(app):
        return []
    settings: Settings = app.bot_data["settings"]
    plan = await planned_jobs(settings, now or utcnow())
    scheduler = app.job_queue.scheduler
    wanted = {job.id for job in plan}
    for existing in scheduler.get_jobs():
        if existing.id.startswith(PREFIXES) and existing.id not in wanted:
            existing.remove()
    for job in plan:
        app.job_queue.run_once(_job_callback, when=to_wall(job.when), name=job.id, data=job,
                               job_kwargs={"id": job.id, **JOB_KWARGS})
    return plan


async def _resync(context: Any) -> None:
    await rebuild_jobs(context.application)


def keep_in_sync(app: Any) -> None:
    """Rebuild the plan every RESYNC_INTERVAL in the leader (a standby's changes reach it that way)."""
    app.job_queue.run_repeating(_resync, interval=RESYNC_INTERVAL, first=RESYNC_INTERVAL, name="resync",
                                job_kwargs={"id": "resync", "replace_existing": True, "coalesce": True})


def scheduled_ids(app: Any) -> dict[str, datetime]:
    """Our jobs and their next run times, for tests and /events."""
    jobs = app.job_queue.scheduler.get_jobs()
    return {job.id: from_wall(job.next_run_time) for job in jobs if job.id.startswith(PREFIXES)}
