"""The per-update context: who is acting (loaded once per update) and their language."""

from __future__ import annotations

import logging
from typing import Any

from telegram import Update
from telegram.ext import Application, ApplicationHandlerStop, CallbackContext, ExtBot

from models.operations.arrival import arrive
from models.settings import Settings
from models.tables.people import Person, ensure_person
from models.tables.processed_updates import take_in_hand
from notices.i18n import t

log = logging.getLogger("bot.app")


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
    """Runs first for every update (group -2): an update whose change was applied is not applied again;
    otherwise the person (and their draft) are loaded, in one query with that check (models/operations/arrival.py)."""
    user = update.effective_user
    tg_id = None if user is None or user.is_bot else user.id
    arrival = await arrive(update.update_id, tg_id)
    if arrival.applied:
        log.warning("update %s delivered again: skipped", update.update_id)
        raise ApplicationHandlerStop
    take_in_hand(update.update_id)
    if user is None or tg_id is None:
        return
    context.person = await ensure_person(
        user.id, user.full_name, user.username, organizer_ids=context.settings.organizer_ids,
        language_code=user.language_code, known=arrival.person,
    )
