"""Running totals of the amount figures, per day and scope, kept in the transaction of each ledger row.

A target's amount figure over a period is the sum of at most one row per day for its scope (and
for each branch of an institution), whatever the number of intents behind it: the cost of /progress
no longer grows with the history. The ledger stays the truth; these rows are derived from it, in
the same transaction, and `rebuild()` derives them again from the ledger (the migration that
introduced them does, and so can an operator).

A ledger row counts on its day (in the programme's zone, TIMEZONE) for the programme (scope id 0),
the intent's institution, its event and that event's series, and the enterprise's chain; when an
enterprise moves to another chain its totals move with it (`move_chain`), so a chain's figure
counts the enterprises that are in the chain now, as the ledger query it replaces did.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from tortoise import fields
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.models import Model

from models.enums import TargetMetric, TargetScope
from models.settings import get_settings

PROGRAMME = 0  # the scope id of the programme's rows
Key = tuple[date, str, str, int]  # day, metric, scope, scope id
AMOUNTS = (TargetMetric.confirmed_amount.value, TargetMetric.approved_amount.value, TargetMetric.disbursed_amount.value)


class FigureDay(Model):
    id = fields.BigIntField(primary_key=True)
    day = fields.DateField()
    metric = fields.CharEnumField(TargetMetric, max_length=24)
    scope = fields.CharEnumField(TargetScope, max_length=12)
    scope_id = fields.IntField()
    total = fields.BigIntField(default=0)

    class Meta:
        table = "figure_day"
        unique_together = (("metric", "scope", "scope_id", "day"),)


def day_of(moment: datetime | str) -> date:
    if isinstance(moment, str):  # SQLite's raw rows
        moment = datetime.fromisoformat(moment)
    return moment.astimezone(get_settings().tz).date()


def scopes_of(institution_id: int, event_id: int | None, series_id: int | None,
              chain_id: int | None) -> list[tuple[str, int]]:
    found = [(TargetScope.programme.value, PROGRAMME), (TargetScope.institution.value, institution_id)]
    if event_id is not None:
        found.append((TargetScope.event.value, event_id))
    if series_id is not None:
        found.append((TargetScope.series.value, series_id))
    if chain_id is not None:
        found.append((TargetScope.chain.value, chain_id))
    return found


async def _add(connection: BaseDBAsyncClient, totals: dict[Key, int]) -> None:
    """Add each total to its row (created at 0 when missing): one statement per 500 rows."""
    items = [(key, delta) for key, delta in totals.items() if delta]
    postgres = connection.capabilities.dialect == "postgres"
    for start in range(0, len(items), 500):
        chunk = items[start:start + 500]
        values: list[object] = []
        marks = []
        for (day, metric, scope, scope_id), delta in chunk:
            n = len(values)
            marks.append(f"(${n + 1}, ${n + 2}, ${n + 3}, ${n + 4}, ${n + 5})" if postgres else "(?, ?, ?, ?, ?)")
            values += [day if postgres else day.isoformat(), metric, scope, scope_id, delta]
        await connection.execute_query(
            "INSERT INTO figure_day (day, metric, scope, scope_id, total) VALUES " + ", ".join(marks)
            + " ON CONFLICT (metric, scope, scope_id, day) DO UPDATE SET total = figure_day.total + excluded.total",
            values)


def _connection() -> BaseDBAsyncClient:
    return FigureDay._choose_db(for_write=True)  # the transaction's connection inside unit_of_work()


async def add_ledger_rows(intent: object, rows: Iterable[tuple[TargetMetric, int]], at: datetime) -> None:
    """Inside the transaction that writes these ledger rows of `intent`: add them to the running totals."""
    from models.tables.enterprises import Enterprise
    from models.tables.events import Event

    rows = [(metric, delta) for metric, delta in rows if delta]
    if not rows:
        return
    chain_id = await Enterprise.filter(id=intent.enterprise_id).first().values_list("chain_id", flat=True)
    series_id = None
    if intent.event_id is not None:
        series_id = await Event.filter(id=intent.event_id).first().values_list("series_id", flat=True)
    day = day_of(at)
    totals: dict[Key, int] = defaultdict(int)
    for metric, delta in rows:
        for scope, scope_id in scopes_of(intent.institution_id, intent.event_id, series_id, chain_id):
            totals[(day, str(metric.value if hasattr(metric, "value") else metric), scope, scope_id)] += delta
    await _add(_connection(), totals)


LEDGER_ROWS = """
SELECT l.id, l.metric, l.delta, l.at, i.institution_id, i.event_id, e.series_id, en.chain_id
FROM ledger_entry l JOIN intent i ON i.id = l.intent_id JOIN enterprise en ON en.id = i.enterprise_id
LEFT JOIN event e ON e.id = i.event_id"""
CHUNK = 50_000  # ledger rows read at a time by rebuild()


def _count(rows: list[Any], totals: dict[Key, int]) -> None:
    for row in rows:
        day = day_of(row["at"])
        for scope, scope_id in scopes_of(row["institution_id"], row["event_id"], row["series_id"], row["chain_id"]):
            totals[(day, str(row["metric"]), scope, scope_id)] += int(row["delta"])


async def _totals_from_ledger(connection: BaseDBAsyncClient, where: str = "",
                              values: list[object] | None = None) -> dict[Key, int]:
    totals: dict[Key, int] = defaultdict(int)
    _count((await connection.execute_query(LEDGER_ROWS + where, values))[1], totals)
    return totals


async def rebuild(connection: BaseDBAsyncClient | None = None) -> int:
    """Derive every running total from the ledger again (read in chunks); returns the number of rows."""
    connection = connection or _connection()
    mark = "$1" if connection.capabilities.dialect == "postgres" else "?"
    await connection.execute_query("DELETE FROM figure_day")
    totals: dict[Key, int] = defaultdict(int)
    last = 0
    while rows := (await connection.execute_query(
            f"{LEDGER_ROWS} WHERE l.id > {mark} ORDER BY l.id LIMIT {CHUNK}", [last]))[1]:
        _count(rows, totals)
        last = rows[-1]["id"]
    await _add(connection, totals)
    return len(totals)


async def move_chain(enterprise_id: int, old_chain: int, new_chain: int) -> None:
    """Inside the transaction that moves an enterprise to another chain: its totals move along."""
    if old_chain == new_chain:
        return
    connection = _connection()
    mark = "$1" if connection.capabilities.dialect == "postgres" else "?"
    totals = await _totals_from_ledger(connection, f" WHERE i.enterprise_id = {mark}", [enterprise_id])
    moved: dict[Key, int] = defaultdict(int)
    for (day, metric, scope, _read_as), delta in totals.items():
        if scope == TargetScope.chain.value:  # the rows were read after the move: scope_id is the new chain
            moved[(day, metric, scope, old_chain)] -= delta
            moved[(day, metric, scope, new_chain)] += delta
    await _add(connection, moved)


class Marks:
    """Parameters of a raw statement and their placeholders (`?` on SQLite, `$n` on PostgreSQL)."""

    def __init__(self, connection: BaseDBAsyncClient) -> None:
        self.postgres = connection.capabilities.dialect == "postgres"
        self.values: list[object] = []

    def __call__(self, value: object) -> str:
        if isinstance(value, datetime):
            value = value.astimezone(UTC)  # the columns hold UTC instants (compared as text on SQLite)
        elif isinstance(value, date) and not self.postgres:
            value = value.isoformat()
        self.values.append(value)
        return f"${len(self.values)}" if self.postgres else "?"

    def many(self, values: Iterable[object]) -> str:
        return ", ".join(self(value) for value in values)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, get_settings().tz).astimezone(UTC)


def split(start: datetime, end: datetime) -> tuple[tuple[date, date] | None, list[tuple[datetime, datetime]]]:
    """[start, end) as the whole local days in it (first, last: what figure_day holds) and the part-days at its
    edges (read from the ledger): a digest runs from 8:00 to 8:00, the overview from the first record to now."""
    tz = get_settings().tz
    first = start.astimezone(tz).date()
    if start > _midnight(first):
        first += timedelta(days=1)
    after = end.astimezone(tz).date()  # the days before end's own day are whole
    if first >= after:
        return None, [(start, end)] if start < end else []
    edges = [(start, _midnight(first)), (_midnight(after), end)]
    return (first, after - timedelta(days=1)), [(a, b) for a, b in edges if a < b]


# the ledger row's scope id per scope (the same attribution as add_ledger_rows)
LEDGER_KEYS = {TargetScope.programme: "0", TargetScope.institution: "i.institution_id", TargetScope.event: "i.event_id",
               TargetScope.series: "e.series_id", TargetScope.chain: "en.chain_id"}


def _edge_sql(scope: TargetScope, a: datetime, b: datetime, ids: list[int] | None, marks: Marks) -> str:
    key = LEDGER_KEYS[scope]
    joins = " JOIN intent i ON i.id = l.intent_id" if scope is not TargetScope.programme else ""
    joins += " LEFT JOIN event e ON e.id = i.event_id" if scope is TargetScope.series else ""
    joins += " JOIN enterprise en ON en.id = i.enterprise_id" if scope is TargetScope.chain else ""
    where = f"l.metric IN ({marks.many(AMOUNTS)}) AND l.at >= {marks(a)} AND l.at < {marks(b)}"
    if scope is not TargetScope.programme:
        where += f" AND {key} IS NOT NULL" if ids is None else f" AND {key} IN ({marks.many(ids)})"
    group = "l.metric" if scope is TargetScope.programme else f"{key}, l.metric"
    return f"SELECT {key} AS k, l.metric AS metric, SUM(l.delta) AS total FROM ledger_entry l{joins} " \
           f"WHERE {where} GROUP BY {group}"


async def amounts_by(scope: TargetScope, start: datetime, end: datetime,
                     ids: Iterable[int] | None = None) -> dict[int, dict[str, int]]:
    """The three amount figures of [start, end) per scope id (the programme: PROGRAMME): the running totals of
    its whole local days, plus the ledger rows of the part-days at its edges. Equal to the sums of the
    period's ledger rows by the intent's institution, event, series or the enterprise's chain."""
    connection = FigureDay._choose_db()
    chosen = None if ids is None else sorted(set(ids))
    if scope is TargetScope.programme:
        chosen = None
    if chosen == []:
        return {}
    days, edges = split(start, end)
    found: dict[int, dict[str, int]] = {}
    parts = []
    marks = Marks(connection)
    if days is not None:
        where = f"scope = {marks(scope.value)} AND metric IN ({marks.many(AMOUNTS)})"
        if chosen is not None:
            where += f" AND scope_id IN ({marks.many(chosen)})"
        parts.append(f"SELECT scope_id AS k, metric, SUM(total) AS total FROM figure_day WHERE {where} "
                     f"AND day >= {marks(days[0])} AND day <= {marks(days[1])} GROUP BY scope_id, metric")
    parts += [_edge_sql(scope, a, b, chosen, marks) for a, b in edges]
    if not parts:
        return found
    for row in (await connection.execute_query(" UNION ALL ".join(parts), marks.values))[1]:
        figures = found.setdefault(int(row["k"]), {})
        figures[str(row["metric"])] = figures.get(str(row["metric"]), 0) + int(row["total"] or 0)
    return found
