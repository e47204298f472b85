"""Command menus per role and language, set per scope as Telegram shows them."""

from __future__ import annotations

from telegram import Bot, BotCommand, BotCommandScopeAllPrivateChats, BotCommandScopeChat, BotCommandScopeDefault

from models.enums import Role
from models.tables.people import Person
from notices.i18n import LANGUAGES, t

COMMANDS: dict[Role, tuple[str, ...]] = {
    Role.none: ("start", "register", "help", "lang", "cancel"),
    Role.enterprise: ("start", "profile", "need", "events", "myevents", "matches", "meetings", "intents", "help",
                      "lang", "cancel"),
    Role.staff: ("start", "myinstitution", "events", "myevents", "signups", "matches", "meetings", "intents", "help",
                 "lang", "cancel"),
    Role.organizer: ("start", "events", "newevent", "series", "newseries", "institutions", "people", "organizers",
                     "audit", "person", "intents", "targets", "progress", "report", "chart", "paragraph", "digest",
                     "signups", "export", "claimlinks", "help", "lang", "cancel"),
}


def commands_for(role: Role, language: str) -> list[BotCommand]:
    return [BotCommand(name, t(language, f"cmd-{name}")) for name in COMMANDS[role]]


async def set_default_menus(bot: Bot, default_language: str) -> None:
    """The menu of people the bot does not know yet, in private chats only (groups get theirs from
    bot.chat_scope); one per language. A menu an older version left in the default scope goes."""
    await bot.set_my_commands(commands_for(Role.none, default_language), scope=BotCommandScopeAllPrivateChats())
    await bot.delete_my_commands(scope=BotCommandScopeDefault())
    for language in LANGUAGES:
        await bot.set_my_commands(
            commands_for(Role.none, language), scope=BotCommandScopeAllPrivateChats(), language_code=language
        )
        await bot.delete_my_commands(scope=BotCommandScopeDefault(), language_code=language)


async def refresh_menu(bot: Bot, person: Person, language: str) -> None:
    """This person's own menu, for their role and chosen language."""
    await bot.set_my_commands(commands_for(person.role, language), scope=BotCommandScopeChat(person.tg_id))
