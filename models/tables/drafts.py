"""Half-filled forms, kept in the database so a restart mid-conversation resumes at the same step."""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from tortoise import fields
from tortoise.models import Model

from models.stamps import StampField
from models.unit_of_work import unit_of_work


class Draft(Model):
    id = fields.IntField(primary_key=True)
    tg_id = fields.BigIntField(unique=True)
    form = fields.CharField(max_length=32)
    step = fields.CharField(max_length=32)
    data = fields.JSONField(default=dict)
    updated_at = StampField(auto_now=True)

    class Meta:
        table = "draft"


# The draft read with the person as the update arrived (models/operations/arrival.py), handed out once.
_preloaded: ContextVar[tuple[int, Draft | None] | None] = ContextVar("preloaded_draft", default=None)


def preload_draft(tg_id: int, draft: Draft | None) -> None:
    _preloaded.set((tg_id, draft))


def _forget(tg_id: int) -> None:
    known = _preloaded.get()
    if known is not None and known[0] == tg_id:
        _preloaded.set(None)


async def current_draft(tg_id: int) -> Draft | None:
    known = _preloaded.get()
    if known is not None and known[0] == tg_id:
        _preloaded.set(None)  # once: a second look in the same update reads the database again
        return known[1]
    return await Draft.get_or_none(tg_id=tg_id)


async def start_draft(tg_id: int, form: str, step: str, data: dict[str, Any] | None = None) -> Draft:
    """Start a form, replacing whatever the person had half-filled."""
    _forget(tg_id)
    async with unit_of_work():  # each step is a change: the answer that caused it is applied once
        await Draft.filter(tg_id=tg_id).delete()
        return await Draft.create(tg_id=tg_id, form=form, step=step, data=data or {})


async def save_draft(draft: Draft) -> None:
    async with unit_of_work():
        await draft.save(update_fields=["step", "data", "updated_at"])


async def drop_draft(tg_id: int) -> bool:
    _forget(tg_id)
    async with unit_of_work():
        return bool(await Draft.filter(tg_id=tg_id).delete())
