"""Who an event is announced to, as outbox rows: the enterprises that fit (chain focus, tier,
district) and the staff of every active institution. One row per chat, keyed
`announce:{event}:{chat}`, so announcing twice sends nothing twice."""

from __future__ import annotations

from typing import Any

from bot import deeplinks
from bot.i18n import Html, t
from bot.render_events import event_card, signup_keyboard
from models.enums import StaffStatus
from models.events import Event
from models.outbox import OutboxMessage, enqueue_many
from models.people import Person
from models.settings import Settings
from schedules.outbox_payloads import text_payload

ACTIVE_STAFF = (StaffStatus.invited, StaffStatus.verified)


async def fitting_enterprise_chats(event: Event) -> list[tuple[int, str | None]]:
    """(chat, language) of every representative of an enterprise the event is meant for."""
    query = Person.filter(enterprise_id__isnull=False, suspended=False, blocked_bot=False,
                          enterprise__suspended=False)
    if event.chain_id is not None:
        query = query.filter(enterprise__chain_id=event.chain_id)
    if event.tiers:
        query = query.filter(enterprise__tier__in=list(event.tiers))
    if event.districts:
        query = query.filter(enterprise__district__in=list(event.districts))
    return [(tg_id, language) for tg_id, language in await query.values_list("tg_id", "language")]


async def staff_chats() -> list[tuple[int, str | None]]:
    query = Person.filter(institution_id__isnull=False, staff_status__in=ACTIVE_STAFF, suspended=False,
                          blocked_bot=False, institution__suspended=False)
    return [(tg_id, language) for tg_id, language in await query.values_list("tg_id", "language")]


async def announcement_payload(event: Event, lang: str, settings: Settings, bot_username: str) -> dict[str, Any]:
    card = await event_card(event, lang, settings.tz)
    share = deeplinks.link(bot_username, "ev", str(event.id))
    text = t(lang, "announce-event", card=Html(card), link=share)
    return text_payload(text, signup_keyboard(event.id, lang))


async def announce(event: Event, settings: Settings, bot_username: str) -> int:
    """Queue the announcement for everyone it is meant for; returns how many rows were new."""
    chats = dict(await fitting_enterprise_chats(event))
    chats.update(await staff_chats())
    payloads: dict[str, dict[str, Any]] = {}
    rows = []
    for chat_id, language in chats.items():
        lang = language or settings.default_language
        if lang not in payloads:
            payloads[lang] = await announcement_payload(event, lang, settings, bot_username)
        rows.append(OutboxMessage(key=f"announce:{event.id}:{chat_id}", chat_id=chat_id, payload=payloads[lang],
                                  expires_at=event.deadline))
    before = await OutboxMessage.filter(key__startswith=f"announce:{event.id}:").count()
    await enqueue_many(rows)
    return await OutboxMessage.filter(key__startswith=f"announce:{event.id}:").count() - before
