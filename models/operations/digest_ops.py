"""Digest subscriptions (简报订阅): an organizer's scheduled digest to their own chat or a group chat.

A subscription covers, digest after digest, the periods between its occurrences: each digest goes
out at an occurrence `occ` of its rule and covers [covered_until, occ) (the first one: the rule's
period before `occ`). `covered_until` moves to `occ` in the transaction that queues the digest's
outbox rows (keyed `digest:{id}:{occ}`), so a digest is sent once per period, and a restart sends
nothing twice. After downtime only the latest missed occurrence is due: one digest covers the
whole gap (caught up once, not once per missed period). A rule set or a resume at moment `m` makes
no occurrence before `m` due.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from tortoise.expressions import Subquery
from tortoise.queryset import QuerySet

from models.clock import utcnow
from models.errors import Refused
from models.rules.digest_rules import DigestRule, next_occurrence, previous_occurrence
from models.rules.rights import refuse, require_organizer
from models.tables.audit import record
from models.tables.digests import DigestSubscription
from models.tables.people import Person
from models.unit_of_work import DomainEvent, emit, unit_of_work

MAX_PER_PERSON = 10


@dataclass(frozen=True)
class DigestsChanged(DomainEvent):
    """A subscription was made, changed, paused, resumed or ended: the digest jobs are derived anew."""

    subscription_id: int
    reschedules = True


def _rule_fields(rule: DigestRule) -> dict[str, object]:
    return {"frequency": rule.frequency, "weekday": rule.weekday, "day": rule.day,
            "at_minute": rule.at.hour * 60 + rule.at.minute}


def _snapshot(sub: DigestSubscription) -> dict[str, object]:
    return {"chat_id": sub.chat_id, "rule": sub.rule.compact(), "paused": sub.paused, "person": sub.person_id}


async def subscribe(actor: Person, chat_id: int, chat_title: str, rule: DigestRule, language: str,
                    now: datetime | None = None) -> DigestSubscription:
    """Organizers only; for their own chat or a group they are in (the handler passes the chat)."""
    require_organizer(actor, "digest.subscribe")
    now = now or utcnow()
    if await DigestSubscription.filter(person_id=actor.id).count() >= MAX_PER_PERSON:
        raise Refused("digest-too-many", limit=MAX_PER_PERSON)
    if await DigestSubscription.exists(chat_id=chat_id, **_rule_fields(rule)):
        raise Refused("digest-duplicate")
    async with unit_of_work():
        sub = await DigestSubscription.create(person_id=actor.id, chat_id=chat_id, chat_title=chat_title[:100],
                                              language=language, rule_set_at=now, created_at=now,
                                              **_rule_fields(rule))
        await record(actor, "digest.subscribe", "digest_subscription", sub.id, after=_snapshot(sub))
        emit(DigestsChanged(sub.id))
    return sub


async def retitle(chat_id: int, title: str) -> None:
    """A group's subscriptions carry its current name (a group renamed since was listed by its old one)."""
    if chat_id < 0 and title:
        await DigestSubscription.filter(chat_id=chat_id).exclude(chat_title=title[:100]).update(chat_title=title[:100])


async def subscriptions_here(actor: Person, chat_id: int) -> list[DigestSubscription]:
    """In a private chat: the person's own (theirs and the groups they subscribed); in a group: the group's."""
    require_organizer(actor, "digest.list")
    mine = {"person_id": actor.id} if chat_id == actor.tg_id else {"chat_id": chat_id}
    return await DigestSubscription.filter(**mine).select_related("person").order_by("id")


def stopped(sub: DigestSubscription) -> bool:
    """Its organizer is no longer one: nothing is sent until an organizer resumes it (and takes it over)."""
    return not sub.person.is_organizer


async def _own(actor: Person, sub_id: int, chat_id: int, action: str) -> DigestSubscription:
    """A subscription the actor may manage: their own, or (any organizer) one of the chat they are in."""
    require_organizer(actor, action)
    sub = await DigestSubscription.get_or_none(id=sub_id)
    if sub is None:
        raise Refused("digest-gone")
    if sub.person_id != actor.id and sub.chat_id != chat_id:
        raise refuse(actor, action)
    return sub


async def change_rule(actor: Person, sub_id: int, chat_id: int, rule: DigestRule,
                      now: datetime | None = None) -> DigestSubscription:
    sub = await _own(actor, sub_id, chat_id, "digest.change")
    before = _snapshot(sub)
    async with unit_of_work():
        await DigestSubscription.filter(id=sub.id).update(rule_set_at=now or utcnow(), **_rule_fields(rule))
        await sub.refresh_from_db()
        await record(actor, "digest.change", "digest_subscription", sub.id, before=before, after=_snapshot(sub))
        emit(DigestsChanged(sub.id))
    return sub


