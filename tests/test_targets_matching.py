"""Targets, matching and meetings in the models layer, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest

from models.clock import today, utcnow
from models.enums import FinancingKind, MeetingStatus, TargetMetric, TargetScope
from models.errors import NotAllowed, Refused
from models.operations.intent_ops import Proposal, Terms, act, propose
from models.operations.meetings import answer_meeting, request_meeting
from models.reports.targets import TargetFacts, current_value, progress_of, set_target
from models.rules.matching import enterprises_for_staff, products_for_enterprise, score
from models.tables.chains import Chain
from models.tables.intents import Meeting
from models.tables.people import Person
from notices.render_intents import progress_block
from tests.flows import orm_enterprise, orm_event, orm_institution, orm_product, orm_signup, orm_staff

TZ = ZoneInfo("Asia/Shanghai")
MAX = 100_000_000_000


async def _organizer() -> Person:
    return await Person.create(tg_id=777, full_name="组织者", is_organizer=True)


async def _target(metric: TargetMetric, scope: TargetScope, scope_id: int | None = None) -> int:
    day = today(TZ)
    facts = TargetFacts(metric, scope, scope_id, 2_000_000_000, day - timedelta(days=30), day + timedelta(days=60))
    target = await set_target(await Person.get(tg_id=777), facts)
    return await current_value(target, TZ)


async def test_an_intent_counts_once_in_every_target_it_belongs_to(database_url: str) -> None:
    await _organizer()
    chains = await Chain.all().order_by("id").limit(2)
    bank, other = await orm_institution("甲银行"), await orm_institution("乙银行")
    branch = await orm_institution("甲银行洪山支行")
    branch.parent_id = bank.id
    await branch.save()
    staff = await orm_staff(branch, 601)
    first = await orm_enterprise("甲企业", "USCC00000000000001", tg_id=602, chain_id=chains[0].id)
    second = await orm_enterprise("乙企业", "USCC00000000000002", tg_id=603, chain_id=chains[1].id)
    event = await orm_event()
    # the branch deals with both (the same event), so its staff record intents directly (issue 10)
    await orm_signup(event, staff, institution=branch)
    await orm_signup(event, await Person.get(tg_id=603), enterprise=second, status="registered")
    registration = await orm_signup(event, await Person.get(tg_id=602), enterprise=first, status="checked_in")
    for enterprise, amount in ((first, 50_000_000), (first, 30_000_000), (second, 20_000_000)):
        proposal = Proposal(enterprise.id, branch.id, FinancingKind.loan, amount, 36, event_id=event.id)
        intent = (await propose(staff, proposal, max_amount=MAX)).intent
    await act(staff, intent.id, "approve", Terms(amount=15_000_000), max_amount=MAX)
    await act(staff, intent.id, "disburse", Terms(amount=5_000_000), max_amount=MAX)
    rep = await Person.get(tg_id=602)
    await act(rep, (await propose(rep, Proposal(first.id, other.id, FinancingKind.loan, 9_000_000), max_amount=MAX))
              .intent.id, "withdraw", max_amount=MAX)
    assert registration.checked_in_at is not None

    amount = TargetMetric.confirmed_amount
    assert await _target(amount, TargetScope.programme) == 100_000_000
    assert await _target(amount, TargetScope.institution, bank.id) == 100_000_000  # its branch counts
    assert await _target(amount, TargetScope.institution, other.id) == 0
    assert await _target(amount, TargetScope.chain, chains[0].id) == 80_000_000
    assert await _target(amount, TargetScope.event, event.id) == 100_000_000
    assert await _target(TargetMetric.enterprises_with_intent, TargetScope.programme) == 2
    assert await _target(TargetMetric.approved_amount, TargetScope.programme) == 15_000_000
    assert await _target(TargetMetric.disbursed_amount, TargetScope.chain, chains[1].id) == 5_000_000
    assert await _target(TargetMetric.enterprise_visits, TargetScope.event, event.id) == 1
    with pytest.raises(Refused):
        await _target(TargetMetric.enterprise_visits, TargetScope.institution, bank.id)
    with pytest.raises(NotAllowed):
        await set_target(rep, TargetFacts(amount, TargetScope.programme, None, 1, today(TZ), today(TZ)))


def test_pace_is_what_is_left_per_remaining_week() -> None:
    target = type("T", (), {"value": 2_000_000_000, "deadline": date(2026, 12, 31)})()
    progress = progress_of(target, 500_000_000, date(2026, 12, 3))  # 29 days: 29/7 weeks to go, not 5 (nor 4)
    assert (progress.percent, progress.weekly_pace) == (25, 362_068_966)
    assert progress_of(target, 1_999_999_993, date(2026, 12, 25)).weekly_pace == 7  # 7 days: one week
    assert progress_of(target, 1_999_999_993, date(2026, 12, 29)).weekly_pace == 7  # less than a week: all of it
    assert progress_of(target, 2_500_000_000, date(2026, 12, 3)).weekly_pace == 0
    assert progress_of(target, 1, date(2027, 1, 1)).weekly_pace is None


def test_an_amount_pace_is_shown_in_whole_wan_rounded_up() -> None:
    target = type("T", (), {"value": 1_000_000_000, "deadline": date(2026, 12, 31),
                            "metric": TargetMetric.confirmed_amount, "scope": "programme"})()
    progress = progress_of(target, 0, date(2026, 6, 11))  # 204 days with the deadline: 34,313,726 yuan a week
    text = progress_block(progress, "zh")
    assert "需每周完成 3,432万元" in text, text  # not 3,431.3726万元


async def test_matching_scores_fit_and_explains_why(database_url: str) -> None:
    bank = await orm_institution("甲银行")
    chain = await Chain.all().order_by("id").first()
    good = await orm_product(bank, target_tiers=["specialized"], target_chain_ids=[chain.id], guarantees=["credit"])
    equity = await orm_product(bank, name="投贷联动", kind=FinancingKind.equity)
    small = await orm_product(bank, name="小额贷", max_amount=5_000_000)
    enterprise = await orm_enterprise("甲企业", "USCC00000000000001", tg_id=602, chain_id=chain.id)
    need = await enterprise.needs.all().first()
    points, reasons = score(need, good, enterprise)
    assert points == 100 and reasons == ("match-kind", "match-amount", "match-term", "match-tier", "match-chain",
                                         "match-guarantee")
    assert score(need, equity, enterprise) == (0, ())
    assert score(need, small, enterprise)[0] < points
    staff = await orm_staff(bank, 601)
    fits = await enterprises_for_staff(staff)
    assert fits[0].product.id == good.id and {f.enterprise.id for f in fits} == {enterprise.id}
    rep = await Person.get(tg_id=602)
    assert [f.product.id for f in await products_for_enterprise(rep)] == [good.id, small.id]
    with pytest.raises(NotAllowed):
        await products_for_enterprise(staff)


async def test_meetings_never_double_book_either_side(database_url: str) -> None:
    bank, other = await orm_institution("甲银行"), await orm_institution("乙银行")
    staff, other_staff = await orm_staff(bank, 601), await orm_staff(other, 604)
    first = await orm_enterprise("甲企业", "USCC00000000000001", tg_id=602)
    second = await orm_enterprise("乙企业", "USCC00000000000002", tg_id=603)
    event = await orm_event(meeting_minutes=30)
    reps = [await Person.get(tg_id=602), await Person.get(tg_id=603)]
    for person, party in ((staff, bank), (other_staff, other)):
        await orm_signup(event, person, institution=party)
    for person, party in zip(reps, (first, second), strict=True):
        await orm_signup(event, person, enterprise=party)
    asks = [await request_meeting(rep, event.id, e.id, i.id) for rep, e in zip(reps, (first, second), strict=True)
            for i in (bank, other)]
    with pytest.raises(Refused):
        await request_meeting(staff, event.id, first.id, bank.id)
    with pytest.raises(NotAllowed):
        await answer_meeting(reps[0], asks[0].meeting.id, True)  # the asking side cannot accept
    await asyncio.gather(*(answer_meeting(staff if ask.meeting.institution_id == bank.id else other_staff,
                                          ask.meeting.id, True) for ask in asks))
    accepted = await Meeting.filter(status=MeetingStatus.accepted)
    assert len(accepted) == 4
    for field in ("enterprise_id", "institution_id"):
        pairs = [(getattr(m, field), m.slot_start) for m in accepted]
        assert len(pairs) == len(set(pairs)), field
    assert all(event.starts_at <= m.slot_start < m.slot_end <= event.ends_at for m in accepted)
    late = await orm_event("已开始", days_ahead=-1)
    with pytest.raises(Refused):
        await request_meeting(reps[0], late.id, first.id, bank.id, now=utcnow())
