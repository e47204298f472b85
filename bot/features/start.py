"""/start, /help, /lang, /cancel, and what to say to a message nobody asked for."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, ReplyKeyboardRemove, Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.ext import CallbackQueryHandler, ChatMemberHandler, CommandHandler

from bot import deeplinks, forms
from bot.context import BotContext
from bot.menus import COMMANDS, refresh_menu
from models.enums import Language, Role
from models.tables.enterprises import Enterprise
from models.tables.people import set_blocked, set_language
from notices.i18n import LANGUAGES


async def start(update: Update, ctx: BotContext) -> None:
    if ctx.args and await deeplinks.dispatch(update, ctx, ctx.args[0]):
        return
    person = ctx.me
    if person.suspended and not person.is_organizer:
        await update.effective_message.reply_text(ctx.t("start-suspended", name=person.full_name))
        return
    role = person.role
    company = ""
    if role is Role.enterprise:
        company = (await Enterprise.get(id=person.enterprise_id)).name
    await update.effective_message.reply_text(ctx.t(f"start-{role.value}", name=person.full_name, company=company))
    await refresh_menu(ctx.bot, person, ctx.lang)
    await forms.resume(update, ctx)


async def help_command(update: Update, ctx: BotContext) -> None:
    """The role's commands, each with its description, under a title for the role."""
    role = ctx.me.role
    lines = [f"/{name} — {ctx.t(f'cmd-{name}')}" for name in COMMANDS[role]]
    await update.effective_message.reply_text(ctx.t(f"help-{role.value}") + "\n" + "\n".join(lines))


async def lang_command(update: Update, ctx: BotContext) -> None:
    buttons = [[InlineKeyboardButton(ctx.t(f"lang-name-{code}"), callback_data=f"lang:{code}") for code in LANGUAGES]]
    await update.effective_message.reply_text(ctx.t("lang-choose"), reply_markup=InlineKeyboardMarkup(buttons))


async def lang_chosen(update: Update, ctx: BotContext) -> None:
    query = update.callback_query
    code = (query.data or "").removeprefix("lang:")
    if code not in LANGUAGES:
        await query.answer(ctx.t("form-invalid-choice"))
        return
    await set_language(ctx.me, Language(code))
    await query.answer()
    await query.edit_message_text(ctx.t("lang-switched"))
    await refresh_menu(ctx.bot, ctx.me, ctx.lang)


async def cancel_command(update: Update, ctx: BotContext) -> None:
    key = "cancelled" if await forms.cancel(ctx) else "nothing-to-cancel"
    await update.effective_message.reply_text(ctx.t(key), reply_markup=ReplyKeyboardRemove())


async def membership_changed(update: Update, ctx: BotContext) -> None:
    """A private chat's member update: the person blocked the bot (kicked) or came back."""
    change = update.my_chat_member
    if change is not None and change.chat.type == ChatType.PRIVATE:
        blocked = change.new_chat_member.status == ChatMemberStatus.BANNED
        await set_blocked(change.from_user.id, blocked)


async def unknown_command(update: Update, ctx: BotContext) -> None:
    await update.effective_message.reply_text(ctx.t("unknown-command"))


HANDLERS = [
    CommandHandler("start", start),
    CommandHandler("help", help_command),
    CommandHandler("lang", lang_command),
    CommandHandler("cancel", cancel_command),
    CallbackQueryHandler(lang_chosen, pattern=r"^lang:"),
    ChatMemberHandler(membership_changed, ChatMemberHandler.MY_CHAT_MEMBER),
]
