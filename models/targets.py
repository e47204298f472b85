"""Targets (目标) and progress toward them, computed by SQL aggregation.

Amount metrics sum the ledger rows written in the target's period; enterprises with an intent
count distinct enterprises of intents confirmed (and not since taken back) in the period;
enterprise-visits count check-ins of enterprises in the period. A scope narrows each by the
intent's event / series / institution (its branches included) or the enterprise's chain.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from fractions import Fraction
from typing import Any
from zoneinfo import ZoneInfo

from tortoise.expressions import Q, Subquery
from tortoise.functions import Sum

from models import clock, figures
from models.audit import record
from models.chains import Chain
from models.enterprises import Enterprise
from models.enums import TargetMetric, TargetScope
from models.errors import Refused
from models.events import Event, Series
from models.institutions import Institution
from models.intents import Target
from models.people import Person
from models.rights import require_organizer
from models.running_totals import PROGRAMME, FigureDay
from models.unit_of_work import unit_of_work

AMOUNT_METRICS = (TargetMetric.confirmed_amount, TargetMetric.approved_amount, TargetMetric.disbursed_amount)
SCOPE_TABLES: dict[TargetScope, Any] = {
    TargetScope.series: Series, TargetScope.event: Event, TargetScope.chain: Chain,
    TargetScope.institution: Institution,
}


@dataclass(frozen=True)
class TargetFacts:
    metric: TargetMetric
    scope: TargetScope
    scope_id: int | None
    value: int
    starts_on: date
    deadline: date


async def set_target(actor: Person, facts: TargetFacts) -> Target:
    require_organizer(actor, "target.set")
    if facts.value <= 0:
        raise Refused("target-value-invalid")
    if facts.deadline < facts.starts_on:
        raise Refused("target-period-invalid")
    if facts.scope is TargetScope.programme:
        facts = TargetFacts(**{**facts.__dict__, "scope_id": None})
    elif facts.scope_id is None or not await SCOPE_TABLES[facts.scope].exists(id=facts.scope_id):
        raise Refused("target-scope-invalid")
    if facts.metric is TargetMetric.enterprise_visits and facts.scope is TargetScope.institution:
        raise Refused("target-scope-invalid")
    async with unit_of_work():
        target = await Target.create(**facts.__dict__, created_by=actor)
        await record(actor, "target.set", "target", target.id, after={**facts.__dict__, "metric": str(facts.metric),
                     "scope": str(facts.scope), "starts_on": str(facts.starts_on), "deadline": str(facts.deadline)})
    return target


async def delete_target(actor: Person, target_id: int) -> None:
    require_organizer(actor, "target.delete")
    target = await Target.get_or_none(id=target_id)
    if target is None:
        raise Refused("target-gone")
    async with unit_of_work():
        await target.delete()
        await record(actor, "target.delete", "target", target_id, before={"metric": str(target.metric),
                     "scope": str(target.scope), "scope_id": target.scope_id, "value": target.value})


async def list_targets(actor: Person) -> list[Target]:
    require_organizer(actor, "target.list")
    return await Target.all().order_by("deadline", "id")


def period(target: Target, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """From the start of starts_on to the end of the deadline day, in the programme's zone, as UTC."""
    start = datetime.combine(target.starts_on, time.min, tz).astimezone(UTC)
    end = datetime.combine(target.deadline + timedelta(days=1), time.min, tz).astimezone(UTC)
    return start, end


def _event_or_chain_scope(target: Target) -> Q | None:
    """Scopes that intents and check-ins share: a series, an event, a chain (None for the others)."""
    scope, ident = target.scope, target.scope_id
    if scope is TargetScope.series:
        return Q(event_id__in=Subquery(Event.filter(series_id=ident).values("id")))
    if scope is TargetScope.event:
        return Q(event_id=ident)
    if scope is TargetScope.chain:
        return Q(enterprise_id__in=Subquery(Enterprise.filter(chain_id=ident).values("id")))
    return None


