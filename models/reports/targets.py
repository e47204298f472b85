"""Targets (目标) and progress toward them, computed by SQL aggregation.

Amount metrics sum the ledger rows written in the target's period (read from their running totals);
enterprises with an intent count distinct enterprises of intents confirmed (and not since taken back)
in the period; enterprise-visits count check-ins of enterprises in the period. A scope narrows each by the
intent's event / series / institution (its branches included) or the enterprise's chain.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from zoneinfo import ZoneInfo

from tortoise.expressions import Q, Subquery

from models import clock
from models.enums import TargetMetric, TargetScope
from models.errors import Refused
from models.reports.target_figures import AMOUNT_METRICS as AMOUNT_METRICS  # callers import these from here
from models.reports.target_figures import SCOPE_TABLES, target_values
from models.reports.target_figures import period as period
from models.reports.target_figures import scope_labels as scope_labels
from models.rules.rights import require_organizer
from models.tables.audit import record
from models.tables.enterprises import Enterprise
from models.tables.events import Event
from models.tables.institutions import Institution
from models.tables.intents import Target
from models.tables.people import Person
from models.unit_of_work import unit_of_work


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


async def intent_scope(target: Target) -> Q:
    """The scope as a filter on intent columns: the definition the grouped queries of target_values follow
    (tests hold them to it through models/reports/figures.py)."""
    shared = _event_or_chain_scope(target)
    if shared is not None:
        return shared
    if target.scope is TargetScope.institution:
        branches = await Institution.filter(parent_id=target.scope_id).values_list("id", flat=True)
        return Q(institution_id__in=[target.scope_id, *branches])
    return Q()


def visit_scope(target: Target) -> Q:
    shared = _event_or_chain_scope(target)
    return shared if shared is not None else Q()


async def current_value(target: Target, tz: ZoneInfo, amounts: dict[int, int] | None = None) -> int:
    """The figure of one target now. `amounts`, when given, is shared by calls over the targets (the export's
    loop): the first call fills it with every target's figure at once (target_values)."""
    if amounts is None:
        return (await target_values([target], tz))[target.id]
    if target.id not in amounts:
        amounts.update(await target_values(await Target.all(), tz))
        if target.id not in amounts:
            amounts.update(await target_values([target], tz))
    return amounts[target.id]


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
    return (await scope_labels([target], language)).get((target.scope, target.scope_id), "")


async def progress_report(actor: Person, tz: ZoneInfo, language: str, today: date | None = None) -> list[Progress]:
    """Every target with its figure: a few grouped queries for all of them (models/reports/target_figures.py)."""
    return await progress_of_all(await list_targets(actor), tz, language, today or clock.today(tz))


async def progress_of_all(targets: list[Target], tz: ZoneInfo, language: str, today: date) -> list[Progress]:
    values = await target_values(targets, tz)
    labels = await scope_labels(targets, language)
    return [progress_of(t, values[t.id], today, labels.get((t.scope, t.scope_id), "")) for t in targets]
