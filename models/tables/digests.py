"""Digest subscriptions (简报订阅): the table, one row per organizer, chat and rule."""

from __future__ import annotations

from datetime import time

from tortoise import fields
from tortoise.models import Model

from models.rules.digest_rules import DigestRule, Frequency


class DigestSubscription(Model):
    id = fields.IntField(primary_key=True)
    person = fields.ForeignKeyField("finmatch.Person", related_name="digest_subscriptions")
    chat_id = fields.BigIntField(db_index=True)  # the person's own chat, or a group's (negative)
    chat_title = fields.CharField(max_length=100, default="")
    frequency = fields.CharEnumField(Frequency, max_length=8)
    weekday = fields.SmallIntField(null=True)
    day = fields.SmallIntField(null=True)
    at_minute = fields.SmallIntField()  # minutes after local midnight
    language = fields.CharField(max_length=2, default="zh")
    paused = fields.BooleanField(default=False)
    rule_set_at = fields.DatetimeField()  # no occurrence before this is due
    covered_until = fields.DatetimeField(null=True)  # the end of the last period sent
    created_at = fields.DatetimeField()

    class Meta:
        table = "digest_subscription"

    @property
    def rule(self) -> DigestRule:
        return DigestRule(Frequency(self.frequency), time(self.at_minute // 60, self.at_minute % 60),
                          weekday=self.weekday, day=self.day)
