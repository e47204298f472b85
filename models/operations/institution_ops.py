"""Organizers creating and browsing institutions (the city's seed banks one tap away); staff viewing their own."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tortoise.exceptions import IntegrityError

from models.enums import InstitutionKind
from models.errors import Refused
from models.rules.rights import refuse, require_organizer, require_staff_or_organizer
from models.tables.audit import record
from models.tables.institutions import Institution, Product
from models.tables.people import Person, active_staff
from models.unit_of_work import unit_of_work

# Quick-create buttons for organizers: the banks the city names for 专精特新 products.
SEED_BANKS: tuple[str, ...] = ("交通银行", "光大银行", "恒丰银行", "邮储银行", "农业银行")
NAME_MIN, NAME_MAX = 2, 100


def institution_snapshot(institution: Institution) -> dict[str, Any]:
    return {"name": institution.name, "kind": str(institution.kind), "parent_id": institution.parent_id,
            "suspended": institution.suspended}


async def create_institution(actor: Person, name: str, kind: InstitutionKind,
                             parent_id: int | None = None) -> Institution:
    """An organizer adds a bank, fund, guarantor or insurer, or a branch of one (same kind as its parent)."""
    require_organizer(actor, "institution.create")
    name = " ".join(name.split())
    if not NAME_MIN <= len(name) <= NAME_MAX:
        raise Refused("institution-name-length", minimum=NAME_MIN, maximum=NAME_MAX)
    if parent_id is not None:
        parent = await Institution.get_or_none(id=parent_id)
        if parent is None:
            raise refuse(actor, "institution.create")
        kind = parent.kind
    if await Institution.exists(name=name):
        raise Refused("institution-duplicate", name=name)
    try:
        async with unit_of_work():
            institution = await Institution.create(name=name, kind=kind, parent_id=parent_id)
            await record(actor, "institution.create", "institution", institution.id,
                         after=institution_snapshot(institution))
    except IntegrityError as error:
        raise Refused("institution-duplicate", name=name) from error
    return institution


async def missing_seed_banks() -> list[tuple[int, str]]:
    """The seed banks not created yet, with their index in SEED_BANKS (the quick-create buttons)."""
    existing = set(await Institution.filter(name__in=SEED_BANKS).values_list("name", flat=True))
    return [(i, name) for i, name in enumerate(SEED_BANKS) if name not in existing]


async def create_seed_bank(actor: Person, index: int) -> Institution:
    require_organizer(actor, "institution.create")
    if not 0 <= index < len(SEED_BANKS):
        raise refuse(actor, "institution.create")
    return await create_institution(actor, SEED_BANKS[index], InstitutionKind.bank)


async def list_institutions(actor: Person, offset: int, limit: int) -> tuple[list[Institution], int]:
    require_organizer(actor, "institution.list")
    query = Institution.all().order_by("name")
    return await query.offset(offset).limit(limit), await Institution.all().count()


@dataclass(frozen=True)
class InstitutionView:
    institution: Institution
    parent: Institution | None
    branches: list[Institution]
    staff: list[Person]
    products: list[Product]


async def view_institution(actor: Person, institution_id: int) -> InstitutionView:
    """What staff see of their own institution, and organizers of any: never another institution's data."""
    require_staff_or_organizer(actor, institution_id, "institution.view")
    institution = await Institution.get_or_none(id=institution_id)
    if institution is None:
        raise refuse(actor, "institution.view")
    parent = await Institution.get_or_none(id=institution.parent_id) if institution.parent_id else None
    staff = await active_staff(institution_id=institution_id).order_by("full_name")
    return InstitutionView(
        institution=institution,
        parent=parent,
        branches=await Institution.filter(parent_id=institution_id).order_by("name"),
        staff=staff,
        products=await Product.filter(institution_id=institution_id).order_by("-active", "name"),
    )
