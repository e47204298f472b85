"""Running the bot: against Telegram, a local Bot API server, or the offline sandbox."""

from __future__ import annotations

import asyncio
import logging
import signal
from urllib.parse import urlsplit

from telegram import Update

from bot.app import build_application, on_shutdown, on_startup, start_leading
from models.chains import seed_chains
from models.db import database
from models.settings import Settings
from sandbox.server import SANDBOX_TOKEN, Sandbox

log = logging.getLogger(__name__)


async def _wait_for_stop_signal() -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()


async def _start_updates(app: object, settings: Settings) -> None:
    updater = app.updater  # type: ignore[attr-defined]
    if settings.webhook_url:
        host, _, port = settings.webhook_listen.rpartition(":")
        await updater.start_webhook(
            listen=host or "0.0.0.0",
            port=int(port),
            url_path=urlsplit(settings.webhook_url).path.lstrip("/"),
            webhook_url=settings.webhook_url,
            secret_token=settings.webhook_secret or None,
            allowed_updates=Update.ALL_TYPES,
        )
    else:
        await updater.start_polling(allowed_updates=Update.ALL_TYPES)


async def serve(settings: Settings) -> None:
    sandbox: Sandbox | None = None
    token, api_root = settings.bot_token, settings.telegram_api_base_url.rstrip("/")
    if settings.uses_sandbox:
        sandbox = Sandbox()
        await sandbox.start(settings.sandbox_host, settings.sandbox_port)
        token, api_root = SANDBOX_TOKEN, sandbox.url
        print(f"\n  finmatch sandbox: open {sandbox.url}/ to chat with the bot as several people\n", flush=True)
    try:
        async with database(settings.database_url):
            await seed_chains(settings.industry_chains)
            app = build_application(
                settings,
                token=token,
                api_base_url=f"{api_root}/bot" if api_root else "",
                file_base_url=f"{api_root}/file/bot" if api_root else "",
            )
            async with app:
                await on_startup(app)
                await app.start()
                await start_leading(app)
                await _start_updates(app, settings)
                log.info("finmatch is running as @%s", app.bot.username)
                await _wait_for_stop_signal()
                await on_shutdown(app)
                await app.updater.stop()
                await app.stop()
    finally:
        if sandbox is not None:
            await sandbox.stop()
