"""Turning refusals from models/ into answers: forged buttons are logged and answered, nothing else."""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.context import BotContext
from models.errors import NotAllowed, Refused
from models.parsers.numbers import ascii_int
from models.rules.rights import require_organizer

log = logging.getLogger("finmatch.guard")
Handler = Callable[[Update, BotContext], Awaitable[None]]
PAGE_SIZE = 10


def button_refusals(handler: Handler) -> Handler:
    """For callback handlers that call models/ before answering the query (so it is answered once)."""

    @functools.wraps(handler)
    async def guarded(update: Update, ctx: BotContext) -> None:
        query = update.callback_query
        try:
            await handler(update, ctx)
        except NotAllowed as refusal:
            log.warning("refused button %r (%s) from %s", query.data, refusal.action, ctx.me.tg_id)
            await query.answer(ctx.t("not-allowed"), show_alert=True)
        except Refused as refusal:
            await query.answer(ctx.t(refusal.key, **refusal.args_for_text)[:200], show_alert=True)

    return guarded


def command_refusals(handler: Handler) -> Handler:
    @functools.wraps(handler)
    async def guarded(update: Update, ctx: BotContext) -> None:
        try:
            await handler(update, ctx)
        except NotAllowed as refusal:
            log.warning("refused command %r (%s) from %s", (update.effective_message.text or "").split(" ")[0],
                        refusal.action, ctx.me.tg_id)  # the command, not what was typed after it
            await update.effective_message.reply_text(ctx.t("not-allowed"))
        except Refused as refusal:
            await update.effective_message.reply_text(ctx.t(refusal.key, **refusal.args_for_text))

    return guarded


def organizers_only(handler: Handler) -> Handler:
    """A command that opens an organizer's form or list: the right is models.rules.rights', checked first."""

    @command_refusals
    @functools.wraps(handler)
    async def guarded(update: Update, ctx: BotContext) -> None:
        require_organizer(ctx.me, f"command.{handler.__name__.removesuffix('_command')}")
        await handler(update, ctx)

    return guarded


def callback_parts(update: Update, prefix: str) -> list[str]:
    """'in:v:12' with prefix 'in' -> ['v', '12']."""
    return (update.callback_query.data or "").removeprefix(f"{prefix}:").split(":")


def number(text: str, action: str) -> int:
    """An id from callback data; anything else is a forged press."""
    value = ascii_int(text)
    if value is None:
        raise NotAllowed(action)
    return value


def pager(ctx: BotContext, make_data: Callable[[int], str], page: int, total: int) -> list[InlineKeyboardButton]:
    buttons = []
    if page > 0:
        buttons.append(InlineKeyboardButton(ctx.t("btn-previous"), callback_data=make_data(page - 1)))
    if (page + 1) * PAGE_SIZE < total:
        buttons.append(InlineKeyboardButton(ctx.t("btn-next"), callback_data=make_data(page + 1)))
    return buttons


def keyboard(rows: list[list[InlineKeyboardButton]]) -> InlineKeyboardMarkup | None:
    """Rows without the empty ones; None when nothing is left (Telegram refuses an empty keyboard)."""
    kept = [row for row in rows if row]
    return InlineKeyboardMarkup(kept) if kept else None