async def set_paused(actor: Person, sub_id: int, chat_id: int, paused: bool,
                     now: datetime | None = None) -> DigestSubscription:
    """Pause, or resume (from now on: the paused time is covered by the next digest, not caught up).
    Resuming a group's subscription whose organizer is no longer one takes it over."""
    sub = await _own(actor, sub_id, chat_id, "digest.pause")
    before = _snapshot(sub)
    changes: dict[str, object] = {"paused": paused}
    if not paused:
        changes["rule_set_at"] = now or utcnow()
        if sub.person_id != actor.id and not await Person.filter(id=sub.person_id, is_organizer=True).exists():
            changes["person_id"] = actor.id
    async with unit_of_work():
        await DigestSubscription.filter(id=sub.id).update(**changes)
        await sub.refresh_from_db()
        await record(actor, "digest.resume" if not paused else "digest.pause", "digest_subscription", sub.id,
                     before=before, after=_snapshot(sub))
        emit(DigestsChanged(sub.id))
    return sub


async def unsubscribe(actor: Person, sub_id: int, chat_id: int) -> None:
    sub = await _own(actor, sub_id, chat_id, "digest.unsubscribe")
    async with unit_of_work():
        await record(actor, "digest.unsubscribe", "digest_subscription", sub.id, before=_snapshot(sub))
        await sub.delete()
        emit(DigestsChanged(sub.id))


async def move_chat(old_chat_id: int, new_chat_id: int) -> int:
    """A group became a supergroup (Telegram gives it a new id): its subscriptions follow it there.
    Idempotent (Telegram tells both the old and the new chat); returns the subscriptions moved."""
    subs = await DigestSubscription.filter(chat_id=old_chat_id)
    if not subs or old_chat_id == new_chat_id:
        return 0
    async with unit_of_work():
        await DigestSubscription.filter(chat_id=old_chat_id).update(chat_id=new_chat_id)
        for sub in subs:
            await record(None, "digest.chat_migrated", "digest_subscription", sub.id,
                         before={"chat_id": old_chat_id}, after={"chat_id": new_chat_id})
            emit(DigestsChanged(sub.id))
    return len(subs)


async def pause_chat(chat_id: int) -> int:
    """The bot was removed from a group: its subscriptions pause (an organizer resumes them once the bot is
    back), instead of drawing a digest every period for a chat that refuses it. Returns how many paused."""
    subs = await DigestSubscription.filter(chat_id=chat_id, paused=False)
    if not subs:
        return 0
    async with unit_of_work():
        await DigestSubscription.filter(id__in=[sub.id for sub in subs]).update(paused=True)
        for sub in subs:
            await record(None, "digest.pause", "digest_subscription", sub.id, before=_snapshot(sub),
                         after={**_snapshot(sub), "paused": True, "why": "removed-from-chat"})
            emit(DigestsChanged(sub.id))
    return len(subs)


def due_occurrence(sub: DigestSubscription, now: datetime, tz: ZoneInfo) -> datetime | None:
    """The occurrence whose digest is due now (the latest one not yet covered), or None."""
    if sub.paused:
        return None
    occ = previous_occurrence(sub.rule, now, tz)
    if occ < sub.rule_set_at or (sub.covered_until is not None and occ <= sub.covered_until):
        return None
    return occ


def period_of(sub: DigestSubscription, occ: datetime, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """[start, occ): since the last digest; the first one since the rule's occurrence before it was set (a first
    digest caught up after downtime covers every missed period, not only the last)."""
    if sub.covered_until is not None:
        return sub.covered_until, occ
    return previous_occurrence(sub.rule, min(sub.rule_set_at, occ) - _TICK, tz), occ


_TICK = datetime.resolution


def next_run(sub: DigestSubscription, now: datetime, tz: ZoneInfo) -> datetime | None:
    """When the subscription's job runs: now when a digest is due (a catch-up), else the next occurrence."""
    if sub.paused:
        return None
    if due_occurrence(sub, now, tz) is not None:
        return now
    return next_occurrence(sub.rule, now, tz)


def live_subscriptions() -> QuerySet[DigestSubscription]:
    return DigestSubscription.filter(paused=False, person_id__in=Subquery(
        Person.filter(is_organizer=True).values("id")))


async def digest_plan(now: datetime, tz: ZoneInfo) -> list[tuple[int, datetime]]:
    """(subscription, when its job runs) for every active subscription of a person still an organizer
    (a demoted organizer's digests stop; they come back if the person is promoted again)."""
    plan = []
    for sub in await live_subscriptions().order_by("id"):
        when = next_run(sub, now, tz)
        if when is not None:
            plan.append((sub.id, when))
    return plan


async def claim_period(sub: DigestSubscription, occ: datetime) -> bool:
    """Inside the digest's unit of work: move covered_until to `occ` unless another run did (False)."""
    query = DigestSubscription.filter(id=sub.id, paused=False)
    query = query.filter(covered_until__isnull=True) if sub.covered_until is None else \
        query.filter(covered_until=sub.covered_until)
    return bool(await query.update(covered_until=occ))
