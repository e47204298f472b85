"""Products: staff add and edit their own institution's products through one form."""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler

from bot.context import BotContext
from bot.fields import bounded_text, chain_choices, enum_choices, parse_amount_answer, parse_term_answer
from bot.forms import DONE, Choice, Form, Invalid, Step, begin, choice_keyboard, register_form, save_confirmed
from bot.guard import button_refusals, callback_parts, number
from bot.render_institutions import product_card
from models.enums import FinancingKind, Guarantee, Tier
from models.errors import NotAllowed
from models.operations.products import (
    ProductFacts,
    add_product,
    editable_product,
    product_to_form,
    set_product_active,
    split_range,
    update_product,
    view_product,
)
from models.rules.rights import require_staff_of
from models.tables.drafts import Draft, current_draft, save_draft
from models.tables.institutions import Institution, Product

MULTI = ("target_tiers", "target_chain_ids", "guarantees")
EDITABLE = ("name", "kind", "amount", "term", "rate_text", *MULTI, "conditions")


def _range(parse_one: Any, key: str):
    async def parse(raw: str, ctx: BotContext) -> list[int]:
        try:
            left, right = split_range(raw)
        except ValueError as error:
            raise Invalid(key) from error
        low, high = await parse_one(left, ctx), await parse_one(right, ctx)
        if low > high:
            raise Invalid("product-range-reversed")
        return [low, high]

    return parse


def _multi(name: str, source: Any):
    """Toggle buttons (✅ when chosen) and a Done button; the selection lives in the draft."""

    async def choices(ctx: BotContext, data: dict[str, Any]) -> list[Choice]:
        chosen = set(data.get(f"sel:{name}", []))
        options = await source(ctx, data)
        toggles = [Choice(f"x:{c.value}", ("✅ " if c.value in chosen else "") + c.label) for c in options]
        kept = " · ".join(c.label for c in options if c.value in chosen) or ctx.t("form-chosen-none")
        return [*toggles, Choice("done", ctx.t("btn-done"), echo=kept)]

    return choices


def _multi_step(name: str, prompt: str, source: Any, columns: int) -> Step:
    return Step(name, prompt, choices=_multi(name, source), columns=columns)


async def _summary(ctx: BotContext, data: dict[str, Any]) -> str:
    institution = await Institution.get_or_none(id=data.get("institution_id", 0))
    card = await product_card(ctx, data, institution.name if institution else "")
    return ctx.t("product-summary") + "\n" + card


async def _field_choices(ctx: BotContext, data: dict[str, Any]) -> list[Choice]:
    return [Choice(name, ctx.t(f"product-field-{name}")) for name in EDITABLE]


async def _confirm_choices(ctx: BotContext, data: dict[str, Any]) -> list[Choice]:
    return [Choice(v, ctx.t(k)) for v, k in (("save", "btn-confirm"), ("edit", "btn-edit"), ("cancel", "btn-cancel"))]


def _toggle(data: dict[str, Any], step: str, value: str) -> None:
    chosen: list[str] = data.setdefault(f"sel:{step}", [])
    if value in chosen:
        chosen.remove(value)
    else:
        chosen.append(value)


def _enter_multi(data: dict[str, Any], step: str) -> None:
    data.setdefault(f"sel:{step}", list(data.get(step, [])))


def _route(step: str, value: Any, data: dict[str, Any]) -> str | None:
    if step in MULTI:
        if str(value).startswith("x:"):
            _toggle(data, step, str(value)[2:])
            return step
        data[step] = data.pop(f"sel:{step}", [])
    nxt = _next(step, value, data)
    if nxt in MULTI:
        _enter_multi(data, nxt)
    return nxt


def _next(step: str, value: Any, data: dict[str, Any]) -> str | None:
    if step == "confirm":
        return "pick_field" if value == "edit" else DONE
    if step == "pick_field":
        data["_return"] = "confirm"
        return str(value)
    if data.get("_return"):
        return data.pop("_return")
    return PRODUCT.following(step)


async def _finish(update: Update, ctx: BotContext, draft: Draft) -> None:
    product = await save_confirmed(update, ctx, PRODUCT, draft, lambda: _save_product(ctx, draft.data),
                                   back_to_confirm=True)
    if product is not None:
        await update.effective_message.reply_text(ctx.t("product-saved", name=product.name))
        await send_product(update, ctx, product.id)


async def _save_product(ctx: BotContext, data: dict[str, Any]) -> Product:
    facts = ProductFacts.from_dict(data)
    if data.get("product_id"):
        return await update_product(ctx.me, int(data["product_id"]), facts)
    return await add_product(ctx.me, int(data["institution_id"]), facts)


