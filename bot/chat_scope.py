"""Where the bot listens: it converses in private chats only.

The first handler of every update (`keep_to_private_chats`, group -3) decides:

- channel posts (and their edits) are ignored entirely: nothing is answered, nothing is posted;
- a group upgraded to a supergroup (a new chat id) takes its digest subscriptions along, silently;
  a group that removed the bot has its digest subscriptions paused;
- in groups, ordinary messages are ignored; a command marked with `allow_in_groups` goes on to
  its handler; any other command for this bot gets one short "please talk to me in private" with
  a link to the private chat (never personal data, never a form); a button of a group message
  whose prefix is not allowed gets the same answer in its pop-up;
- a button press whose data the bot cannot have made (not printable ASCII: '᧚', '١٢', NUL; or a
  number past any id, 2147483648) is answered as a stale button before any handler parses it;
- in private chats an edited message is not read as an answer: the person is told to send the
  correction as a new message;
- an update without a person behind it (no user, e.g. a post signed by a channel) is dropped;
- what goes on has its text and caption scrubbed (models.parsers.text.scrub): no control or invisible
  character reaches a handler, a parser or the database, whatever the handler does with it.

`on_not_text` answers what is not text (stickers, photos, voice, files) in a private chat.
"""

from __future__ import annotations

import logging

from telegram import Bot, BotCommand, BotCommandScopeAllGroupChats, Message, Update
from telegram.constants import ChatMemberStatus, ChatType, MessageEntityType
from telegram.ext import ApplicationHandlerStop
from tortoise.exceptions import BaseORMException

from bot import forms
from bot.context import BotContext
from models.operations.digest_ops import move_chat, pause_chat
from models.parsers.numbers import MAX_ID
from models.parsers.text import scrub
from models.tables.drafts import current_draft
from models.tables.people import Person
from notices.i18n import LANGUAGES, t

log = logging.getLogger(__name__)

# The one list of what may be used in a group chat: a command name (without "/"), or the prefix
# of a button's callback data ("dg" for "dg:..."). Features add theirs with `allow_in_groups`.
GROUP_COMMANDS: set[str] = set()
GROUP_BUTTON_PREFIXES: set[str] = set()
GROUP_CHATS = (ChatType.GROUP, ChatType.SUPERGROUP)
MAX_CALLBACK_DATA = 64


def allow_in_groups(*, commands: tuple[str, ...] = (), button_prefixes: tuple[str, ...] = ()) -> None:
    """Mark commands (and their buttons) as making sense in a group, e.g. a digest subscription.

    Their handlers run for anyone in the group, who may have no person yet (ctx.person is None for an
    anonymous group admin, whom Telegram presents as a bot) and must never show personal data."""
    GROUP_COMMANDS.update(command.lower() for command in commands)
    GROUP_BUTTON_PREFIXES.update(button_prefixes)


async def set_group_menus(bot: Bot, default_language: str) -> None:
    """The command menu of group chats: the commands allowed there, or none at all."""
    scope = BotCommandScopeAllGroupChats()
    for language in (*LANGUAGES, ""):
        commands = [BotCommand(name, t(language or default_language, f"cmd-{name}")) for name in sorted(GROUP_COMMANDS)]
        if commands:
            await bot.set_my_commands(commands, scope=scope, language_code=language or None)
        else:
            await bot.delete_my_commands(scope=scope, language_code=language or None)


async def keep_to_private_chats(update: Update, ctx: BotContext) -> None:
    """Runs before anything else (group -3): stops (ApplicationHandlerStop) what is not for the bot."""
    chat = update.effective_chat
    if update.channel_post or update.edited_channel_post or (chat is not None and chat.type == ChatType.CHANNEL):
        raise ApplicationHandlerStop
    if update.message is not None and (update.message.migrate_to_chat_id or update.message.migrate_from_chat_id):
        await _migrated(update.message)
        raise ApplicationHandlerStop
    member = update.my_chat_member
    if member is not None and member.chat.type in GROUP_CHATS:
        if member.new_chat_member.status in (ChatMemberStatus.LEFT, ChatMemberStatus.BANNED):
            log.info("removed from group %s: %s digest subscriptions paused", member.chat.id,
                     await pause_chat(member.chat.id))
        raise ApplicationHandlerStop
    if update.effective_user is None:
        log.info("update %s without a user: ignored", update.update_id)
        raise ApplicationHandlerStop
    if update.callback_query is not None and not _ours(update.callback_query.data):
        log.warning("forged callback data %r from %s", update.callback_query.data, update.effective_user.id)
        await update.callback_query.answer(await _text(update, ctx, "form-stale-button"))
        raise ApplicationHandlerStop
    if chat is not None and chat.type in GROUP_CHATS:
        await _in_group(update, ctx)
    elif update.edited_message is not None:
        await update.edited_message.reply_text(await _text(update, ctx, "form-edit-not-read"))
        raise ApplicationHandlerStop
    if update.message is not None:  # what a person sent (a button's message is the bot's own)
        _scrub(update.message)


