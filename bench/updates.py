"""How fast finmatch handles updates, next to a bare echo bot on the same framework and sandbox.

Both bots run against the sandbox over real HTTP; 200 people send 10 messages each; the figure
is updates answered per second. finmatch answers /help, which loads the person from the
database (SQLite in a temporary folder) and renders a catalogue text.

    .venv/bin/python -m bench.updates [--users 200] [--messages 10]
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from telegram import Update
from telegram.ext import Application, ApplicationBuilder, ContextTypes, MessageHandler, filters

from bot.app import build_application
from models.chains import seed_chains
from models.db import database, migrate
from models.settings import Settings
from sandbox.driverapi import send_text
from sandbox.server import SANDBOX_TOKEN, Sandbox


async def _echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.effective_message.reply_text(update.effective_message.text or "")


def echo_bot(sb: Sandbox) -> Application:
    app = ApplicationBuilder().token(SANDBOX_TOKEN).base_url(sb.api_base_url).build()
    app.add_handler(MessageHandler(filters.TEXT, _echo))
    return app


def finmatch_bot(settings: Settings) -> Callable[[Sandbox], Application]:
    def build(sb: Sandbox) -> Application:
        return build_application(settings, token=SANDBOX_TOKEN, api_base_url=sb.api_base_url,
                                 file_base_url=sb.file_base_url)

    return build


def _bot_messages(sb: Sandbox) -> int:
    return sum(1 for event in sb.events if event["type"] == "message")


async def measure(build: Callable[[Sandbox], Application], users: int, messages: int) -> float:
    sb = Sandbox()
    await sb.start()
    app = build(sb)
    await app.initialize()
    await app.start()
    await app.updater.start_polling(poll_interval=0)
    try:
        people = [sb.add_user({"first_name": f"user{i}"})["id"] for i in range(users)]
        total = users * messages
        started = time.perf_counter()
        for _ in range(messages):
            for person in people:
                send_text(sb, person, {"text": "/help"})
        answered = await sb.wait_for(lambda: _bot_messages(sb) >= total, 600)
        elapsed = time.perf_counter() - started
        if not answered:
            raise RuntimeError(f"only {_bot_messages(sb)} of {total} updates were answered")
        return total / elapsed
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
        await sb.stop()


async def main(users: int, messages: int) -> None:
    echo = await measure(echo_bot, users, messages)
    print(f"bare PTB echo bot:  {echo:8.0f} updates/s")
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite://{Path(folder) / 'bench.sqlite3'}"
        await migrate(url)
        settings = Settings(_env_file=None, database_url=url)  # type: ignore[call-arg]
        async with database(url):
            await seed_chains()
            ours = await measure(finmatch_bot(settings), users, messages)
    print(f"finmatch /help:     {ours:8.0f} updates/s  ({echo / ours:.1f}x the echo bot's cost per update)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--messages", type=int, default=10)
    args = parser.parse_args()
    asyncio.run(main(args.users, args.messages))
