"""The intent state machine on a real database (SQLite and PostgreSQL): properties and races."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tortoise.functions import Sum

from models.enums import FinancingKind, IntentStatus, Role, TargetMetric
from models.errors import NotAllowed, Refused
from models.operations.intent_ops import Proposal, Terms, act, propose
from models.rules.intent_rules import TRANSITIONS, figures
from models.tables.audit import AuditEntry
from models.tables.intents import Intent, LedgerEntry
from models.tables.people import Person
from tests.flows import orm_enterprise, orm_institution, orm_staff

MAX = 100_000_000_000
ACTIONS = [*TRANSITIONS, "bogus"]
ACTORS = ["rep", "other_rep", "staff", "staff", "staff", "staff", "staff", "other_staff", "organizer", "system"]
# Who may, written independently of models.rules.intent_rules so a wrong table there is caught here.
# A proposal waits for the institution's staff; the staff's own offer waits for the enterprise (issue 10).
RIGHTS = {"confirm": {"staff"}, "reject": {"staff"}, "approve": {"staff"}, "disburse": {"staff"},
          "withdraw": {"rep"}, "expire": {"system"}}
OFFER_RIGHTS = {**RIGHTS, "confirm": {"rep"}, "withdraw": {"staff"}}


def _may(action: str, who: str, proposer: str, status: IntentStatus) -> bool:
    if proposer != "staff":
        return who in RIGHTS.get(action, set()) or (action == "withdraw" and who == proposer)
    if action == "reject":  # the enterprise declines the offer; once confirmed only the institution turns it down
        return who == ("rep" if status is IntentStatus.proposed else "staff")
    return who in OFFER_RIGHTS.get(action, set())


async def _cast() -> dict[str, Any]:
    bank = await orm_institution("甲银行")
    other_bank = await orm_institution("乙银行")
    enterprise = await orm_enterprise("甲企业", "USCC00000000000001", tg_id=501)
    await orm_enterprise("乙企业", "USCC00000000000002", tg_id=502)
    organizer = await Person.create(tg_id=503, full_name="组织者", is_organizer=True)
    people = {
        "rep": await Person.get(tg_id=501), "other_rep": await Person.get(tg_id=502),
        "staff": await orm_staff(bank, 504), "other_staff": await orm_staff(other_bank, 505),
        "organizer": organizer, "system": None,
    }
    return {"bank": bank, "enterprise": enterprise, "people": people}


async def _ledger_sum(intent_id: int, metric: TargetMetric) -> int:
    row = await LedgerEntry.filter(intent_id=intent_id, metric=metric).annotate(total=Sum("delta")).values("total")
    return int(row[0]["total"] or 0)


async def _check_invariants(intent_id: int, audit_rows: int | None = None) -> None:
    intent = await Intent.get(id=intent_id)
    assert intent.disbursed_amount <= (intent.approved_amount or 0)
    for metric, value in figures(intent).items():
        assert await _ledger_sum(intent_id, metric) == value, (metric, intent.status)
    if audit_rows is not None:
        assert await AuditEntry.filter(entity="intent", entity_id=intent_id).count() == audit_rows


async def _start(cast: dict[str, Any], proposer: str) -> Intent:
    proposal = Proposal(cast["enterprise"].id, cast["bank"].id, FinancingKind.loan, 50_000_000, 36)
    intent = (await propose(cast["people"][proposer], proposal, max_amount=MAX)).intent
    await _check_invariants(intent.id, 1)
    return intent


async def _step(cast: dict[str, Any], intent_id: int, proposer: str, step: tuple[str, str, int],
                audit_rows: int) -> int:
    """One action by one person; returns the audit rows the intent must now have."""
    action, who, amount = step
    actor = cast["people"][who]
    before = await Intent.get(id=intent_id)
    allowed = _may(action, who, proposer, before.status)
    terms = Terms(amount=amount, reason="额度不足" if amount % 2 else "")
    if action == "confirm" and who == "rep":
        terms = Terms()  # the enterprise accepts an offer as made (adjusting it is refused)
    try:
        await act(actor, intent_id, action, terms, max_amount=MAX)
    except NotAllowed:
        assert not allowed
    except Refused:
        pass
    else:
        assert allowed and before.status in TRANSITIONS[action].sources
        audit_rows += 1
    after = await Intent.get(id=intent_id)
    if not allowed:
        assert (after.version, after.status) == (before.version, before.status)
    await _check_invariants(intent_id, audit_rows)
    return audit_rows


async def _status(intent_id: int) -> IntentStatus:
    return (await Intent.get(id=intent_id)).status


def _on_loop(loop: asyncio.AbstractEventLoop, coro: Coroutine[Any, Any, Any]) -> Any:
    return asyncio.run_coroutine_threadsafe(coro, loop).result(timeout=60)


SOME_AMOUNTS = st.sampled_from([5_000_000, 10_000_000, 20_000_000, 30_000_000, 50_000_000])
AMOUNTS = st.one_of(SOME_AMOUNTS, SOME_AMOUNTS, SOME_AMOUNTS, st.integers(min_value=-5, max_value=MAX * 2))


def _action_for(status: IntentStatus) -> st.SearchStrategy[str]:
    """Mostly an action that applies now (so long paths are explored), sometimes any action."""
    fitting = [action for action, rule in TRANSITIONS.items() if status in rule.sources]
    return st.one_of(st.sampled_from(fitting), st.sampled_from(fitting), st.sampled_from(ACTIONS)) if fitting \
        else st.sampled_from(ACTIONS)


async def test_any_sequence_of_actions_keeps_the_invariants(database_url: str) -> None:
    """disbursed <= approved, every figure is the sum of its ledger rows, no one acts without the right."""
    cast = await _cast()
    loop = asyncio.get_running_loop()

    @settings(max_examples=50, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(proposer=st.sampled_from(["rep", "staff", "organizer"]), length=st.integers(0, 12), data=st.data())
    def sequence(proposer: str, length: int, data: st.DataObject) -> None:
        intent = _on_loop(loop, _start(cast, proposer))
        audit_rows = 1
        for _ in range(length):
            status = _on_loop(loop, _status(intent.id))
            step = (data.draw(_action_for(status)), data.draw(st.sampled_from(ACTORS)), data.draw(AMOUNTS))
            audit_rows = _on_loop(loop, _step(cast, intent.id, proposer, step, audit_rows))

    await asyncio.to_thread(sequence)
    totals = {m: sum(figures(i)[m] for i in await Intent.all()) for m in figures(await Intent.first())}
    for metric, total in totals.items():
        rows = await LedgerEntry.filter(metric=metric).annotate(total=Sum("delta")).values("total")
        assert int(rows[0]["total"] or 0) == total


async def test_concurrent_confirmations_of_one_intent_exactly_one_wins(database_url: str) -> None:
    cast = await _cast()
    colleague = await orm_staff(cast["bank"], 506, "另一位客户经理")
    proposal = Proposal(cast["enterprise"].id, cast["bank"].id, FinancingKind.loan, 50_000_000, 36)
    intent = (await propose(cast["people"]["rep"], proposal, max_amount=MAX)).intent
    staff = [cast["people"]["staff"], colleague] * 4
    amounts = [30_000_000 + i * 1_000_000 for i in range(len(staff))]
    results = await asyncio.gather(
        *(act(person, intent.id, "confirm", Terms(amount=amount), max_amount=MAX)
          for person, amount in zip(staff, amounts, strict=True)),
        return_exceptions=True,
    )
    winners = [r for r in results if not isinstance(r, BaseException)]
    assert len(winners) == 1
    assert all(isinstance(r, Refused) and r.key == "intent-changed" for r in results if r not in winners)
    confirmed = await Intent.get(id=intent.id)
    assert confirmed.version == 1 and confirmed.amount == winners[0].intent.amount
    assert await LedgerEntry.filter(intent_id=intent.id).count() == 1
    assert await AuditEntry.filter(entity="intent", entity_id=intent.id, action="intent.confirm").count() == 1


async def test_disbursement_in_parts_never_exceeds_the_approved_amount(database_url: str) -> None:
    cast = await _cast()
    staff = cast["people"]["staff"]
    proposal = Proposal(cast["enterprise"].id, cast["bank"].id, FinancingKind.loan, 50_000_000, 36)
    offer = (await propose(staff, proposal, max_amount=MAX)).intent
    assert offer.status is IntentStatus.proposed, "no relation yet: an offer the enterprise must confirm"
    await act(cast["people"]["rep"], offer.id, "confirm", max_amount=MAX)
    intent = (await propose(staff, proposal, max_amount=MAX)).intent
    assert intent.status is IntentStatus.confirmed and staff.role is Role.staff, "dealing with it now: recorded"
    await act(staff, intent.id, "approve", Terms(amount=40_000_000), max_amount=MAX)
    await act(staff, intent.id, "disburse", Terms(amount=25_000_000), max_amount=MAX)
    try:
        await act(staff, intent.id, "disburse", Terms(amount=20_000_000), max_amount=MAX)
    except Refused as refusal:
        assert refusal.key == "intent-disburse-over" and refusal.args_for_text["left"] == 15_000_000
    else:
        raise AssertionError("a disbursement beyond the approved amount was accepted")
    await act(staff, intent.id, "disburse", Terms(amount=15_000_000), max_amount=MAX)
    done = await Intent.get(id=intent.id)
    assert (done.status, done.disbursed_amount, done.version) == (IntentStatus.disbursed, 40_000_000, 4)
    await _check_invariants(intent.id)


async def test_a_later_rejection_takes_the_confirmed_amount_back(database_url: str) -> None:
    cast = await _cast()
    people = cast["people"]
    proposal = Proposal(cast["enterprise"].id, cast["bank"].id, FinancingKind.loan, 50_000_000, 36)
    intent = (await propose(people["rep"], proposal, max_amount=MAX)).intent
    await act(people["staff"], intent.id, "confirm", Terms(amount=30_000_000, term_months=24), max_amount=MAX)
    assert await _ledger_sum(intent.id, TargetMetric.confirmed_amount) == 30_000_000
    try:
        await act(people["staff"], intent.id, "reject", Terms(reason="x"), max_amount=MAX)
    except Refused as refusal:
        assert refusal.key == "intent-reason-invalid"
    change = await act(people["staff"], intent.id, "reject", Terms(reason="征信未通过"), max_amount=MAX)
    assert change.ledger == [(TargetMetric.confirmed_amount, -30_000_000)]
    assert await _ledger_sum(intent.id, TargetMetric.confirmed_amount) == 0
    assert (await Intent.get(id=intent.id)).reason == "征信未通过"
