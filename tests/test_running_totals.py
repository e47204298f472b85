"""The figures' running totals (models/tables/running_totals.py) always equal what the ledger says."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from models.clock import today
from models.enums import FinancingKind, TargetMetric, TargetScope
from models.operations.enterprise_ops import update_enterprise
from models.operations.intent_ops import Proposal, Terms, act, propose
from models.reports.targets import TargetFacts, current_value, set_target
from models.tables.chains import Chain
from models.tables.enterprises import Enterprise
from models.tables.events import Event
from models.tables.institutions import Institution
from models.tables.people import Person
from models.tables.running_totals import FigureDay, rebuild
from tests.flows import orm_enterprise, orm_event, orm_institution, orm_signup, orm_staff

TZ = ZoneInfo("Asia/Shanghai")
MAX = 100_000_000_000


async def _rows() -> list[tuple]:
    return sorted(await FigureDay.filter(total__not=0).values_list("day", "metric", "scope", "scope_id", "total"))


async def _chain_figure(organizer: Person, chain_id: int) -> int:
    day = today(TZ)
    facts = TargetFacts(TargetMetric.confirmed_amount, TargetScope.chain, chain_id, 1_000_000_000,
                        day - timedelta(days=7), day + timedelta(days=7))
    return await current_value(await set_target(organizer, facts), TZ)


async def _deal(event: Event, staff: Person, bank: Institution, enterprise: Enterprise, tg_id: int) -> None:
    """Both at the same event: the staff deal with the enterprise, so they record intents as confirmed (issue 10)."""
    await orm_signup(event, staff, institution=bank)
    await orm_signup(event, await Person.get(tg_id=tg_id), enterprise=enterprise, status="registered")


async def test_totals_kept_with_each_transition_equal_those_derived_from_the_ledger(database_url: str) -> None:
    bank = await orm_institution("甲银行")
    staff = await orm_staff(bank, 701)
    enterprise = await orm_enterprise("甲企业", "USCC00000000000011", tg_id=702)
    event = await orm_event()
    await _deal(event, staff, bank, enterprise, 702)
    kept = []
    for amount in (50_000_000, 30_000_000):
        kept.append((await propose(staff, Proposal(enterprise.id, bank.id, FinancingKind.loan, amount, 12,
                                                   event_id=event.id), max_amount=MAX)).intent)
    await act(staff, kept[0].id, "approve", Terms(amount=40_000_000), max_amount=MAX)
    await act(staff, kept[0].id, "disburse", Terms(amount=10_000_000), max_amount=MAX)
    await act(staff, kept[1].id, "reject", Terms(reason="材料不全，无法授信"), max_amount=MAX)
    incremental = await _rows()
    assert incremental  # the transitions wrote running totals
    assert await rebuild() > 0
    assert await _rows() == incremental


async def test_an_enterprise_moving_to_another_chain_takes_its_figures_along(database_url: str) -> None:
    organizer = await Person.create(tg_id=777, full_name="组织者", is_organizer=True)
    first, second = await Chain.all().order_by("id").limit(2)
    bank = await orm_institution("乙银行")
    staff = await orm_staff(bank, 711)
    enterprise = await orm_enterprise("乙企业", "USCC00000000000012", tg_id=712, chain_id=first.id)
    await _deal(await orm_event(), staff, bank, enterprise, 712)
    await propose(staff, Proposal(enterprise.id, bank.id, FinancingKind.loan, 60_000_000, 12), max_amount=MAX)
    assert (await _chain_figure(organizer, first.id), await _chain_figure(organizer, second.id)) == (60_000_000, 0)
    await update_enterprise(await Person.get(tg_id=712), "chain_id", second.id)
    assert (await _chain_figure(organizer, first.id), await _chain_figure(organizer, second.id)) == (0, 60_000_000)
    moved = await _rows()
    await rebuild()
    assert await _rows() == moved
