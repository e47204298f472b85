"""/report [period], /chart [period], /paragraph [period]: the period's figures on demand (organizers).

Without a period: the programme's running totals since it started (the overview, needs no target).
Buttons under a report: `rp:p:<period>` (the paragraph) and `rp:c:<period>` (the chart), with the
period as `YYYYMMDD-YYYYMMDD` or `all` for the overview. Usable in a group chat by organizers.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.context import BotContext
from bot.guard import button_refusals, callback_parts, command_refusals
from models.clock import today, utcnow
from models.errors import NotAllowed
from models.parsers.periods import PeriodError, PeriodTooLong, ReversedPeriod, Span, parse_report_period
from models.reports.figures import programme_start
from models.rules.rights import require_organizer
from notices.digests import chart_for
from notices.paragraph import paragraph
from notices.reports import Report, build_report, render_report, shown_days

OVERVIEW = "all"
COMPACT = re.compile(r"\d{8}-\d{8}")  # a button's period; typed ones (2026-1-1~2026-6-9) are parsed


def _arg(update: Update) -> str:
    text = update.effective_message.text or ""
    return text.split(maxsplit=1)[1].strip() if len(text.split(maxsplit=1)) > 1 else ""


async def _bounds(ctx: BotContext, period: str) -> tuple[str, datetime, datetime] | None:
    """(kind, start, end) of a typed or compact period; the overview when empty. Raises PeriodError."""
    now = utcnow()
    if period in ("", OVERVIEW):
        start = await programme_start()
        return None if start is None else ("overview", min(start, now), now)
    if COMPACT.fullmatch(period):
        span = Span.from_compact(period)
    else:
        span = parse_report_period(period, today(ctx.settings.tz))
    start, end = span.bounds(ctx.settings.tz)
    return "report", start, end


async def _report(ctx: BotContext, period: str) -> tuple[Report, str] | None:
    found = await _bounds(ctx, period)
    if found is None:
        return None
    kind, start, end = found
    report = await build_report(kind, start, end, utcnow(), ctx.settings, ctx.lang)
    compact = OVERVIEW if kind == "overview" else Span(*_days(report, ctx)).compact()
    return report, compact


def _days(report: Report, ctx: BotContext) -> tuple[date, date]:
    first, last = shown_days(report.figures.start, report.figures.end, ctx.settings.tz)
    return date.fromisoformat(first), date.fromisoformat(last)


def _refusal(ctx: BotContext, error: PeriodError, usage: str) -> str:
    """Why a typed period is refused: reversed, longer than ten years, or not read at all."""
    if isinstance(error, ReversedPeriod):
        return ctx.t("report-period-reversed", start=error.first.isoformat(), end=error.last.isoformat())
    if isinstance(error, PeriodTooLong):
        return ctx.t("report-period-too-long")
    return ctx.t(usage)


def _buttons(ctx: BotContext, compact: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[
        InlineKeyboardButton(ctx.t("report-paragraph-button"), callback_data=f"rp:p:{compact}"),
        InlineKeyboardButton(ctx.t("report-chart-button"), callback_data=f"rp:c:{compact}"),
    ]])


async def _report_or_say_why(update: Update, ctx: BotContext, period: str, usage: str) -> tuple[Report, str] | None:
    """The report of `period` and its compact period, or None once the person was told why there is none."""
    try:
        built = await _report(ctx, period)
    except PeriodError as error:
        await update.effective_message.reply_text(_refusal(ctx, error, usage))
        return None
    if built is None:
        await update.effective_message.reply_text(ctx.t("report-empty-programme"))
    return built


async def _send_report(update: Update, ctx: BotContext, period: str) -> None:
    built = await _report_or_say_why(update, ctx, period, "report-usage")
    if built is None:
        return
    report, compact = built
    texts = render_report(report, ctx.lang, ctx.settings.tz)
    for index, text in enumerate(texts):
        markup = _buttons(ctx, compact) if index == len(texts) - 1 else None
        await update.effective_message.reply_text(text, reply_markup=markup)


async def _send_chart(update: Update, ctx: BotContext, period: str) -> None:
    built = await _report_or_say_why(update, ctx, period, "report-usage")
    if built is None:
        return
    report, _ = built
    png, text = await chart_for(report, utcnow(), ctx.settings.tz, ctx.lang)
    await update.effective_message.reply_photo(png, caption=text, filename="chart.png")


async def _send_paragraph(update: Update, ctx: BotContext, period: str) -> None:
    built = await _report_or_say_why(update, ctx, period, "paragraph-usage")
    if built is None:
        return
    report, _ = built
    first, last = shown_days(report.figures.start, report.figures.end, ctx.settings.tz)
    result = paragraph(report.figures, ctx.lang)
    await update.effective_message.reply_text(ctx.t("paragraph-title", start=first, end=last) + "\n\n" + result.text)
    await update.effective_message.reply_text(ctx.t("paragraph-exact-title") + "\n" + "\n".join(result.exact))


async def send_overview(update: Update, ctx: BotContext) -> None:
    """The programme's running totals since it started (needs no target; /progress shows it without one)."""
    await _send_report(update, ctx, OVERVIEW)


@command_refusals
async def report_command(update: Update, ctx: BotContext) -> None:
    require_organizer(ctx.me, "report")
    await _send_report(update, ctx, _arg(update))


@command_refusals
async def chart_command(update: Update, ctx: BotContext) -> None:
    require_organizer(ctx.me, "report.chart")
    await _send_chart(update, ctx, _arg(update))


@command_refusals
async def paragraph_command(update: Update, ctx: BotContext) -> None:
    require_organizer(ctx.me, "report.paragraph")
    await _send_paragraph(update, ctx, _arg(update))


@button_refusals
async def on_report_button(update: Update, ctx: BotContext) -> None:
    parts = callback_parts(update, "rp")
    require_organizer(ctx.me, "report")
    if len(parts) != 2 or parts[0] not in ("p", "c"):
        raise NotAllowed("report")
    if parts[1] != OVERVIEW:
        try:
            Span.from_compact(parts[1])
        except PeriodError as error:
            raise NotAllowed("report") from error
    await update.callback_query.answer()
    if parts[0] == "p":
        await _send_paragraph(update, ctx, parts[1])
    else:
        await _send_chart(update, ctx, parts[1])


# group-allowed: organizers use these in the bureau's work group too
GROUP_COMMANDS = ("report", "chart", "paragraph")
HANDLERS = [
    CommandHandler("report", report_command),
    CommandHandler("chart", chart_command),
    CommandHandler("paragraph", paragraph_command),
    CallbackQueryHandler(on_report_button, pattern=r"^rp:"),
]
