"""Reading the audit trail: organizers only, for one enterprise, institution or event (or all)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from operator import or_

from tortoise.expressions import Q

from models.rules.rights import refuse, require_organizer
from models.tables.audit import AuditEntry
from models.tables.enterprises import Enterprise, FinancingNeed
from models.tables.events import Event, Registration
from models.tables.institutions import Institution, Invitation, Product
from models.tables.intents import Intent, Meeting
from models.tables.people import Person

SCOPES = {"a": "all", "e": "enterprise", "i": "institution", "v": "event"}


@dataclass(frozen=True)
class AuditPage:
    scope: str
    subject_id: int
    subject: str  # the enterprise's, institution's or event's name
    entries: list[AuditEntry]
    total: int


async def _ids(query: object) -> list[int]:
    return list(await query.values_list("id", flat=True))  # type: ignore[attr-defined]


async def _enterprise_filter(enterprise_id: int) -> Q:
    return _either({
        "enterprise": [enterprise_id],
        "financing_need": await _ids(FinancingNeed.filter(enterprise_id=enterprise_id)),
        "intent": await _ids(Intent.filter(enterprise_id=enterprise_id)),
        "registration": await _ids(Registration.filter(enterprise_id=enterprise_id)),
        "meeting": await _ids(Meeting.filter(enterprise_id=enterprise_id)),
        "person": await _ids(Person.filter(enterprise_id=enterprise_id)),
    })


async def _institution_filter(institution_id: int) -> Q:
    return _either({
        "institution": [institution_id],
        "product": await _ids(Product.filter(institution_id=institution_id)),
        "invitation": await _ids(Invitation.filter(institution_id=institution_id)),
        "person": await _ids(Person.filter(institution_id=institution_id)),
        "intent": await _ids(Intent.filter(institution_id=institution_id)),
        "registration": await _ids(Registration.filter(institution_id=institution_id)),
        "meeting": await _ids(Meeting.filter(institution_id=institution_id)),
    })


async def _event_filter(event_id: int) -> Q:
    return _either({
        "event": [event_id],
        "registration": await _ids(Registration.filter(event_id=event_id)),
        "intent": await _ids(Intent.filter(event_id=event_id)),
        "meeting": await _ids(Meeting.filter(event_id=event_id)),
    })


def _either(ids_by_entity: dict[str, list[int]]) -> Q:
    return reduce(or_, [Q(entity=entity, entity_id__in=ids) for entity, ids in ids_by_entity.items() if ids])


async def _subject(scope: str, subject_id: int) -> tuple[str, Q] | None:
    if scope == "all":
        return "", Q()
    model = {"enterprise": Enterprise, "institution": Institution, "event": Event}[scope]
    row = await model.get_or_none(id=subject_id)
    if row is None:
        return None
    build = {"enterprise": _enterprise_filter, "institution": _institution_filter, "event": _event_filter}[scope]
    return getattr(row, "name", None) or getattr(row, "title", ""), await build(subject_id)


async def audit_page(actor: Person, scope: str, subject_id: int, offset: int, limit: int) -> AuditPage | None:
    """Newest first; None when the subject does not exist."""
    require_organizer(actor, "audit.read")
    if scope not in SCOPES.values():
        raise refuse(actor, "audit.read")
    found = await _subject(scope, subject_id)
    if found is None:
        return None
    subject, where = found
    query = AuditEntry.filter(where)
    entries = await query.order_by("-id").offset(offset).limit(limit).prefetch_related("actor")
    return AuditPage(scope, subject_id, subject, entries, await query.count())
