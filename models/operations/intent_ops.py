"""Financing intents (融资意向): proposing, recording and every transition, with ledger and audit.

Each transition is one transaction: an optimistic-locked UPDATE (WHERE id = ? AND version = ?),
the ledger rows of the figures it changes, and the audit row. Of two concurrent confirmations
exactly one updates a row; the other is refused and writes nothing (on SQLite and PostgreSQL).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from models.clock import utcnow
from models.domain_events import IntentChanged
from models.enums import FinancingKind, IntentStatus, ProposerSide, Role, StaffStatus, TargetMetric
from models.errors import Refused
from models.parsers.money import Money
from models.parsers.terms import MAX_TERM_MONTHS
from models.rules.intent_rules import MAX_REASON, MIN_REASON, TRANSITIONS, awaits_enterprise, may
from models.rules.rights import deals_with, refuse
from models.tables.audit import record
from models.tables.enterprises import Enterprise, FinancingNeed
from models.tables.events import Event
from models.tables.institutions import Institution, Product
from models.tables.intents import Intent, LedgerEntry
from models.tables.people import Person, reachable_staff
from models.tables.running_totals import add_ledger_rows
from models.unit_of_work import emit, unit_of_work
from models.words import status_word

log = logging.getLogger(__name__)
M = TargetMetric


@dataclass(frozen=True)
class Proposal:
    enterprise_id: int
    institution_id: int
    kind: FinancingKind
    amount: int
    term_months: int | None = None
    product_id: int | None = None
    need_id: int | None = None
    event_id: int | None = None


@dataclass
class Change:
    """What a transition did: the bot tells each side about it."""

    intent: Intent
    action: str
    before: IntentStatus | None
    actor: Person | None
    ledger: list[tuple[TargetMetric, int]] = field(default_factory=list)
    unattended: bool = False  # proposed to an institution nobody in the bot can answer for (organizers told)
    parties_fetched: bool = False  # `intent` is as the transition left it, its enterprise and institution fetched


def snapshot(intent: Intent) -> dict[str, Any]:
    return {
        "status": str(intent.status), "amount": intent.amount, "kind": str(intent.kind),
        "term_months": intent.term_months, "approved_amount": intent.approved_amount,
        "disbursed_amount": intent.disbursed_amount, "reason": intent.reason, "version": intent.version,
    }


def _check_amount(amount: int | None, maximum: int) -> None:
    if amount is None or not 0 < amount <= maximum:
        raise Refused("intent-amount-invalid")


def _check_term(term: int | None) -> None:
    if term is not None and not 1 <= term <= MAX_TERM_MONTHS:
        raise Refused("intent-term-invalid")


async def _check_proposal(actor: Person, p: Proposal) -> None:
    """The right to propose, and that every referenced row exists and belongs together."""
    institution = await Institution.get_or_none(id=p.institution_id)
    enterprise = await Enterprise.get_or_none(id=p.enterprise_id)
    if institution is None or enterprise is None or institution.suspended or enterprise.suspended:
        raise refuse(actor, "intent.propose")
    own_enterprise = actor.role is Role.enterprise and actor.enterprise_id == p.enterprise_id
    own_institution = actor.role is Role.staff and actor.institution_id == p.institution_id
    if not (own_enterprise or own_institution or actor.role is Role.organizer):
        raise refuse(actor, "intent.propose")
    if p.product_id is not None and not await Product.exists(id=p.product_id, institution_id=p.institution_id):
        raise refuse(actor, "intent.propose.product")
    if p.need_id is not None and not await FinancingNeed.exists(id=p.need_id, enterprise_id=p.enterprise_id):
        raise refuse(actor, "intent.propose.need")
    if p.event_id is not None and not await Event.exists(id=p.event_id):
        raise refuse(actor, "intent.propose.event")


def _side_of(actor: Person) -> ProposerSide:
    if actor.role is Role.staff:
        return ProposerSide.institution
    return ProposerSide.organizer if actor.role is Role.organizer else ProposerSide.enterprise


async def _records_directly(actor: Person, proposal: Proposal) -> bool:
    """Verified staff who already deal with the enterprise record an intent as confirmed (their own word);
    any other staff proposal is an offer the enterprise confirms or declines, counted only then."""
    return actor.role is Role.staff and actor.staff_status is StaffStatus.verified and \
        await deals_with(proposal.institution_id, proposal.enterprise_id)


async def propose(actor: Person, proposal: Proposal, *, max_amount: int, now: datetime | None = None) -> Change:
    """An enterprise, an organizer or the institution's staff put an intent on the table."""
    await _check_proposal(actor, proposal)
    _check_amount(proposal.amount, max_amount)
    _check_term(proposal.term_months)
    now = now or utcnow()
    side = _side_of(actor)
    direct = await _records_directly(actor, proposal)
    action = "record" if direct else ("offer" if side is ProposerSide.institution else "propose")
    async with unit_of_work():
        intent = await Intent.create(
            **proposal.__dict__, status=IntentStatus.confirmed if direct else IntentStatus.proposed,
            proposed_by_id=actor.id, proposer_side=side, confirmed_at=now if direct else None,
            version=1 if direct else 0,
        )
        ledger = [(M.confirmed_amount, intent.amount)] if direct else []
        await _write_ledger(intent, actor, ledger, now)
        await record(actor, f"intent.{action}", "intent", intent.id, after=snapshot(intent))
        emit(IntentChanged(intent.id, action, actor.id, intent.version))
    unattended = action == "propose" and not await reachable_staff(institution_id=intent.institution_id).exists()
    return Change(intent, action, None, actor, ledger, unattended=unattended)


