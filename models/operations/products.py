"""Products (专项产品): staff keep their own institution's, nobody else's."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any

from models.enums import FinancingKind, Guarantee, Tier
from models.errors import Refused
from models.parsers.numbers import ascii_int
from models.rules.rights import refuse, require_staff_of, require_staff_or_organizer
from models.tables.audit import record
from models.tables.institutions import Institution, Product
from models.tables.people import Person
from models.unit_of_work import unit_of_work

RANGE_SEPARATOR = re.compile(r"\s*(?:-|~|～|—|－|–|至|到)\s*")
UNIT_SUFFIX = re.compile(r"[^\d.]+$")


def split_range(raw: str) -> tuple[str, str]:
    """'1000万-2亿' -> ('1000万', '2亿'); '1-3年' -> ('1年', '3年'); '5000万' -> ('5000万', '5000万').

    A left side without a unit borrows the right side's unit, as people write ranges.
    """
    text = unicodedata.normalize("NFKC", raw).strip()
    parts = [part for part in RANGE_SEPARATOR.split(text, maxsplit=1) if part]
    if len(parts) == 1:
        return parts[0], parts[0]
    if len(parts) != 2:
        raise ValueError(raw)
    left, right = parts
    unit = UNIT_SUFFIX.search(right)
    if unit and ascii_int(left[-1:]) is not None:
        left += unit.group()
    return left, right


@dataclass(frozen=True)
class ProductFacts:
    name: str
    kind: FinancingKind
    min_amount: int
    max_amount: int
    min_term_months: int
    max_term_months: int
    rate_text: str
    target_tiers: list[str] = field(default_factory=list)
    target_chain_ids: list[int] = field(default_factory=list)
    guarantees: list[str] = field(default_factory=list)
    conditions: str = ""

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ProductFacts:
        return cls(
            name=data["name"],
            kind=FinancingKind(data["kind"]),
            min_amount=int(data["amount"][0]),
            max_amount=int(data["amount"][1]),
            min_term_months=int(data["term"][0]),
            max_term_months=int(data["term"][1]),
            rate_text=data["rate_text"],
            target_tiers=[Tier(v).value for v in data.get("target_tiers", [])],
            target_chain_ids=[int(v) for v in data.get("target_chain_ids", [])],
            guarantees=[Guarantee(v).value for v in data.get("guarantees", [])],
            conditions=data.get("conditions", ""),
        )

    def check(self) -> None:
        if self.min_amount > self.max_amount or self.min_term_months > self.max_term_months:
            raise Refused("product-range-reversed")


def product_to_form(product: Product) -> dict[str, Any]:
    """A product as the answers of the product form (to edit it)."""
    return {
        "name": product.name, "kind": str(product.kind),
        "amount": [product.min_amount, product.max_amount],
        "term": [product.min_term_months, product.max_term_months],
        "rate_text": product.rate_text, "target_tiers": list(product.target_tiers),
        "target_chain_ids": [str(v) for v in product.target_chain_ids], "guarantees": list(product.guarantees),
        "conditions": product.conditions,
    }


def product_snapshot(product: Product) -> dict[str, Any]:
    facts = {name: getattr(product, name) for name in ProductFacts.__dataclass_fields__}
    return {**facts, "kind": str(product.kind), "active": product.active, "institution_id": product.institution_id}


async def add_product(actor: Person, institution_id: int, facts: ProductFacts) -> Product:
    require_staff_of(actor, institution_id, "product.add")
    facts.check()
    institution = await Institution.get_or_none(id=institution_id)
    if institution is None:
        raise refuse(actor, "product.add")
    async with unit_of_work():
        product = await Product.create(institution=institution, **asdict(facts))
        await record(actor, "product.add", "product", product.id, after=product_snapshot(product))
    return product


async def _own_product(actor: Person, product_id: int, action: str) -> Product:
    product = await Product.get_or_none(id=product_id)
    if product is None:
        raise refuse(actor, action)
    require_staff_of(actor, product.institution_id, action)
    return product


async def update_product(actor: Person, product_id: int, facts: ProductFacts) -> Product:
    product = await _own_product(actor, product_id, "product.edit")
    facts.check()
    async with unit_of_work():
        before = product_snapshot(product)
        for name, value in asdict(facts).items():
            setattr(product, name, value)
        await product.save()
        await record(actor, "product.edit", "product", product.id, before=before, after=product_snapshot(product))
    return product


async def set_product_active(actor: Person, product_id: int, active: bool) -> Product:
    """Withdraw a product from offer (or offer it again); products are never deleted (intents refer to them)."""
    product = await _own_product(actor, product_id, "product.activate" if active else "product.withdraw")
    if product.active == active:
        return product
    async with unit_of_work():
        before = product_snapshot(product)
        product.active = active
        await product.save(update_fields=["active", "updated_at"])
        await record(actor, "product.activate" if active else "product.withdraw", "product", product.id,
                     before=before, after=product_snapshot(product))
    return product


async def view_product(actor: Person, product_id: int) -> Product:
    """Staff of its institution and organizers see a product's card."""
    product = await Product.get_or_none(id=product_id)
    if product is None:
        raise refuse(actor, "product.view")
    require_staff_or_organizer(actor, product.institution_id, "product.view")
    return product


async def editable_product(actor: Person, product_id: int) -> Product:
    """The product, when the actor may edit it (to prefill the edit form)."""
    return await _own_product(actor, product_id, "product.edit")
