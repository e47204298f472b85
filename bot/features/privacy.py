"""Organizers answer privacy requests (PIPL): /person finds someone; their card exports everything held
about them as a JSON file, or erases it after a confirmation step. The rules are models/reports/person_data.py
and models/operations/erasure.py; the operator's equivalent is `finmatch person export|erase`."""

from __future__ import annotations

import json
import logging

from telegram import BotCommandScopeChat, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update
from telegram.error import TelegramError
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.context import BotContext
from bot.guard import button_refusals, callback_parts, command_refusals, keyboard, number
from bot.render_institutions import person_card
from models.errors import NotAllowed, Refused
from models.operations.erasure import clears_contact, erase_person
from models.reports.person_data import export_person, find_people, require_privacy_right
from models.tables.enterprises import Enterprise
from models.tables.institutions import Institution
from models.tables.people import Person

log = logging.getLogger(__name__)
PREFIX = "pv"


def export_document(data: dict[str, object]) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2).encode()


async def _card(ctx: BotContext, person_id: int) -> tuple[str, InlineKeyboardMarkup | None]:
    require_privacy_right(ctx.me, "person.view")
    person = await Person.get_or_none(id=person_id, erased_at__isnull=True)
    if person is None:
        raise Refused("privacy-person-unknown")
    institution = await Institution.get_or_none(id=person.institution_id) if person.institution_id else None
    enterprise = await Enterprise.get_or_none(id=person.enterprise_id) if person.enterprise_id else None
    text = person_card(ctx, person, institution, enterprise) + "\n\n" + ctx.t("privacy-card-hint")
    return text, keyboard([[
        InlineKeyboardButton(ctx.t("btn-privacy-export"), callback_data=f"{PREFIX}:x:{person.id}"),
        InlineKeyboardButton(ctx.t("btn-privacy-erase"), callback_data=f"{PREFIX}:d:{person.id}"),
    ]])


@command_refusals
async def person_command(update: Update, ctx: BotContext) -> None:
    reference = " ".join(ctx.args or [])
    require_privacy_right(ctx.me, "person.find")
    if not reference:
        await update.effective_message.reply_text(ctx.t("privacy-usage"))
        return
    people = await find_people(ctx.me, reference)
    if not people:
        await update.effective_message.reply_text(ctx.t("privacy-none-found", reference=reference[:64]))
    elif len(people) == 1:
        text, markup = await _card(ctx, people[0].id)
        await update.effective_message.reply_text(text, reply_markup=markup)
    else:
        rows = [[InlineKeyboardButton(f"#{p.id} {p.full_name}"[:60], callback_data=f"{PREFIX}:c:{p.id}")]
                for p in people]
        await update.effective_message.reply_text(
            ctx.t("privacy-many-found", count=len(people), reference=reference[:64]), reply_markup=keyboard(rows))


async def _export(update: Update, ctx: BotContext, person_id: int) -> None:
    data = await export_person(ctx.me, person_id)
    log.info("person %s exported by organizer %s", person_id, ctx.me.id)
    await update.callback_query.answer()
    name = str(data["person"]["full_name"])  # type: ignore[index]
    await update.callback_query.message.reply_document(
        InputFile(export_document(data), filename=f"person-{person_id}.json"),
        caption=ctx.t("privacy-export-caption", name=name))


async def _ask_erase(update: Update, ctx: BotContext, person_id: int) -> None:
    person = await Person.get_or_none(id=person_id, erased_at__isnull=True)
    contact = await clears_contact(ctx.me, person_id)
    if person is None:
        raise Refused("privacy-person-unknown")
    if person.is_organizer:
        raise Refused("privacy-erase-organizer")
    await update.callback_query.answer()
    await update.callback_query.message.reply_text(
        ctx.t("privacy-erase-confirm", name=person.full_name,
              contact=ctx.t("privacy-erase-contact") if contact else ""),
        reply_markup=InlineKeyboardMarkup([[
            InlineKeyboardButton(ctx.t("btn-privacy-erase-confirm"), callback_data=f"{PREFIX}:y:{person_id}"),
            InlineKeyboardButton(ctx.t("btn-privacy-erase-cancel"), callback_data=f"{PREFIX}:n:{person_id}"),
        ]]))


async def _erase(update: Update, ctx: BotContext, person_id: int) -> None:
    erasure = await erase_person(ctx.me, person_id)
    await update.callback_query.answer()
    await update.callback_query.edit_message_text(ctx.t("privacy-erased", id=str(erasure.person_id)))
    try:  # their chat menu goes back to a stranger's (the default scope)
        await ctx.bot.delete_my_commands(scope=BotCommandScopeChat(erasure.former_tg_id))
    except TelegramError as error:  # they blocked the bot, or never opened a chat: nothing to reset
        log.info("menu of erased person %s not reset: %s", erasure.person_id, error)
    ctx.application.drop_user_data(erasure.former_tg_id)
    ctx.application.drop_chat_data(erasure.former_tg_id)


@button_refusals
async def on_privacy_button(update: Update, ctx: BotContext) -> None:
    parts = callback_parts(update, PREFIX)
    if len(parts) != 2:
        raise NotAllowed("person.privacy")
    action, person_id = parts[0], number(parts[1], "person.privacy")
    if action == "c":
        text, markup = await _card(ctx, person_id)
        await update.callback_query.answer()
        await update.callback_query.message.reply_text(text, reply_markup=markup)
    elif action == "x":
        await _export(update, ctx, person_id)
    elif action == "d":
        await _ask_erase(update, ctx, person_id)
    elif action == "y":
        await _erase(update, ctx, person_id)
    elif action == "n":
        require_privacy_right(ctx.me, "person.erase")
        await update.callback_query.answer()
        await update.callback_query.edit_message_text(ctx.t("privacy-erase-cancelled"))
    else:
        raise NotAllowed("person.privacy")


HANDLERS = [
    CommandHandler("person", person_command),
    CallbackQueryHandler(on_privacy_button, pattern=rf"^{PREFIX}:"),
]
