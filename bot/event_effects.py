"""What follows a change of an event, outside its transaction: outbox rows, job rebuild, sender wake."""

from __future__ import annotations

from bot.context import BotContext
from models.event_ops import Change
from models.events import Event, Registration
from schedules import notices
from schedules.announcements import announce
from schedules.jobs import rebuild_jobs


async def announced(ctx: BotContext, event: Event) -> int:
    count = await announce(event, ctx.settings, ctx.bot.username)
    await rebuild_jobs(ctx.application)
    ctx.wake_sender()
    return count


async def changed(ctx: BotContext, change: Change, *, cancelled: bool = False) -> None:
    """Tell everyone signed up about a cancellation or a move, and re-derive the jobs."""
    if cancelled or change.moved:
        await notices.event_changed(change.event, change.affected, ctx.settings, cancelled=cancelled)
    await rebuild_jobs(ctx.application)
    ctx.wake_sender()


async def promoted(ctx: BotContext, registration: Registration | None) -> None:
    if registration is not None:
        await notices.promoted(registration, ctx.settings)
        ctx.wake_sender()
