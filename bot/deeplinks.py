"""Deep links (t.me/<bot>?start=<prefix>_<argument>): each feature registers its prefix."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Update

from bot.context import BotContext

DeepLinkHandler = Callable[[Update, BotContext, str], Awaitable[None]]
DEEP_LINKS: dict[str, DeepLinkHandler] = {}


def deep_link(prefix: str) -> Callable[[DeepLinkHandler], DeepLinkHandler]:
    """Register the handler of `/start <prefix>_<argument>`; prefixes are short letters only."""

    def register(handler: DeepLinkHandler) -> DeepLinkHandler:
        assert prefix.isalpha() and prefix not in DEEP_LINKS, prefix
        DEEP_LINKS[prefix] = handler
        return handler

    return register


async def dispatch(update: Update, ctx: BotContext, payload: str) -> bool:
    """Run the handler of a start payload; False when the payload is not one of ours."""
    prefix, _, argument = payload.partition("_")
    handler = DEEP_LINKS.get(prefix)
    if handler is None:
        return False
    await handler(update, ctx, argument)
    return True
