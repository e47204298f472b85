"""The per-update context: who is acting (loaded once per update) and their language."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application, CallbackContext, ExtBot

from models.people import Person, ensure_person
from models.settings import Settings
from notices.i18n import t


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    person: Person | None = None

    @property
    def settings(self) -> Settings:
        return self.application.bot_data["settings"]

    @property
    def me(self) -> Person:
        if self.person is None:
            raise RuntimeError("no person loaded for this update")
        return self.person

    @property
    def lang(self) -> str:
        if self.person is not None and self.person.language:
            return str(self.person.language)
        return self.settings.default_language

    def t(self, key: str, **args: Any) -> str:
        return t(self.lang, key, **args)


BotApplication = Application[ExtBot[None], BotContext, dict[Any, Any], dict[Any, Any], dict[Any, Any], Any]


async def load_person(update: Update, context: BotContext) -> None:
    """Runs first for every update (group -1): the repository-per-update of aiogram's templates."""
    user = update.effective_user
    if user is None or user.is_bot:
        return
    context.person = await ensure_person(
        user.id, user.full_name, user.username, organizer_ids=context.settings.organizer_ids,
        language_code=user.language_code,
    )
