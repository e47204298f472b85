"""Claim links: an enterprise imported from a roster (no representative in Telegram yet) is claimed by whoever
opens its one-time deep link (t.me/<bot>?start=cl_<code>). As with staff invitations only the code's SHA-256
is stored; whoever opens a live link becomes the representative, and the link dies."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from models.clock import utcnow
from models.enums import Role
from models.errors import Refused
from models.operations.staffing import CODE_BYTES, hash_code
from models.rules.rights import refuse, require_organizer
from models.tables.audit import record
from models.tables.claims import ClaimLink
from models.tables.enterprises import Enterprise
from models.tables.people import Person
from models.unit_of_work import unit_of_work

CHUNK = 500


@dataclass(frozen=True)
class IssuedLink:
    enterprise: Enterprise
    code: str


async def unclaimed(enterprise_ids: list[int] | None = None) -> list[Enterprise]:
    """Enterprises nobody represents in Telegram (of `enterprise_ids`, or all), by name."""
    represented = set(await Person.filter(enterprise_id__isnull=False).values_list("enterprise_id", flat=True))
    query = Enterprise.filter(suspended=False)
    if enterprise_ids is not None:
        query = query.filter(id__in=enterprise_ids)
    return [e for e in await query.order_by("name", "id") if e.id not in represented]


async def issue_claim_links(actor: Person, enterprise_ids: list[int] | None, ttl_days: int) -> list[IssuedLink]:
    """A fresh link per unclaimed enterprise; an enterprise's older unused links stop working."""
    require_organizer(actor, "claim.create")
    targets = await unclaimed(enterprise_ids)
    if enterprise_ids is not None and len(enterprise_ids) == 1 and not targets:
        raise Refused("claim-already-represented")
    issued = [IssuedLink(e, secrets.token_urlsafe(CODE_BYTES)) for e in targets]
    if not issued:
        return []
    now = utcnow()
    async with unit_of_work():
        for start in range(0, len(issued), CHUNK):
            ids = [link.enterprise.id for link in issued[start:start + CHUNK]]
            await ClaimLink.filter(enterprise_id__in=ids, used_by_id=None, revoked_at=None).update(revoked_at=now)
        await ClaimLink.bulk_create(
            [ClaimLink(code_hash=hash_code(link.code), enterprise_id=link.enterprise.id, created_by_id=actor.id,
                       expires_at=now + timedelta(days=ttl_days)) for link in issued], batch_size=CHUNK)
        await record(actor, "claim.create", "enterprise", issued[0].enterprise.id if len(issued) == 1 else 0,
                     after={"links": len(issued), "ttl_days": ttl_days})
    return issued


def _refuse_claiming(actor: Person) -> None:
    if actor.role is Role.organizer:
        raise Refused("claim-organizer")
    if actor.suspended:
        raise Refused("invite-suspended")
    if actor.role is Role.staff:
        raise Refused("claim-staff")
    if actor.enterprise_id is not None:
        raise Refused("enterprise-already-registered")


async def _usable(code: str) -> ClaimLink:
    link = await ClaimLink.get_or_none(code_hash=hash_code(code)) if code else None
    if link is None:
        raise Refused("invite-unknown")
    if link.used_by_id is not None:
        raise Refused("invite-used")
    if link.revoked_at is not None:
        raise Refused("invite-revoked")
    if link.expires_at <= utcnow():
        raise Refused("invite-expired")
    return link


async def accept_claim(actor: Person, code: str) -> Enterprise:
    """Whoever opens a live link becomes the enterprise's representative; the link then dies."""
    link = await _usable(code)
    _refuse_claiming(actor)
    at = utcnow()
    async with unit_of_work():
        taken = await ClaimLink.filter(id=link.id, used_by_id=None, revoked_at=None, expires_at__gt=at).update(
            used_by_id=actor.id, used_at=at)
        if not taken:
            raise Refused("invite-used")
        if await Person.exists(enterprise_id=link.enterprise_id):
            raise Refused("claim-already-represented")
        claimed = await Person.filter(id=actor.id, enterprise_id=None).update(enterprise_id=link.enterprise_id)
        if not claimed:
            raise Refused("enterprise-already-registered")
        await record(actor, "enterprise.claim", "enterprise", link.enterprise_id,
                     after={"person_id": actor.id, "claim_link_id": link.id})
    actor.enterprise_id = link.enterprise_id
    enterprise = await Enterprise.get(id=link.enterprise_id)
    return enterprise


async def claim_link_for(actor: Person, enterprise_id: int, ttl_days: int) -> IssuedLink:
    """One enterprise's link (the button on its card)."""
    if not await Enterprise.exists(id=enterprise_id):
        raise refuse(actor, "claim.create")
    return (await issue_claim_links(actor, [enterprise_id], ttl_days))[0]
