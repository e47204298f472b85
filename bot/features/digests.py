"""/digest: an organizer's scheduled digests, for themself (private chat) or the group chat it is sent in.

`/digest` lists the subscriptions here with buttons; `/digest weekly mon 8:30` subscribes this chat;
`/digest #3 daily 8:00` changes one; `/digest pause #3` (resume, remove; their Chinese words: see
models/rules/digest_rules.parse_action) does what the buttons do. Buttons: `dg:p:<id>` pause, `dg:r:<id>` resume,
`dg:x:<id>` remove,
`dg:a:<rule>` add a preset rule (`d0800`, `w0-0830`, `m1-0900`). Every right is checked in
models/operations/digest_ops.py (organizers only; a subscription is managed by its owner or from its chat).
Only commands and buttons: in a group the bot may not see plain messages.
"""

from __future__ import annotations

import re

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.context import BotContext
from bot.guard import button_refusals, callback_parts, command_refusals, number
from bot.render import rule_text
from models.clock import utcnow
from models.errors import NotAllowed
from models.operations.digest_ops import (
    change_rule,
    next_run,
    retitle,
    set_paused,
    stopped,
    subscribe,
    subscriptions_here,
    unsubscribe,
)
from models.rules.digest_rules import DayOutOfRange, DigestRule, RuleError, parse_action, parse_rule
from models.rules.rights import require_organizer
from models.tables.digests import DigestSubscription

PRESETS = (("btn-digest-daily", "d0800"), ("btn-digest-weekly", "w0-0830"), ("btn-digest-monthly", "m1-0900"))
CHANGE = re.compile(r"^#?(\d{1,9})\s+(.+)$")


def _next(ctx: BotContext, sub: DigestSubscription) -> str:
    when = next_run(sub, utcnow(), ctx.settings.tz)
    return f"{when.astimezone(ctx.settings.tz):%Y-%m-%d %H:%M}" if when else "—"


def _line(ctx: BotContext, sub: DigestSubscription) -> str:
    where = ctx.t("digest-where-group", title=sub.chat_title or str(sub.chat_id)) if sub.chat_id < 0 \
        else ctx.t("digest-where-private")
    mark = ctx.t("digest-paused-mark") if sub.paused else ctx.t("digest-stopped-mark") if stopped(sub) else ""
    return ctx.t("digest-line", id=str(sub.id), rule=rule_text(ctx, sub.rule), where=where, paused=mark)


def _keyboard(ctx: BotContext, subs: list[DigestSubscription]) -> InlineKeyboardMarkup:
    rows = []
    for sub in subs[:10]:
        toggle = ("btn-digest-resume", "r") if sub.paused or stopped(sub) else ("btn-digest-pause", "p")
        rows.append([InlineKeyboardButton(ctx.t(toggle[0], id=str(sub.id)), callback_data=f"dg:{toggle[1]}:{sub.id}"),
                     InlineKeyboardButton(ctx.t("btn-digest-remove", id=str(sub.id)), callback_data=f"dg:x:{sub.id}")])
    rows.append([InlineKeyboardButton(ctx.t(key), callback_data=f"dg:a:{rule}") for key, rule in PRESETS])
    return InlineKeyboardMarkup(rows)


async def _show(update: Update, ctx: BotContext) -> None:
    await retitle(update.effective_chat.id, update.effective_chat.title or "")
    subs = await subscriptions_here(ctx.me, update.effective_chat.id)
    lines = [_line(ctx, sub) for sub in subs] or [ctx.t("digest-none")]
    text = ctx.t("digest-title") + "\n" + "\n".join(lines) + "\n\n" + ctx.t("digest-help")
    await update.effective_message.reply_text(text, reply_markup=_keyboard(ctx, subs))


async def _subscribe(update: Update, ctx: BotContext, rule: DigestRule) -> None:
    chat = update.effective_chat
    sub = await subscribe(ctx.me, chat.id, chat.title or "", rule, ctx.lang)
    await update.effective_message.reply_text(ctx.t("digest-subscribed", rule=rule_text(ctx, rule),
                                                    next=_next(ctx, sub)))


@command_refusals
async def digest_command(update: Update, ctx: BotContext) -> None:
    require_organizer(ctx.me, "digest")
    parts = (update.effective_message.text or "").split(maxsplit=1)
    argument = parts[1].strip() if len(parts) > 1 else ""
    if not argument:
        await _show(update, ctx)
        return
    if typed := parse_action(argument):
        action, sub_id = typed
        if sub_id is None:  # the digests of this very chat (a private list also shows the groups' ones)
            chat_id = update.effective_chat.id
            subs = [sub for sub in await subscriptions_here(ctx.me, chat_id) if sub.chat_id == chat_id]
            if len(subs) != 1:  # none here, or which one?
                await update.effective_message.reply_text(
                    ctx.t("digest-which", count=len(subs)) + "\n" + "\n".join(_line(ctx, sub) for sub in subs)
                    if subs else ctx.t("digest-none"))
                return
            sub_id = subs[0].id
        await _act(update, ctx, action, sub_id)
        return
    change = CHANGE.match(argument)
    try:
        rule = parse_rule(change[2] if change else argument)
    except RuleError as error:
        key = "digest-day-out-of-range" if isinstance(error, DayOutOfRange) else "digest-rule-invalid"
        await update.effective_message.reply_text(ctx.t(key))
        return
    if change is None:
        await _subscribe(update, ctx, rule)
        return
    sub = await change_rule(ctx.me, int(change[1]), update.effective_chat.id, rule)
    await update.effective_message.reply_text(ctx.t("digest-changed", rule=rule_text(ctx, rule), next=_next(ctx, sub)))


@button_refusals
async def on_digest_button(update: Update, ctx: BotContext) -> None:
    parts = callback_parts(update, "dg")
    require_organizer(ctx.me, "digest")
    if len(parts) != 2:
        raise NotAllowed("digest")
    action, value = parts
    if action == "a":
        try:
            rule = DigestRule.from_compact(value)
        except RuleError as error:
            raise NotAllowed("digest") from error
        await _subscribe(update, ctx, rule)  # a refusal (the same rule again, too many) answers the press
        await update.callback_query.answer()
        return
    if action not in ("p", "r", "x"):
        raise NotAllowed("digest")
    await _act(update, ctx, action, number(value, "digest"))


async def _act(update: Update, ctx: BotContext, action: str, sub_id: int) -> None:
    """Pause (p), resume (r) or remove (x) a subscription, by its button or typed (/digest pause #3)."""
    chat_id = update.effective_chat.id
    if action in ("p", "r"):
        sub = await set_paused(ctx.me, sub_id, chat_id, action == "p")
        key = "digest-paused" if action == "p" else "digest-resumed"
        text = ctx.t(key, id=str(sub.id), next=_next(ctx, sub))
    else:
        await unsubscribe(ctx.me, sub_id, chat_id)
        text = ctx.t("digest-removed", id=str(sub_id))
    if update.callback_query is not None:
        await update.callback_query.answer()
    await update.effective_message.reply_text(text)


# group-allowed: an organizer subscribes the bureau's work group from inside it
GROUP_COMMANDS = ("digest",)
HANDLERS = [
    CommandHandler("digest", digest_command),
    CallbackQueryHandler(on_digest_button, pattern=r"^dg:"),
]
