"""Excel in chat for organizers: /export sends the programme's workbook; an .xlsx sent to the bot is
imported (rosters of enterprises, institutions, products), all or nothing, answered with a summary or
a report of every refused row; /claimlinks sends a sheet of one-time links for enterprises nobody
represents yet. Callback data: xc:links (the sheet of links, offered after an import)."""

from __future__ import annotations

import html
import io
import logging
from datetime import timedelta
from zoneinfo import ZoneInfo

from telegram import Document, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update
from telegram.error import TelegramError
from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.chat_scope import on_not_text
from bot.context import BotContext
from bot.guard import button_refusals, organizers_only
from models.clock import today, utcnow
from models.enums import Role
from models.errors import NotAllowed
from models.operations.claim_ops import issue_claim_links
from models.parsers.periods import PeriodError, parse_report_period
from models.rules.rights import require_organizer
from models.tables.drafts import current_draft
from models.workbook.export import export_workbook
from models.workbook.importer import ImportResult, import_workbook
from models.workbook.reader import MAX_BYTES, Problem
from models.workbook.writer import claim_links_workbook, report_workbook
from notices.i18n import Html, t
from notices.links import link

log = logging.getLogger(__name__)
SHOWN_PROBLEMS = 8
XLSX = ".xlsx"


def problem_text(language: str, problem: Problem) -> str:
    """Why a row (or the file) was refused, in plain text (also for the CLI and the report file)."""
    return html.unescape(t(language, f"import-problem-{problem.key}", **problem.args))


def report_file(language: str, problems: list[Problem], tz: ZoneInfo) -> bytes:
    rows = [{"sheet": p.sheet, "row": p.row or None, "value": p.value, "reason": problem_text(language, p)}
            for p in problems]
    return report_workbook(rows, tz)


def summary_text(language: str, result: ImportResult) -> str:
    lines = [t(language, "import-done")]
    for kind, counts in result.counts.items():
        if counts.created or counts.updated or counts.unchanged:
            lines.append(t(language, f"import-counts-{kind}", created=counts.created, updated=counts.updated,
                           unchanged=counts.unchanged))
    if result.skipped:
        lines.append(t(language, "import-skipped", sheets=", ".join(result.skipped)))
    return "\n".join(lines)


def _stamp(ctx: BotContext) -> str:
    return utcnow().astimezone(ctx.settings.tz).strftime("%Y%m%d-%H%M")


@organizers_only
async def export_command(update: Update, ctx: BotContext) -> None:
    """`/export` (this month's figures) or `/export <period>` (the periods /report takes)."""
    typed = " ".join(ctx.args or [])
    try:
        span = parse_report_period(typed, today(ctx.settings.tz)) if typed else None
    except PeriodError:
        await update.effective_message.reply_text(ctx.t("export-usage"))
        return
    await update.effective_message.reply_text(ctx.t("export-started"))
    data = await export_workbook(ctx.me, ctx.settings.tz, span)
    await update.effective_message.reply_document(InputFile(io.BytesIO(data), filename=f"finmatch-{_stamp(ctx)}.xlsx"),
                                                  caption=ctx.t("export-caption"))


async def _download(document: Document) -> bytes:
    file = await document.get_file()
    return bytes(await file.download_as_bytearray())


async def on_document(update: Update, ctx: BotContext) -> None:
    """An organizer's .xlsx is an import; any other file is handled as media where text is expected
    (an open form asks its step again)."""
    message = update.effective_message
    document = message.document
    is_workbook = document is not None and (document.file_name or "").lower().endswith(XLSX)
    if ctx.me.role is not Role.organizer or document is None or (not is_workbook and await current_draft(ctx.me.tg_id)):
        await on_not_text(update, ctx)
        return
    if not is_workbook:
        await message.reply_text(ctx.t("import-problem-not-xlsx-name"))
        return
    if (document.file_size or 0) > MAX_BYTES:
        await message.reply_text(ctx.t("import-problem-too-large", megabytes=MAX_BYTES // (1024 * 1024)))
        return
    try:
        data = await _download(document)
    except TelegramError as error:
        log.warning("could not download %s: %s", document.file_id, error)
        await message.reply_text(ctx.t("import-download-failed"))
        return
    await message.reply_text(ctx.t("import-started", name=document.file_name))
    result = await import_workbook(ctx.me, data)
    if result.applied:
        await _answer_applied(update, ctx, result)
    else:
        await _answer_refused(update, ctx, result)


async def _answer_applied(update: Update, ctx: BotContext, result: ImportResult) -> None:
    markup = None
    if result.new_enterprise_ids:
        markup = InlineKeyboardMarkup([[InlineKeyboardButton(ctx.t("btn-claim-links"), callback_data="xc:links")]])
    await update.effective_message.reply_text(summary_text(ctx.lang, result), reply_markup=markup)


async def _answer_refused(update: Update, ctx: BotContext, result: ImportResult) -> None:
    problems = result.problems
    lines = [ctx.t("import-refused", count=len(problems))]
    for problem in problems[:SHOWN_PROBLEMS]:
        where = ctx.t("import-where", sheet=problem.sheet, row=problem.row) if problem.row else problem.sheet
        key = "import-line-value" if problem.value else "import-line"
        lines.append(ctx.t(key, where=Html(where), value=problem.value, reason=problem_text(ctx.lang, problem)))
    if len(problems) > SHOWN_PROBLEMS:
        lines.append(ctx.t("import-more-problems", count=len(problems) - SHOWN_PROBLEMS))
    await update.effective_message.reply_text("\n".join(lines)[:4000])
    data = report_file(ctx.lang, problems, ctx.settings.tz)
    await update.effective_message.reply_document(InputFile(io.BytesIO(data), filename=f"import-report-{_stamp(ctx)}"
                                                            ".xlsx"), caption=ctx.t("import-report-caption"))


async def send_claim_links(update: Update, ctx: BotContext) -> None:
    issued = await issue_claim_links(ctx.me, None, ctx.settings.claim_ttl_days)
    if not issued:
        await update.effective_message.reply_text(ctx.t("claim-links-none"))
        return
    expires = utcnow().replace(microsecond=0)
    rows = [{"name": item.enterprise.name, "uscc": item.enterprise.uscc,
             "link": link(ctx.bot.username, "cl", item.code),
             "expires_at": expires + timedelta(days=ctx.settings.claim_ttl_days)} for item in issued]
    data = claim_links_workbook(rows, ctx.settings.tz)
    await update.effective_message.reply_document(
        InputFile(io.BytesIO(data), filename=f"claim-links-{_stamp(ctx)}.xlsx"),
        caption=ctx.t("claim-links-caption", count=len(issued), days=ctx.settings.claim_ttl_days))


@organizers_only
async def claimlinks_command(update: Update, ctx: BotContext) -> None:
    await send_claim_links(update, ctx)


@button_refusals
async def on_button(update: Update, ctx: BotContext) -> None:
    if update.callback_query.data != "xc:links":
        raise NotAllowed("claim.create")
    require_organizer(ctx.me, "claim.create")
    await update.callback_query.answer()
    await send_claim_links(update, ctx)


HANDLERS = [
    CommandHandler("export", export_command),
    CommandHandler("claimlinks", claimlinks_command),
    CallbackQueryHandler(on_button, pattern=r"^xc:"),
    MessageHandler(filters.Document.ALL, on_document),
]
