"""The composition root: builds the Application with its Defaults, handlers and menus."""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import logging
from typing import Any

from telegram import LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, RetryAfter, TelegramError
from telegram.ext import (
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot import chat_scope, forms
from bot.context import BotApplication, BotContext, load_person
from bot.features import admin, directory, institutions, products, profile, registration, start
from bot.features import digests as digest_features
from bot.features import events as event_features
from bot.features import export as export_features
from bot.features import intent_routing as intent_routing_features
from bot.features import intents as intent_features
from bot.features import matches as match_features
from bot.features import meetings as meeting_features
from bot.features import privacy as privacy_features
from bot.features import progress as progress_features
from bot.features import reports as report_features
from bot.features import series as series_features
from bot.features import signup as signup_features
from bot.features import signup_list as signup_list_features
from bot.features import walkins as walkin_features
from bot.menus import set_default_menus
from bot.replies import ReplyGuard
from bot.update_order import PerChatOrder
from models.enums import Role
from models.parsers.phone import normalise_shared_phone
from models.settings import Settings
from models.unit_of_work import UnitOfWork, add_commit_hook
from notices import apologies, subscriptions
from notices.i18n import t
from schedules import intent_jobs
from schedules.delivery import FloodGate, transient
from schedules.jobs import LEADING, keep_in_sync, rebuild_jobs
from schedules.sender import Sender

log = logging.getLogger(__name__)


async def on_text(update: Update, ctx: BotContext) -> None:
    if not await forms.on_text(update, ctx):
        await update.effective_message.reply_text(ctx.t(_not_understood_key(ctx)))


def _not_understood_key(ctx: BotContext) -> str:
    """Someone not registered yet who writes to the bot (e.g. about a loan) is pointed to /register."""
    me = ctx.me
    newcomer = me.role is Role.none and not me.suspended and me.institution_id is None
    return "free-text-register-first" if newcomer else "not-understood"


async def on_contact(update: Update, ctx: BotContext) -> None:
    if not await forms.on_contact(update, ctx, normalise_shared_phone):
        await update.effective_message.reply_text(ctx.t("not-understood"))


async def on_unknown_button(update: Update, ctx: BotContext) -> None:
    log.warning("unknown callback data %r from %s", update.callback_query.data, ctx.me.tg_id)
    await update.callback_query.answer(ctx.t("form-stale-button"))


def _harmless(error: BaseException | None) -> bool:
    """A retried edit or answer whose first try did arrive: nothing is wrong for the person."""
    text = str(error).lower()
    return isinstance(error, BadRequest) and ("not modified" in text or "query is too old" in text)


async def on_error(update: object, ctx: BotContext) -> None:
    if _harmless(ctx.error):
        log.info("update %s: %s", getattr(update, "update_id", "?"), ctx.error)
        return
    log.error("update %s failed", getattr(update, "update_id", "?"), exc_info=ctx.error)  # its id, never its content
    if not isinstance(update, Update) or update.effective_chat is None or update.effective_chat.type != "private":
        return  # an apology is never posted into a group or channel
    language = await chat_scope.language_of(update, ctx)  # an error's context has no person loaded
    if transient(ctx.error) or isinstance(ctx.error, RetryAfter):  # the reply itself could not be delivered
        await apologies.reply_lost(update.effective_chat.id, language, update.update_id)
        return
    with contextlib.suppress(TelegramError):  # Telegram refuses even this: the log has it
        await ctx.bot.send_message(update.effective_chat.id, t(language, "error-generic"))


def add_handlers(app: BotApplication) -> None:
    app.add_handler(TypeHandler(Update, chat_scope.keep_to_private_chats), group=-3)  # private chats only
    chat_scope.allow_in_groups(commands=(*digest_features.GROUP_COMMANDS, *report_features.GROUP_COMMANDS),
                               button_prefixes=("dg", "rp"))
    app.add_handler(TypeHandler(Update, load_person), group=-2)  # skips an update applied before
    for handler in [*start.HANDLERS, *registration.HANDLERS, *profile.HANDLERS, *institutions.HANDLERS,
                    *products.HANDLERS, *admin.HANDLERS, *event_features.HANDLERS, *series_features.HANDLERS,
                    *signup_features.HANDLERS, *intent_features.HANDLERS, *match_features.HANDLERS,
                    *meeting_features.HANDLERS, *progress_features.HANDLERS, *privacy_features.HANDLERS,
                    *report_features.HANDLERS, *digest_features.HANDLERS, *directory.HANDLERS,
                    *export_features.HANDLERS, *signup_list_features.HANDLERS, *walkin_features.HANDLERS,
                    *intent_routing_features.HANDLERS]:
        app.add_handler(handler)
    app.add_handler(CallbackQueryHandler(forms.on_button, pattern=rf"^{forms.CALLBACK_PREFIX}:"))
    app.add_handler(CallbackQueryHandler(on_unknown_button))
    app.add_handler(MessageHandler(filters.COMMAND, start.unknown_command))
    app.add_handler(MessageHandler(filters.CONTACT, on_contact))
    app.add_handler(MessageHandler(filters.TEXT, on_text))
    app.add_handler(MessageHandler(filters.ALL & ~filters.StatusUpdate.ALL, chat_scope.on_not_text))
    app.add_error_handler(on_error)


def build_application(settings: Settings, *, api_base_url: str = "", file_base_url: str = "",
                      token: str = "") -> BotApplication:
    """One Application, configured once; `api_base_url` points it at a local Bot API or the sandbox."""
    builder: Any = (
        ApplicationBuilder()
        .token(token or settings.bot_token)
        .context_types(ContextTypes(context=BotContext))
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                tzinfo=settings.tz,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
    )
    if api_base_url:
        builder = builder.base_url(api_base_url).base_file_url(file_base_url or api_base_url)
    gate = FloodGate()
    app: BotApplication = builder.rate_limiter(ReplyGuard(gate)).concurrent_updates(PerChatOrder()).build()
    app.bot_data["settings"] = settings
    app.bot_data["gate"] = gate
    add_handlers(app)
    return app


async def on_startup(app: BotApplication) -> None:
    """What `post_init` would do (every instance); called explicitly: the bot starts in our own loop."""
    settings: Settings = app.bot_data["settings"]
    subscriptions.install(settings, app.bot.username)
    await set_default_menus(app.bot, settings.default_language)
    await chat_scope.set_group_menus(app.bot, settings.default_language)
    asyncio.get_running_loop().run_in_executor(None, importlib.import_module, "cn2an")  # meanwhile: 0.5 s


async def start_leading(app: BotApplication) -> None:
    """The leader's part: the outbox sender, the scheduled jobs, and the hook that follows each commit."""
    if "sender" in app.bot_data:
        raise RuntimeError("already leading: a second sender would outlive the first")
    settings: Settings = app.bot_data["settings"]
    sender = Sender(app.bot, gate=app.bot_data["gate"], per_second=settings.sender_per_second,
                    per_chat_seconds=settings.sender_per_chat_seconds)
    sender.start()
    app.bot_data["sender"] = sender

    async def after_commit(uow: UnitOfWork) -> None:
        if uow.outbox_rows:
            sender.wake()
        if uow.reschedules:
            await rebuild_jobs(app)

    app.bot_data["unhook"] = add_commit_hook(after_commit)
    app.bot_data[LEADING] = True
    await rebuild_jobs(app)
    keep_in_sync(app)
    intent_jobs.install(app)


async def stop_leading(app: BotApplication) -> None:
    """Back to standing by: no hook, no job (every job is leader's work), no sender."""
    app.bot_data[LEADING] = False
    unhook = app.bot_data.pop("unhook", None)
    if unhook is not None:
        unhook()
    app.job_queue.scheduler.remove_all_jobs()
    sender: Sender | None = app.bot_data.pop("sender", None)
    if sender is not None:
        await sender.stop()


async def on_shutdown(app: BotApplication) -> None:
    await stop_leading(app)
