"""Proposals that reached an institution nobody in the bot answers for (a head office without staff):
organizers are told at once and forward them to one of its branches that has reachable staff."""

from __future__ import annotations

from datetime import datetime

from models.clock import utcnow
from models.domain_events import IntentChanged
from models.enums import IntentStatus
from models.errors import Refused
from models.operations.intent_ops import Change
from models.rules.intent_rules import awaits_enterprise
from models.rules.rights import refuse, require_organizer
from models.tables.audit import record
from models.tables.institutions import Institution
from models.tables.intents import Intent
from models.tables.people import Person, reachable_staff
from models.unit_of_work import emit, unit_of_work
from models.words import status_word

MAX_BRANCHES = 30


async def unattended(intent: Intent) -> bool:
    """A proposal waiting for an institution none of whose active staff can be told."""
    return intent.status is IntentStatus.proposed and not awaits_enterprise(intent) and \
        not await reachable_staff(institution_id=intent.institution_id).exists()


async def _waiting_intent(actor: Person, intent_id: int) -> Intent:
    require_organizer(actor, "intent.route")
    intent = await Intent.get_or_none(id=intent_id).prefetch_related("enterprise", "institution")
    if intent is None:
        raise refuse(actor, "intent.route")
    if intent.status is not IntentStatus.proposed or awaits_enterprise(intent):
        raise Refused("intent-route-not-waiting", status=status_word("intent-status", intent.status))
    return intent


async def staffed_branches(institution_id: int) -> list[Institution]:
    """The institution's branches (not suspended) with at least one reachable staff member, by name."""
    staffed = set(await reachable_staff(institution__parent_id=institution_id).values_list("institution_id",
                                                                                         flat=True))
    if not staffed:
        return []
    return await Institution.filter(id__in=list(staffed), suspended=False).order_by("name").limit(MAX_BRANCHES)


async def routable_branches(actor: Person, intent_id: int) -> tuple[Intent, list[Institution]]:
    """For an organizer: the proposal and the branches it can be forwarded to."""
    intent = await _waiting_intent(actor, intent_id)
    return intent, await staffed_branches(intent.institution_id)


async def route_intent(actor: Person, intent_id: int, branch_id: int, now: datetime | None = None) -> Change:
    """Forward a waiting proposal to a staffed branch of its institution; both sides are told where it went."""
    intent = await _waiting_intent(actor, intent_id)
    branch = await Institution.get_or_none(id=branch_id, parent_id=intent.institution_id, suspended=False)
    if branch is None:
        raise refuse(actor, "intent.route.branch")
    if not await reachable_staff(institution_id=branch.id).exists():
        raise Refused("intent-route-no-staff", institution=branch.name)
    before = intent.institution_id
    async with unit_of_work():
        won = await Intent.filter(id=intent.id, version=intent.version, status=IntentStatus.proposed).update(
            institution_id=branch.id, version=intent.version + 1, updated_at=now or utcnow())
        if not won:
            raise Refused("intent-changed", status=status_word("intent-status", intent.status))
        intent.institution_id, intent.version = branch.id, intent.version + 1
        await record(actor, "intent.route", "intent", intent.id, before={"institution_id": before},
                     after={"institution_id": branch.id})
        emit(IntentChanged(intent.id, "route", actor.id, intent.version))
    return Change(intent, "route", IntentStatus.proposed, actor)
