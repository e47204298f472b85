"""Phones and contact names: organizers, the enterprise itself, and institutions it deals with."""

from __future__ import annotations

from datetime import timedelta

from models.chains import Chain
from models.clock import utcnow
from models.enterprises import Enterprise
from models.enums import District, EventStatus, FinancingKind, RegistrationStatus, SeriesKind, StaffStatus, Tier
from models.events import Event, Registration
from models.institutions import Institution
from models.intents import Intent, Meeting
from models.people import Person
from models.rights import may_see_contacts


async def _enterprise(uscc: str) -> Enterprise:
    return await Enterprise.create(name=f"E{uscc[-3:]}", uscc=uscc, tier=Tier.specialized, chain=await Chain.first(),
                                   district=District.hongshan, contact_name="王小明", phone="+8613800138000")


async def _staff(tg_id: int, institution: Institution) -> Person:
    return await Person.create(tg_id=tg_id, institution=institution, staff_status=StaffStatus.verified)


async def _event() -> Event:
    start = utcnow() + timedelta(days=3)
    return await Event.create(kind=SeriesKind.breakfast, title="早餐汇", starts_at=start, ends_at=start,
                              deadline=start, status=EventStatus.open, checkin_code="c1")


async def test_only_organizers_the_enterprise_and_its_counterparties_see_contacts(database_url: str) -> None:
    enterprise, other = await _enterprise("91330100799655058B"), await _enterprise("914403001922038216")
    banks = [await Institution.create(name=f"bank{i}", kind="bank") for i in range(4)]
    intent_staff, meeting_staff, event_staff, stranger = [await _staff(100 + i, b) for i, b in enumerate(banks)]
    representative = await Person.create(tg_id=1, enterprise=enterprise)
    competitor = await Person.create(tg_id=2, enterprise=other)
    organizer = await Person.create(tg_id=3, is_organizer=True)
    nobody = await Person.create(tg_id=4)

    await Intent.create(enterprise=enterprise, institution=banks[0], kind=FinancingKind.loan, amount=10**7,
                        proposed_by=representative)
    event = await _event()
    await Meeting.create(event=event, enterprise=enterprise, institution=banks[1], requested_by=representative,
                         pair_key=f"{event.id}:{enterprise.id}:{banks[1].id}")
    for party, key in ((dict(enterprise=enterprise), "e"), (dict(institution=banks[2]), "i")):
        await Registration.create(event=event, person=representative, status=RegistrationStatus.registered,
                                  party_key=f"{event.id}:{key}", **party)
    await Registration.create(event=event, institution=banks[3], person=stranger, status=RegistrationStatus.cancelled,
                              party_key=f"{event.id}:i3")

    allowed = [organizer, representative, intent_staff, meeting_staff, event_staff]
    denied = [competitor, nobody, stranger]
    assert [await may_see_contacts(p, enterprise.id) for p in allowed] == [True] * 5
    assert [await may_see_contacts(p, enterprise.id) for p in denied] == [False] * 3
    assert not await may_see_contacts(intent_staff, other.id)
    intent_staff.suspended = True
    assert not await may_see_contacts(intent_staff, enterprise.id)
