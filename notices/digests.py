"""A subscription's scheduled digest: the period's report and chart, queued in the outbox.

`send_due_digest` builds the figures and the chart outside any transaction (they only read), then,
in one unit of work, moves the subscription's `covered_until` and queues the photo and the text
messages (keys `digest:{id}:{occurrence}:{part}`). If another run moved it meanwhile nothing is
queued: a digest goes out once per period and subscriber, also across a restart.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from models.operations.digest_ops import claim_period, due_occurrence, live_subscriptions, period_of
from models.reports.figures import credit_curve, programme_start
from models.reports.targets import period as target_period
from models.settings import Settings
from models.tables.digests import DigestSubscription
from models.tables.intents import Target
from models.tables.outbox import OutboxMessage, enqueue_many
from models.tables.people import Person
from models.unit_of_work import unit_of_work
from notices.charts import digest_chart
from notices.i18n import t
from notices.payloads import photo_payload, text_payload
from notices.reports import TELEGRAM_CAPTION, Report, build_report, render_report, shown_days, shown_period

EXPIRY_DAYS = 3  # a digest not delivered within this many days is no longer news


async def chart_for(report: Report, now: datetime, tz: ZoneInfo, lang: str) -> tuple[bytes, str]:
    """The chart of a report and its caption: the credit curve over the programme's confirmed-credit target
    period (the latest such target of the whole programme), else from the programme's start until now;
    the bars over the report's period. The caption names both spans when they differ."""
    target = await Target.filter(metric="confirmed_amount", scope="programme").order_by("-deadline", "-id").first()
    if target is not None:
        start, end = target_period(target, tz)
        value: int | None = target.value
    else:
        start, end, value = (await programme_start() or report.figures.start), now, None
    curve = await credit_curve(start, end, now, value)
    png = await asyncio.to_thread(digest_chart, curve, report.figures.by_institution, report.figures.by_chain,
                                  lang, tz)  # drawing takes a moment: off the event loop
    return png, caption(report, lang, tz, (start, end))


def caption(report: Report, lang: str, tz: ZoneInfo, curve: tuple[datetime, datetime] | None = None) -> str:
    show = shown_days if report.kind == "overview" else shown_period  # the overview runs to this minute
    first, last = show(report.figures.start, report.figures.end, tz)
    text = t(lang, "chart-caption", title=t(lang, "chart-title-credit"), start=first, end=last)
    if curve is not None:
        curve_days = shown_days(*curve, tz) if curve[1] > curve[0] else (first, last)
        if curve_days != shown_days(report.figures.start, report.figures.end, tz):
            curve_first, curve_last = curve_days
            text = t(lang, "chart-caption-spans", title=t(lang, "chart-title-credit"), curve_start=curve_first,
                     curve_end=curve_last, bars=t(lang, "chart-bars"), start=first, end=last)
    return text[:TELEGRAM_CAPTION]


def digest_rows(sub: DigestSubscription, occ: datetime, texts: list[str], png: bytes, cap: str,
                expires_at: datetime) -> list[OutboxMessage]:
    base = f"digest:{sub.id}:{occ:%Y%m%dT%H%M}"
    rows = [OutboxMessage(key=f"{base}:chart", chat_id=sub.chat_id, method="sendPhoto",
                          payload=photo_payload(png, "digest.png", cap), expires_at=expires_at,
                          broadcast=f"digest:{sub.id}")]
    rows += [OutboxMessage(key=f"{base}:text:{index}", chat_id=sub.chat_id, payload=text_payload(text),
                           expires_at=expires_at, broadcast=f"digest:{sub.id}") for index, text in enumerate(texts)]
    return rows


async def send_due_digest(sub_id: int, settings: Settings, now: datetime) -> int:
    """Queue the digest due now for this subscription (if any); returns the outbox rows queued."""
    tz = settings.tz
    sub = await live_subscriptions().get_or_none(id=sub_id)
    if sub is None:  # gone, paused, or its organizer was demoted
        return 0
    occ = due_occurrence(sub, now, tz)
    if occ is None:
        return 0
    if await Person.filter(tg_id=sub.chat_id, blocked_bot=True).exists():  # nobody to read it: not even drawn
        async with unit_of_work():  # the period passes (after an unblock the next digest starts from here)
            await claim_period(sub, occ)
        return 0
    start, end = period_of(sub, occ, tz)
    report = await build_report("digest", start, end, now, settings, sub.language)
    texts = render_report(report, sub.language, tz)
    png, cap = await chart_for(report, now, tz, sub.language)
    rows = digest_rows(sub, occ, texts, png, cap, now + timedelta(days=EXPIRY_DAYS))
    async with unit_of_work():
        if not await claim_period(sub, occ):
            return 0
        return await enqueue_many(rows)
