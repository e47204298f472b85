"""Invitation codes resist guessing: five wrong codes in ten minutes lock a person out for a while,
across a restart, with a message saying when to try again; logged and audited without the codes."""

from __future__ import annotations

from datetime import timedelta

import pytest

from models.clock import travel_to
from models.enums import StaffStatus
from models.tables.audit import AuditEntry
from models.tables.invite_guard import WrongInviteCode
from models.tables.people import Person
from tests.harness import Harness
from tests.staff_flows import invitation_payload, organizer, quick_create_bank

WRONG = "WrongGuess"


async def test_wrong_codes_lock_the_guesser_out_until_the_time_they_are_told(
    harness: Harness, caplog: pytest.LogCaptureFixture, fixed_clock
) -> None:
    org = await organizer(harness)
    card = await quick_create_bank(org)
    payload = await invitation_payload(org, card)
    other_payload = await invitation_payload(org, card)
    guesser = await harness.user("猜码人")
    for n in range(1, 5):
        await guesser.send(f"/start inv_{WRONG}{n}")
        await guesser.expect("邀请链接无效")
    await guesser.send(f"/start inv_{WRONG}5")
    locked = await guesser.expect("错误次数过多")
    assert "2026-06-11 10:30" in locked.text  # 30 minutes after the fifth, in Asia/Shanghai

    await guesser.send(f"/start {payload}")  # even the right code waits
    await guesser.expect("错误次数过多")
    await harness.restart()  # kept in the database
    await guesser.send(f"/start {payload}")
    await guesser.expect("2026-06-11 10:30")
    assert (await Person.get(tg_id=guesser.id)).institution_id is None

    colleague = await harness.user("新同事")  # per person: somebody else is not locked out
    await colleague.send(f"/start {other_payload}")
    await colleague.expect("工作人员")

    travel_to(fixed_clock + timedelta(minutes=31))
    await guesser.send(f"/start {payload}")
    await guesser.expect("工作人员")
    assert (await Person.get(tg_id=guesser.id)).staff_status is StaffStatus.invited

    person = await Person.get(tg_id=guesser.id)
    assert await WrongInviteCode.filter(person_id=person.id).count() == 5
    audit = await AuditEntry.get(action="invitation.locked", entity_id=person.id)
    assert audit.after["wrong_codes"] == 5 and WRONG not in str(audit.after)
    assert "wrong invitation code Wron… from person" in caplog.text
    assert WRONG not in caplog.text  # never a code in full


async def test_wrong_codes_spread_over_more_than_ten_minutes_lock_nobody_out(harness: Harness, fixed_clock) -> None:
    guesser = await harness.user("手误的人")
    for n in range(1, 8):
        travel_to(fixed_clock + timedelta(minutes=3 * n))
        await guesser.send(f"/start inv_{WRONG}{n}")
        await guesser.expect("邀请链接无效")
