"""What this issue added to intents in chat: the enterprise's decline form (for an institution's offer),
and organizers forwarding a proposal stuck at an institution without staff to one of its branches:
`ir:l:<intent>` lists the staffed branches, `ir:t:<intent>:<branch>` forwards it there."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler

from bot.context import BotContext
from bot.features.intent_forms import _finish_answer, after_change
from bot.fields import bounded_text
from bot.forms import Form, Step, register_form
from bot.guard import button_refusals, callback_parts, number
from models.errors import NotAllowed
from models.operations.intent_routing import routable_branches, route_intent

DECLINE = register_form(Form(name="intent_decline", finish=_finish_answer, steps=[
    Step("reason", "ask-intent-decline-reason", parse=bounded_text(2, 200, "intent-reason-invalid")),
]))


async def _list_branches(update: Update, ctx: BotContext, intent_id: int) -> None:
    intent, branches = await routable_branches(ctx.me, intent_id)
    await update.callback_query.answer()
    if not branches:
        await update.effective_message.reply_text(ctx.t("intent-route-none", institution=intent.institution.name))
        return
    rows = [[InlineKeyboardButton(branch.name[:60], callback_data=f"ir:t:{intent.id}:{branch.id}")]
            for branch in branches]
    await update.effective_message.reply_text(ctx.t("intent-route-pick", institution=intent.institution.name),
                                              reply_markup=InlineKeyboardMarkup(rows))


async def _route(update: Update, ctx: BotContext, intent_id: int, branch_id: int) -> None:
    change = await route_intent(ctx.me, intent_id, branch_id)
    await update.callback_query.answer()
    await after_change(update, ctx, change)


@button_refusals
async def on_route_button(update: Update, ctx: BotContext) -> None:
    code, *rest = callback_parts(update, "ir")
    if code == "l" and len(rest) == 1:
        await _list_branches(update, ctx, number(rest[0], "intent.route"))
    elif code == "t" and len(rest) == 2:
        await _route(update, ctx, number(rest[0], "intent.route"), number(rest[1], "intent.route"))
    else:
        raise NotAllowed(f"intent.route.{code}")


HANDLERS = [CallbackQueryHandler(on_route_button, pattern=r"^ir:")]
