"""What an update needs before any handler: was it applied already, who sent it, and their half-filled
form; one query for the three (the hot path of every update), with its SQL text built once."""

from __future__ import annotations

from dataclasses import dataclass

from models.tables.drafts import Draft, preload_draft
from models.tables.people import Person
from models.tables.processed_updates import already_applied


@dataclass(frozen=True)
class Arrival:
    applied: bool
    person: Person | None  # None: not a person (a channel post) or first contact


def _sql(postgres: bool) -> str:
    people = ", ".join(f'p."{column}"' for column in Person._meta.fields_db_projection.values())
    drafts = ", ".join(f'd."{column}" AS "draft__{column}"' for column in Draft._meta.fields_db_projection.values())
    first, second = ("$1", "$2") if postgres else ("?", "?")
    return (f"SELECT {people}, {drafts}, (SELECT COUNT(*) FROM processed_update WHERE update_id = {first}) "
            f'AS "applied__" FROM person p LEFT JOIN draft d ON d.tg_id = p.tg_id WHERE p.tg_id = {second}')


_SQL: dict[bool, str] = {}


async def arrive(update_id: int, tg_id: int | None) -> Arrival:
    """The update's arrival: one query when the person exists, two at their first contact."""
    if tg_id is None:
        return Arrival(await already_applied(update_id), None)
    connection = Person._choose_db()
    postgres = connection.capabilities.dialect == "postgres"
    sql = _SQL.get(postgres) or _SQL.setdefault(postgres, _sql(postgres))
    rows = (await connection.execute_query(sql, [update_id, tg_id]))[1]
    if not rows:
        return Arrival(await already_applied(update_id), None)
    row = dict(rows[0])
    draft = {key.removeprefix("draft__"): value for key, value in row.items() if key.startswith("draft__")}
    person = Person._init_from_db(**{key: value for key, value in row.items() if "__" not in key})
    preload_draft(tg_id, Draft._init_from_db(**draft) if draft.get("id") is not None else None)
    return Arrival(bool(row["applied__"]), person)
