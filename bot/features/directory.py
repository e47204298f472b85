"""The organizers' directory of enterprises in /people: by company name, `/people <name>` or
`/people <credit code prefix>` to search by name or credit code, paged with buttons; an enterprise's card with its
representatives and, for one nobody represents yet, a one-time link to claim it (deep link cl_<code>).

Callback data: pe:<page>:<query in url-safe base64> (a page), pq:<enterprise> (a card),
cl:<enterprise> (a claim link)."""

from __future__ import annotations

import base64
import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import CallbackQueryHandler

from bot.context import BotContext
from bot.deeplinks import deep_link
from bot.guard import PAGE_SIZE, button_refusals, keyboard, number, pager
from bot.menus import refresh_menu
from models.errors import NotAllowed, Refused
from models.operations.claim_ops import accept_claim, claim_link_for
from models.reports.directory import enterprise_for_organizer, search_enterprises, tidy_query
from notices.links import link

log = logging.getLogger(__name__)
OTHER_TABS = (("s", "staff"), ("o", "organizer"), ("x", "other"))


def _packed(query: str) -> str:
    """The search words as button data: printable ASCII (Telegram allows 64 bytes; a Chinese character takes 3)."""
    return base64.urlsafe_b64encode(query.encode()).decode().rstrip("=")


def _unpacked(packed: str) -> str:
    try:
        return base64.urlsafe_b64decode(packed + "=" * (-len(packed) % 4)).decode()
    except (ValueError, UnicodeDecodeError):
        raise Refused("form-stale-button") from None


async def directory_view(ctx: BotContext, query: str, page: int) -> tuple[str, InlineKeyboardMarkup | None]:
    query = tidy_query(query)
    enterprises, total = await search_enterprises(ctx.me, query, page * PAGE_SIZE, PAGE_SIZE)
    title = ctx.t("directory-search-title", query=query, count=total) if query else ctx.t("directory-title",
                                                                                          count=total)
    lines = [title]
    first = page * PAGE_SIZE + 1
    lines += [ctx.t("directory-line", number=i, name=e.name, uscc=e.uscc) for i, e in enumerate(enterprises, first)]
    if not enterprises:
        lines.append(ctx.t("directory-none") if query else ctx.t("people-none"))
    if not query:
        lines.append(ctx.t("directory-hint"))
    rows = [[InlineKeyboardButton(f"{i}. {e.name}"[:60], callback_data=f"pq:{e.id}")]
            for i, e in enumerate(enterprises, first)]
    rows.append(pager(ctx, lambda p: f"pe:{p}:{_packed(query)}", page, total))
    rows.append([InlineKeyboardButton(ctx.t(f"btn-people-{kind}"), callback_data=f"pp:{code}:0")
                 for code, kind in OTHER_TABS])
    return "\n".join(lines), keyboard(rows)


async def _card(ctx: BotContext, enterprise_id: int) -> tuple[str, InlineKeyboardMarkup | None]:
    view = await enterprise_for_organizer(ctx.me, enterprise_id)
    e = view.enterprise
    people = "\n".join(f"• {p.full_name}" for p in view.representatives) or ctx.t("directory-no-representative")
    text = ctx.t("directory-card", name=e.name, uscc=e.uscc, tier=ctx.t(f"tier-{e.tier.value}"),
                 chain=e.chain.label(ctx.lang), district=ctx.t(f"district-{e.district.value}"),
                 contact=e.contact_name or "-", phone=e.phone or "-", needs=view.open_needs, people=people)
    rows = [[InlineKeyboardButton(p.full_name[:60] or str(p.tg_id), callback_data=f"pc:{p.id}")]
            for p in view.representatives[:10]]
    if not view.representatives:
        rows.append([InlineKeyboardButton(ctx.t("btn-claim-link"), callback_data=f"cl:{e.id}")])
    rows.append([InlineKeyboardButton(ctx.t("btn-audit"), callback_data=f"au:e:{e.id}:0")])
    return text, keyboard(rows)


@button_refusals
async def on_button(update: Update, ctx: BotContext) -> None:
    query = update.callback_query
    prefix, _, rest = (query.data or "").partition(":")
    if prefix == "pe":
        page, _, packed = rest.partition(":")
        text, markup = await directory_view(ctx, _unpacked(packed), number(page, "enterprise.list"))
        await query.answer()
        if isinstance(query.message, Message) and query.message.text:  # a page turn edits the list in place
            await query.edit_message_text(text, reply_markup=markup)
        else:
            await update.effective_message.reply_text(text, reply_markup=markup)
    elif prefix == "pq":
        text, markup = await _card(ctx, number(rest, "enterprise.view"))
        await query.answer()
        await query.message.reply_text(text, reply_markup=markup)
    elif prefix == "cl":
        issued = await claim_link_for(ctx.me, number(rest, "claim.create"), ctx.settings.claim_ttl_days)
        url = link(ctx.bot.username, "cl", issued.code)
        await query.answer()
        await query.message.reply_text(ctx.t("claim-link", name=issued.enterprise.name, url=url,
                                             days=ctx.settings.claim_ttl_days))
    else:
        raise NotAllowed(f"enterprise.{prefix}")


@deep_link("cl")
async def claim(update: Update, ctx: BotContext, code: str) -> None:
    """Whoever opens the link becomes the enterprise's representative."""
    try:
        enterprise = await accept_claim(ctx.me, code)
    except Refused as refusal:
        log.warning("claim refused (%s) for %s", refusal.key, ctx.me.tg_id)
        await update.effective_message.reply_text(ctx.t(refusal.key, **refusal.args_for_text))
        return
    await update.effective_message.reply_text(ctx.t("claim-done", name=enterprise.name))
    await refresh_menu(ctx.bot, ctx.me, ctx.lang)


HANDLERS = [CallbackQueryHandler(on_button, pattern=r"^(pe|pq|cl):")]
