"""Enterprise registration (/register) and adding financing needs (/need)."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import CommandHandler

from bot.context import BotContext
from bot.fields import ENTERPRISE_STEPS, NEED_FIELDS, NEED_STEPS
from bot.forms import DONE, Choice, Form, Step, begin, register_form, resume, save_confirmed
from bot.menus import refresh_menu
from bot.render import enterprise_card, needs_block
from models.enums import Role
from models.operations.enterprise_ops import EnterpriseFacts, NeedFacts, add_need, open_needs, register_enterprise
from models.tables.drafts import Draft
from notices.i18n import Html


def _choices(*pairs: tuple[str, str]):
    async def choices(ctx: BotContext, data: dict[str, Any]) -> list[Choice]:
        return [Choice(value, ctx.t(key)) for value, key in pairs]

    return choices


def _collect_need(data: dict[str, Any]) -> None:
    """Move the need just answered into the list of needs."""
    data.setdefault("needs", []).append({name: data.pop(name) for name in NEED_FIELDS})


async def _summary(ctx: BotContext, data: dict[str, Any]) -> str:
    card = Html(await enterprise_card(data, ctx))
    return ctx.t("register-summary", card=card, needs=needs_block(data.get("needs", []), ctx))


async def _edit_choices(ctx: BotContext, data: dict[str, Any]) -> list[Choice]:
    fields = [Choice(name, ctx.t(f"field-{name}")) for name in ENTERPRISE_STEPS]
    return [*fields, Choice("needs", ctx.t("field-needs"))]


def _route_register(step: str, value: Any, data: dict[str, Any]) -> str | None:
    if step == "more":
        _collect_need(data)
        return "amount" if value == "yes" else "confirm"
    if step == "confirm":
        return "pick_field" if value == "edit" else DONE
    if step == "pick_field":
        if value == "needs":
            data["needs"] = []
            return "amount"
        data["_return"] = "confirm"
        return str(value)
    return None


async def _finish_register(update: Update, ctx: BotContext, draft: Draft) -> None:
    needs = [NeedFacts.from_dict(need) for need in draft.data.get("needs", [])]
    enterprise = await save_confirmed(
        update, ctx, REGISTER, draft,
        lambda: register_enterprise(ctx.me, EnterpriseFacts.from_dict(draft.data), needs),
        back_to_confirm=True,
    )
    if enterprise is not None:
        await update.effective_message.reply_text(ctx.t("register-saved", name=enterprise.name, count=len(needs)))
        await refresh_menu(ctx.bot, ctx.me, ctx.lang)


YES_NO_MORE = _choices(("yes", "btn-more-needs"), ("no", "btn-no-more-needs"))
CONFIRM = _choices(("save", "btn-confirm"), ("edit", "btn-edit"), ("cancel", "btn-cancel"))

REGISTER = register_form(
    Form(
        name="register",
        steps=[
            *ENTERPRISE_STEPS.values(),
            *NEED_STEPS.values(),
            Step("more", "ask-more-needs", choices=YES_NO_MORE, columns=2),
            Step("confirm", "register-summary", choices=CONFIRM, columns=3, render=_summary),
            Step("pick_field", "ask-field-to-edit", choices=_edit_choices, columns=2),
        ],
        finish=_finish_register,
        route=_route_register,
    )
)


async def _need_summary(ctx: BotContext, data: dict[str, Any]) -> str:
    return ctx.t("need-summary", needs=needs_block([{name: data[name] for name in NEED_FIELDS}], ctx))


async def _finish_need(update: Update, ctx: BotContext, draft: Draft) -> None:
    need = await save_confirmed(update, ctx, NEED, draft, lambda: add_need(ctx.me, NeedFacts.from_dict(draft.data)),
                                back_to_confirm=True)
    if need is not None:
        await update.effective_message.reply_text(ctx.t("need-saved"))


NEED = register_form(
    Form(
        name="need",
        steps=[
            *NEED_STEPS.values(),
            Step("confirm", "need-summary", choices=_choices(("save", "btn-confirm"), ("cancel", "btn-cancel")),
                 render=_need_summary),
        ],
        finish=_finish_need,
    )
)


async def register_command(update: Update, ctx: BotContext) -> None:
    if ctx.me.role in (Role.staff, Role.organizer):
        await update.effective_message.reply_text(ctx.t("not-allowed"))
        return
    if ctx.me.enterprise_id is not None:
        await update.effective_message.reply_text(ctx.t("enterprise-already-registered"))
        return
    if not await resume(update, ctx):
        await begin(update, ctx, REGISTER)


async def need_command(update: Update, ctx: BotContext) -> None:
    if ctx.me.enterprise_id is None:
        await update.effective_message.reply_text(ctx.t("need-register-first"))
        return
    await begin(update, ctx, NEED, data={"numbered_after": len(await open_needs(ctx.me.enterprise_id))})


HANDLERS = [
    CommandHandler("register", register_command),
    CommandHandler("need", need_command),
]
