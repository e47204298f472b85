"""The real Application against the sandbox over HTTP, on the database of the running test."""

from __future__ import annotations

import asyncio
from typing import Any

from telegram import Update

from bot.app import build_application, on_shutdown, on_startup, start_leading
from bot.context import BotApplication
from models.settings import Settings
from sandbox.driver import SandboxClient, UserChat
from sandbox.server import SANDBOX_TOKEN, Sandbox

ORGANIZER_ID = 900001


def make_settings(database_url: str, **overrides: Any) -> Settings:
    # The zone is explicit: tortoise sets os.environ["TIMEZONE"] = "UTC" when it starts, so a Settings
    # read from the environment after that would silently run the bot in UTC.
    values: dict[str, Any] = {"database_url": database_url, "organizer_ids": [ORGANIZER_ID], "bot_token": "",
                              "timezone": "Asia/Shanghai"}
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


class Harness:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.sandbox = Sandbox()
        self.app: BotApplication | None = None
        self.client: SandboxClient | None = None

    async def start(self) -> None:
        await self.sandbox.start()
        self.client = SandboxClient(self.sandbox.url)
        await self.start_bot()

    async def start_bot(self) -> None:
        self.app = build_application(
            self.settings,
            token=SANDBOX_TOKEN,
            api_base_url=self.sandbox.api_base_url,
            file_base_url=self.sandbox.file_base_url,
        )
        await self.app.initialize()
        await on_startup(self.app)
        await self.app.start()
        await start_leading(self.app)  # once: a second call would start a second sender nobody stops
        await self.app.updater.start_polling(allowed_updates=Update.ALL_TYPES, poll_interval=0)

    async def stop_bot(self) -> None:
        assert self.app is not None
        await on_shutdown(self.app)
        await self.app.updater.stop()
        await self.app.stop()
        await self.app.shutdown()
        self.app = None

    async def restart(self) -> None:
        """A bot process dies and comes back: nothing in memory survives."""
        await self.stop_bot()
        await self.start_bot()

    async def stop(self) -> None:
        if self.app is not None:
            await self.stop_bot()
        if self.client is not None:
            await self.client.aclose()
        await self.sandbox.stop()

    async def settled(self, seconds: float = 30.0) -> None:
        """Wait until the bot has finished every update it took: a reply may go out before the handler's last
        write (PTB marks an update done in its queue once its handlers returned)."""
        assert self.app is not None
        await asyncio.wait_for(self.app.update_queue.join(), seconds)

    async def user(self, first_name: str, **kwargs: Any) -> UserChat:
        assert self.client is not None
        return await self.client.user(first_name, **kwargs)

    def api_errors(self) -> list[dict[str, Any]]:
        return list(self.sandbox.errors)
