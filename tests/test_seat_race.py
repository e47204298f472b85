"""Two parties taking the last seat at the same moment: exactly one gets it (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio

from models.clock import utcnow
from models.enums import District, RegistrationStatus, Tier
from models.operations.signup_ops import sign_up
from models.tables.chains import Chain
from models.tables.enterprises import Enterprise
from models.tables.people import Person
from tests.event_flows import facts, open_event

USCCS = ("91330100799655058B", "914403001922038216", "9144030071526726XG")


async def _representatives(count: int) -> list[Person]:
    chain = await Chain.first()
    people = []
    for number in range(count):
        enterprise = await Enterprise.create(name=f"企业{number}", uscc=f"{number:018d}", tier=Tier.specialized,
                                             chain=chain, district=District.hongshan, contact_name="王",
                                             phone="13800138000")
        people.append(await Person.create(tg_id=70000 + number, full_name=f"代表{number}", enterprise=enterprise))
    return people


async def test_the_last_seat_goes_to_exactly_one(database_url: str) -> None:
    organizer = await Person.create(tg_id=1, full_name="组织者", is_organizer=True)
    people = await _representatives(2)
    for _ in range(5):
        event = await open_event(organizer, facts(seats=1))
        results = await asyncio.gather(*(sign_up(person, event.id, utcnow()) for person in people))
        assert sorted(r.status.value for r in results) == ["registered", "waitlisted"]


async def test_a_rush_fills_exactly_the_seats(database_url: str) -> None:
    organizer = await Person.create(tg_id=1, full_name="组织者", is_organizer=True)
    people = await _representatives(12)
    event = await open_event(organizer, facts(seats=5))
    results = await asyncio.gather(*(sign_up(person, event.id, utcnow()) for person in people))
    seated = [r for r in results if r.status is RegistrationStatus.registered]
    assert len(seated) == 5 and len(results) == 12
