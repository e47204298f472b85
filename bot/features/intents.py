"""/intents and the intent buttons (callback data `i:<code>:<id>[:<version>]`).

Codes: v view · c confirm as is · a adjust then confirm · r reject · ap approve · d disburse ·
w withdraw (asks first) · wy withdraw for sure · p <product>:<need>:<event|0> propose from a match ·
rec <need>:<event|0> staff record from a
match · new <event> staff record after an event · add a new intent from /intents.
"""

from __future__ import annotations

import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.context import BotContext
from bot.features.intent_forms import ANSWER_FORMS, NEW_INTENT, after_change, next_new_step, open_intent
from bot.features.intent_routing import DECLINE
from bot.forms import ask, begin
from bot.guard import button_refusals, callback_parts, number
from models.enums import Role
from models.errors import NotAllowed
from models.operations.intent_ops import act, intents_for, visible_intent
from models.rules.intent_rules import TRANSITIONS, awaits_enterprise
from models.rules.rights import may_see_contacts, refuse
from models.tables.drafts import start_draft
from models.tables.enterprises import FinancingNeed
from models.tables.events import Event
from models.tables.institutions import Product
from models.tables.intents import Intent
from models.words import status_word
from notices.render_intents import intent_buttons, intent_card, intent_line

log = logging.getLogger(__name__)
LABEL_NAME = 10
CODES = {"c": "confirm", "a": "adjust", "r": "reject", "ap": "approve", "d": "disburse", "w": "withdraw"}


async def intents_command(update: Update, ctx: BotContext) -> None:
    me = ctx.me
    if me.role is Role.none:
        await update.effective_message.reply_text(ctx.t("intent-register-first"))
        return
    intents = await intents_for(me)
    lines = [intent_line(intent, ctx.lang, i) for i, intent in enumerate(intents, 1)]
    text = ctx.t("intent-list", count=len(intents)) + "\n" + ("\n".join(lines) or ctx.t("intent-list-empty"))
    buttons = [InlineKeyboardButton(_view_label(ctx, i, intent), callback_data=f"i:v:{intent.id}")
               for i, intent in enumerate(intents, 1)]
    rows = [buttons[i:i + 2] for i in range(0, len(buttons), 2)]
    rows.append([InlineKeyboardButton(ctx.t("btn-intent-add"), callback_data="i:add")])
    await update.effective_message.reply_text(text[:4000], reply_markup=InlineKeyboardMarkup(rows))


def _view_label(ctx: BotContext, number: int, intent: Intent) -> str:
    """A list button says which intent it opens, not just its number."""
    other = intent.institution.name if ctx.me.role is Role.enterprise else intent.enterprise.name
    name = other if len(other) <= LABEL_NAME else other[:LABEL_NAME - 1] + "…"
    return ctx.t("btn-intent-view", number=number, name=name, status=status_word("intent-status", intent.status))


async def show_intent(update: Update, ctx: BotContext, intent_id: int) -> None:
    intent = await visible_intent(ctx.me, intent_id)
    await update.callback_query.answer()
    card = intent_card(intent, ctx.lang, contacts=await may_see_contacts(ctx.me, intent.enterprise_id))
    await update.effective_message.reply_text(card, reply_markup=intent_buttons(ctx.me, intent, ctx.lang))


async def _transition(update: Update, ctx: BotContext, action: str, intent_id: int, version: int) -> None:
    """A button that acts at once (confirm as is, withdraw) or opens the form that asks what to type."""
    if action in ANSWER_FORMS:
        model_action = "confirm" if action == "adjust" else action
        intent = await visible_intent(ctx.me, intent_id)
        if not TRANSITIONS[model_action].who(ctx.me, intent):
            raise refuse(ctx.me, f"intent.{model_action}")
        data = {"intent_id": intent_id, "version": version, "action": model_action}
        await open_intent(ctx, data)  # an old button of an intent that moved on: refused at the press
        await update.callback_query.answer()
        form = DECLINE if action == "reject" and awaits_enterprise(intent) and not ctx.me.is_active_staff \
            else ANSWER_FORMS[action]
        draft = await start_draft(ctx.me.tg_id, form.name, form.steps[0].name, data)
        await ask(update.effective_message, ctx, form, draft)
        return
    if action == "withdraw":
        await _ask_withdraw(update, ctx, intent_id, version)
        return
    await _act(update, ctx, action, intent_id, version)


