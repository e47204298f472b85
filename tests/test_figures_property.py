"""The period's figures reconcile with the records: random histories (hypothesis) written into the
database, then every figure of models/reports/figures.py checked against the rows themselves, counted here
one by one; the paragraph, the report text and /progress's target figure must say the same.
SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.enums import (
    EventStatus,
    FinancingKind,
    InstitutionKind,
    IntentStatus,
    RegistrationStatus,
    TargetMetric,
    TargetScope,
)
from models.parsers.money import format_amount
from models.parsers.periods import Span
from models.reports.figures import PeriodFigures, period_figures
from models.reports.targets import current_value
from models.rules.intent_rules import COUNTED
from models.tables.enterprises import Enterprise, FinancingNeed
from models.tables.events import Event, Registration
from models.tables.institutions import Institution, Product
from models.tables.intents import Intent, LedgerEntry, Target
from models.tables.running_totals import FigureDay
from notices.paragraph import amount_phrase, count_phrase, paragraph
from notices.reports import Report, render_report
from tests import digest_world as dw

TZ = ZoneInfo("Asia/Shanghai")
ORIGIN = datetime(2026, 5, 1, tzinfo=UTC)
NOW = datetime(2026, 8, 1, tzinfo=UTC)
MOMENT = st.integers(0, 80 * 24).map(lambda hours: ORIGIN + timedelta(hours=hours))
AMOUNT = st.sampled_from([3_000_000, 10_000_000, 57_000_000, 120_000_000, 333_000_000])
INTENT = st.fixed_dictionaries({
    "firm": st.integers(0, 3), "institution": st.integers(0, 2), "amount": AMOUNT,
    "status": st.sampled_from(list(IntentStatus)), "created": MOMENT, "lag": st.integers(0, 20 * 24),
    "kind": st.sampled_from(list(FinancingKind)),
})
SIGNUP = st.fixed_dictionaries({"firm": st.integers(0, 3), "event": st.integers(0, 2), "at": MOMENT,
                                "status": st.sampled_from(list(RegistrationStatus)), "lag": st.integers(0, 400)})
NEED = st.fixed_dictionaries({"firm": st.integers(0, 3), "kind": st.sampled_from(list(FinancingKind)),
                              "amount": AMOUNT, "at": MOMENT})
PERIOD = st.tuples(st.dates(date(2026, 5, 1), date(2026, 7, 20)), st.integers(0, 40))


def _on_loop(loop: asyncio.AbstractEventLoop, coro: Coroutine[Any, Any, Any]) -> Any:
    return asyncio.run_coroutine_threadsafe(coro, loop).result(timeout=120)


async def _clear() -> None:
    for model in (FigureDay, LedgerEntry, Intent, Registration, Event, FinancingNeed, Product, Target):
        await model.all().delete()
    await Enterprise.all().delete()
    await Institution.filter(parent_id__isnull=False).delete()
    await Institution.all().delete()


async def _seed(intents: list[dict], signups: list[dict], needs: list[dict]) -> dw.World:
    await _clear()
    world = await dw.base_world(ORIGIN)
    for index in range(3):
        await dw.event(world, ORIGIN + timedelta(days=20 * index + 3), EventStatus.held if index < 2
                       else EventStatus.cancelled)
    seen: set[tuple[int, int]] = set()
    for s in signups:
        if (s["event"], s["firm"]) in seen:
            continue
        seen.add((s["event"], s["firm"]))
        checked = s["at"] + timedelta(hours=s["lag"]) if s["status"] is RegistrationStatus.checked_in else None
        await dw.signup(world, world.events[s["event"]], world.enterprises[s["firm"]], s["status"], s["at"], checked)
    for n in needs:
        await dw.need(world.enterprises[n["firm"]], n["amount"], n["kind"], n["at"])
    for i in intents:
        status = i["status"]
        confirmed = i["created"] + timedelta(hours=i["lag"]) if status in (*COUNTED, IntentStatus.rejected,
                                                                         IntentStatus.withdrawn) else None
        approved = i["amount"] if status in (IntentStatus.approved, IntentStatus.disbursed) else None
        disbursed = i["amount"] // 2 if status is IntentStatus.disbursed else 0
        await dw.intent(world, world.enterprises[i["firm"]], world.banks[i["institution"]], i["amount"], status,
                        i["created"], confirmed, approved, disbursed, i["kind"])
    await dw.product(world.banks[1], "支行产品", ORIGIN)
    return world


def _within(moment: datetime | None, start: datetime, end: datetime) -> bool:
    return moment is not None and start <= moment < end


async def _check(figures: PeriodFigures, start: datetime, end: datetime) -> None:
    ledger = await LedgerEntry.all().values("intent_id", "metric", "delta", "at")
    intents = {row["id"]: row for row in await Intent.all().values()}
    institutions = {row["id"]: row for row in await Institution.all().values()}
    chains = {row["id"]: row["chain_id"] for row in await Enterprise.all().values("id", "chain_id")}
    in_period = [row for row in ledger if _within(row["at"], start, end)]

    def total(metric: TargetMetric, rows: list[dict] = in_period) -> int:
        return sum(row["delta"] for row in rows if row["metric"] == metric)

    assert figures.confirmed_amount == total(TargetMetric.confirmed_amount)
    assert figures.approved_amount == total(TargetMetric.approved_amount)
    assert figures.disbursed_amount == total(TargetMetric.disbursed_amount)
    counted = [i for i in intents.values() if i["status"] in COUNTED and _within(i["confirmed_at"], start, end)]
    assert figures.enterprises_with_intent == len({i["enterprise_id"] for i in counted})
    banks = {ident for ident, row in institutions.items() if row["kind"] == InstitutionKind.bank}
    assert figures.bank_enterprises_with_intent == len({i["enterprise_id"] for i in counted
                                                        if i["institution_id"] in banks})
    assert figures.bank_confirmed_amount == total(TargetMetric.confirmed_amount, [
        r for r in in_period if intents[r["intent_id"]]["institution_id"] in banks])
    for group in figures.by_institution:
        family = {ident for ident, row in institutions.items() if ident == group.id or row["parent_id"] == group.id}
        mine = [r for r in in_period if intents[r["intent_id"]]["institution_id"] in family]
        assert (group.confirmed, group.approved, group.disbursed) == (
            total(TargetMetric.confirmed_amount, mine), total(TargetMetric.approved_amount, mine),
            total(TargetMetric.disbursed_amount, mine))
    for sums in (figures.by_institution, figures.by_chain):
        assert sum(g.confirmed for g in sums) == figures.confirmed_amount
        assert sum(g.disbursed for g in sums) == figures.disbursed_amount
    for group in figures.by_chain:
        mine = [r for r in in_period if chains[intents[r["intent_id"]]["enterprise_id"]] == group.id]
        assert group.approved == total(TargetMetric.approved_amount, mine)
    regs = await Registration.all().values()
    events = {row["id"]: row for row in await Event.all().values()}
    assert figures.check_ins == sum(1 for r in regs if r["status"] == RegistrationStatus.checked_in
                                    and _within(r["checked_in_at"], start, end))
    assert figures.signups == sum(1 for r in regs if _within(r["signed_up_at"], start, end))
    assert figures.no_shows == sum(1 for r in regs if r["status"] == RegistrationStatus.no_show
                                   and _within(events[r["event_id"]]["starts_at"], start, end))
    assert figures.events_held == sum(1 for e in events.values() if e["status"] != EventStatus.cancelled
                                      and _within(e["starts_at"], start, min(end, NOW)))
    needs = await FinancingNeed.all().values()
    for kind_figure in figures.needs:
        mine = [n for n in needs if n["kind"] == kind_figure.kind and _within(n["created_at"], start, end)]
        assert (kind_figure.count, kind_figure.amount) == (len(mine), sum(n["amount"] for n in mine))
    assert sum(s.count for s in figures.intents) == len(intents)
    assert figures.intents_new == sum(1 for i in intents.values() if _within(i["created_at"], start, end))
    funnel = {step.name: step.count for step in figures.funnel}
    assert funnel["registered"] == len({r["enterprise_id"] for r in regs if _within(r["signed_up_at"], start, end)})
    assert funnel["confirmed"] == figures.enterprises_with_intent
    assert funnel["disbursed"] == len({intents[r["intent_id"]]["enterprise_id"] for r in in_period
                                       if r["metric"] == TargetMetric.disbursed_amount and r["delta"] > 0})
    registered = {r["enterprise_id"] for r in regs if _within(r["signed_up_at"], start, end)}
    attended = {r["enterprise_id"] for r in regs if r["status"] == RegistrationStatus.checked_in
                and _within(r["checked_in_at"], start, end)}
    rate = figures.funnel[1].rate
    assert rate == (round(100 * len(attended & registered) / len(registered)) if registered else None)
    assert all(step.rate is None or 0 <= step.rate <= 100 for step in figures.funnel)  # a share, never 133 %


async def _agree(figures: PeriodFigures, span: Span) -> None:
    """The paragraph, the report's text and /progress's figure say what the figures say."""
    result = paragraph(figures, "zh")
    assert f"服务中小企业{count_phrase(figures.check_ins)}家次" in result.text
    assert f"促进融资{amount_phrase(figures.confirmed_amount, 'over')}" in result.text
    assert f"推动{count_phrase(figures.bank_enterprises_with_intent)}家企业" in result.text
    assert f"{figures.confirmed_amount:,} 元" in "\n".join(result.exact)
    text = "\n".join(render_report(Report("report", figures, (), (), (), 3), "zh", TZ))
    assert f"意向授信 {format_amount(figures.confirmed_amount, 'zh')}" in text
    target = await Target.create(metric=TargetMetric.confirmed_amount, scope=TargetScope.programme, value=1,
                                 starts_on=span.first, deadline=span.last)
    assert await current_value(target, TZ) == figures.confirmed_amount
    visits = await Target.create(metric=TargetMetric.enterprise_visits, scope=TargetScope.programme, value=1,
                                 starts_on=span.first, deadline=span.last)
    assert await current_value(visits, TZ) == figures.check_ins


async def test_figures_reconcile_with_the_records_of_random_histories(database_url: str) -> None:
    loop = asyncio.get_running_loop()

    @settings(max_examples=25, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(intents=st.lists(INTENT, max_size=12), signups=st.lists(SIGNUP, max_size=10),
           needs=st.lists(NEED, max_size=5), period=PERIOD)
    def history(intents: list[dict], signups: list[dict], needs: list[dict], period: tuple[date, int]) -> None:
        span = Span(period[0], period[0] + timedelta(days=period[1]))
        start, end = span.bounds(TZ)
        _on_loop(loop, _seed(intents, signups, needs))
        figures = _on_loop(loop, period_figures(start, end, NOW))
        _on_loop(loop, _check(figures, start, end))
        _on_loop(loop, _agree(figures, span))

    await asyncio.to_thread(history)
