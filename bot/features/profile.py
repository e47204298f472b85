"""/profile: the enterprise's card, editing it, and its financing needs."""

from __future__ import annotations

import logging
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.context import BotContext
from bot.features.registration import NEED
from bot.fields import ENTERPRISE_STEPS
from bot.forms import DONE, Form, begin, register_form
from bot.render import enterprise_card, need_line, needs_block
from models.errors import NotAllowed, Refused
from models.operations.enterprise_ops import close_need, enterprise_of, open_needs, own_need, update_enterprise
from models.parsers.numbers import ascii_int
from models.tables.drafts import Draft, drop_draft
from notices.i18n import Html

log = logging.getLogger(__name__)
EDITABLE = [name for name in ENTERPRISE_STEPS if name != "uscc"]


async def _finish_edit(update: Update, ctx: BotContext, draft: Draft) -> None:
    await drop_draft(ctx.me.tg_id)
    try:
        await update_enterprise(ctx.me, draft.step, draft.data[draft.step])
    except Refused as refusal:
        await update.effective_message.reply_text(ctx.t(refusal.key, **refusal.args_for_text))
        return
    await update.effective_message.reply_text(ctx.t("profile-updated", field=ctx.t(f"field-{draft.step}")))
    await show_profile(update, ctx)


EDIT = register_form(
    Form(
        name="edit",
        steps=[ENTERPRISE_STEPS[name] for name in EDITABLE],
        finish=_finish_edit,
        route=lambda step, value, data: DONE,
    )
)


def _profile_keyboard(ctx: BotContext, needs: list[Any]) -> InlineKeyboardMarkup:
    rows = [
        [
            InlineKeyboardButton(ctx.t("btn-edit-profile"), callback_data="p:edit"),
            InlineKeyboardButton(ctx.t("btn-add-need"), callback_data="p:add"),
        ]
    ]
    rows += [
        [InlineKeyboardButton(ctx.t("btn-close-need", number=str(i)), callback_data=f"p:close:{need.id}")]
        for i, need in enumerate(needs, 1)
    ]
    return InlineKeyboardMarkup(rows)


async def show_profile(update: Update, ctx: BotContext) -> None:
    if ctx.me.enterprise_id is None:
        await update.effective_message.reply_text(ctx.t("profile-none"))
        return
    enterprise = await enterprise_of(ctx.me)
    needs = await open_needs(enterprise.id)
    text = ctx.t("profile", card=Html(await enterprise_card(enterprise, ctx)), needs=needs_block(needs, ctx))
    await update.effective_message.reply_text(text, reply_markup=_profile_keyboard(ctx, needs))


async def on_profile_button(update: Update, ctx: BotContext) -> None:
    query = update.callback_query
    action, _, argument = (query.data or "").removeprefix("p:").partition(":")
    try:
        await _dispatch(update, ctx, action, argument)
    except NotAllowed as refusal:
        log.warning("forged or stale profile button %r by %s", query.data, ctx.me.tg_id)
        await query.answer(ctx.t(refusal.key, action=refusal.action), show_alert=True)


async def _dispatch(update: Update, ctx: BotContext, action: str, argument: str) -> None:
    query = update.callback_query
    await enterprise_of(ctx.me)  # refuses anyone but an active representative
    if action == "edit":
        rows = [[InlineKeyboardButton(ctx.t(f"field-{name}"), callback_data=f"p:field:{name}")] for name in EDITABLE]
        await query.answer()
        await query.message.reply_text(ctx.t("ask-field-to-edit"), reply_markup=InlineKeyboardMarkup(rows))
    elif action == "field" and argument in EDITABLE:
        await query.answer()
        await begin(update, ctx, EDIT, step=argument)
    elif action == "add":
        await query.answer()
        await begin(update, ctx, NEED, data={"numbered_after": len(await open_needs(ctx.me.enterprise_id))})
    elif action == "close" and ascii_int(argument) is not None:  # ask first: a withdrawn need is not offered again
        need = await own_need(ctx.me, int(argument), "need.close")
        buttons = [[InlineKeyboardButton(ctx.t("btn-close-need-confirm"), callback_data=f"p:closeok:{need.id}"),
                    InlineKeyboardButton(ctx.t("btn-keep-need"), callback_data="p:keep")]]
        await query.answer()
        await query.message.reply_text(ctx.t("ask-close-need", need=Html(need_line(need, ctx, 1).split(" ", 1)[1])),
                                       reply_markup=InlineKeyboardMarkup(buttons))
    elif action == "closeok" and ascii_int(argument) is not None:
        if not (await own_need(ctx.me, int(argument), "need.close")).open:  # a second tap
            await query.answer(ctx.t("need-closed"))
            return
        need = await close_need(ctx.me, int(argument))
        await query.answer(ctx.t("need-closed"))
        await query.edit_message_text(ctx.t("need-closed"))
        log.info("need %s closed by %s", need.id, ctx.me.tg_id)
        await show_profile(update, ctx)
    elif action == "keep":
        await query.answer()
        await query.edit_message_text(ctx.t("need-kept"))
    else:
        raise NotAllowed(f"profile.{action}")


HANDLERS = [
    CommandHandler("profile", show_profile),
    CallbackQueryHandler(on_profile_button, pattern=r"^p:"),
]