async def _act(update: Update, ctx: BotContext, action: str, intent_id: int, version: int) -> None:
    change = await act(ctx.me, intent_id, action, max_amount=ctx.settings.max_amount_yuan, expected_version=version)
    await update.callback_query.answer()
    await after_change(update, ctx, change)


async def _ask_withdraw(update: Update, ctx: BotContext, intent_id: int, version: int) -> None:
    """Withdrawing cannot be undone: one more press, on a button that names it."""
    intent = await visible_intent(ctx.me, intent_id)
    if not TRANSITIONS["withdraw"].who(ctx.me, intent):
        raise refuse(ctx.me, "intent.withdraw")
    await open_intent(ctx, {"intent_id": intent_id, "version": version, "action": "withdraw"})
    await update.callback_query.answer()
    sure = InlineKeyboardButton(ctx.t("btn-intent-withdraw-sure"), callback_data=f"i:wy:{intent_id}:{version}")
    await update.effective_message.reply_text(ctx.t("intent-withdraw-sure", id=intent_id),
                                              reply_markup=InlineKeyboardMarkup([[sure]]))


async def _start_new(update: Update, ctx: BotContext, data: dict) -> None:
    await update.callback_query.answer()
    await begin(update, ctx, NEW_INTENT, data, step=next_new_step(data))


async def _propose_from_match(update: Update, ctx: BotContext, product_id: int, need_id: int,
                              event_id: int) -> None:
    product = await Product.get_or_none(id=product_id)
    need = await FinancingNeed.get_or_none(id=need_id)
    if product is None or need is None or ctx.me.role is not Role.enterprise or need.enterprise_id != \
            ctx.me.enterprise_id:
        raise refuse(ctx.me, "intent.propose")
    data = {"enterprise": str(need.enterprise_id), "institution": str(product.institution_id),
            "kind": str(need.kind), "product_id": product.id, "need_id": need.id}
    if event_id and await Event.exists(id=event_id):
        data["event_id"] = event_id
    await _start_new(update, ctx, data)


async def _record_for_need(update: Update, ctx: BotContext, need_id: int, event_id: int) -> None:
    need = await FinancingNeed.get_or_none(id=need_id)
    if need is None or ctx.me.role is not Role.staff:
        raise refuse(ctx.me, "intent.record")
    data = {"enterprise": str(need.enterprise_id), "institution": str(ctx.me.institution_id),
            "kind": str(need.kind), "need_id": need.id}
    if event_id and await Event.exists(id=event_id):
        data["event_id"] = event_id
    await _start_new(update, ctx, data)


async def _add(update: Update, ctx: BotContext, event_id: int | None = None) -> None:
    role = ctx.me.role
    data: dict = {}
    if role is Role.enterprise:
        data["enterprise"] = str(ctx.me.enterprise_id)
    elif role is Role.staff:
        data["institution"] = str(ctx.me.institution_id)
    elif role is not Role.organizer:
        raise refuse(ctx.me, "intent.propose")
    if event_id is not None:
        if role is not Role.staff or not await Event.exists(id=event_id):
            raise refuse(ctx.me, "intent.record")
        data["event_id"] = event_id
    await _start_new(update, ctx, data)


@button_refusals
async def on_intent_button(update: Update, ctx: BotContext) -> None:
    code, *rest = callback_parts(update, "i")
    if code == "v" and len(rest) == 1:
        await show_intent(update, ctx, number(rest[0], "intent.view"))
    elif code == "wy" and len(rest) == 2:
        await _act(update, ctx, "withdraw", number(rest[0], "intent"), number(rest[1], "intent"))
    elif code in CODES and len(rest) == 2:
        await _transition(update, ctx, CODES[code], number(rest[0], "intent"), number(rest[1], "intent"))
    elif code == "p" and len(rest) == 3:
        ids = [number(part, "intent.propose") for part in rest]
        await _propose_from_match(update, ctx, *ids)
    elif code == "rec" and len(rest) == 2:
        await _record_for_need(update, ctx, number(rest[0], "intent.record"), number(rest[1], "intent.record"))
    elif code == "new" and len(rest) == 1:
        await _add(update, ctx, number(rest[0], "intent.record"))
    elif code == "add" and not rest:
        await _add(update, ctx)
    else:
        raise NotAllowed(f"intent.{code}")


HANDLERS = [
    CommandHandler("intents", intents_command),
    CallbackQueryHandler(on_intent_button, pattern=r"^i:"),
]
