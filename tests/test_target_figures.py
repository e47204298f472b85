"""Every target's figure from the grouped queries (models/reports/target_figures.py) equals the figure derived from
the ledger and the records (models/reports/figures.py's definitions, one query per target), for targets over
different periods, scopes and metrics; the by-institution and by-chain sums read from the running totals
equal the ledger's, for periods of whole days and of part-days (a digest runs from 8:00 to 8:00).
SQLite and PostgreSQL."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from models.enums import IntentStatus, RegistrationStatus, SeriesKind, TargetMetric, TargetScope
from models.reports import figures
from models.reports.target_figures import AMOUNT_METRICS, period, target_values
from models.reports.targets import intent_scope, progress_report, visit_scope
from models.tables.events import Event, Series
from models.tables.institutions import Institution
from models.tables.intents import Intent, LedgerEntry, Target
from models.tables.people import Person
from models.tables.running_totals import PROGRAMME, add_ledger_rows, amounts_by
from tests import digest_world as dw

TZ = ZoneInfo("Asia/Shanghai")
ORIGIN = datetime(2026, 3, 1, tzinfo=UTC)
TAKEN_BACK = (IntentStatus.rejected, IntentStatus.withdrawn)
STATUSES = [IntentStatus.proposed, IntentStatus.confirmed, IntentStatus.approved, IntentStatus.disbursed, *TAKEN_BACK]


async def _intent(world: dw.World, rng: random.Random, event: Event) -> None:
    """An intent of a random firm, institution and status at the event, with the ledger rows (and running
    totals) its history wrote, each at its own moment."""
    status = rng.choice(STATUSES)
    created = ORIGIN + timedelta(hours=rng.randrange(90 * 24))
    amount = rng.choice([3_000_000, 10_000_000, 57_000_000])
    confirmed = None if status is IntentStatus.proposed else created + timedelta(hours=rng.randrange(72))
    row = await Intent.create(enterprise=rng.choice(world.enterprises), institution=rng.choice(world.banks),
                              event=event, kind="loan", amount=amount, status=status, proposed_by=world.person,
                              created_at=created, confirmed_at=confirmed)
    steps: list[tuple[TargetMetric, int, datetime]] = []
    if confirmed is not None:
        steps.append((TargetMetric.confirmed_amount, amount, confirmed))
        later = confirmed + timedelta(hours=rng.randrange(1, 24 * 20))
        if status in TAKEN_BACK:
            steps.append((TargetMetric.confirmed_amount, -amount, later))
        if status in (IntentStatus.approved, IntentStatus.disbursed):
            steps.append((TargetMetric.approved_amount, amount, later))
        if status is IntentStatus.disbursed:
            steps.append((TargetMetric.disbursed_amount, amount // 2, later + timedelta(hours=30)))
    for metric, delta, at in steps:
        await LedgerEntry.create(intent=row, metric=metric, delta=delta, at=at)
        await add_ledger_rows(row, [(metric, delta)], at)


async def _world(rng: random.Random) -> dw.World:
    world = await dw.base_world(ORIGIN)
    series = await Series.create(kind=SeriesKind.breakfast, title="早餐汇", recurrence="每月第一个周三 8:00")
    for index in range(4):
        event = await dw.event(world, ORIGIN + timedelta(days=20 * index + 2))
        if index < 2:
            event.series_id = series.id
            await event.save()
    for _ in range(40):
        await _intent(world, rng, rng.choice(world.events))
    seen = set()
    for _ in range(16):
        event, firm = rng.choice(world.events), rng.choice(world.enterprises)
        if (event.id, firm.id) not in seen:
            seen.add((event.id, firm.id))
            at = ORIGIN + timedelta(hours=rng.randrange(90 * 24))
            checked = rng.random() < 0.7
            await dw.signup(world, event, firm, RegistrationStatus.checked_in if checked else
                            RegistrationStatus.registered, at, at + timedelta(hours=3) if checked else None)
    return world


async def _targets(world: dw.World) -> list[Target]:
    bank, _branch, fund = world.banks
    series_id = world.events[0].series_id
    scopes = [(TargetScope.programme, None), (TargetScope.institution, bank.id), (TargetScope.institution, fund.id),
              (TargetScope.chain, world.enterprises[0].chain_id), (TargetScope.chain, world.enterprises[1].chain_id),
              (TargetScope.event, world.events[1].id), (TargetScope.series, series_id)]
    periods = [(date(2026, 3, 1), date(2026, 5, 31)), (date(2026, 3, 10), date(2026, 3, 24)),
               (date(2026, 4, 1), date(2026, 4, 30)), (date(2026, 5, 20), date(2026, 6, 30))]
    targets = []
    for m, metric in enumerate(TargetMetric):
        for s, (scope, scope_id) in enumerate(scopes):
            if metric is TargetMetric.enterprise_visits and scope is TargetScope.institution:
                continue  # not a target one can set (models.reports.targets.set_target)
            first, last = periods[(m + s) % len(periods)]
            targets.append(await Target.create(metric=metric, scope=scope, scope_id=scope_id, value=10,
                                               starts_on=first, deadline=last))
    return targets


async def _from_the_ledger(target: Target) -> int:
    """The target's figure as models/reports/figures.py defines it: a query over the ledger or the records."""
    start, end = period(target, TZ)
    if target.metric in AMOUNT_METRICS:
        return (await figures.ledger_amounts(start, end, await intent_scope(target)))[target.metric]
    if target.metric is TargetMetric.enterprises_with_intent:
        return await figures.enterprises_with_intent(start, end, await intent_scope(target))
    return await figures.enterprise_visits(start, end, visit_scope(target))