async def _migrated(message: Message) -> None:
    """Telegram says in the old group (migrate_to) and in the new supergroup (migrate_from)."""
    old, new = (message.chat.id, message.migrate_to_chat_id) if message.migrate_to_chat_id \
        else (message.migrate_from_chat_id, message.chat.id)
    moved = await move_chat(int(old or 0), int(new or 0))
    log.info("group %s became %s: %s digest subscriptions follow it", old, new, moved)


def _ours(data: str | None) -> bool:
    """Callback data the bot could have made: printable ASCII within Telegram's 64 bytes ("᧚" is forged),
    whose numbers (database ids: a 32-bit integer on PostgreSQL) fit an id."""
    if data is None or not 0 < len(data) <= MAX_CALLBACK_DATA or not (data.isascii() and data.isprintable()):
        return False
    return all(int(part) <= MAX_ID for part in data.split(":") if part.isdigit())


def _scrub(message: Message) -> None:
    """Text and caption without controls or invisible characters (a text of nothing but those stays a
    text, of one space, so the step it answers refuses it in words)."""
    with message._unfrozen():
        if message.text and scrub(message.text) != message.text:
            message.text = scrub(message.text) or " "
        if message.caption and scrub(message.caption) != message.caption:
            message.caption = scrub(message.caption) or " "
    if message.document is not None and message.document.file_name:
        with message.document._unfrozen():
            message.document.file_name = scrub(message.document.file_name, multiline=False) or "file"


async def _in_group(update: Update, ctx: BotContext) -> None:
    query = update.callback_query
    if query is not None:
        if (query.data or "").split(":", 1)[0] in GROUP_BUTTON_PREFIXES:
            return
        await query.answer(await _private_only(update, ctx), show_alert=True)
        raise ApplicationHandlerStop
    if update.edited_message is not None:
        raise ApplicationHandlerStop
    message = update.message
    if message is None:  # membership changes and the like go on to their own handlers
        return
    command = _command(message, ctx.bot.username)
    if command is None:  # an ordinary message, an edit, a command for another bot
        raise ApplicationHandlerStop
    if command in GROUP_COMMANDS and not update.effective_user.is_bot:  # an anonymous admin is nobody to act
        return
    await message.reply_text(await _private_only(update, ctx), do_quote=False)
    raise ApplicationHandlerStop


def _command(message: Message, bot_username: str) -> str | None:
    """The command this message gives this bot ("help" for "/help@FinMatchBot x"), if any: as Telegram
    marks it, a bot_command entity at the start ("/ hello" is no command)."""
    entity = message.entities[0] if message.entities else None
    if entity is None or entity.type != MessageEntityType.BOT_COMMAND or entity.offset != 0 or not message.text:
        return None
    name, _, addressee = message.text[1:entity.length].partition("@")
    if addressee and addressee.lower() != bot_username.lower():
        return None
    return name.lower()


async def _private_only(update: Update, ctx: BotContext) -> str:
    return await _text(update, ctx, "group-private-only", link=f"https://t.me/{ctx.bot.username}")


async def _text(update: Update, ctx: BotContext, key: str, **args: str) -> str:
    return t(await language_of(update, ctx), key, **args)


async def language_of(update: Update, ctx: BotContext) -> str:
    """The language of the person who wrote, without registering anyone (as in a group, or in an error)."""
    if ctx.person is not None:
        return ctx.lang
    user = update.effective_user
    try:
        person = await Person.get_or_none(tg_id=user.id) if user is not None and not user.is_bot else None
    except (BaseORMException, OSError):  # the database is what failed: the apology still goes out
        person = None
    if person is not None and person.language:
        return str(person.language)
    if user is not None and (user.language_code or "").startswith("en"):
        return "en"
    return ctx.settings.default_language


async def on_not_text(update: Update, ctx: BotContext) -> None:
    """A sticker, photo, voice message or file where text is expected: the form's step is asked again."""
    message = update.effective_message
    draft = await current_draft(ctx.me.tg_id)
    if draft is None or draft.form not in forms.FORMS:
        await message.reply_text(ctx.t("not-understood"))
        return
    await forms.ask(message, ctx, forms.FORMS[draft.form], draft, note=ctx.t("form-text-expected"))
