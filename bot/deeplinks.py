"""Deep links (t.me/<bot>?start=<prefix>_<argument>): each feature registers its prefix."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

from telegram import Update

from bot.context import BotContext

DeepLinkHandler = Callable[[Update, BotContext, str], Awaitable[None]]
DEEP_LINKS: dict[str, DeepLinkHandler] = {}
PAYLOAD = re.compile(r"[A-Za-z0-9_-]{1,64}")  # what Telegram lets a start link carry


def deep_link(prefix: str) -> Callable[[DeepLinkHandler], DeepLinkHandler]:
    """Register the handler of `/start <prefix>_<argument>`; prefixes are short letters only."""

    def register(handler: DeepLinkHandler) -> DeepLinkHandler:
        assert prefix.isalpha() and prefix not in DEEP_LINKS, prefix
        DEEP_LINKS[prefix] = handler
        return handler

    return register


async def dispatch(update: Update, ctx: BotContext, payload: str) -> bool:
    """Run the handler of a start payload; False when the payload is not one of ours."""
    if PAYLOAD.fullmatch(payload) is None:  # typed by hand ("ev_᧚"): no link carries that
        return False
    prefix, _, argument = payload.partition("_")
    handler = DEEP_LINKS.get(prefix)
    if handler is None:
        return False
    await handler(update, ctx, argument)
    return True
