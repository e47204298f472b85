"""Who an event is announced to, as outbox rows: the enterprises that fit (chain focus, tier,
district) and the staff of every active institution. One row per chat, keyed
`announce:{event}:{chat}`, so announcing twice sends nothing twice."""

from __future__ import annotations

from typing import Any

from models.domain_events import EventOpened
from models.tables.events import Event
from models.tables.outbox import OutboxMessage, enqueue_many
from models.tables.people import reachable_representatives, reachable_staff
from notices.config import config
from notices.events import broadcast_of
from notices.i18n import Html, t
from notices.links import link
from notices.payloads import text_payload
from notices.render_events import event_card, signup_keyboard


async def fitting_enterprise_chats(event: Event) -> list[tuple[int, str | None]]:
    """(chat, language) of every representative of an enterprise the event is meant for."""
    query = reachable_representatives(enterprise__suspended=False)
    if event.chain_id is not None:
        query = query.filter(enterprise__chain_id=event.chain_id)
    if event.tiers:
        query = query.filter(enterprise__tier__in=list(event.tiers))
    if event.districts:
        query = query.filter(enterprise__district__in=list(event.districts))
    return [(tg_id, language) for tg_id, language in await query.values_list("tg_id", "language")]


async def staff_chats() -> list[tuple[int, str | None]]:
    query = reachable_staff(institution__suspended=False)
    return [(tg_id, language) for tg_id, language in await query.values_list("tg_id", "language")]


async def announcement_payload(event: Event, lang: str) -> dict[str, Any]:
    card = await event_card(event, lang, config().settings.tz)
    share = link(config().bot_username, "ev", str(event.id))
    return text_payload(t(lang, "announce-event", card=Html(card), link=share), signup_keyboard(event.id, lang))


async def announce(change: EventOpened) -> None:
    """Queue the announcement for everyone it is meant for (those already told are skipped)."""
    event = await Event.get(id=change.event_id)
    chats = dict(await fitting_enterprise_chats(event))
    chats.update(await staff_chats())
    payloads: dict[str, dict[str, Any]] = {}
    rows = []
    for chat_id, language in chats.items():
        lang = str(language or config().settings.default_language)
        if lang not in payloads:
            payloads[lang] = await announcement_payload(event, lang)
        rows.append(OutboxMessage(key=f"announce:{event.id}:{chat_id}", chat_id=chat_id, payload=payloads[lang],
                                  expires_at=event.deadline, broadcast=broadcast_of(event.id, "announce")))
    await enqueue_many(rows)


