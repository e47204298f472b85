"""Every target's figure in a few grouped queries, whatever the number of targets (models/reports/targets.py
defines the figures; tests hold these queries to models/reports/figures.py's definitions):

- the amount figures of all targets: one query over the running totals (figure_day), grouped by scope,
  scope id and metric, with one CASE sum per distinct target period (an institution's branches are
  added to it here);
- the counts (enterprises with an intent, enterprise-visits): one UNION ALL, one part per distinct
  (metric, scope, period);
- the scope names: one query per scope table.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from models.enums import RegistrationStatus, TargetMetric, TargetScope
from models.reports.figures import EVER_CONFIRMED
from models.tables.chains import Chain
from models.tables.events import Event, Series
from models.tables.institutions import Institution
from models.tables.intents import Target
from models.tables.running_totals import AMOUNTS, PROGRAMME, FigureDay, Marks

AMOUNT_METRICS = (TargetMetric.confirmed_amount, TargetMetric.approved_amount, TargetMetric.disbursed_amount)
SCOPE_TABLES: dict[TargetScope, Any] = {
    TargetScope.series: Series, TargetScope.event: Event, TargetScope.chain: Chain,
    TargetScope.institution: Institution,
}
Period = tuple[date, date]


def period(target: Target, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """From the start of starts_on to the end of the deadline day, in the programme's zone, as UTC."""
    start = datetime.combine(target.starts_on, time.min, tz).astimezone(UTC)
    end = datetime.combine(target.deadline + timedelta(days=1), time.min, tz).astimezone(UTC)
    return start, end


async def _branches(targets: list[Target]) -> dict[int, list[int]]:
    """Each targeted institution with its branches (a branch's figures are its bank's)."""
    wanted = sorted({t.scope_id for t in targets if t.scope is TargetScope.institution and t.scope_id is not None})
    if not wanted:
        return {}
    family: dict[int, list[int]] = {ident: [ident] for ident in wanted}
    for ident, parent in await Institution.filter(parent_id__in=wanted).values_list("id", "parent_id"):
        family[parent].append(ident)
    return family


def _ids(target: Target, family: dict[int, list[int]]) -> list[int]:
    if target.scope is TargetScope.programme:
        return [PROGRAMME]
    if target.scope is TargetScope.institution:
        return family.get(target.scope_id, [target.scope_id])
    return [target.scope_id]


async def _amounts(targets: list[Target], family: dict[int, list[int]]) -> dict[int, int]:
    """One query: per (scope, scope id, metric), one sum per distinct period of the targets (a part per scope,
    so that each reads only its own ids' days)."""
    if not targets:
        return {}
    periods: list[Period] = sorted({(t.starts_on, t.deadline) for t in targets})
    marks = Marks(FigureDay._choose_db())
    parts = []
    for scope in sorted({t.scope for t in targets}):
        mine = [t for t in targets if t.scope is scope]
        sums = ", ".join(f"SUM(CASE WHEN day >= {marks(a)} AND day <= {marks(b)} THEN total ELSE 0 END) AS p{n}"
                         for n, (a, b) in enumerate(periods))
        ids = sorted({ident for t in mine for ident in _ids(t, family)})
        first, last = min(t.starts_on for t in mine), max(t.deadline for t in mine)
        parts.append(f"SELECT scope, scope_id, metric, {sums} FROM figure_day WHERE metric IN ({marks.many(AMOUNTS)}) "
                     f"AND scope = {marks(scope.value)} AND scope_id IN ({marks.many(ids)}) "
                     f"AND day >= {marks(first)} AND day <= {marks(last)} GROUP BY scope, scope_id, metric")
    rows = (await FigureDay._choose_db().execute_query(" UNION ALL ".join(parts), marks.values))[1]
    found = {(str(r["scope"]), int(r["scope_id"]), str(r["metric"])): r for r in rows}
    values = {}
    for t in targets:
        column = f"p{periods.index((t.starts_on, t.deadline))}"
        keys = [(t.scope.value, ident, t.metric.value) for ident in _ids(t, family)]
        values[t.id] = sum(int(found[key][column] or 0) for key in keys if key in found)
    return values


