"""The composition root: builds the Application with its Defaults, handlers and menus."""

from __future__ import annotations

import logging
from typing import Any

from telegram import LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import (
    AIORateLimiter,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot import forms
from bot.context import BotApplication, BotContext, load_person
from bot.features import admin, institutions, products, profile, registration, start
from bot.features import events as event_features
from bot.features import intents as intent_features
from bot.features import matches as match_features
from bot.features import meetings as meeting_features
from bot.features import progress as progress_features
from bot.features import series as series_features
from bot.features import signup as signup_features
from bot.i18n import t
from bot.menus import set_default_menus
from models.phone import normalise_shared_phone
from models.settings import Settings
from schedules import intent_jobs
from schedules.jobs import LEADING, keep_in_sync, rebuild_jobs
from schedules.sender import Sender

log = logging.getLogger(__name__)


async def on_text(update: Update, ctx: BotContext) -> None:
    if not await forms.on_text(update, ctx):
        await update.effective_message.reply_text(ctx.t("not-understood"))


async def on_contact(update: Update, ctx: BotContext) -> None:
    if not await forms.on_contact(update, ctx, normalise_shared_phone):
        await update.effective_message.reply_text(ctx.t("not-understood"))


async def on_other_message(update: Update, ctx: BotContext) -> None:
    await update.effective_message.reply_text(ctx.t("not-understood"))


async def on_unknown_button(update: Update, ctx: BotContext) -> None:
    log.warning("unknown callback data %r from %s", update.callback_query.data, ctx.me.tg_id)
    await update.callback_query.answer(ctx.t("form-stale-button"))


async def on_error(update: object, ctx: BotContext) -> None:
    log.error("update %s failed", update, exc_info=ctx.error)
    if isinstance(update, Update) and update.effective_chat is not None:
        language = ctx.lang if ctx.person is not None else ctx.settings.default_language
        await ctx.bot.send_message(update.effective_chat.id, t(language, "error-generic"))


def add_handlers(app: BotApplication) -> None:
    app.add_handler(TypeHandler(Update, load_person), group=-1)
    for handler in [*start.HANDLERS, *registration.HANDLERS, *profile.HANDLERS, *institutions.HANDLERS,
                    *products.HANDLERS, *admin.HANDLERS, *event_features.HANDLERS, *series_features.HANDLERS,
                    *signup_features.HANDLERS, *intent_features.HANDLERS, *match_features.HANDLERS,
                    *meeting_features.HANDLERS, *progress_features.HANDLERS]:
        app.add_handler(handler)
    app.add_handler(CallbackQueryHandler(forms.on_button, pattern=rf"^{forms.CALLBACK_PREFIX}:"))
    app.add_handler(CallbackQueryHandler(on_unknown_button))
    app.add_handler(MessageHandler(filters.COMMAND, start.unknown_command))
    app.add_handler(MessageHandler(filters.CONTACT, on_contact))
    app.add_handler(MessageHandler(filters.TEXT, on_text))
    app.add_handler(MessageHandler(filters.ALL & ~filters.StatusUpdate.ALL, on_other_message))
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
    if settings.rate_limit:
        builder = builder.rate_limiter(AIORateLimiter(max_retries=3))
    app: BotApplication = builder.build()
    app.bot_data["settings"] = settings
    add_handlers(app)
    return app


async def on_startup(app: BotApplication) -> None:
    """Every instance, what `post_init` would do; called explicitly because the bot starts inside our own loop."""
    settings: Settings = app.bot_data["settings"]
    await set_default_menus(app.bot, settings.default_language)


async def start_leading(app: BotApplication) -> None:
    """Only the leader (schedules/leadership.py): the outbox sender and the scheduled jobs."""
    settings: Settings = app.bot_data["settings"]
    sender = Sender(app.bot, per_second=settings.sender_per_second,
                    per_chat_seconds=settings.sender_per_chat_seconds)
    sender.start()
    app.bot_data["sender"] = sender
    app.bot_data[LEADING] = True
    await rebuild_jobs(app)
    keep_in_sync(app)
    intent_jobs.install(app)


async def stop_leading(app: BotApplication) -> None:
    """No job runs here any more (every job on the JobQueue is leader work) and the sender stops;
    the sends in flight finish and are recorded."""
    app.bot_data[LEADING] = False
    if app.job_queue is not None:
        app.job_queue.scheduler.remove_all_jobs()
    sender: Sender | None = app.bot_data.pop("sender", None)
    if sender is not None:
        await sender.stop()


async def on_shutdown(app: BotApplication) -> None:
    await stop_leading(app)
