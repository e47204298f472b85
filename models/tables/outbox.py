"""The outbox: every proactive message is a row first, keyed for idempotency, sent by one sender.

Rows are written inside the transaction of the change that causes them (models/unit_of_work.py);
rows of one broadcast (an event's announcement, a cancellation, a reminder) share `broadcast`, so the
organizer can see what became of each: queued, sent, waiting for a retry, failed, blocked, unsure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise import fields
from tortoise.expressions import Q
from tortoise.functions import Count
from tortoise.models import Model
from tortoise.queryset import QuerySet

from models.enums import OutboxStatus
from models.stamps import StampField
from models.unit_of_work import count_outbox_rows

KEY_BATCH = 900  # keys per lookup, under SQLite's limit of bound parameters


class OutboxMessage(Model):
    id = fields.BigIntField(primary_key=True)
    key = fields.CharField(max_length=128, unique=True)  # e.g. remind:{event}:{lead}:{chat}
    broadcast = fields.CharField(max_length=64, null=True, db_index=True)  # e.g. event:{id}:announce
    chat_id = fields.BigIntField(db_index=True)
    method = fields.CharField(max_length=24, default="sendMessage")  # sendMessage, sendDocument, ...
    payload = fields.JSONField()  # Bot API parameters besides chat_id
    status = fields.CharEnumField(OutboxStatus, max_length=8, default=OutboxStatus.pending, db_index=True)
    attempts = fields.SmallIntField(default=0)
    not_before = fields.DatetimeField(null=True)
    expires_at = fields.DatetimeField(null=True)  # dropped instead of sent after this
    last_error = fields.CharField(max_length=200, default="")
    claimed_at = fields.DatetimeField(null=True)  # set with status sending, before the Bot API call
    created_at = StampField(auto_now_add=True)
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
    broadcast: str | None = None,
) -> bool:
    """Queue one message; False when a message with this key was already queued (idempotent)."""
    row = OutboxMessage(key=key, chat_id=chat_id, method=method, payload=payload, not_before=not_before,
                        expires_at=expires_at, broadcast=broadcast)
    return bool(await enqueue_many([row]))


async def enqueue_many(rows: list[OutboxMessage]) -> int:
    """Queue messages in few statements; rows whose key exists already are skipped. Returns the new ones.

    Conflicts are skipped by the database (ON CONFLICT DO NOTHING), never raised: an IntegrityError
    would abort the PostgreSQL transaction of the change these messages belong to.
    """
    existing: set[str] = set()
    for start in range(0, len(rows), KEY_BATCH):
        keys = [row.key for row in rows[start:start + KEY_BATCH]]
        existing |= set(await OutboxMessage.filter(key__in=keys).values_list("key", flat=True))
    new = [row for row in rows if row.key not in existing]
    if new:
        await OutboxMessage.bulk_create(new, ignore_conflicts=True, batch_size=1000)
        count_outbox_rows(len(new))
    return len(new)


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
    delivered them, and a send is not idempotent, so they are unsure, not resent (at most once)."""
    return await OutboxMessage.filter(status=OutboxStatus.sending).update(
        status=OutboxStatus.unsure, last_error="interrupted while sending: not resent (at most once)"
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


async def readdress(old_chat_id: int, new_chat_id: int) -> int:
    """A group became a supergroup (Telegram gave it a new id): what still waits for it goes to the new id."""
    return await OutboxMessage.filter(
        chat_id=old_chat_id, status__in=[OutboxStatus.pending, OutboxStatus.sending]
    ).update(chat_id=new_chat_id)


async def block_chat(chat_id: int, error: str) -> None:
    """The person blocked the bot: nothing more is tried for this chat."""
    await OutboxMessage.filter(chat_id=chat_id, status=OutboxStatus.pending).update(
        status=OutboxStatus.blocked, last_error=error[:200]
    )


@dataclass(frozen=True)
class Delivery:
    """What became of one broadcast's messages."""

    queued: int = 0  # not tried yet, or being sent now
    sent: int = 0
    waiting: int = 0  # tried, to be tried again (a 429, a 5xx, a network error)
    failed: int = 0  # refused by Telegram, out of attempts, or expired before it could leave
    blocked: int = 0  # the person blocked the bot
    unsure: int = 0  # left, but no answer came: maybe delivered; not resent

    @property
    def total(self) -> int:
        return self.queued + self.sent + self.waiting + self.failed + self.blocked + self.unsure


async def delivery(broadcast: str) -> Delivery:
    counts: dict[str, int] = {}
    rows = await OutboxMessage.filter(broadcast=broadcast).group_by("status").annotate(n=Count("id")) \
        .values_list("status", "n")
    for status, n in rows:
        counts[str(status)] = n
    pending = await OutboxMessage.filter(broadcast=broadcast, status=OutboxStatus.pending, attempts__gt=0).count()
    return Delivery(
        queued=counts.get("pending", 0) - pending + counts.get("sending", 0), waiting=pending,
        sent=counts.get("sent", 0), failed=counts.get("failed", 0) + counts.get("dropped", 0),
        blocked=counts.get("blocked", 0), unsure=counts.get("unsure", 0),
    )


async def deliveries(prefix: str) -> dict[str, Delivery]:
    """Every broadcast whose name starts with `prefix` (e.g. all of one event's), by name."""
    names = await OutboxMessage.filter(broadcast__startswith=prefix).distinct().values_list("broadcast", flat=True)
    return {name: await delivery(name) for name in sorted(set(names))}


UNREACHED = (OutboxStatus.failed, OutboxStatus.dropped, OutboxStatus.unsure, OutboxStatus.blocked)


def _resendable(prefix: str, now: datetime, statuses: tuple[OutboxStatus, ...]) -> QuerySet[OutboxMessage]:
    """Rows of these broadcasts in `statuses` that are still worth sending (not expired)."""
    return OutboxMessage.filter(broadcast__startswith=prefix, status__in=list(statuses)).filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=now))


async def resendable(prefix: str, now: datetime, statuses: tuple[OutboxStatus, ...]) -> int:
    return await _resendable(prefix, now, statuses).count()


async def requeue(prefix: str, now: datetime, statuses: tuple[OutboxStatus, ...]) -> int:
    """Send again what these broadcasts did not deliver, in `statuses` (failed; or, when the organizer
    asks for it, unsure); blocked people cannot be reached. Returns how many rows went back."""
    return await _resendable(prefix, now, statuses).update(
        status=OutboxStatus.pending, attempts=0, not_before=None, last_error=""
    )


async def unreached(prefix: str) -> list[tuple[int, OutboxStatus]]:
    """(chat, status) of every message of these broadcasts that did not certainly arrive."""
    rows = await OutboxMessage.filter(broadcast__startswith=prefix, status__in=list(UNREACHED)) \
        .order_by("status", "chat_id").values_list("chat_id", "status")
    return [(chat_id, OutboxStatus(status)) for chat_id, status in rows]
