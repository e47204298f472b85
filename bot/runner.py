"""Running the bot: against Telegram, a local Bot API server, or the offline sandbox.

Every instance answers webhooks (webhook mode) and serves GET /health; only the leader
(schedules/leadership.py) polls, sends the outbox and runs the scheduled jobs. On PostgreSQL the
others wait as standbys and take over when it dies; on SQLite there is one process, the leader.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from urllib.parse import urlsplit

from telegram import Update

from bot.app import build_application, on_shutdown, on_startup, start_leading, stop_leading
from bot.context import BotApplication
from bot.health import health_server
from bot.startup import (
    SANDBOX_REMEDY,
    WEBHOOK_REMEDY,
    PortBusy,
    check_port_free,
    check_webhook_secret,
    is_new_database,
    listen_address,
    prepare_database,
    sandbox_folder,
)
from models.db import database
from models.settings import Settings
from models.tables.chains import seed_chains
from sandbox.server import SANDBOX_TOKEN, Sandbox
from sandbox.world import ORGANIZER_PRESET_IDS
from schedules.leadership import Leadership, leadership_for

log = logging.getLogger(__name__)


def _stop_signal() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    return stop


async def _start_webhook(app: BotApplication, settings: Settings) -> None:
    host, port = listen_address(settings.webhook_listen)
    try:
        await app.updater.start_webhook(
            listen=host,
            port=port,
            url_path=urlsplit(settings.webhook_url).path.lstrip("/"),
            webhook_url=settings.webhook_url,
            secret_token=settings.webhook_secret,
            allowed_updates=Update.ALL_TYPES,
        )
    except OSError as error:  # taken since the check at start
        raise PortBusy("the webhook", host, port, error, WEBHOOK_REMEDY) from None


async def _stand_down(app: BotApplication, polling: bool) -> None:
    if polling and app.updater.running:
        await app.updater.stop()
    await stop_leading(app)


async def _lead_whenever_chosen(app: BotApplication, leadership: Leadership, polling: bool) -> None:
    """Wait to lead; lead (polling, sender, jobs) until the leadership is lost; wait again."""
    while True:
        await leadership.acquire()
        try:
            await start_leading(app)
            if polling:
                await app.updater.start_polling(allowed_updates=Update.ALL_TYPES)
            log.info("%s is the leader: %s, the outbox sender and the scheduled jobs", leadership.instance,
                     "polling" if polling else "webhook")
            await leadership.wait_lost()
            log.warning("%s stands down and waits as a standby", leadership.instance)
        finally:
            await _stand_down(app, polling)


async def _run_until_stopped(app: BotApplication, leadership: Leadership, settings: Settings,
                             stop: asyncio.Event) -> None:
    polling = not settings.webhook_url
    if not polling:
        await _start_webhook(app, settings)
    duty = asyncio.create_task(_lead_whenever_chosen(app, leadership, polling), name="leadership")
    stopping = asyncio.create_task(stop.wait(), name="stop-signal")
    try:
        await asyncio.wait({duty, stopping}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in (duty, stopping):
            task.cancel()
        await asyncio.gather(duty, stopping, return_exceptions=True)
        await on_shutdown(app)
        if app.updater.running:
            await app.updater.stop()
    if not duty.cancelled() and (failure := duty.exception()) is not None:
        raise failure


def with_sandbox_organizers(settings: Settings) -> Settings:
    """In the sandbox the chat page's Organizer preset adds organizers: their ids join ORGANIZER_IDS."""
    extra = [user_id for user_id in ORGANIZER_PRESET_IDS if user_id not in settings.organizer_ids]
    return settings.model_copy(update={"organizer_ids": [*settings.organizer_ids, *extra]})


async def _start_sandbox(settings: Settings, *, new_database: bool) -> Sandbox:
    """The sandbox, keeping its world beside the database; a new database starts it with nobody."""
    sandbox = Sandbox(keep_in=sandbox_folder(settings))
    if new_database and sandbox.keeper is not None:
        sandbox.keeper.forget()
    try:
        await sandbox.start(settings.sandbox_host, settings.sandbox_port)
    except OSError as error:
        raise PortBusy("the sandbox", settings.sandbox_host, settings.sandbox_port, error, SANDBOX_REMEDY) from None
    ids = f"{ORGANIZER_PRESET_IDS[0]}–{ORGANIZER_PRESET_IDS[-1]}"
    print(f"\n  finmatch sandbox: open {sandbox.url}/ to chat with the bot as several people"
          f"\n  (its Organizer button adds organizers: ids {ids} are organizers in the sandbox)\n", flush=True)
    return sandbox


async def _ready_to_start(settings: Settings) -> bool:
    """What is checked (and on SQLite migrated) before anything listens; True when the database is new."""
    check_webhook_secret(settings)
    if settings.webhook_url:  # before Telegram is told where to post
        check_port_free("the webhook", *listen_address(settings.webhook_listen), WEBHOOK_REMEDY)
    new_database = is_new_database(settings)
    await prepare_database(settings)
    return new_database


async def serve(settings: Settings) -> None:
    """Run until SIGINT or SIGTERM. SQLite held by another process, a database not migrated (PostgreSQL) or a
    busy port: CannotStart. On SQLite the migrations are applied here, under the file lock."""
    stop = _stop_signal()
    async with leadership_for(settings.database_url) as leadership, contextlib.AsyncExitStack() as stack:
        new_database = await _ready_to_start(settings)
        token, api_root = settings.bot_token, settings.telegram_api_base_url.rstrip("/")
        if settings.uses_sandbox:
            settings = with_sandbox_organizers(settings)
            sandbox = await _start_sandbox(settings, new_database=new_database)
            stack.push_async_callback(sandbox.stop)
            token, api_root = SANDBOX_TOKEN, sandbox.url
        await stack.enter_async_context(database(settings.database_url))
        await seed_chains(settings.industry_chains)
        await stack.enter_async_context(health_server(settings, leadership))
        app = build_application(
            settings,
            token=token,
            api_base_url=f"{api_root}/bot" if api_root else "",
            file_base_url=f"{api_root}/file/bot" if api_root else "",
        )
        async with app:
            await on_startup(app)
            await app.start()
            log.info("finmatch is running as @%s (%s)", app.bot.username, leadership.instance)
            try:
                await _run_until_stopped(app, leadership, settings, stop)
            finally:
                await app.stop()
