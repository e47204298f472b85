"""The baseline: a bare python-telegram-bot echo bot, nothing else (no database, no rate limiter).

A text is answered with the same text; a button press with an answer to the query and a message
("ok"), as finmatch answers a press. It handles updates concurrently (as many at once as finmatch's
PerChatOrder allows) so the comparison is the cost of an update, not a different concurrency.

    .venv/bin/python -m bench.echo_bot --base-url http://127.0.0.1:8081/bot [--token …]
"""

from __future__ import annotations

import argparse

from telegram import Update
from telegram.ext import Application, ApplicationBuilder, CallbackQueryHandler, ContextTypes, MessageHandler, filters

from bot.update_order import MAX_CONCURRENT_UPDATES
from sandbox.server import SANDBOX_TOKEN


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.effective_message.reply_text(update.effective_message.text or "ok")


async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.callback_query.answer()
    await context.bot.send_message(update.effective_chat.id, "ok")


def build(token: str, base_url: str) -> Application:
    app = ApplicationBuilder().token(token).base_url(base_url).concurrent_updates(MAX_CONCURRENT_UPDATES).build()
    app.add_handler(MessageHandler(filters.ALL, echo))
    app.add_handler(CallbackQueryHandler(pressed))
    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", required=True, help="the Bot API root with /bot, e.g. http://host:port/bot")
    parser.add_argument("--token", default=SANDBOX_TOKEN)
    args = parser.parse_args()
    build(args.token, args.base_url).run_polling(allowed_updates=Update.ALL_TYPES)


if __name__ == "__main__":
    main()
