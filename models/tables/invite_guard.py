"""Invitation codes resist guessing: wrong codes are counted per person, in the database (a restart
resets nothing), and too many in a short time lock that person out of invitations for a while.

A code is 22 random url-safe characters (128 bits), so guessing cannot succeed anyway; the lock keeps
someone from trying and makes the attempt visible (a log line and an audit row, never the code in full).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from tortoise import fields
from tortoise.models import Model

from models.clock import utcnow
from models.errors import Refused
from models.tables.audit import record
from models.tables.people import Person
from models.unit_of_work import unit_of_work

log = logging.getLogger("finmatch.invitations")

WRONG_CODES_ALLOWED = 5  # wrong codes within WRONG_CODE_WINDOW ...
WRONG_CODE_WINDOW = timedelta(minutes=10)
LOCKOUT = timedelta(minutes=30)  # ... lock the person out of invitations this long after the last of them
HINT_CHARACTERS = 4  # how much of a wrong code the log and the audit keep


class WrongInviteCode(Model):
    id = fields.BigIntField(primary_key=True)
    person = fields.ForeignKeyField("finmatch.Person", related_name="wrong_invite_codes", on_delete=fields.CASCADE)
    at = fields.DatetimeField(db_index=True)
    hint = fields.CharField(max_length=8, default="")  # the code's first characters, for the log reader

    class Meta:
        table = "wrong_invite_code"


def hint(code: str) -> str:
    return code[:HINT_CHARACTERS] + "…"


async def locked_until(person: Person, now: datetime) -> datetime | None:
    """The end of this person's lockout, or None when they may try a code now."""
    recent = await WrongInviteCode.filter(person_id=person.id).order_by("-at", "-id").limit(WRONG_CODES_ALLOWED)
    if len(recent) < WRONG_CODES_ALLOWED or recent[0].at - recent[-1].at > WRONG_CODE_WINDOW:
        return None
    until = recent[0].at + LOCKOUT
    return until if until > now else None


async def refuse_if_locked(person: Person) -> None:
    """Raise `invite-too-many` (with the moment to try again) while the person is locked out."""
    until = await locked_until(person, utcnow())
    if until is not None:
        log.warning("invitation code from locked-out person %s refused (until %s)", person.id, until.isoformat())
        raise Refused("invite-too-many", until=until)


async def count_wrong_code(person: Person, code: str) -> None:
    """Keep a wrong code's attempt, then raise: `invite-unknown`, or `invite-too-many` when this one starts a
    lockout (audited). The code itself is not kept, only its first characters."""
    now = utcnow()
    async with unit_of_work():
        await WrongInviteCode.create(person=person, at=now, hint=hint(code)[:8])
        since = await WrongInviteCode.filter(person_id=person.id, at__gt=now - WRONG_CODE_WINDOW).count()
        log.warning("wrong invitation code %s from person %s (%d in %d min)", hint(code), person.id, since,
                    WRONG_CODE_WINDOW.seconds // 60)
        until = await locked_until(person, now)
        if until is not None:
            await record(person, "invitation.locked", "person", person.id,
                         after={"wrong_codes": since, "until": until.isoformat(), "last_hint": hint(code)})
    raise Refused("invite-unknown") if until is None else Refused("invite-too-many", until=until)
