"""融资意向: an enterprise and an institution agreeing on an amount, and every figure's ledger."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from models.enums import FinancingKind, IntentStatus, MeetingStatus, ProposerSide, TargetMetric, TargetScope
from models.stamps import StampField


class Intent(Model):
    id = fields.IntField(primary_key=True)
    enterprise = fields.ForeignKeyField("finmatch.Enterprise", related_name="intents", db_index=True)
    institution = fields.ForeignKeyField("finmatch.Institution", related_name="intents", db_index=True)
    product = fields.ForeignKeyField("finmatch.Product", related_name="intents", null=True)
    need = fields.ForeignKeyField("finmatch.FinancingNeed", related_name="intents", null=True)
    event = fields.ForeignKeyField("finmatch.Event", related_name="intents", null=True, db_index=True)
    kind = fields.CharEnumField(FinancingKind, max_length=12)
    amount = fields.BigIntField()  # the amount currently on the table (adjusted on confirmation)
    term_months = fields.IntField(null=True)
    approved_amount = fields.BigIntField(null=True)
    disbursed_amount = fields.BigIntField(default=0)
    status = fields.CharEnumField(IntentStatus, max_length=12, default=IntentStatus.proposed, db_index=True)
    reason = fields.CharField(max_length=200, default="")
    proposed_by = fields.ForeignKeyField("finmatch.Person", related_name="intents_proposed")
    # the institution's own offer waits for the enterprise; every other proposal for the institution
    proposer_side = fields.CharEnumField(ProposerSide, max_length=12, default=ProposerSide.enterprise)
    version = fields.IntField(default=0)  # optimistic lock: each transition bumps it
    created_at = StampField(auto_now_add=True)
    updated_at = StampField(auto_now=True)
    confirmed_at = fields.DatetimeField(null=True)
    nudged_at = fields.DatetimeField(null=True)

    class Meta:
        table = "intent"
        indexes = (
            ("institution_id", "enterprise_id"),  # models.rules.rights: the intents between two parties
            # enterprises with an intent confirmed in a period: read from the index alone
            ("status", "confirmed_at", "enterprise_id", "institution_id"),
            ("event_id", "status", "confirmed_at", "enterprise_id"),  # … at an event (targets of an event, a series)
            # models.reports.figures, read from the index alone: intents by status with amounts; new in a period;
            # proposals waiting past the service time, by institution
            ("status", "amount"),
            ("created_at", "status", "amount"),
            ("status", "created_at", "institution_id", "amount"),
            ("created_at", "enterprise_id"),  # the funnel's enterprises that proposed in a period
        )


class LedgerEntry(Model):
    """Every change of a counted figure: a figure is the sum of its rows."""

    id = fields.BigIntField(primary_key=True)
    intent = fields.ForeignKeyField("finmatch.Intent", related_name="ledger", db_index=True)
    metric = fields.CharEnumField(TargetMetric, max_length=24)
    delta = fields.BigIntField()
    actor = fields.ForeignKeyField("finmatch.Person", related_name="ledger_entries", null=True)
    at = StampField(auto_now_add=True)

    class Meta:
        table = "ledger_entry"
        # the figures scan by metric over a period; the second serves their sums by intent from the index alone
        indexes = (("metric", "at"), ("metric", "at", "intent_id", "delta"))


class Meeting(Model):
    id = fields.IntField(primary_key=True)
    event = fields.ForeignKeyField("finmatch.Event", related_name="meetings")
    enterprise = fields.ForeignKeyField("finmatch.Enterprise", related_name="meetings")
    institution = fields.ForeignKeyField("finmatch.Institution", related_name="meetings")
    requested_by = fields.ForeignKeyField("finmatch.Person", related_name="meetings_requested")
    status = fields.CharEnumField(MeetingStatus, max_length=12, default=MeetingStatus.requested)
    slot_start = fields.DatetimeField(null=True)
    slot_end = fields.DatetimeField(null=True)
    created_at = StampField(auto_now_add=True)
    pair_key = fields.CharField(max_length=40, unique=True)  # "{event}:{enterprise}:{institution}"

    class Meta:
        table = "meeting"


class Target(Model):
    id = fields.IntField(primary_key=True)
    metric = fields.CharEnumField(TargetMetric, max_length=24)
    scope = fields.CharEnumField(TargetScope, max_length=12)
    scope_id = fields.IntField(null=True)
    value = fields.BigIntField()
    starts_on = fields.DateField()
    deadline = fields.DateField()
    created_by = fields.ForeignKeyField("finmatch.Person", related_name="targets_created", null=True)
    created_at = StampField(auto_now_add=True)

    class Meta:
        table = "target"
