"""A programme's history written straight into the database with explicit times (issue 9's tests):
institutions (a bank with a branch, a fund), enterprises in two chains, events with sign-ups,
check-ins and no-shows, intents at every status with their ledger rows, products."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from uuid import uuid4

from models.enums import (
    District,
    EventStatus,
    FinancingKind,
    Guarantee,
    InstitutionKind,
    IntentStatus,
    RegistrationStatus,
    SeriesKind,
    TargetMetric,
    Tier,
)
from models.tables.chains import Chain
from models.tables.enterprises import Enterprise, FinancingNeed
from models.tables.events import Event, Registration
from models.tables.institutions import Institution, Product
from models.tables.intents import Intent, LedgerEntry
from models.tables.people import Person
from models.tables.running_totals import add_ledger_rows

USCC_BASE = "91330100799655"  # + 4 characters: unique codes (the check character is not checked here)


@dataclass
class World:
    banks: list[Institution] = field(default_factory=list)  # bank, its branch, a fund
    enterprises: list[Enterprise] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    person: Person | None = None


async def base_world(at: datetime, firms: int = 4) -> World:
    world = World()
    world.person, _ = await Person.get_or_create(tg_id=700001, defaults={"full_name": "录入员"})
    bank = await Institution.create(name="交通银行", kind=InstitutionKind.bank, created_at=at)
    branch = await Institution.create(name="交通银行洪山支行", kind=InstitutionKind.bank, parent=bank, created_at=at)
    fund = await Institution.create(name="光谷创投", kind=InstitutionKind.venture, created_at=at)
    world.banks = [bank, branch, fund]
    chains = await Chain.all().order_by("id").limit(2)
    for index in range(firms):
        world.enterprises.append(await enterprise(f"企业{index}", chains[index % 2].id, at))
    return world


async def enterprise(name: str, chain_id: int, at: datetime) -> Enterprise:
    code = USCC_BASE + uuid4().hex[:4].upper()
    return await Enterprise.create(name=name, uscc=code, tier=Tier.specialized, chain_id=chain_id,
                                   district=District.hongshan, contact_name="张三", phone="13800138000",
                                   created_at=at)


async def need(firm: Enterprise, amount: int, kind: FinancingKind, at: datetime) -> FinancingNeed:
    return await FinancingNeed.create(enterprise=firm, amount=amount, kind=kind, term_months=12, purpose="扩产",
                                      guarantee=Guarantee.credit, created_at=at)


async def event(world: World, starts_at: datetime, status: EventStatus = EventStatus.held) -> Event:
    row = await Event.create(kind=SeriesKind.breakfast, title=f"早餐汇{len(world.events) + 1}", starts_at=starts_at,
                             ends_at=starts_at + timedelta(hours=2), deadline=starts_at - timedelta(hours=24),
                             status=status, checkin_code=uuid4().hex[:16], seats_enterprise=10)
    world.events.append(row)
    return row


async def signup(world: World, ev: Event, firm: Enterprise, status: RegistrationStatus, at: datetime,
                 checked_in_at: datetime | None = None) -> Registration:
    assert world.person is not None
    return await Registration.create(event=ev, enterprise=firm, person=world.person, status=status,
                                     party_key=f"{ev.id}:e{firm.id}", signed_up_at=at, checked_in_at=checked_in_at)


async def intent(world: World, firm: Enterprise, institution: Institution, amount: int, status: IntentStatus,
                 created_at: datetime, confirmed_at: datetime | None = None, approved: int | None = None,
                 disbursed: int = 0, kind: FinancingKind = FinancingKind.loan) -> Intent:
    """An intent and the ledger rows its history wrote (confirmed, approved, disbursed at confirmed_at)."""
    assert world.person is not None
    row = await Intent.create(enterprise=firm, institution=institution, kind=kind, amount=amount, status=status,
                              proposed_by=world.person, created_at=created_at, confirmed_at=confirmed_at,
                              approved_amount=approved, disbursed_amount=disbursed)
    at = confirmed_at or created_at
    ledger = []
    if confirmed_at is not None:
        ledger.append((TargetMetric.confirmed_amount, amount))
        if status in (IntentStatus.rejected, IntentStatus.withdrawn):
            ledger.append((TargetMetric.confirmed_amount, -amount))
    if approved:
        ledger.append((TargetMetric.approved_amount, approved))
    if disbursed:
        ledger.append((TargetMetric.disbursed_amount, disbursed))
    await LedgerEntry.bulk_create([LedgerEntry(intent=row, metric=m, delta=d, at=at) for m, d in ledger])
    await add_ledger_rows(row, ledger, at)  # the running totals /progress reads (as intent_ops keeps them)
    return row


async def product(institution: Institution, name: str, at: datetime) -> Product:
    return await Product.create(institution=institution, name=name, kind=FinancingKind.loan, min_amount=1_000_000,
                                max_amount=100_000_000, created_at=at)