async def _write_ledger(intent: Intent, actor: Person | None, rows: list[tuple[TargetMetric, int]],
                        now: datetime) -> None:
    if rows:
        await LedgerEntry.bulk_create(
            [LedgerEntry(intent_id=intent.id, metric=metric, delta=delta, actor=actor, at=now)
             for metric, delta in rows if delta]
        )
        await add_ledger_rows(intent, rows, now)  # the figures' running totals, in the same transaction


@dataclass(frozen=True)
class Terms:
    """What the acting person typed for a transition (each only where the action takes it)."""

    amount: int | None = None
    kind: FinancingKind | None = None
    term_months: int | None = None
    reason: str = ""


def _confirm(intent: Intent, terms: Terms, max_amount: int, now: datetime) -> tuple[dict[str, Any], list]:
    amount = terms.amount if terms.amount is not None else intent.amount
    _check_amount(amount, max_amount)
    _check_term(terms.term_months)
    changes = {"amount": amount, "kind": terms.kind or intent.kind, "confirmed_at": now,
               "term_months": terms.term_months or intent.term_months}
    return changes, [(M.confirmed_amount, amount)]


def _reject_or_withdraw(intent: Intent, terms: Terms, action: str) -> tuple[dict[str, Any], list]:
    reason = " ".join(terms.reason.split())
    if action == "reject" and not MIN_REASON <= len(reason) <= MAX_REASON:
        raise Refused("intent-reason-invalid", minimum=MIN_REASON, maximum=MAX_REASON)
    taken_back = intent.amount if intent.status is IntentStatus.confirmed else 0
    return {"reason": reason[:MAX_REASON]}, [(M.confirmed_amount, -taken_back)]


def _approve(terms: Terms, max_amount: int) -> tuple[dict[str, Any], list]:
    _check_amount(terms.amount, max_amount)
    return {"approved_amount": terms.amount}, [(M.approved_amount, terms.amount)]


def _disburse(intent: Intent, terms: Terms) -> tuple[dict[str, Any], list]:
    left = (intent.approved_amount or 0) - intent.disbursed_amount
    if terms.amount is None or terms.amount <= 0:
        raise Refused("intent-amount-invalid")
    if terms.amount > left:
        raise Refused("intent-disburse-over", left=Money(left))
    return {"disbursed_amount": intent.disbursed_amount + terms.amount}, [(M.disbursed_amount, terms.amount)]


