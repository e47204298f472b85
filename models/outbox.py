"""The outbox: every proactive message is a row first, keyed for idempotency, sent by one sender."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tortoise import fields
from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.models import Model

from models.enums import OutboxStatus


class OutboxMessage(Model):
    id = fields.BigIntField(primary_key=True)
    key = fields.CharField(max_length=128, unique=True)  # e.g. remind:{event}:{lead}:{chat}
    chat_id = fields.BigIntField(db_index=True)
    method = fields.CharField(max_length=24, default="sendMessage")  # sendMessage, sendDocument, ...
    payload = fields.JSONField()  # Bot API parameters besides chat_id
    status = fields.CharEnumField(OutboxStatus, max_length=8, default=OutboxStatus.pending, db_index=True)
    attempts = fields.SmallIntField(default=0)
    not_before = fields.DatetimeField(null=True)
    expires_at = fields.DatetimeField(null=True)  # dropped instead of sent after this
    last_error = fields.CharField(max_length=200, default="")
    claimed_at = fields.DatetimeField(null=True)  # set with status sending, before the Bot API call
    created_at = fields.DatetimeField(auto_now_add=True)
    sent_at = fields.DatetimeField(null=True)

    class Meta:
        table = "outbox_message"


async def enqueue(
    key: str,
    chat_id: int,
    payload: dict[str, Any],
    *,
    method: str = "sendMessage",
    not_before: datetime | None = None,
    expires_at: datetime | None = None,
) -> bool:
    """Queue one message; False when a message with this key was already queued (idempotent)."""
    try:
        await OutboxMessage.create(
            key=key, chat_id=chat_id, method=method, payload=payload, not_before=not_before, expires_at=expires_at
        )
    except IntegrityError:
        return False
    return True


async def enqueue_many(rows: list[OutboxMessage]) -> None:
    """Queue a broadcast in one statement; rows whose key exists already are skipped."""
    await OutboxMessage.bulk_create(rows, ignore_conflicts=True, batch_size=1000)


async def due(now: datetime, limit: int) -> list[OutboxMessage]:
    return (
        await OutboxMessage.filter(status=OutboxStatus.pending)
        .filter(Q(not_before__isnull=True) | Q(not_before__lte=now))
        .order_by("id")
        .limit(limit)
    )


async def postponed_chats(now: datetime) -> set[int]:
    """Chats with a pending row that waits for a later time (a retry after an error or a 429)."""
    rows = await OutboxMessage.filter(status=OutboxStatus.pending, not_before__gt=now).distinct().values_list(
        "chat_id", flat=True
    )
    return set(rows)


async def backlog() -> int:
    """Rows not yet delivered: pending, or claimed by a sender that is sending them."""
    return await OutboxMessage.filter(status__in=[OutboxStatus.pending, OutboxStatus.sending]).count()


async def claim(row: OutboxMessage, now: datetime) -> bool:
    """Take a pending row for sending (status sending) before the Bot API call; False when taken."""
    return bool(
        await OutboxMessage.filter(id=row.id, status=OutboxStatus.pending).update(
            status=OutboxStatus.sending, claimed_at=now
        )
    )


async def release_interrupted() -> int:
    """Rows left `sending` by a sender that died during the call: Telegram may or may not have
    delivered them, and a send is not idempotent, so they are failed, not resent (at most once)."""
    return await OutboxMessage.filter(status=OutboxStatus.sending).update(
        status=OutboxStatus.failed, last_error="interrupted while sending: not resent (at most once)"
    )


async def mark(row: OutboxMessage, status: OutboxStatus, *, error: str = "", at: datetime | None = None) -> None:
    await OutboxMessage.filter(id=row.id).update(
        status=status, sent_at=at, last_error=error[:200], attempts=row.attempts + 1
    )


async def postpone(row: OutboxMessage, until: datetime, error: str) -> None:
    """Back in the queue (pending) for another try after `until`."""
    await OutboxMessage.filter(id=row.id).update(
        status=OutboxStatus.pending, not_before=until, attempts=row.attempts + 1, last_error=error[:200]
    )


async def block_chat(chat_id: int, error: str) -> None:
    """The person blocked the bot: nothing more is tried for this chat."""
    await OutboxMessage.filter(chat_id=chat_id, status=OutboxStatus.pending).update(
        status=OutboxStatus.blocked, last_error=error[:200]
    )
