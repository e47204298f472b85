"""The report of a period as text (the digest, /report, the overview): every figure from
models/reports/figures.py, rendered from the catalogues, split into messages that fit Telegram (4096)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from models.parsers.money import format_amount
from models.reports.figures import (
    GroupFigure,
    Overdue,
    PeriodFigures,
    UpcomingEvent,
    overdue_by_institution,
    period_figures,
    upcoming_events,
)
from models.reports.targets import Progress, progress_of_all
from models.settings import Settings
from models.tables.intents import Target
from notices.i18n import t
from notices.render_intents import progress_block

TELEGRAM_TEXT = 4096
TELEGRAM_CAPTION = 1024
GROUPS_SHOWN = 10


@dataclass(frozen=True)
class Report:
    kind: str  # digest | report | overview
    figures: PeriodFigures
    upcoming: tuple[UpcomingEvent, ...]
    overdue: tuple[Overdue, ...]
    progress: tuple[Progress, ...]
    service_days: int


async def all_progress(tz: ZoneInfo, lang: str, today: date) -> tuple[Progress, ...]:
    """Every target's progress, by the same definitions as /progress (models/reports/targets.py)."""
    return tuple(await progress_of_all(await Target.all().order_by("deadline", "id"), tz, lang, today))


async def build_report(kind: str, start: datetime, end: datetime, now: datetime, settings: Settings,
                       lang: str) -> Report:
    tz = settings.tz
    return Report(kind, await period_figures(start, end, now, lang), await upcoming_events(now),
                  await overdue_by_institution(now, settings.intent_service_days, tz),
                  await all_progress(tz, lang, now.astimezone(tz).date()), settings.intent_service_days)


def shown_days(start: datetime, end: datetime, tz: ZoneInfo) -> tuple[str, str]:
    """The first and last local day of [start, end) (an end at midnight belongs to the day before)."""
    last = (end - timedelta(microseconds=1)).astimezone(tz)
    return f"{start.astimezone(tz):%Y-%m-%d}", f"{last:%Y-%m-%d}"


def shown_period(start: datetime, end: datetime, tz: ZoneInfo) -> tuple[str, str]:
    """Whole days as days; a digest's period between two sending times (8:00 to 8:00) with its times."""
    local_start, local_end = start.astimezone(tz), end.astimezone(tz)
    if local_start.time() == local_end.time() == datetime.min.time():
        return shown_days(start, end, tz)
    return f"{local_start:%Y-%m-%d %H:%M}", f"{local_end:%Y-%m-%d %H:%M}"


def _money(value: int, lang: str) -> str:
    return format_amount(value, lang)


def _header(report: Report, lang: str, tz: ZoneInfo) -> str:
    show = shown_days if report.kind == "overview" else shown_period
    first, last = show(report.figures.start, report.figures.end, tz)
    title = t(lang, f"report-title-{report.kind}" if report.kind != "report" else "report-title")
    when = t(lang, "report-since" if report.kind == "overview" else "report-period", start=first, end=last)
    return f"{title}\n{when}"


def _firms(f: PeriodFigures, lang: str) -> str:
    kinds = " · ".join(t(lang, "report-kind", kind=t(lang, f"kind-{k.kind}"), count=str(k.count),
                         amount=_money(k.amount, lang)) for k in f.needs if k.count)
    lines = [t(lang, "report-section-firms"), t(lang, "report-firms", firms=str(f.new_enterprises),
             needs=str(f.needs_count), amount=_money(f.needs_amount, lang))]
    return "\n".join([*lines, kinds] if kinds else lines)


def _events(f: PeriodFigures, lang: str, upcoming: tuple[UpcomingEvent, ...], tz: ZoneInfo) -> str:
    lines = [t(lang, "report-section-events"), t(lang, "report-events", events=str(f.events_held),
             signups=str(f.signups), checkins=str(f.check_ins), noshows=str(f.no_shows))]
    if upcoming:
        lines.append(t(lang, "report-section-upcoming"))
        lines += [t(lang, "report-upcoming", when=f"{e.starts_at.astimezone(tz):%m-%d %H:%M}", title=e.title,
                    taken=str(e.taken), seats=str(e.seats), waitlisted=str(e.waitlisted)) for e in upcoming]
    return "\n".join(lines)