def _scope_sql(target: Target, column: str, family: dict[int, list[int]], marks: Marks) -> str:
    """The target's scope on intent or registration columns (as models.reports.targets.intent_scope / visit_scope)."""
    scope, ident = target.scope, target.scope_id
    if scope is TargetScope.series:
        return f" AND {column}.event_id IN (SELECT id FROM event WHERE series_id = {marks(ident)})"
    if scope is TargetScope.event:
        return f" AND {column}.event_id = {marks(ident)}"
    if scope is TargetScope.chain:
        return f" AND {column}.enterprise_id IN (SELECT id FROM enterprise WHERE chain_id = {marks(ident)})"
    if scope is TargetScope.institution and column == "i":
        return f" AND i.institution_id IN ({marks.many(family[ident])})"
    return ""


def _count_sql(k: int, target: Target, tz: ZoneInfo, family: dict[int, list[int]], marks: Marks) -> str:
    """Enterprises with an intent as models.reports.figures.confirmed_in counts them (confirmed in the period, not
    taken back before its end); enterprise-visits as models.reports.figures.enterprise_visits."""
    start, end = period(target, tz)
    if target.metric is TargetMetric.enterprises_with_intent:
        return (f"SELECT {k} AS k, COUNT(DISTINCT i.enterprise_id) AS n FROM intent i "
                f"WHERE i.status IN ({marks.many(s.value for s in EVER_CONFIRMED)}) "
                f"AND i.confirmed_at >= {marks(start)} AND i.confirmed_at < {marks(end)}"
                f"{_scope_sql(target, 'i', family, marks)} AND i.id NOT IN (SELECT l.intent_id FROM ledger_entry l "
                f"WHERE l.metric = {marks(TargetMetric.confirmed_amount.value)} AND l.delta < 0 "
                f"AND l.at >= {marks(start)} AND l.at < {marks(end)})")
    return (f"SELECT {k} AS k, COUNT(*) AS n FROM registration r "
            f"WHERE r.status = {marks(RegistrationStatus.checked_in.value)} AND r.enterprise_id IS NOT NULL "
            f"AND r.checked_in_at >= {marks(start)} AND r.checked_in_at < {marks(end)}"
            f"{_scope_sql(target, 'r', family, marks)}")


async def _counts(targets: list[Target], tz: ZoneInfo, family: dict[int, list[int]]) -> dict[int, int]:
    """One UNION ALL: a part per distinct (metric, scope, scope id, period)."""
    if not targets:
        return {}
    first: dict[tuple, Target] = {}  # targets that count the same thing share a part
    for t in targets:
        first.setdefault(_kind(t), t)
    kinds = list(first)
    marks = Marks(FigureDay._choose_db())
    sql = " UNION ALL ".join(_count_sql(k, first[kind], tz, family, marks) for k, kind in enumerate(kinds))
    counts = {int(r["k"]): int(r["n"]) for r in (await FigureDay._choose_db().execute_query(sql, marks.values))[1]}
    return {t.id: counts.get(kinds.index(_kind(t)), 0) for t in targets}


def _kind(target: Target) -> tuple:
    return target.metric, target.scope, target.scope_id, target.starts_on, target.deadline


async def target_values(targets: list[Target], tz: ZoneInfo) -> dict[int, int]:
    """Every target's figure now, by target id: two queries (three with an institution's branches)."""
    targets = [_typed(t) for t in targets]
    family = await _branches(targets)
    values = await _amounts([t for t in targets if t.metric in AMOUNT_METRICS], family)
    values.update(await _counts([t for t in targets if t.metric not in AMOUNT_METRICS], tz, family))
    return values


def _typed(target: Target) -> Target:
    """Enums as enums (a target read with values() or built by hand may hold their strings)."""
    target.metric, target.scope = TargetMetric(target.metric), TargetScope(target.scope)
    return target


async def scope_labels(targets: list[Target], language: str) -> dict[tuple[TargetScope, int | None], str]:
    """The name of every targeted scope (the programme's is ""; a scope since deleted shows "?"): one query
    per scope table."""
    labels: dict[tuple[TargetScope, int | None], str] = {}
    for scope, table in SCOPE_TABLES.items():
        wanted = {t.scope_id for t in targets if TargetScope(t.scope) is scope and t.scope_id is not None}
        if not wanted:
            continue
        found = {row.id: _label(row, language) for row in await table.filter(id__in=sorted(wanted))}
        labels.update({(scope, ident): found.get(ident, "?") for ident in wanted})
    return labels


def _label(row: Any, language: str) -> str:
    if isinstance(row, Chain):
        return row.label(language)
    return getattr(row, "title", None) or getattr(row, "name", "?")
