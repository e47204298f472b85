"""The organizers' directory of enterprises (/people): by company name, searched by name or credit
code, with who represents each in Telegram."""

from __future__ import annotations

from dataclasses import dataclass

from models.operations.walkins import enterprise_query
from models.rules.rights import refuse, require_organizer
from models.tables.enterprises import Enterprise, FinancingNeed
from models.tables.people import Person

QUERY_MAX_BYTES = 36  # of a search, in UTF-8: it rides base64-encoded in the page buttons' 64-byte callback data


def tidy_query(text: str) -> str:
    tidy = " ".join(text.split())
    while len(tidy.encode()) > QUERY_MAX_BYTES:
        tidy = tidy[:-1]
    return tidy


async def search_enterprises(actor: Person, query: str, offset: int, limit: int) -> tuple[list[Enterprise], int]:
    require_organizer(actor, "enterprise.list")
    found = Enterprise.filter(enterprise_query(query)) if query else Enterprise.all()
    return await found.order_by("name", "id").offset(offset).limit(limit), await found.count()


@dataclass(frozen=True)
class EnterpriseView:
    enterprise: Enterprise
    representatives: list[Person]
    open_needs: int


async def enterprise_for_organizer(actor: Person, enterprise_id: int) -> EnterpriseView:
    require_organizer(actor, "enterprise.view")
    enterprise = await Enterprise.get_or_none(id=enterprise_id).prefetch_related("chain")
    if enterprise is None:
        raise refuse(actor, "enterprise.view")
    people = await Person.filter(enterprise_id=enterprise_id).order_by("id")
    needs = await FinancingNeed.filter(enterprise_id=enterprise_id, open=True).count()
    return EnterpriseView(enterprise, people, needs)
