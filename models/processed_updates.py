"""Telegram updates already taken in hand, so one delivered twice (a webhook retry, a poller taking
over from a dead leader) is applied once. Telegram keeps an update for at most 24 hours."""

from __future__ import annotations

from datetime import datetime

from tortoise import fields
from tortoise.exceptions import IntegrityError
from tortoise.models import Model

from models.clock import utcnow


class ProcessedUpdate(Model):
    update_id = fields.BigIntField(primary_key=True, generated=False)
    at = fields.DatetimeField()

    class Meta:
        table = "processed_update"


async def first_time(update_id: int) -> bool:
    """Record the update; False when it was recorded before (a second delivery)."""
    try:
        await ProcessedUpdate.create(update_id=update_id, at=utcnow())
    except IntegrityError:
        return False
    return True


async def forget_before(moment: datetime) -> int:
    return await ProcessedUpdate.filter(at__lt=moment).delete()
