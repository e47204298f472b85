"""When nothing fits: the closest pairs of the same kind of financing, and what keeps each from fitting
(a 6-month need against a product that lends for 12 months at least), so people know what to change."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from models.enums import Role
from models.parsers.money import Money
from models.rules.matching import _needs, _products, score, signed_up
from models.tables.enterprises import Enterprise, FinancingNeed
from models.tables.institutions import Product
from models.tables.people import Person


@dataclass(frozen=True)
class Gap:
    """One reason a pair does not fit: a catalogue key and its arguments."""

    key: str
    args: dict[str, Any]


@dataclass(frozen=True)
class NearMiss:
    need: FinancingNeed
    product: Product
    enterprise: Enterprise
    gaps: tuple[Gap, ...]


def gaps(need: FinancingNeed, product: Product, enterprise: Enterprise) -> tuple[Gap, ...]:
    """What the need asks that the product does not offer (the kind is taken to agree)."""
    found = []
    if not product.min_amount <= need.amount <= product.max_amount:
        found.append(Gap("miss-amount", {"need": Money(need.amount), "low": Money(product.min_amount),
                                         "high": Money(product.max_amount)}))
    if need.term_months < product.min_term_months:
        found.append(Gap("miss-term-short", {"need": need.term_months, "low": product.min_term_months}))
    elif need.term_months > product.max_term_months:
        found.append(Gap("miss-term-long", {"need": need.term_months, "high": product.max_term_months}))
    if product.target_tiers and str(enterprise.tier) not in product.target_tiers:
        found.append(Gap("miss-tier", {}))
    if product.target_chain_ids and enterprise.chain_id not in product.target_chain_ids:
        found.append(Gap("miss-chain", {}))
    if product.guarantees and str(need.guarantee) not in product.guarantees:
        found.append(Gap("miss-guarantee", {}))
    return tuple(found)


def closest(needs: list[FinancingNeed], products: list[Product], enterprises: dict[int, Enterprise],
            limit: int) -> list[NearMiss]:
    """The best-scoring pairs of the same kind, best first, each with its gaps."""
    scored = []
    for need in needs:
        enterprise = enterprises[need.enterprise_id]
        for product in products:
            points, _ = score(need, product, enterprise)
            if points > 0:
                scored.append((-points, need.id, product.id, NearMiss(need, product, enterprise,
                                                                      gaps(need, product, enterprise))))
    scored.sort(key=lambda row: row[:3])
    return [row[3] for row in scored[:limit]]


async def near_misses(actor: Person, event_id: int | None = None, limit: int = 3) -> list[NearMiss]:
    """For the side the actor is on (rights were checked by the search that found nothing)."""
    if actor.role is Role.staff:
        products = await _products(actor.institution_id)
        candidates = await signed_up(event_id, enterprises=True) if event_id is not None else None
    elif actor.role is Role.enterprise:
        institutions = await signed_up(event_id, enterprises=False) if event_id is not None else None
        products = await _products(institution_ids=institutions)
        candidates = [actor.enterprise_id]
    else:
        return []
    if not products:
        return []
    needs, enterprises = await _needs(candidates, {str(p.kind) for p in products})
    return closest(needs, products, enterprises, limit)
