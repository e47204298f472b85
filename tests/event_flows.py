"""Helpers of the event tests (issue 4): people of each role and events made through the domain."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import timedelta
from typing import Any

from models.clock import utcnow
from models.enums import District, EventStatus, InstitutionKind, OutboxStatus, SeriesKind, StaffStatus, Tier
from models.operations.event_ops import EventFacts, create_event, set_status
from models.tables.chains import Chain
from models.tables.enterprises import Enterprise
from models.tables.events import Event
from models.tables.institutions import Institution
from models.tables.outbox import OutboxMessage
from models.tables.people import Person
from sandbox.driver import UserChat
from tests.harness import ORGANIZER_ID, Harness

USCCS = ("91330100799655058B", "914403001922038216", "9144030071526726XG")
WUHAN_OPTICS_VALLEY = (30.5097, 114.4093)


async def chain_named(name: str) -> Chain:
    return await Chain.get(name=name)


async def organizer_chat(harness: Harness) -> tuple[UserChat, Person]:
    user = await harness.user("组织者", user_id=ORGANIZER_ID)
    await user.send("/start")
    return user, await Person.get(tg_id=ORGANIZER_ID)


async def enterprise_chat(harness: Harness, name: str, uscc: str, *, chain: str = "光电子信息",
                          tier: Tier = Tier.specialized, district: District = District.hongshan) -> UserChat:
    """A representative whose enterprise is made directly (registration has its own tests)."""
    user = await harness.user(f"{name}代表")
    await user.send("/start")
    enterprise = await Enterprise.create(name=name, uscc=uscc, tier=tier, chain=await chain_named(chain),
                                         district=district, contact_name="王小明", phone="+8613800138000")
    await Person.filter(tg_id=user.id).update(enterprise_id=enterprise.id)
    return user


async def staff_chat(harness: Harness, name: str, bank: str) -> UserChat:
    user = await harness.user(name)
    await user.send("/start")
    institution, _ = await Institution.get_or_create(name=bank, defaults={"kind": InstitutionKind.bank})
    await Person.filter(tg_id=user.id).update(institution_id=institution.id, staff_status=StaffStatus.verified)
    return user


def facts(*, starts_in: timedelta = timedelta(days=3), seats: int = 2, chain_id: int | None = None,
          **overrides: Any) -> EventFacts:
    start = (utcnow() + starts_in).replace(second=0, microsecond=0)
    base = EventFacts(
        title="早餐汇·光谷专场", kind=SeriesKind.breakfast, chain_id=chain_id, starts_at=start,
        ends_at=start + timedelta(minutes=90), venue="光谷金融港 B1 栋", latitude=WUHAN_OPTICS_VALLEY[0],
        longitude=WUHAN_OPTICS_VALLEY[1], seats_enterprise=seats, seats_institution=1,
        deadline=start - timedelta(hours=12), description="银企面对面",
    )
    return replace(base, **overrides)


async def open_event(organizer: Person, event_facts: EventFacts) -> Event:
    event = await create_event(organizer, event_facts)
    return (await set_status(organizer, event.id, EventStatus.open)).event


async def person(user: UserChat) -> Person:
    return await Person.get(tg_id=user.id)


async def outbox_settled(seconds: float = 10.0) -> None:
    """Wait until the sender has dealt with every queued row (none pending or being sent)."""
    for _ in range(int(seconds / 0.05)):
        if not await OutboxMessage.exists(status__in=[OutboxStatus.pending, OutboxStatus.sending]):
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the outbox did not settle")
