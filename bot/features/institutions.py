"""Institutions: organizers list and create them and invite staff; staff open their own (/myinstitution)."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.context import BotContext
from bot.deeplinks import deep_link
from bot.fields import bounded_text
from bot.forms import DONE, Choice, Form, Step, ask, begin, register_form
from bot.guard import PAGE_SIZE, button_refusals, callback_parts, command_refusals, keyboard, number, pager
from bot.menus import refresh_menu
from bot.render_institutions import institution_card, staff_status_label
from models.enums import InstitutionKind, Role
from models.errors import NotAllowed, Refused
from models.operations.institution_ops import (
    create_institution,
    create_seed_bank,
    list_institutions,
    missing_seed_banks,
    view_institution,
)
from models.operations.staffing import accept_invitation, create_invitation, open_invitations, revoke_invitation
from models.tables.drafts import Draft, drop_draft, save_draft
from notices.links import link

log = logging.getLogger(__name__)


async def _kind_choices(ctx: BotContext, data: dict[str, Any]) -> list[Choice]:
    return [Choice(kind.value, ctx.t(f"inst-kind-{kind.value}")) for kind in InstitutionKind]


def _route(step: str, value: Any, data: dict[str, Any]) -> str | None:
    if step == "name" and data.get("parent_id"):
        return DONE
    return None


async def _finish(update: Update, ctx: BotContext, draft: Draft) -> None:
    data = draft.data
    kind = InstitutionKind(data.get("kind", InstitutionKind.bank.value))
    try:
        institution = await create_institution(ctx.me, data["name"], kind, data.get("parent_id"))
    except NotAllowed:
        await drop_draft(ctx.me.tg_id)
        await update.effective_message.reply_text(ctx.t("not-allowed"))
        return
    except Refused as refusal:
        draft.step = "name"
        await save_draft(draft)
        await ask(update.effective_message, ctx, INSTITUTION, draft, note=ctx.t(refusal.key, **refusal.args_for_text))
        return
    await drop_draft(ctx.me.tg_id)
    await update.effective_message.reply_text(ctx.t("institution-created", name=institution.name))
    await send_card(update, ctx, institution.id)


INSTITUTION = register_form(
    Form(
        name="institution",
        steps=[
            Step("name", "ask-institution-name", parse=bounded_text(2, 100, "institution-name-length", name=True)),
            Step("kind", "ask-institution-kind", choices=_kind_choices, columns=2),
        ],
        finish=_finish,
        route=_route,
    )
)


# ------------------------------------------------------------------ the list


async def _list_view(ctx: BotContext, page: int) -> tuple[str, InlineKeyboardMarkup | None]:
    institutions, total = await list_institutions(ctx.me, page * PAGE_SIZE, PAGE_SIZE)
    lines = [ctx.t("institutions-title", count=total)]
    lines += [
        ctx.t("institution-line", number=page * PAGE_SIZE + i, name=inst.name, kind=ctx.t(f"inst-kind-{inst.kind}"))
        for i, inst in enumerate(institutions, 1)
    ]
    if not institutions:
        lines.append(ctx.t("institutions-none"))
    rows = [[InlineKeyboardButton(inst.name, callback_data=f"in:v:{inst.id}")] for inst in institutions]
    rows.append(pager(ctx, lambda p: f"in:list:{p}", page, total))
    rows.append([InlineKeyboardButton(ctx.t("btn-new-institution"), callback_data="in:new")])
    seeds = [InlineKeyboardButton(ctx.t("btn-seed-bank", name=name), callback_data=f"in:seed:{index}")
             for index, name in await missing_seed_banks()]
    rows += [seeds[i : i + 2] for i in range(0, len(seeds), 2)]
    return "\n".join(lines), keyboard(rows)


@command_refusals
async def institutions_command(update: Update, ctx: BotContext) -> None:
    text, markup = await _list_view(ctx, 0)
    await update.effective_message.reply_text(text, reply_markup=markup)


# ------------------------------------------------------------------ the card


def _card_keyboard(ctx: BotContext, view: Any) -> InlineKeyboardMarkup | None:
    institution_id = view.institution.id
    rows = [[InlineKeyboardButton(p.name, callback_data=f"pr:v:{p.id}")] for p in view.products[:20]]
    if ctx.me.role is Role.organizer:
        rows.append([InlineKeyboardButton(ctx.t("btn-invite"), callback_data=f"in:inv:{institution_id}"),
                     InlineKeyboardButton(ctx.t("btn-invitations"), callback_data=f"in:invs:{institution_id}")])
        rows.append([InlineKeyboardButton(ctx.t("btn-new-branch"), callback_data=f"in:br:{institution_id}"),
                     InlineKeyboardButton(ctx.t("btn-audit"), callback_data=f"au:i:{institution_id}:0")])
    else:
        rows.append([InlineKeyboardButton(ctx.t("btn-add-product"), callback_data=f"pr:new:{institution_id}")])
    return keyboard(rows)


async def send_card(update: Update, ctx: BotContext, institution_id: int) -> None:
    view = await view_institution(ctx.me, institution_id)
    await update.effective_message.reply_text(institution_card(ctx, view), reply_markup=_card_keyboard(ctx, view))


@command_refusals
async def my_institution_command(update: Update, ctx: BotContext) -> None:
    if ctx.me.role is not Role.staff:
        raise NotAllowed("institution.mine")
    await send_card(update, ctx, ctx.me.institution_id or 0)


# ------------------------------------------------------------------ buttons


@button_refusals
async def on_button(update: Update, ctx: BotContext) -> None:
    query = update.callback_query
    action, *args = callback_parts(update, "in")
    if action == "list":
        text, markup = await _list_view(ctx, number(args[0] if args else "", "institution.list"))
        await query.answer()
        await query.edit_message_text(text, reply_markup=markup)
    elif action == "v":
        view = await view_institution(ctx.me, number(args[0] if args else "", "institution.view"))
        await query.answer()
        await query.message.reply_text(institution_card(ctx, view), reply_markup=_card_keyboard(ctx, view))
    elif action in ("new", "br"):
        await _begin_form(update, ctx, action, args)
    elif action == "seed":
        institution = await create_seed_bank(ctx.me, number(args[0] if args else "", "institution.create"))
        await query.answer(ctx.t("institution-created", name=institution.name))
        await send_card(update, ctx, institution.id)
    elif action in ("inv", "invs", "rv"):
        await _invitation_button(update, ctx, action, number(args[0] if args else "", f"invitation.{action}"))
    else:
        raise NotAllowed(f"institution.{action}")


async def _begin_form(update: Update, ctx: BotContext, action: str, args: list[str]) -> None:
    if ctx.me.role is not Role.organizer:
        raise NotAllowed("institution.create")
    data: dict[str, Any] = {}
    if action == "br":
        parent = await view_institution(ctx.me, number(args[0] if args else "", "institution.create"))
        data = {"parent_id": parent.institution.id}
    await update.callback_query.answer()
    await begin(update, ctx, INSTITUTION, data=data)


def _expiry(ctx: BotContext, at: datetime) -> str:
    return at.astimezone(ctx.settings.tz).strftime("%Y-%m-%d %H:%M")


async def _invitation_button(update: Update, ctx: BotContext, action: str, target_id: int) -> None:
    query = update.callback_query
    if action == "inv":
        invitation, code = await create_invitation(ctx.me, target_id, ctx.settings.invite_ttl_days)
        view = await view_institution(ctx.me, target_id)
        url = link(ctx.bot.username, "inv", code)
        await query.answer()
        await query.message.reply_text(
            ctx.t("invitation-link", name=view.institution.name, url=url, expires=_expiry(ctx, invitation.expires_at)),
            reply_markup=InlineKeyboardMarkup(
                [[InlineKeyboardButton(ctx.t("btn-revoke-invitation"), callback_data=f"in:rv:{invitation.id}")]]
            ),
        )
    elif action == "invs":
        invitations = await open_invitations(ctx.me, target_id)
        lines = [ctx.t("invitations-title", count=len(invitations))]
        lines += [ctx.t("invitation-line", number=str(i.id), expires=_expiry(ctx, i.expires_at)) for i in invitations]
        rows = [[InlineKeyboardButton(ctx.t("btn-revoke-number", number=str(i.id)), callback_data=f"in:rv:{i.id}")]
                for i in invitations[:20]]
        await query.answer()
        await query.message.reply_text("\n".join(lines[:21]), reply_markup=keyboard(rows))
    else:
        await revoke_invitation(ctx.me, target_id)
        await query.answer(ctx.t("invitation-revoked"), show_alert=True)


# ------------------------------------------------------------------ joining through the link


@deep_link("inv")
async def join(update: Update, ctx: BotContext, code: str) -> None:
    try:
        institution = await accept_invitation(ctx.me, code)
    except Refused as refusal:
        log.warning("invitation refused (%s) for %s", refusal.key, ctx.me.tg_id)
        args = {k: _expiry(ctx, v) if isinstance(v, datetime) else v for k, v in refusal.args_for_text.items()}
        await update.effective_message.reply_text(ctx.t(refusal.key, **args))
        return
    await update.effective_message.reply_text(
        ctx.t("staff-joined-welcome", name=institution.name, status=staff_status_label(ctx, ctx.me))
    )
    await refresh_menu(ctx.bot, ctx.me, ctx.lang)
    await send_card(update, ctx, institution.id)


HANDLERS = [
    CommandHandler("institutions", institutions_command),
    CommandHandler("myinstitution", my_institution_command),
    CallbackQueryHandler(on_button, pattern=r"^in:"),
]
