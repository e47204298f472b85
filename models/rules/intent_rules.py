"""The intent state machine as data: which action leads from which states to which, and who may.

Figures and their ledger (decided here, relied on by targets and the digest):
- confirmed_amount: +amount when the answering party confirms (the institution, or the enterprise for
  an institution's own offer), or when verified staff who already deal with the enterprise record one;
  -amount when a confirmed intent is later rejected or withdrawn. Approval and
  disbursement keep it: a confirmed-and-later intent counts as confirmed credit.
- approved_amount: +approved amount on approval (授信批复).
- disbursed_amount: +each part disbursed (放款); the total never exceeds the approved amount.
So for every intent each figure equals the sum of its ledger rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from models.enums import IntentStatus, ProposerSide, Role, TargetMetric
from models.tables.intents import Intent
from models.tables.people import Person

S = IntentStatus
COUNTED = frozenset({S.confirmed, S.approved, S.disbursed})  # statuses that count as a confirmed intent
OPEN = frozenset({S.proposed, S.confirmed, S.approved, S.disbursed})
MIN_REASON, MAX_REASON = 2, 200


def is_institution_staff(actor: Person | None, intent: Intent) -> bool:
    return actor is not None and actor.is_active_staff and actor.institution_id == intent.institution_id


def awaits_enterprise(intent: Intent) -> bool:
    """The institution's own offer: the enterprise confirms or declines it (every other one the institution)."""
    return intent.proposer_side is ProposerSide.institution


def is_representative(actor: Person | None, intent: Intent) -> bool:
    return actor is not None and not actor.suspended and actor.enterprise_id == intent.enterprise_id


def is_answerer(actor: Person | None, intent: Intent) -> bool:
    """The party a proposal waits for: the enterprise for an institution's offer, else the institution's staff."""
    return is_representative(actor, intent) if awaits_enterprise(intent) else is_institution_staff(actor, intent)


def may_reject(actor: Person | None, intent: Intent) -> bool:
    """The answering party declines a proposal; a confirmed intent only the institution can still turn down."""
    if intent.status is S.proposed:
        return is_answerer(actor, intent)
    return is_institution_staff(actor, intent)


def is_proposer_side(actor: Person | None, intent: Intent) -> bool:
    """The person who proposed it, or the party it was proposed for (the enterprise, or the offering institution)."""
    if actor is None or actor.suspended:
        return False
    if awaits_enterprise(intent) and is_institution_staff(actor, intent):
        return True
    if not awaits_enterprise(intent) and is_representative(actor, intent):
        return True
    # the person who proposed it, while still in the role they proposed it in (an organizer, or staff of it)
    still_in_role = actor.is_organizer or (actor.role is Role.staff and actor.institution_id == intent.institution_id)
    return actor.id == intent.proposed_by_id and still_in_role


def is_system(actor: Person | None, intent: Intent) -> bool:
    return actor is None


Who = Callable[[Person | None, Intent], bool]


@dataclass(frozen=True)
class Rule:
    sources: frozenset[IntentStatus]
    target: IntentStatus
    who: Who


TRANSITIONS: dict[str, Rule] = {
    "confirm": Rule(frozenset({S.proposed}), S.confirmed, is_answerer),
    "reject": Rule(frozenset({S.proposed, S.confirmed}), S.rejected, may_reject),
    "approve": Rule(frozenset({S.confirmed}), S.approved, is_institution_staff),
    "disburse": Rule(frozenset({S.approved, S.disbursed}), S.disbursed, is_institution_staff),
    "withdraw": Rule(frozenset({S.proposed, S.confirmed}), S.withdrawn, is_proposer_side),
    "expire": Rule(frozenset({S.proposed}), S.expired, is_system),
}


def may(actor: Person | None, intent: Intent, action: str) -> bool:
    rule = TRANSITIONS[action]
    return intent.status in rule.sources and rule.who(actor, intent)


def allowed_actions(actor: Person | None, intent: Intent) -> list[str]:
    """What this person may do to this intent now (the buttons a card shows)."""
    return [action for action in TRANSITIONS if action != "expire" and may(actor, intent, action)]


def figures(intent: Intent) -> dict[TargetMetric, int]:
    """What the ledger of an intent must sum to, metric by metric."""
    return {
        TargetMetric.confirmed_amount: intent.amount if intent.status in COUNTED else 0,
        TargetMetric.approved_amount: intent.approved_amount or 0,
        TargetMetric.disbursed_amount: intent.disbursed_amount,
    }
