"""The message a person gets when the reply to their action could not be delivered: queued in the
outbox, so it arrives as soon as Telegram takes messages again (the sender keeps trying)."""

from __future__ import annotations

from models.tables.outbox import enqueue
from models.unit_of_work import unit_of_work
from notices.i18n import t
from notices.payloads import text_payload


async def reply_lost(chat_id: int, lang: str, update_id: int) -> None:
    async with unit_of_work():
        await enqueue(f"reply-lost:{update_id}", chat_id, text_payload(t(lang, "error-delivery")),
                      broadcast="reply-lost")
