"""Digest subscriptions at the model level (SQLite and PostgreSQL): a group chat's digest, pause and
resume without a retroactive digest, a changed rule, who may manage what, the jobs derived from the
database, and a digest that fits Telegram's limits."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from models.errors import NotAllowed, Refused
from models.operations.digest_ops import (
    change_rule,
    digest_plan,
    set_paused,
    subscribe,
    subscriptions_here,
    unsubscribe,
)
from models.rules.digest_rules import DigestRule, Frequency
from models.tables.digests import DigestSubscription
from models.tables.outbox import OutboxMessage
from models.tables.people import Person
from notices.digests import send_due_digest
from notices.reports import TELEGRAM_TEXT, fit
from tests.harness import make_settings
from tests.test_reports_e2e import seed_june

TZ = ZoneInfo("Asia/Shanghai")
THURSDAY = datetime(2026, 6, 11, 2, 0, tzinfo=UTC)  # 10:00 in Wuhan
DAILY = DigestRule(Frequency.daily, time(8))
GROUP = -1001234567


async def an_organizer(tg_id: int) -> Person:
    from models.tables.people import ensure_person

    return await ensure_person(tg_id, f"组织者{tg_id}", None, organizer_ids=[tg_id], language_code="zh-hans")


async def test_a_group_digest_goes_to_the_group_once_per_period(database_url: str) -> None:
    settings = make_settings(database_url)
    boss = await an_organizer(900001)
    await seed_june()
    sub = await subscribe(boss, GROUP, "经信局工作群", DAILY, "zh", THURSDAY)
    assert await send_due_digest(sub.id, settings, THURSDAY) == 0  # today's 8:00 was before subscribing
    friday = datetime(2026, 6, 12, 0, 1, tzinfo=UTC)
    queued = await send_due_digest(sub.id, settings, friday)
    assert queued >= 2
    rows = await OutboxMessage.filter(key__startswith=f"digest:{sub.id}:").order_by("id")
    assert {row.chat_id for row in rows} == {GROUP}
    assert rows[0].method == "sendPhoto" and len(rows[0].payload["caption"]) <= 1024
    assert all(len(row.payload["text"]) <= TELEGRAM_TEXT for row in rows[1:])
    assert await send_due_digest(sub.id, settings, friday + timedelta(hours=1)) == 0  # once per period
    assert await send_due_digest(sub.id, settings, friday) == 0  # the same moment again: nothing


async def test_pause_resume_and_change_send_nothing_retroactively(database_url: str) -> None:
    settings = make_settings(database_url)
    boss = await an_organizer(900001)
    sub = await subscribe(boss, boss.tg_id, "", DAILY, "zh", THURSDAY)
    await set_paused(boss, sub.id, boss.tg_id, True, THURSDAY)
    saturday = datetime(2026, 6, 13, 3, 0, tzinfo=UTC)
    assert await send_due_digest(sub.id, settings, saturday) == 0  # paused
    assert await digest_plan(saturday, TZ) == []
    await set_paused(boss, sub.id, boss.tg_id, False, saturday)
    assert await send_due_digest(sub.id, settings, saturday) == 0  # no digest for the paused mornings
    assert await digest_plan(saturday, TZ) == [(sub.id, datetime(2026, 6, 14, 0, 0, tzinfo=UTC))]
    sunday = datetime(2026, 6, 14, 0, 0, 5, tzinfo=UTC)
    assert await send_due_digest(sub.id, settings, sunday) > 0
    await change_rule(boss, sub.id, boss.tg_id, DigestRule(Frequency.daily, time(7)), sunday)
    assert await send_due_digest(sub.id, settings, sunday + timedelta(hours=1)) == 0
    plan = await digest_plan(sunday + timedelta(hours=1), TZ)
    assert plan == [(sub.id, datetime(2026, 6, 14, 23, 0, tzinfo=UTC))]
    sub = await DigestSubscription.get(id=sub.id)
    assert sub.covered_until == datetime(2026, 6, 14, 0, 0, tzinfo=UTC)  # the next digest starts where this ended


async def test_who_may_manage_which_subscription(database_url: str) -> None:
    boss, colleague = await an_organizer(900001), await an_organizer(900002)
    outsider = await Person.create(tg_id=555, full_name="企业代表")
    mine = await subscribe(boss, boss.tg_id, "", DAILY, "zh", THURSDAY)
    group = await subscribe(boss, GROUP, "工作群", DAILY, "zh", THURSDAY)
    with pytest.raises(NotAllowed):
        await subscribe(outsider, outsider.tg_id, "", DAILY, "zh", THURSDAY)
    with pytest.raises(NotAllowed):
        await set_paused(colleague, mine.id, colleague.tg_id, True)  # someone else's private digest
    await set_paused(colleague, group.id, GROUP, True)  # any organizer, from inside the group
    with pytest.raises(Refused):
        await subscribe(boss, GROUP, "工作群", DAILY, "zh", THURSDAY)  # the same time twice in one chat
    assert [s.id for s in await subscriptions_here(boss, boss.tg_id)] == [mine.id, group.id]
    assert [s.id for s in await subscriptions_here(colleague, GROUP)] == [group.id]
    await unsubscribe(colleague, group.id, GROUP)
    with pytest.raises(Refused):
        await unsubscribe(boss, group.id, GROUP)
    await Person.filter(id=boss.id).update(is_organizer=False)  # demoted: the digests stop
    assert await digest_plan(THURSDAY, TZ) == []
    assert await send_due_digest(mine.id, make_settings("sqlite://:memory:"), THURSDAY + timedelta(days=1)) == 0
    await Person.filter(id=boss.id).update(is_organizer=True)
    for hour in range(9):
        await subscribe(boss, boss.tg_id, "", DigestRule(Frequency.daily, time(hour + 10)), "zh", THURSDAY)
    with pytest.raises(Refused):
        await subscribe(boss, boss.tg_id, "", DigestRule(Frequency.daily, time(20)), "zh", THURSDAY)


def test_long_reports_are_split_to_fit_telegram() -> None:
    blocks = ["<b>标题</b>", "\n".join(f"{i}. 某某银行：意向 1亿元" for i in range(600)), "尾"]
    messages = fit(blocks)
    assert len(messages) > 1 and all(len(m) <= TELEGRAM_TEXT for m in messages)
    assert "".join(messages).count("某某银行") == 600


async def test_the_chart_shows_the_recorded_series(database_url: str) -> None:
    """The curve ends at the confirmed credit recorded, the target line stands at the target, the bars are
    the figures by institution and by chain."""
    from models.enums import TargetMetric, TargetScope
    from models.reports.figures import credit_curve, period_figures
    from models.tables.intents import Target
    from notices.charts import draw

    await seed_june()
    start, end = datetime(2026, 1, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC)
    await Target.create(metric=TargetMetric.confirmed_amount, scope=TargetScope.programme, value=2_000_000_000,
                        starts_on=start.date(), deadline=end.date())
    curve = await credit_curve(start, end, THURSDAY, 2_000_000_000)
    totals = [total for _, total in curve.points]
    assert totals[0] == 0 and totals[-1] == 657_000_000 and totals == sorted(totals)
    assert curve.points[-1][0] == THURSDAY and len(curve.points) <= 61
    figures = await period_figures(start, end, THURSDAY)
    top, institutions, chains = draw(curve, figures.by_institution, figures.by_chain, "zh", TZ).axes
    line, target, _plan = top.get_lines()
    assert list(line.get_ydata())[-1] == pytest.approx(6.57) and list(target.get_ydata()) == [20, 20]
    bars = {label.get_text(): patch.get_width() for label, patch in zip(institutions.get_yticklabels(),
                                                                         institutions.patches, strict=True)}
    assert bars == pytest.approx({"交通银行": 4.57, "光谷创投": 2.0})
    assert sum(patch.get_width() for patch in chains.patches) == pytest.approx(6.57)


async def test_the_figures_of_a_typed_period_for_other_features(database_url: str) -> None:
    """What the Excel export imports: a typed dataclass of whole local days' figures."""
    from datetime import date

    from models.parsers.periods import parse_report_period
    from models.reports.figures import PeriodFigures, figures_of

    await seed_june()
    june = await figures_of(parse_report_period("本月", date(2026, 6, 11)), TZ, THURSDAY)
    assert isinstance(june, PeriodFigures)
    assert (june.confirmed_amount, june.check_ins, june.events_held, june.no_shows) == (657_000_000, 3, 1, 1)
    may = await figures_of(parse_report_period("上月", date(2026, 6, 11)), TZ, THURSDAY)
    assert (may.confirmed_amount, may.check_ins, may.intents_new) == (0, 0, 0)
