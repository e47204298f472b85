"""What became of an event's broadcasts, for its organizer: the counts on the card, who was not
reached, and sending again. The buttons are on the event's card (ev:who / ev:resend / ev:unsure)."""

from __future__ import annotations

from telegram import InlineKeyboardButton

from bot.context import BotContext
from models.clock import utcnow
from models.enums import OutboxStatus
from models.tables.outbox import deliveries, requeue, resendable, unreached
from models.tables.people import Person
from notices.events import broadcast_of
from notices.render_events import button, delivery_block

FAILED = (OutboxStatus.failed, OutboxStatus.dropped)
UNSURE = (OutboxStatus.unsure,)
MAX_NAMES = 60


async def delivery_section(ctx: BotContext, event_id: int) -> tuple[str, list[InlineKeyboardButton]]:
    """The card's delivery lines, and the buttons that act on them (none before the first broadcast)."""
    prefix = broadcast_of(event_id, "")
    broadcasts = await deliveries(prefix)
    buttons = []
    if any(d.failed or d.unsure or d.blocked for d in broadcasts.values()):
        buttons.append(button(ctx.t("btn-event-unreached"), f"ev:who:{event_id}"))
    if failed := await resendable(prefix, utcnow(), FAILED):
        buttons.append(button(ctx.t("btn-event-resend", count=failed), f"ev:resend:{event_id}"))
    if unsure := await resendable(prefix, utcnow(), UNSURE):
        buttons.append(button(ctx.t("btn-event-resend-unsure", count=unsure), f"ev:unsure:{event_id}"))
    return delivery_block(broadcasts, ctx.lang), buttons


async def resend(ctx: BotContext, event_id: int, *, unsure: bool) -> str:
    """Put back in the queue what failed (or, asked for explicitly, what is unconfirmed)."""
    count = await requeue(broadcast_of(event_id, ""), utcnow(), UNSURE if unsure else FAILED)
    return ctx.t("event-resent", count=count) if count else ctx.t("event-resend-none")


async def unreached_list(ctx: BotContext, event_id: int) -> str:
    """Who did not certainly get the event's messages, by name, with what happened."""
    rows = await unreached(broadcast_of(event_id, ""))
    people = {p.tg_id: p for p in await Person.filter(tg_id__in=[chat for chat, _ in rows])
              .prefetch_related("enterprise", "institution")}
    lines = [ctx.t("unreached-line", name=_name(people.get(chat), chat), status=ctx.t(f"unreached-{status.value}"))
             for chat, status in rows[:MAX_NAMES]]
    more = [ctx.t("unreached-more", count=len(rows) - MAX_NAMES)] if len(rows) > MAX_NAMES else []
    return "\n".join([ctx.t("unreached-title"), *lines, *more]) if rows else ctx.t("unreached-none")


def _name(person: Person | None, chat_id: int) -> str:
    if person is None:
        return str(chat_id)
    party = person.enterprise or person.institution
    return f"{person.full_name}（{party.name}）" if party is not None else person.full_name
