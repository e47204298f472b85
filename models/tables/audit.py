"""The audit trail: one row for every change of state (who, what, when, before and after)."""

from __future__ import annotations

from typing import Any

from tortoise import fields
from tortoise.models import Model

from models.stamps import StampField
from models.tables.people import Person


class AuditEntry(Model):
    id = fields.BigIntField(primary_key=True)
    actor = fields.ForeignKeyField("finmatch.Person", related_name="audit_entries", null=True)
    action = fields.CharField(max_length=64)
    entity = fields.CharField(max_length=32)
    entity_id = fields.BigIntField()
    before = fields.JSONField(null=True)
    after = fields.JSONField(null=True)
    at = StampField(auto_now_add=True, db_index=True)

    class Meta:
        table = "audit_entry"
        indexes = (("entity", "entity_id"),)


async def record(
    actor: Person | None,
    action: str,
    entity: str,
    entity_id: int,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    return await AuditEntry.create(
        actor=actor, action=action, entity=entity, entity_id=entity_id, before=before, after=after
    )
