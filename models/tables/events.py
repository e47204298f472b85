"""早餐汇 / 一月一链 series, their events (场次) and who signed up (报名 / 候补 / 签到)."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from models.enums import EventStatus, RegistrationStatus, SeriesKind
from models.stamps import StampField


class Series(Model):
    """A recurring programme: `recurrence` is a cron line the organizer wrote in a friendly form."""

    id = fields.IntField(primary_key=True)
    kind = fields.CharEnumField(SeriesKind, max_length=12)
    title = fields.CharField(max_length=100)
    recurrence = fields.CharField(max_length=100)
    duration_minutes = fields.IntField(default=90)
    days_ahead = fields.IntField(default=14)
    chain_plan = fields.JSONField(default=list)  # chain ids in rotation order (一月一链)
    venue = fields.CharField(max_length=200, default="")
    latitude = fields.FloatField(null=True)
    longitude = fields.FloatField(null=True)
    seats_enterprise = fields.IntField(default=20)
    seats_institution = fields.IntField(default=6)
    deadline_hours = fields.IntField(default=24)  # registration closes this long before the start
    description = fields.TextField(default="")
    tiers = fields.JSONField(default=list)  # Tier values the announcement goes to, empty: every tier
    districts = fields.JSONField(default=list)  # District values, empty: every district
    active = fields.BooleanField(default=True)
    created_by = fields.ForeignKeyField("finmatch.Person", related_name="series_created", null=True)
    created_at = StampField(auto_now_add=True)

    class Meta:
        table = "series"


class Event(Model):
    id = fields.IntField(primary_key=True)
    series = fields.ForeignKeyField("finmatch.Series", related_name="events", null=True)
    kind = fields.CharEnumField(SeriesKind, max_length=12)
    title = fields.CharField(max_length=100)
    chain = fields.ForeignKeyField("finmatch.Chain", related_name="events", null=True)
    starts_at = fields.DatetimeField(db_index=True)
    ends_at = fields.DatetimeField()
    venue = fields.CharField(max_length=200, default="")
    latitude = fields.FloatField(null=True)
    longitude = fields.FloatField(null=True)
    seats_enterprise = fields.IntField(default=20)
    seats_institution = fields.IntField(default=6)
    deadline = fields.DatetimeField()
    description = fields.TextField(default="")
    target_visits = fields.IntField(null=True)
    tiers = fields.JSONField(default=list)  # Tier values the announcement goes to, empty: every tier
    districts = fields.JSONField(default=list)  # District values, empty: every district
    meeting_minutes = fields.IntField(default=15)  # one-to-one meeting slot length
    status = fields.CharEnumField(EventStatus, max_length=12, default=EventStatus.draft)
    checkin_code = fields.CharField(max_length=32, unique=True)
    # "series:{id}:{start iso}" for generated events: a series never creates the same event twice.
    # (A key column because tortoise's migrations cannot yet put an FK inside unique_together.)
    occurrence_key = fields.CharField(max_length=64, unique=True, null=True)
    created_by = fields.ForeignKeyField("finmatch.Person", related_name="events_created", null=True)
    created_at = StampField(auto_now_add=True)
    updated_at = StampField(auto_now=True)

    class Meta:
        table = "event"


class Registration(Model):
    """One per party per event: an enterprise or an institution, signed up by a person."""

    id = fields.IntField(primary_key=True)
    event = fields.ForeignKeyField("finmatch.Event", related_name="registrations", db_index=True)
    enterprise = fields.ForeignKeyField("finmatch.Enterprise", related_name="registrations", null=True)
    institution = fields.ForeignKeyField("finmatch.Institution", related_name="registrations", null=True)
    person = fields.ForeignKeyField("finmatch.Person", related_name="registrations")
    status = fields.CharEnumField(RegistrationStatus, max_length=12)
    signed_up_at = StampField(auto_now_add=True)
    checked_in_at = fields.DatetimeField(null=True)
    confirmed_at = fields.DatetimeField(null=True)  # pressed "I will come" on a reminder
    rating = fields.SmallIntField(null=True)
    walk_in = fields.BooleanField(default=False)  # registered by an organizer at the door (an unannounced visit)
    # One per party per event: "{event}:e{enterprise}" or "{event}:i{institution}".
    party_key = fields.CharField(max_length=32, unique=True)

    class Meta:
        table = "registration"
        indexes = (("status", "checked_in_at"),)  # enterprise-visits in a period