def plan(intent: Intent, action: str, terms: Terms, *, max_amount: int, now: datetime) -> tuple[dict, list]:
    """The field changes and ledger rows of an action (validated); no database access."""
    if action == "confirm":
        return _confirm(intent, terms, max_amount, now)
    if action in ("reject", "withdraw"):
        return _reject_or_withdraw(intent, terms, action)
    if action == "approve":
        return _approve(terms, max_amount)
    if action == "disburse":
        return _disburse(intent, terms)
    return {}, []  # expire


async def act(
    actor: Person | None,
    intent_id: int,
    action: str,
    terms: Terms = Terms(),  # frozen, so one shared default is safe
    *,
    max_amount: int,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Change:
    """Apply one transition, or raise Refused/NotAllowed and change nothing."""
    if action not in TRANSITIONS:
        raise refuse(actor, f"intent.{action}")
    intent = await Intent.get_or_none(id=intent_id).select_related("enterprise", "institution")  # for the cards
    if intent is None or not TRANSITIONS[action].who(actor, intent):
        raise refuse(actor, f"intent.{action}")
    if not may(actor, intent, action) or (expected_version is not None and expected_version != intent.version):
        raise Refused("intent-changed", status=status_word("intent-status", intent.status))
    if action == "confirm" and awaits_enterprise(intent) and terms != Terms():
        raise refuse(actor, "intent.confirm.adjust")  # the enterprise accepts the offer as made, or declines it
    now = now or utcnow()
    changes, ledger = plan(intent, action, terms, max_amount=max_amount, now=now)
    before, before_status = snapshot(intent), intent.status
    changes.update(status=TRANSITIONS[action].target, version=intent.version + 1, updated_at=now)
    async with unit_of_work():
        won = await Intent.filter(id=intent.id, version=intent.version).update(**changes)
        if not won:
            raise Refused("intent-changed", status=status_word("intent-status", intent.status))
        for name, value in changes.items():
            setattr(intent, name, value)
        await _write_ledger(intent, actor, ledger, now)
        await record(actor, f"intent.{action}", "intent", intent.id, before=before, after=snapshot(intent))
        confirming = action == "confirm"
        emit(IntentChanged(intent.id, action, actor.id if actor is not None else None, intent.version,
                           asked_amount=before["amount"] if confirming else None,
                           asked_term=before["term_months"] if confirming else None, intent=intent))
    return Change(intent, action, before_status, actor, [row for row in ledger if row[1]], parties_fetched=True)


async def visible_intent(actor: Person, intent_id: int) -> Intent:
    """An intent the actor may see: its enterprise's, its institution's, or any for organizers."""
    intent = await Intent.get_or_none(id=intent_id).prefetch_related("enterprise", "institution")
    if intent is None or not may_see(actor, intent):
        raise refuse(actor, "intent.view")
    return intent


def may_see(actor: Person, intent: Intent) -> bool:
    role = actor.role
    return (
        role is Role.organizer
        or (role is Role.enterprise and actor.enterprise_id == intent.enterprise_id)
        or (role is Role.staff and actor.institution_id == intent.institution_id)
        or actor.id == intent.proposed_by_id
    )


async def intents_for(actor: Person, *, limit: int = 20) -> list[Intent]:
    """The intents the actor follows, those waiting for an answer first, then the newest."""
    query = Intent.all()
    role = actor.role
    if role is Role.enterprise:
        query = query.filter(enterprise_id=actor.enterprise_id)
    elif role is Role.staff:
        query = query.filter(institution_id=actor.institution_id)
    elif role is not Role.organizer:
        return []
    rows = await query.order_by("-updated_at", "-id").limit(limit).prefetch_related("enterprise", "institution")
    return sorted(rows, key=lambda i: i.status is not IntentStatus.proposed)
