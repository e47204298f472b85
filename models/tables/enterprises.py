"""Enterprises and their financing needs: the tables."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from models.enums import District, FinancingKind, Guarantee, Tier
from models.stamps import StampField


class Enterprise(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=100)
    uscc = fields.CharField(max_length=18, unique=True)
    tier = fields.CharEnumField(Tier, max_length=16)
    chain = fields.ForeignKeyField("finmatch.Chain", related_name="enterprises", on_delete=fields.RESTRICT)
    district = fields.CharEnumField(District, max_length=20)
    contact_name = fields.CharField(max_length=50)
    phone = fields.CharField(max_length=20)
    suspended = fields.BooleanField(default=False)
    created_at = StampField(auto_now_add=True)
    updated_at = StampField(auto_now=True)

    class Meta:
        table = "enterprise"


class FinancingNeed(Model):
    id = fields.IntField(primary_key=True)
    enterprise = fields.ForeignKeyField("finmatch.Enterprise", related_name="needs")
    amount = fields.BigIntField()
    kind = fields.CharEnumField(FinancingKind, max_length=12)
    term_months = fields.IntField()
    purpose = fields.CharField(max_length=200)
    guarantee = fields.CharEnumField(Guarantee, max_length=12)
    open = fields.BooleanField(default=True)
    created_at = StampField(auto_now_add=True)

    class Meta:
        table = "financing_need"
