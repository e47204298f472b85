"""Claim links of enterprises imported from a roster: the table (only each code's SHA-256 is stored)."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from models.stamps import StampField


class ClaimLink(Model):
    id = fields.IntField(primary_key=True)
    code_hash = fields.CharField(max_length=64, unique=True)
    enterprise = fields.ForeignKeyField("finmatch.Enterprise", related_name="claim_links")
    created_by = fields.ForeignKeyField("finmatch.Person", related_name="claim_links_created")
    created_at = StampField(auto_now_add=True)
    expires_at = fields.DatetimeField()
    used_by = fields.ForeignKeyField("finmatch.Person", related_name="claim_links_used", null=True)
    used_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)

    class Meta:
        table = "claim_link"