PRODUCT = register_form(
    Form(
        name="product",
        steps=[
            Step("name", "ask-product-name", parse=bounded_text(2, 100, "product-name-length", name=True)),
            Step("kind", "ask-product-kind", choices=enum_choices(FinancingKind, "kind"), columns=5),
            Step("amount", "ask-product-amount", parse=_range(parse_amount_answer, "product-amount-range-invalid")),
            Step("term", "ask-product-term", parse=_range(parse_term_answer, "product-term-range-invalid")),
            Step("rate_text", "ask-product-rate", parse=bounded_text(1, 100, "product-rate-length")),
            _multi_step("target_tiers", "ask-product-tiers", enum_choices(Tier, "tier"), 1),
            _multi_step("target_chain_ids", "ask-product-chains", chain_choices, 2),
            _multi_step("guarantees", "ask-product-guarantees", enum_choices(Guarantee, "guarantee"), 3),
            Step("conditions", "ask-product-conditions", parse=bounded_text(1, 1000, "product-conditions-length")),
            Step("confirm", "product-summary", choices=_confirm_choices, columns=3, render=_summary),
            Step("pick_field", "ask-product-field", choices=_field_choices, columns=2),
        ],
        finish=_finish,
        route=_route,
    )
)


async def on_toggle(update: Update, ctx: BotContext) -> None:
    """A toggle in a multi-select step: edit the keyboard in place (no new message per press)."""
    query = update.callback_query
    _, _, step_name, value = (query.data or "").split(":", 3)
    draft = await current_draft(ctx.me.tg_id)
    if draft is None or draft.form != PRODUCT.name or draft.step != step_name or step_name not in MULTI:
        await query.answer(ctx.t("form-stale-button"))
        return
    step = PRODUCT.by_name[step_name]
    if value not in {c.value for c in await step.choices(ctx, draft.data)}:
        await query.answer(ctx.t("form-invalid-choice"))
        return
    chosen = value[2:] in draft.data.get(f"sel:{step_name}", [])
    if _shown_as_chosen(query, value) == chosen:  # the keyboard pressed shows the selection as it is: toggle
        _toggle(draft.data, step_name, value[2:])
        await save_draft(draft)
    # else a press on an older copy of the keyboard: it asked for what is already so; show the selection
    await query.answer()
    await query.edit_message_reply_markup(await choice_keyboard(PRODUCT, step, ctx, draft.data))


def _shown_as_chosen(query: Any, value: str) -> bool:
    """Whether the pressed button showed its item as chosen (✅), read from the message pressed."""
    markup = getattr(query.message, "reply_markup", None)
    for row in getattr(markup, "inline_keyboard", ()):
        for pressed in row:
            if pressed.callback_data == query.data:
                return str(pressed.text).startswith("✅")
    return False


# ------------------------------------------------------------------ the product card and its buttons


def _product_keyboard(ctx: BotContext, product: Any) -> InlineKeyboardMarkup | None:
    if product.institution_id != ctx.me.institution_id or ctx.me.institution_id is None:
        return None
    toggle = ("btn-withdraw-product", "off") if product.active else ("btn-offer-product", "on")
    return InlineKeyboardMarkup([[
        InlineKeyboardButton(ctx.t("btn-edit-product"), callback_data=f"pr:ed:{product.id}"),
        InlineKeyboardButton(ctx.t(toggle[0]), callback_data=f"pr:{toggle[1]}:{product.id}"),
    ]])


async def send_product(update: Update, ctx: BotContext, product_id: int) -> None:
    product = await view_product(ctx.me, product_id)
    institution = await Institution.get(id=product.institution_id)
    await update.effective_message.reply_text(
        await product_card(ctx, product, institution.name), reply_markup=_product_keyboard(ctx, product)
    )


@button_refusals
async def on_button(update: Update, ctx: BotContext) -> None:
    query = update.callback_query
    action, *args = callback_parts(update, "pr")
    target = number(args[0] if args else "", f"product.{action}")
    if action == "v":
        await view_product(ctx.me, target)
        await query.answer()
        await send_product(update, ctx, target)
    elif action == "new":
        require_staff_of(ctx.me, target, "product.add")
        await query.answer()
        await begin(update, ctx, PRODUCT, data={"institution_id": target})
    elif action == "ed":
        product = await editable_product(ctx.me, target)
        data = {**product_to_form(product), "product_id": product.id, "institution_id": product.institution_id}
        await query.answer()
        await begin(update, ctx, PRODUCT, data=data, step="confirm")
    elif action in ("on", "off"):
        product = await set_product_active(ctx.me, target, action == "on")
        await query.answer(ctx.t("product-offered" if product.active else "product-withdrawn"))
        await send_product(update, ctx, target)
    else:
        raise NotAllowed(f"product.{action}")


HANDLERS = [
    CallbackQueryHandler(on_toggle, pattern=r"^f:product:(target_tiers|target_chain_ids|guarantees):x:"),
    CallbackQueryHandler(on_button, pattern=r"^pr:"),
]
