"""What enterprises do to their record and needs: register, edit, add and close needs (a unit of work each)."""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from typing import Any

from tortoise.exceptions import IntegrityError

from models.enums import District, FinancingKind, Guarantee, Role, Tier
from models.errors import NotAllowed, Refused
from models.rules.rights import refuse
from models.tables.audit import record
from models.tables.enterprises import Enterprise, FinancingNeed
from models.tables.people import Person
from models.tables.running_totals import move_chain
from models.unit_of_work import unit_of_work

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class EnterpriseFacts:
    name: str
    uscc: str
    tier: Tier
    chain_id: int
    district: District
    contact_name: str
    phone: str

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EnterpriseFacts:
        return cls(
            name=data["name"],
            uscc=data["uscc"],
            tier=Tier(data["tier"]),
            chain_id=int(data["chain_id"]),
            district=District(data["district"]),
            contact_name=data["contact_name"],
            phone=data["phone"],
        )


@dataclass(frozen=True)
class NeedFacts:
    amount: int
    kind: FinancingKind
    term_months: int
    purpose: str
    guarantee: Guarantee

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> NeedFacts:
        return cls(
            amount=int(data["amount"]),
            kind=FinancingKind(data["kind"]),
            term_months=int(data["term_months"]),
            purpose=data["purpose"],
            guarantee=Guarantee(data["guarantee"]),
        )


EDITABLE_FIELDS = ("name", "tier", "chain_id", "district", "contact_name", "phone")
FIELD_TYPES: dict[str, Any] = {"tier": Tier, "district": District, "chain_id": int}


def _snapshot(enterprise: Enterprise) -> dict[str, Any]:
    return {name: str(getattr(enterprise, name)) for name in ("name", "uscc", *EDITABLE_FIELDS[1:])}


async def refuse_duplicate_uscc(uscc: str) -> None:
    """Raise with whom to contact when the code is already registered."""
    holder = await Enterprise.get_or_none(uscc=uscc)
    if holder is not None:
        raise Refused("enterprise-duplicate-uscc", company=holder.name, contact=mask_name(holder.contact_name))


def mask_name(name: str) -> str:
    """张三丰 -> 张**: enough to recognise a colleague, not enough to leak a person."""
    return name[:1] + "*" * max(1, len(name) - 1) if name else ""


async def register_enterprise(actor: Person, facts: EnterpriseFacts, needs: list[NeedFacts]) -> Enterprise:
    """Create the company, its needs, and make the actor its representative, all or nothing."""
    if actor.role in (Role.staff, Role.organizer):
        raise refuse(actor, "enterprise.register")
    if actor.enterprise_id is not None:
        raise Refused("enterprise-already-registered")
    await refuse_duplicate_uscc(facts.uscc)
    try:
        async with unit_of_work():
            enterprise = await Enterprise.create(**asdict(facts))
            for need in needs:
                await FinancingNeed.create(enterprise=enterprise, **asdict(need))
            claimed = await Person.filter(id=actor.id, enterprise_id=None).update(enterprise_id=enterprise.id)
            if not claimed:
                raise Refused("enterprise-already-registered")
            await record(actor, "enterprise.register", "enterprise", enterprise.id, after=_snapshot(enterprise))
    except IntegrityError:
        await refuse_duplicate_uscc(facts.uscc)
        raise
    actor.enterprise_id = enterprise.id
    return enterprise


async def enterprise_of(actor: Person) -> Enterprise:
    if actor.enterprise_id is None or actor.suspended:
        raise NotAllowed("enterprise.view")
    return await Enterprise.get(id=actor.enterprise_id).prefetch_related("chain")


async def add_need(actor: Person, need: NeedFacts) -> FinancingNeed:
    enterprise = await enterprise_of(actor)
    async with unit_of_work():
        row = await FinancingNeed.create(enterprise=enterprise, **asdict(need))
        await record(actor, "need.add", "financing_need", row.id, after=_need_snapshot(row))
    return row


def _need_snapshot(need: FinancingNeed) -> dict[str, Any]:
    return {"amount": need.amount, "kind": str(need.kind), "term_months": need.term_months,
            "purpose": need.purpose, "guarantee": str(need.guarantee), "open": need.open}


async def own_need(actor: Person, need_id: int, action: str) -> FinancingNeed:
    """One of the actor's own enterprise's needs; anyone else's is refused."""
    need = await FinancingNeed.get_or_none(id=need_id)
    if need is None or actor.suspended or actor.enterprise_id is None or need.enterprise_id != actor.enterprise_id:
        log.warning("refused %s of need %s by person %s", action, need_id, actor.id)
        raise NotAllowed(action)
    return need


async def close_need(actor: Person, need_id: int) -> FinancingNeed:
    """Withdraw a need; only its own enterprise's representative may."""
    need = await own_need(actor, need_id, "need.close")
    if not need.open:
        return need
    async with unit_of_work():
        before = _need_snapshot(need)
        need.open = False
        await need.save(update_fields=["open"])
        await record(actor, "need.close", "financing_need", need.id, before=before, after=_need_snapshot(need))
    return need


async def open_needs(enterprise_id: int) -> list[FinancingNeed]:
    return await FinancingNeed.filter(enterprise_id=enterprise_id, open=True).order_by("id")


async def update_enterprise(actor: Person, field: str, value: Any) -> Enterprise:
    """Change one field of the actor's own enterprise (organizers: any enterprise via issue 3)."""
    if field not in EDITABLE_FIELDS:
        raise NotAllowed(f"enterprise.edit.{field}")
    enterprise = await enterprise_of(actor)
    async with unit_of_work():
        before = _snapshot(enterprise)
        old_chain = enterprise.chain_id
        setattr(enterprise, field, FIELD_TYPES.get(field, str)(value))
        await enterprise.save(update_fields=[field])
        if field == "chain_id":
            await move_chain(enterprise.id, old_chain, enterprise.chain_id)
        await record(actor, f"enterprise.edit.{field}", "enterprise", enterprise.id, before=before,
                     after=_snapshot(enterprise))
    return await enterprise_of(actor)
