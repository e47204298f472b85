"""Matching: how well an enterprise's financing need fits an institution's product, and why.

Scoring is a pure function (kind must agree; amount, term, tier, chain and guarantee each add
points); the queries gather the needs and products to score for one side, within an event
(the parties signed up for it) or across the programme.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from models.enums import RegistrationStatus, Role
from models.rules.rights import refuse
from models.tables.enterprises import Enterprise, FinancingNeed
from models.tables.events import Event, Registration
from models.tables.institutions import Institution, Product
from models.tables.people import Person

WEIGHTS = {"kind": 30, "amount": 25, "term": 15, "tier": 10, "chain": 10, "guarantee": 10}
MIN_SCORE = 55  # kind plus amount at least, or kind plus most of the rest
ATTENDING = (RegistrationStatus.registered, RegistrationStatus.checked_in)


@dataclass(frozen=True)
class Fit:
    """One suggestion: a need and a product, the score (0-100) and the reasons (catalogue keys)."""

    need: FinancingNeed
    product: Product
    enterprise: Enterprise
    score: int
    reasons: tuple[str, ...]


def _in_range(value: int, low: int, high: int) -> bool:
    return low <= value <= high


def score(need: FinancingNeed, product: Product, enterprise: Enterprise) -> tuple[int, tuple[str, ...]]:
    """Points and the reasons that earned them; a different kind of financing scores 0."""
    if need.kind != product.kind:
        return 0, ()
    checks = {
        "kind": True,
        "amount": _in_range(need.amount, product.min_amount, product.max_amount),
        "term": _in_range(need.term_months, product.min_term_months, product.max_term_months),
        "tier": str(enterprise.tier) in product.target_tiers,
        "chain": enterprise.chain_id in product.target_chain_ids,
        "guarantee": str(need.guarantee) in product.guarantees,
    }
    open_to_all = {"tier": not product.target_tiers, "chain": not product.target_chain_ids,
                   "guarantee": not product.guarantees}
    points = sum(WEIGHTS[name] for name, ok in checks.items() if ok)
    points += sum(WEIGHTS[name] // 2 for name, ok in open_to_all.items() if ok)
    reasons = tuple(f"match-{name}" for name, ok in checks.items() if ok)
    return points, reasons


def best_fits(needs: list[FinancingNeed], products: list[Product], enterprises: dict[int, Enterprise],
              limit: int) -> list[Fit]:
    """The best pairs, at most one per (enterprise, product), best first."""
    best: dict[tuple[int, int], Fit] = {}
    for need in needs:
        enterprise = enterprises[need.enterprise_id]
        for product in products:
            points, reasons = score(need, product, enterprise)
            key = (enterprise.id, product.id)
            if points >= MIN_SCORE and (key not in best or best[key].score < points):
                best[key] = Fit(need, product, enterprise, points, reasons)
    return sorted(best.values(), key=lambda f: (-f.score, -f.need.amount, f.enterprise.id, f.product.id))[:limit]


async def _products(institution_id: int | None = None, institution_ids: list[int] | None = None) -> list[Product]:
    query = Product.filter(active=True, institution__suspended=False)
    if institution_id is not None:
        query = query.filter(institution_id=institution_id)
    if institution_ids is not None:
        query = query.filter(institution_id__in=institution_ids)
    return await query.prefetch_related("institution").order_by("id")


async def _needs(enterprise_ids: list[int] | None, kinds: set[str]) -> tuple[list[FinancingNeed], dict]:
    query = FinancingNeed.filter(open=True, kind__in=list(kinds), enterprise__suspended=False)
    if enterprise_ids is not None:
        query = query.filter(enterprise_id__in=enterprise_ids)
    needs = await query.order_by("-amount").limit(5000)
    ids = {need.enterprise_id for need in needs}
    enterprises = {e.id: e for e in await Enterprise.filter(id__in=list(ids))}
    return needs, enterprises


async def signed_up(event_id: int, *, enterprises: bool) -> list[int]:
    field = "enterprise_id" if enterprises else "institution_id"
    rows = await Registration.filter(event_id=event_id, status__in=ATTENDING, **{f"{field}__isnull": False}) \
        .values_list(field, flat=True)
    return [int(row) for row in rows]


async def enterprises_for_staff(actor: Person, event_id: int | None = None, limit: int = 8) -> list[Fit]:
    """The enterprises whose needs best fit the actor's institution's products (at an event: signed up)."""
    if actor.role is not Role.staff:
        raise refuse(actor, "matches.institution")
    if event_id is not None and actor.institution_id not in await signed_up(event_id, enterprises=False):
        raise refuse(actor, "matches.event")
    products = await _products(actor.institution_id)
    if not products:
        return []
    candidates = await signed_up(event_id, enterprises=True) if event_id is not None else None
    needs, enterprises = await _needs(candidates, {str(p.kind) for p in products})
    return best_fits(needs, products, enterprises, limit)


async def products_for_enterprise(actor: Person, event_id: int | None = None, limit: int = 8) -> list[Fit]:
    """The products that best fit the actor's enterprise's open needs (at an event: of institutions there)."""
    if actor.role is not Role.enterprise:
        raise refuse(actor, "matches.enterprise")
    if event_id is not None and actor.enterprise_id not in await signed_up(event_id, enterprises=True):
        raise refuse(actor, "matches.event")
    institutions = await signed_up(event_id, enterprises=False) if event_id is not None else None
    products = await _products(institution_ids=institutions)
    needs, enterprises = await _needs([actor.enterprise_id], {str(p.kind) for p in products})
    return best_fits(needs, products, enterprises, limit)


async def upcoming_events_of(actor: Person, now: datetime, limit: int = 5) -> list[Event]:
    """Events not yet started that the actor's enterprise or institution is signed up for."""
    if actor.role is Role.enterprise:
        party = {"registrations__enterprise_id": actor.enterprise_id}
    elif actor.role is Role.staff:
        party = {"registrations__institution_id": actor.institution_id}
    else:
        return []
    return await Event.filter(starts_at__gt=now, registrations__status__in=ATTENDING, **party) \
        .exclude(status="cancelled").distinct().order_by("starts_at").limit(limit)


async def institution_name(institution_id: int) -> str:
    institution = await Institution.get_or_none(id=institution_id)
    return institution.name if institution else "?"