async def test_every_target_figure_from_the_grouped_queries_equals_the_ledger_derived_one(database_url: str) -> None:
    world = await _world(random.Random(7))
    targets = await _targets(world)
    values = await target_values(targets, TZ)
    derived = {target.id: await _from_the_ledger(target) for target in targets}
    assert values == derived
    assert sum(1 for value in derived.values() if value) > len(targets) // 2  # the world gives most targets a figure
    organizer = await Person.create(tg_id=777, full_name="组织者", is_organizer=True)
    report = await progress_report(organizer, TZ, "zh")
    assert {item.target.id: item.value for item in report} == derived
    labels = {(item.target.scope, item.target.scope_id): item.scope_label for item in report}
    assert labels[(TargetScope.institution, world.banks[0].id)] == "交通银行"
    assert labels[(TargetScope.programme, None)] == ""


def _ledger_sums(rows: list[dict], key: dict[int, int], start: datetime, end: datetime) -> dict[int, dict[str, int]]:
    sums: dict[int, dict[str, int]] = {}
    for row in rows:
        if start <= row["at"] < end:
            group = sums.setdefault(key[row["intent_id"]], {})
            group[str(row["metric"])] = group.get(str(row["metric"]), 0) + row["delta"]
    return sums


def _nonzero(sums: dict[int, dict[str, int]]) -> dict[int, dict[str, int]]:
    kept = {ident: {m: v for m, v in group.items() if v} for ident, group in sums.items()}
    return {ident: group for ident, group in kept.items() if group}


async def test_group_sums_from_the_running_totals_equal_the_ledger_for_part_days(database_url: str) -> None:
    await _world(random.Random(11))
    rows = await LedgerEntry.all().values("intent_id", "metric", "delta", "at")
    intents = await Intent.all().values("id", "institution_id", "enterprise__chain_id")
    by = {TargetScope.institution: {i["id"]: i["institution_id"] for i in intents},
          TargetScope.chain: {i["id"]: i["enterprise__chain_id"] for i in intents},
          TargetScope.programme: {i["id"]: PROGRAMME for i in intents}}
    eight = datetime(2026, 3, 14, 8, 0, tzinfo=TZ)
    periods = [(eight, eight + timedelta(days=7)), (eight, eight + timedelta(hours=5)),  # 8:00 to 8:00; within a day
               (eight - timedelta(hours=8), eight + timedelta(days=30, hours=16)),  # whole days
               (datetime(2026, 3, 1, 1, 17, tzinfo=UTC), datetime(2026, 6, 11, 2, 0, tzinfo=UTC))]  # the overview
    ids = [row.id for row in await Institution.all()]
    for start, end in periods:
        for scope, key in by.items():
            found = await amounts_by(scope, start, end, ids if scope is TargetScope.institution else None)
            assert _nonzero(found) == _nonzero(_ledger_sums(rows, key, start, end)), (scope, start, end)