def _intents(f: PeriodFigures, lang: str) -> str:
    lines = [t(lang, "report-section-intents"),
             t(lang, "report-intents", new=str(f.intents_new), changed=str(f.intents_changed),
               firms=str(f.enterprises_with_intent)),
             t(lang, "report-amounts", confirmed=_money(f.confirmed_amount, lang),
               approved=_money(f.approved_amount, lang), disbursed=_money(f.disbursed_amount, lang)),
             t(lang, "report-status-now")]
    lines += [t(lang, "report-status", status=t(lang, f"intent-status-{s.status}"), count=str(s.count),
                amount=_money(s.amount, lang), new=str(s.new)) for s in f.intents if s.count or s.new]
    return "\n".join(lines)


def _funnel(f: PeriodFigures, lang: str) -> str:
    steps = []
    for step in f.funnel:
        text = t(lang, "report-funnel-step", step=t(lang, f"funnel-{step.name}"), count=str(step.count))
        if step.rate is not None:
            text += t(lang, "report-funnel-rate", rate=str(step.rate))
        steps.append(text)
    return t(lang, "report-section-funnel") + "\n" + " → ".join(steps)


def _groups(title_key: str, groups: tuple[GroupFigure, ...], lang: str) -> str:
    lines = [t(lang, title_key)]
    for rank, g in enumerate(groups[:GROUPS_SHOWN], 1):
        lines.append(t(lang, "report-group", rank=str(rank), name=g.name, confirmed=_money(g.confirmed, lang),
                       approved=_money(g.approved, lang), disbursed=_money(g.disbursed, lang),
                       firms=g.enterprises))
    if not groups:
        lines.append(t(lang, "report-none"))
    elif len(groups) > GROUPS_SHOWN:
        lines.append(t(lang, "report-more", count=str(len(groups) - GROUPS_SHOWN)))
    return "\n".join(lines)


def _overdue(report: Report, lang: str) -> str:
    lines = [t(lang, "report-section-overdue", days=str(report.service_days))]
    lines += [t(lang, "report-overdue", institution=o.institution, count=str(o.count),
                amount=_money(o.amount, lang)) for o in report.overdue[:GROUPS_SHOWN]]
    if not report.overdue:
        lines.append(t(lang, "report-none"))
    return "\n".join(lines)


def report_blocks(report: Report, lang: str, tz: ZoneInfo) -> list[str]:
    f = report.figures
    blocks = [_header(report, lang, tz), _firms(f, lang), _events(f, lang, report.upcoming, tz),
              _intents(f, lang), _funnel(f, lang), _groups("report-section-institutions", f.by_institution, lang),
              _groups("report-section-chains", f.by_chain, lang), _overdue(report, lang)]
    if report.progress:
        blocks.append(t(lang, "report-section-progress") + "\n\n" +
                      "\n\n".join(progress_block(item, lang) for item in report.progress))
    return blocks


def fit(blocks: list[str], limit: int = TELEGRAM_TEXT) -> list[str]:
    """Blocks joined into as few messages as fit `limit`; a block too long alone is cut at line ends."""
    messages: list[str] = []
    current = ""
    for block in blocks:
        for piece in _cut(block, limit):
            joined = f"{current}\n\n{piece}" if current else piece
            if len(joined) <= limit:
                current = joined
            else:
                messages.append(current)
                current = piece
    if current:
        messages.append(current)
    return messages


def _cut(block: str, limit: int) -> list[str]:
    if len(block) <= limit:
        return [block]
    pieces, current = [], ""
    for line in block.split("\n"):
        line = line[:limit]
        joined = f"{current}\n{line}" if current else line
        if len(joined) <= limit:
            current = joined
        else:
            pieces.append(current)
            current = line
    return [*pieces, current] if current else pieces


def render_report(report: Report, lang: str, tz: ZoneInfo) -> list[str]:
    return fit(report_blocks(report, lang, tz))
