"""Phones and contact names (models.rules.rights.may_see_contacts and its batch form contacts_visible):
organizers, the enterprise itself, and active staff of an institution in a real relation with it:
an accepted meeting, a seat at the same (not cancelled) event, or an intent the enterprise proposed
(itself or through an organizer) or confirmed. Each other kind of row grants nothing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any
from uuid import uuid4

import pytest

from models.clock import utcnow
from models.enums import (
    District,
    EventStatus,
    FinancingKind,
    IntentStatus,
    MeetingStatus,
    ProposerSide,
    RegistrationStatus,
    SeriesKind,
    StaffStatus,
    Tier,
)
from models.rules.rights import RELATIONS, contacts_visible, may_see_contacts
from models.tables.chains import Chain
from models.tables.enterprises import Enterprise
from models.tables.events import Event, Registration
from models.tables.institutions import Institution
from models.tables.intents import Intent, Meeting
from models.tables.people import Person


async def _enterprise(uscc: str) -> Enterprise:
    return await Enterprise.create(name=f"E{uscc[-3:]}", uscc=uscc, tier=Tier.specialized, chain=await Chain.first(),
                                   district=District.hongshan, contact_name="王小明", phone="+8613800138000")


async def _event(status: EventStatus = EventStatus.open) -> Event:
    start = utcnow() + timedelta(days=3)
    return await Event.create(kind=SeriesKind.breakfast, title="早餐汇", starts_at=start, ends_at=start,
                              deadline=start, status=status, checkin_code=uuid4().hex)


async def _intent(enterprise: Enterprise, bank: Institution, proposer: Person, side: ProposerSide,
                  status: IntentStatus) -> None:
    await Intent.create(enterprise=enterprise, institution=bank, kind=FinancingKind.loan, amount=10**7,
                        proposed_by=proposer, proposer_side=side, status=status)


async def _both_at(enterprise: Enterprise, bank: Institution, person: Person, *, event_status: EventStatus,
                   enterprise_status: RegistrationStatus, bank_status: RegistrationStatus) -> None:
    event = await _event(event_status)
    await Registration.create(event=event, enterprise=enterprise, person=person, status=enterprise_status,
                              party_key=f"{event.id}:e{enterprise.id}")
    await Registration.create(event=event, institution=bank, person=person, status=bank_status,
                              party_key=f"{event.id}:i{bank.id}")


async def _meeting(enterprise: Enterprise, bank: Institution, person: Person, status: MeetingStatus) -> None:
    event = await _event()
    await Meeting.create(event=event, enterprise=enterprise, institution=bank, requested_by=person, status=status,
                         pair_key=f"{event.id}:{enterprise.id}:{bank.id}")


S, R, E, M = IntentStatus, RegistrationStatus, EventStatus, MeetingStatus
Relation = Callable[[Enterprise, Institution, Person, Person], Awaitable[None]]
CASES: list[tuple[str, Relation, bool]] = [
    ("nothing at all", lambda e, b, rep, staff: _noop(), False),
    ("accepted meeting", lambda e, b, rep, staff: _meeting(e, b, rep, M.accepted), True),
    ("meeting only requested", lambda e, b, rep, staff: _meeting(e, b, staff, M.requested), False),
    ("declined meeting", lambda e, b, rep, staff: _meeting(e, b, staff, M.declined), False),
    ("cancelled meeting", lambda e, b, rep, staff: _meeting(e, b, rep, M.cancelled), False),
    ("both seated at one event", lambda e, b, rep, staff: _both_at(
        e, b, rep, event_status=E.open, enterprise_status=R.registered, bank_status=R.registered), True),
    ("both checked in at a held event", lambda e, b, rep, staff: _both_at(
        e, b, rep, event_status=E.held, enterprise_status=R.checked_in, bank_status=R.checked_in), True),
    ("enterprise only on the waitlist", lambda e, b, rep, staff: _both_at(
        e, b, rep, event_status=E.open, enterprise_status=R.waitlisted, bank_status=R.registered), False),
    ("enterprise cancelled its seat", lambda e, b, rep, staff: _both_at(
        e, b, rep, event_status=E.open, enterprise_status=R.cancelled, bank_status=R.registered), False),
    ("enterprise did not show up", lambda e, b, rep, staff: _both_at(
        e, b, rep, event_status=E.held, enterprise_status=R.no_show, bank_status=R.checked_in), False),
    ("the event was cancelled", lambda e, b, rep, staff: _both_at(
        e, b, rep, event_status=E.cancelled, enterprise_status=R.registered, bank_status=R.registered), False),
    ("enterprise proposed, waiting", lambda e, b, rep, staff: _intent(e, b, rep, ProposerSide.enterprise, S.proposed),
     True),
    ("enterprise proposed, disbursed",
     lambda e, b, rep, staff: _intent(e, b, rep, ProposerSide.enterprise, S.disbursed), True),
    ("organizer proposed for it", lambda e, b, rep, staff: _intent(e, b, rep, ProposerSide.organizer, S.proposed),
     True),
    ("enterprise proposed, rejected", lambda e, b, rep, staff: _intent(e, b, rep, ProposerSide.enterprise, S.rejected),
     False),
    ("enterprise proposed, withdrawn",
     lambda e, b, rep, staff: _intent(e, b, rep, ProposerSide.enterprise, S.withdrawn), False),
    ("enterprise proposed, expired", lambda e, b, rep, staff: _intent(e, b, rep, ProposerSide.enterprise, S.expired),
     False),
    ("staff offered, not confirmed",
     lambda e, b, rep, staff: _intent(e, b, staff, ProposerSide.institution, S.proposed), False),
    ("staff offered, enterprise confirmed",
     lambda e, b, rep, staff: _intent(e, b, staff, ProposerSide.institution, S.confirmed), True),
    ("staff offered, enterprise declined",
     lambda e, b, rep, staff: _intent(e, b, staff, ProposerSide.institution, S.rejected), False),
]


async def _noop() -> None:
    return None


@pytest.mark.parametrize(("relation", "make", "grants"), CASES, ids=[c[0] for c in CASES])
async def test_only_a_real_relation_shows_the_contacts(database_url: str, relation: str, make: Relation,
                                                       grants: bool) -> None:
    enterprise, other = await _enterprise("91330100799655058B"), await _enterprise("914403001922038216")
    bank, elsewhere = await Institution.create(name="bank", kind="bank"), await Institution.create(name="b2",
                                                                                                  kind="bank")
    representative = await Person.create(tg_id=1, enterprise=enterprise)
    staff = await Person.create(tg_id=2, institution=bank, staff_status=StaffStatus.verified)
    invited = await Person.create(tg_id=3, institution=bank, staff_status=StaffStatus.invited)
    stranger = await Person.create(tg_id=4, institution=elsewhere, staff_status=StaffStatus.verified)
    await make(enterprise, bank, representative, staff)

    assert await may_see_contacts(staff, enterprise.id) is grants, relation
    assert await may_see_contacts(invited, enterprise.id) is grants, "active staff are staff, verified or not"
    assert await contacts_visible(staff, [enterprise.id, other.id]) == ({enterprise.id} if grants else set())
    assert not await may_see_contacts(stranger, enterprise.id)
    staff.suspended = True
    assert not await may_see_contacts(staff, enterprise.id)


async def test_organizers_and_the_enterprise_itself_always_others_never(database_url: str) -> None:
    enterprise, other = await _enterprise("91330100799655058B"), await _enterprise("914403001922038216")
    people: dict[str, Any] = {
        "organizer": await Person.create(tg_id=1, is_organizer=True),
        "representative": await Person.create(tg_id=2, enterprise=enterprise),
        "competitor": await Person.create(tg_id=3, enterprise=other),
        "nobody": await Person.create(tg_id=4),
        "suspended representative": await Person.create(tg_id=5, enterprise=enterprise, suspended=True),
    }
    seen = {name: await may_see_contacts(person, enterprise.id) for name, person in people.items()}
    assert seen == {"organizer": True, "representative": True, "competitor": False, "nobody": False,
                    "suspended representative": False}
    assert await contacts_visible(people["organizer"], [enterprise.id, other.id]) == {enterprise.id, other.id}
    assert await contacts_visible(people["representative"], [enterprise.id, other.id]) == {enterprise.id}


GRANTING_CASE = {"meeting accepted": "accepted meeting", "same event attended": "both seated at one event",
                 "intent the enterprise proposed or confirmed": "staff offered, enterprise confirmed"}


def test_every_relation_of_the_matrix_has_a_granting_case_here() -> None:
    assert set(RELATIONS) == set(GRANTING_CASE), "a relation added to models.rules.rights needs its cases above"
    assert set(GRANTING_CASE.values()) <= {name for name, _, grants in CASES if grants}
