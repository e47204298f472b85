"""Telegram updates already applied, so one delivered twice (a webhook retry, a poller taking over
from a dead leader) is applied once. Telegram keeps an update for at most 24 hours.

An update is recorded in the transaction of the first change it makes (models/unit_of_work.py), not
before it is handled: a crash before that commit leaves it unrecorded, so its redelivery is applied
then. An update that changes nothing (a question, a list) is not recorded and is simply answered
again if it comes twice.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime

from tortoise import fields
from tortoise.models import Model

from models.clock import utcnow


class ProcessedUpdate(Model):
    update_id = fields.BigIntField(primary_key=True, generated=False)
    at = fields.DatetimeField()

    class Meta:
        table = "processed_update"


@dataclass
class UpdateInHand:
    update_id: int
    recorded: bool = False


_in_hand: ContextVar[UpdateInHand | None] = ContextVar("update_in_hand", default=None)


async def already_applied(update_id: int) -> bool:
    return await ProcessedUpdate.exists(update_id=update_id)


def take_in_hand(update_id: int) -> None:
    """The update being handled now: the changes it makes record it."""
    _in_hand.set(UpdateInHand(update_id))


async def record_in_transaction() -> None:
    """Inside a change's transaction: record the update in hand, once. A second delivery applied at
    the same moment elsewhere fails here on the primary key, and its change rolls back with it."""
    update = _in_hand.get()
    if update is not None and not update.recorded:
        await ProcessedUpdate.create(update_id=update.update_id, at=utcnow())


def committed() -> None:
    update = _in_hand.get()
    if update is not None:
        update.recorded = True


async def forget_before(moment: datetime) -> int:
    return await ProcessedUpdate.filter(at__lt=moment).delete()