async def _intent_scope(target: Target) -> Q:
    """The scope as a filter on intent columns (subqueries, no joins: a join makes tortoise GROUP BY)."""
    shared = _event_or_chain_scope(target)
    if shared is not None:
        return shared
    if target.scope is TargetScope.institution:
        branches = await Institution.filter(parent_id=target.scope_id).values_list("id", flat=True)
        return Q(institution_id__in=[target.scope_id, *branches])
    return Q()


def _visit_scope(target: Target) -> Q:
    shared = _event_or_chain_scope(target)
    return shared if shared is not None else Q()


async def _amounts(target: Target, tz: ZoneInfo) -> dict[str, int]:
    """The three amount figures of the target's scope and period: a sum of at most one running total per
    day (and branch), whatever the number of intents behind it (models/running_totals.py)."""
    if target.scope is TargetScope.programme:
        ids = [PROGRAMME]
    elif target.scope is TargetScope.institution:
        ids = [target.scope_id, *await Institution.filter(parent_id=target.scope_id).values_list("id", flat=True)]
    else:
        ids = [target.scope_id]
    rows = await FigureDay.filter(scope=target.scope, scope_id__in=ids, metric__in=list(AMOUNT_METRICS),
                                  day__gte=target.starts_on, day__lte=target.deadline) \
        .annotate(sum=Sum("total")).group_by("metric").values("metric", "sum")
    return {str(row["metric"]): int(row["sum"] or 0) for row in rows}


async def current_value(target: Target, tz: ZoneInfo, amounts: dict[tuple, dict[str, int]] | None = None) -> int:
    """The figure of one target now: one aggregate query (amounts shared by targets of one scope and period)."""
    start, end = period(target, tz)
    if target.metric in AMOUNT_METRICS:
        key = (target.scope, target.scope_id, start, end)
        cache = amounts if amounts is not None else {}
        if key not in cache:
            cache[key] = await _amounts(target, tz)
        return cache[key].get(str(target.metric), 0)
    if target.metric is TargetMetric.enterprises_with_intent:
        return await figures.enterprises_with_intent(start, end, await _intent_scope(target))
    return await figures.enterprise_visits(start, end, _visit_scope(target))


@dataclass(frozen=True)
class Progress:
    target: Target
    value: int
    percent: int
    weekly_pace: int | None  # still needed per week to reach the target by the deadline; None when past it
    scope_label: str


def progress_of(target: Target, value: int, today: date, scope_label: str = "") -> Progress:
    percent = math.floor(100 * value / target.value) if target.value else 0
    left = max(0, target.value - value)
    days = (target.deadline - today).days + 1
    weeks = max(Fraction(days, 7), Fraction(1))  # the real weeks left (8 days: 8/7), at least the one under way
    pace = None if days <= 0 else math.ceil(left / weeks) if left else 0
    return Progress(target, value, percent, pace, scope_label)


async def scope_label(target: Target, language: str) -> str:
    if target.scope is TargetScope.programme or target.scope_id is None:
        return ""
    row = await SCOPE_TABLES[target.scope].get_or_none(id=target.scope_id)
    if row is None:
        return "?"
    if isinstance(row, Chain):
        return row.label(language)
    return getattr(row, "title", None) or getattr(row, "name", "?")


async def progress_report(actor: Person, tz: ZoneInfo, language: str, today: date | None = None) -> list[Progress]:
    """Every target with its figure: one aggregate query per target (amounts: per scope and period)."""
    today = today or clock.today(tz)
    amounts: dict[tuple, dict[str, int]] = {}
    labels: dict[tuple, str] = {}  # several targets share a scope: its name is read once
    report = []
    for target in await list_targets(actor):
        key = (target.scope, target.scope_id)
        if key not in labels:
            labels[key] = await scope_label(target, language)
        report.append(progress_of(target, await current_value(target, tz, amounts), today, labels[key]))
    return report
