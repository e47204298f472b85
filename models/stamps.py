"""A datetime field whose auto_now / auto_now_add stamps come from models.clock, not tortoise's own clock.

Tortoise stamps `auto_now_add` with the real time; figures, reports and service-time jobs compare those
stamps with `clock.utcnow()`, so they must come from the same clock (tests stand at a fixed moment).
"""

from __future__ import annotations

from typing import Any

from tortoise import fields

from models.clock import utcnow


class StampField(fields.DatetimeField):
    def to_db_value(self, value: Any, instance: Any) -> Any:
        stamping = hasattr(instance, "_saved_in_db") and (
            self.auto_now or (self.auto_now_add and getattr(instance, self.model_field_name) is None)
        )
        if not stamping:
            return super().to_db_value(value, instance)
        now = utcnow()
        setattr(instance, self.model_field_name, now)
        return now
