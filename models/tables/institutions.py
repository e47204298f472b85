"""Financial institutions (banks with branches, venture funds, guarantors, insurers), their products, and the
one-time invitations that make someone their staff: the tables."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from models.enums import FinancingKind, InstitutionKind
from models.stamps import StampField


class Institution(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=100, unique=True)
    kind = fields.CharEnumField(InstitutionKind, max_length=12)
    parent = fields.ForeignKeyField("finmatch.Institution", related_name="branches", null=True)
    suspended = fields.BooleanField(default=False)
    created_at = StampField(auto_now_add=True)

    class Meta:
        table = "institution"


class Product(Model):
    """A financing product (专项产品). Amounts in yuan, terms in months, an empty list means any."""

    id = fields.IntField(primary_key=True)
    institution = fields.ForeignKeyField("finmatch.Institution", related_name="products")
    name = fields.CharField(max_length=100)
    kind = fields.CharEnumField(FinancingKind, max_length=12)
    min_amount = fields.BigIntField()
    max_amount = fields.BigIntField()
    min_term_months = fields.IntField(default=1)
    max_term_months = fields.IntField(default=360)
    rate_text = fields.CharField(max_length=100, default="")
    target_tiers = fields.JSONField(default=list)  # list[Tier value]
    target_chain_ids = fields.JSONField(default=list)  # list[int]
    guarantees = fields.JSONField(default=list)  # accepted Guarantee values
    conditions = fields.TextField(default="")
    active = fields.BooleanField(default=True)
    created_at = StampField(auto_now_add=True)
    updated_at = StampField(auto_now=True)

    class Meta:
        table = "product"


class Invitation(Model):
    """A single-use deep-link code. Only its SHA-256 is stored, so a database leak leaks no codes."""

    id = fields.IntField(primary_key=True)
    code_hash = fields.CharField(max_length=64, unique=True)
    institution = fields.ForeignKeyField("finmatch.Institution", related_name="invitations")
    created_by = fields.ForeignKeyField("finmatch.Person", related_name="invitations_created")
    created_at = StampField(auto_now_add=True)
    expires_at = fields.DatetimeField()
    used_by = fields.ForeignKeyField("finmatch.Person", related_name="invitations_used", null=True)
    used_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)

    class Meta:
        table = "invitation"
