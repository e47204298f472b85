"""The programme's figures for a period: one definition for the digest, /report, /paragraph, /progress
and the Excel export. Every figure is an SQL aggregate (COUNT / SUM, grouped), never a Python loop
over rows; every amount is the sum of its ledger rows (models/rules/intent_rules.py).

Definitions (all over the UTC instants [start, end)):
- confirmed / approved / disbursed credit: the sum of the ledger rows of that metric written in the
  period (a confirmed intent taken back writes a negative row, so a figure can fall);
- enterprises with an intent: distinct enterprises of intents confirmed in the period and not taken
  back (rejected, withdrawn) before its end: a past period's count stays, like its credit;
- enterprise-visits (服务企业家次) = check-ins of enterprises in the period;
- sign-ups: enterprises' registrations made in the period (any status since); no-shows:
  registrations marked no-show of events that started in the period;
- events held: events (not drafts, not cancelled) that started in the period, before now;
- the funnel counts distinct enterprises at each step in the period.
`scope` narrows intents (a tortoise Q on intent columns); targets use it (models/reports/targets.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from tortoise.expressions import F, Q, Subquery
from tortoise.functions import Coalesce, Count, Min, Sum

from models.db import concurrently
from models.enums import (
    EventStatus,
    FinancingKind,
    InstitutionKind,
    IntentStatus,
    RegistrationStatus,
    TargetMetric,
    TargetScope,
)
from models.parsers.periods import Span
from models.rules.service_time import calendar_days_at_most, overdue
from models.tables.audit import AuditEntry
from models.tables.chains import Chain
from models.tables.enterprises import Enterprise, FinancingNeed
from models.tables.events import Event, Registration
from models.tables.institutions import Institution, Product
from models.tables.intents import Intent, LedgerEntry
from models.tables.running_totals import PROGRAMME, amounts_by

AMOUNTS = (TargetMetric.confirmed_amount, TargetMetric.approved_amount, TargetMetric.disbursed_amount)
FUNNEL = ("registered", "attended", "proposed", "confirmed", "approved", "disbursed")
NOT_HELD = (EventStatus.draft, EventStatus.cancelled)
# the statuses of an intent that has a confirmed_at: confirm leads only from proposed, and only reject and
# withdraw leave a confirmed intent (models/rules/intent_rules.RULES)
EVER_CONFIRMED = (IntentStatus.confirmed, IntentStatus.approved, IntentStatus.disbursed, IntentStatus.rejected,
                  IntentStatus.withdrawn)


@dataclass(frozen=True)
class KindFigure:
    kind: FinancingKind
    count: int
    amount: int


@dataclass(frozen=True)
class StatusFigure:
    status: IntentStatus
    count: int  # intents in this status now
    amount: int
    new: int  # created in the period, in this status now
    new_amount: int


@dataclass(frozen=True)
class GroupFigure:
    """One institution (its branches folded in) or one chain."""

    id: int
    name: str
    confirmed: int
    approved: int
    disbursed: int
    enterprises: int  # distinct enterprises with an intent confirmed in the period


@dataclass(frozen=True)
class FunnelStep:
    name: str  # one of FUNNEL
    count: int
    rate: int | None  # percent of the step before's enterprises that reached this one (None: first, or 0 before)


@dataclass(frozen=True)
class PeriodFigures:
    start: datetime
    end: datetime
    new_enterprises: int
    needs: tuple[KindFigure, ...]  # new financing needs by kind 股/贷/债/保/担
    events_held: int
    signups: int
    check_ins: int  # = enterprise-visits
    no_shows: int
    intents: tuple[StatusFigure, ...]
    intents_new: int
    intents_changed: int  # transitions (confirm, approve, disburse, reject, withdraw, expire) in the period
    confirmed_amount: int
    approved_amount: int
    disbursed_amount: int
    enterprises_with_intent: int
    bank_enterprises_with_intent: int  # … with a bank (the city document's 与银行达成融资意向)
    bank_confirmed_amount: int
    funnel: tuple[FunnelStep, ...]
    by_institution: tuple[GroupFigure, ...]
    by_chain: tuple[GroupFigure, ...]
    product_institutions: tuple[str, ...]  # institutions with an active product at the end, most products first

    @property
    def needs_amount(self) -> int:
        return sum(item.amount for item in self.needs)

    @property
    def needs_count(self) -> int:
        return sum(item.count for item in self.needs)


def _n(rows: list[dict[str, Any]], name: str = "n") -> int:
    return int(rows[0][name] or 0) if rows else 0


async def ledger_amounts(start: datetime, end: datetime, scope: Q | None = None) -> dict[TargetMetric, int]:
    """The three amounts: one grouped scan of the ledger."""
    where = Q(metric__in=list(AMOUNTS), at__gte=start, at__lt=end)
    if scope is not None:
        where &= Q(intent_id__in=Subquery(Intent.filter(scope).values("id")))
    rows = await LedgerEntry.filter(where).annotate(total=Sum("delta")).group_by("metric").values("metric", "total")
    found = {TargetMetric(row["metric"]): int(row["total"] or 0) for row in rows}
    return {metric: found.get(metric, 0) for metric in AMOUNTS}


def confirmed_in(start: datetime, end: datetime, scope: Q | None = None) -> Any:
    """Intents confirmed in [start, end) and not taken back (rejected, withdrawn: a negative ledger row) before
    `end`: what the period's confirmed credit counts, so a past period's firms stay what its credit says.
    An intent is confirmed once at most and taken back after that, so only the period's take-backs matter;
    naming the statuses lets the index intent(status, confirmed_at, …) be searched, not scanned whole."""
    taken_back = LedgerEntry.filter(metric=TargetMetric.confirmed_amount, delta__lt=0, at__gte=start, at__lt=end) \
        .values("intent_id")
    return Intent.filter(scope or Q(), status__in=list(EVER_CONFIRMED), confirmed_at__gte=start,
                         confirmed_at__lt=end).exclude(id__in=Subquery(taken_back))


async def enterprises_with_intent(start: datetime, end: datetime, scope: Q | None = None) -> int:
    return _n(await confirmed_in(start, end, scope).annotate(n=Count("enterprise_id", distinct=True)).values("n"))


async def enterprise_visits(start: datetime, end: datetime, scope: Q | None = None) -> int:
    return await Registration.filter(scope or Q(), status=RegistrationStatus.checked_in, enterprise_id__isnull=False,
                                     checked_in_at__gte=start, checked_in_at__lt=end).count()


async def _needs(start: datetime, end: datetime) -> tuple[KindFigure, ...]:
    rows = await FinancingNeed.filter(created_at__gte=start, created_at__lt=end).annotate(
        n=Count("id"), total=Sum("amount")).group_by("kind").values("kind", "n", "total")
    found = {FinancingKind(row["kind"]): (int(row["n"]), int(row["total"] or 0)) for row in rows}
    return tuple(KindFigure(kind, *found.get(kind, (0, 0))) for kind in FinancingKind)


async def _intents(start: datetime, end: datetime) -> tuple[StatusFigure, ...]:
    every = await Intent.all().annotate(n=Count("id"), total=Sum("amount")).group_by("status") \
        .values("status", "n", "total")
    new = await Intent.filter(created_at__gte=start, created_at__lt=end).annotate(
        n=Count("id"), total=Sum("amount")).group_by("status").values("status", "n", "total")
    now = {IntentStatus(r["status"]): (int(r["n"]), int(r["total"] or 0)) for r in every}
    fresh = {IntentStatus(r["status"]): (int(r["n"]), int(r["total"] or 0)) for r in new}
    return tuple(StatusFigure(s, *now.get(s, (0, 0)), *fresh.get(s, (0, 0))) for s in IntentStatus)


async def _intents_changed(start: datetime, end: datetime) -> int:
    actions = ["intent.confirm", "intent.reject", "intent.approve", "intent.disburse", "intent.withdraw",
               "intent.expire"]
    return await AuditEntry.filter(entity="intent", action__in=actions, at__gte=start, at__lt=end).count()


async def _funnel(start: datetime, end: datetime) -> tuple[FunnelStep, ...]:
    """Distinct enterprises at each step in the period; a step's rate is the share of the step before's
    enterprises that reached it too (so never above 100 %, though a step may count more enterprises)."""
    def ledger(metric: TargetMetric) -> Any:
        ids = Subquery(LedgerEntry.filter(metric=metric, delta__gt=0, at__gte=start, at__lt=end).values("intent_id"))
        return Intent.filter(id__in=ids)

    queries = [
        Registration.filter(enterprise_id__isnull=False, signed_up_at__gte=start, signed_up_at__lt=end),
        Registration.filter(enterprise_id__isnull=False, checked_in_at__gte=start, checked_in_at__lt=end,
                            status=RegistrationStatus.checked_in),
        Intent.filter(created_at__gte=start, created_at__lt=end),
        confirmed_in(start, end, None),
        ledger(TargetMetric.approved_amount),
        ledger(TargetMetric.disbursed_amount),
    ]
    # the sets are intersected here: as SQL subqueries, PostgreSQL's generic plan for a re-run statement took 33 s
    reached = [set(await query.distinct().values_list("enterprise_id", flat=True)) for query in queries]
    steps = []
    for index, (name, ids) in enumerate(zip(FUNNEL, reached, strict=True)):
        before = reached[index - 1] if index else set()
        steps.append(FunnelStep(name, len(ids), round(100 * len(ids & before) / len(before)) if before else None))
    return tuple(steps)


def _metrics(sums: dict[str, int]) -> dict[TargetMetric, int]:
    return {metric: sums.get(metric.value, 0) for metric in AMOUNTS}


async def _enterprises_by(start: datetime, end: datetime, key: str) -> dict[int, int]:
    rows = await confirmed_in(start, end).annotate(n=Count("enterprise_id", distinct=True)).group_by(key) \
        .values(key, "n")
    return {int(row[key]): int(row["n"]) for row in rows}


def _groups(amounts: dict[int, dict[TargetMetric, int]], firms: dict[int, int],
            names: dict[int, str]) -> tuple[GroupFigure, ...]:
    ids = sorted(set(amounts) | set(firms))
    groups = [GroupFigure(i, names.get(i, "?"), amounts.get(i, {}).get(TargetMetric.confirmed_amount, 0),
                          amounts.get(i, {}).get(TargetMetric.approved_amount, 0),
                          amounts.get(i, {}).get(TargetMetric.disbursed_amount, 0), firms.get(i, 0)) for i in ids]
    # a group whose figures all net to nothing is not shown (the running totals may hold a day's 0 or not)
    groups = [g for g in groups if g.confirmed or g.approved or g.disbursed or g.enterprises]
    return tuple(sorted(groups, key=lambda g: (-g.confirmed, -g.enterprises, g.name)))


async def _by_institution(start: datetime, end: datetime) -> tuple[GroupFigure, ...]:
    """Branches fold into their parent: the few grouped rows are added up, not the ledger."""
    rows = await Institution.all().values_list("id", "parent_id", "name")
    parents = {ident: parent for ident, parent, _name in rows if parent is not None}
    folded: dict[int, dict[TargetMetric, int]] = {}
    for ident, sums in (await amounts_by(TargetScope.institution, start, end, [row[0] for row in rows])).items():
        into = folded.setdefault(parents.get(ident) or ident, {})
        for metric, value in _metrics(sums).items():
            into[metric] = into.get(metric, 0) + value
    # distinct enterprises of a whole bank (an enterprise may deal with two of its branches): grouped by the bank
    counted = await confirmed_in(start, end) \
        .annotate(top=Coalesce("institution__parent_id", F("institution_id"))) \
        .annotate(n=Count("enterprise_id", distinct=True)).group_by("top").values("top", "n")
    firms = {int(row["top"]): int(row["n"]) for row in counted}
    return _groups(folded, firms, {ident: name for ident, _parent, name in rows})


async def _by_chain(start: datetime, end: datetime, language: str) -> tuple[GroupFigure, ...]:
    chains = await Chain.all()
    amounts = await amounts_by(TargetScope.chain, start, end, [chain.id for chain in chains])
    firms = await _enterprises_by(start, end, "enterprise__chain_id")
    return _groups({ident: _metrics(sums) for ident, sums in amounts.items()}, firms,
                   {chain.id: chain.label(language) for chain in chains})


async def _product_institutions(end: datetime) -> tuple[str, ...]:
    rows = await Product.filter(active=True, created_at__lt=end).annotate(n=Count("id")) \
        .group_by("institution_id").values("institution_id", "n")
    parents = dict(await Institution.filter(parent_id__isnull=False).values_list("id", "parent_id"))
    counts: dict[int, int] = {}
    for row in rows:
        top = parents.get(row["institution_id"]) or row["institution_id"]
        counts[top] = counts.get(top, 0) + int(row["n"])
    names = dict(await Institution.filter(id__in=list(counts)).values_list("id", "name"))
    return tuple(names[i] for i in sorted(counts, key=lambda i: (-counts[i], names.get(i, ""))) if i in names)


async def _bank_firms(start: datetime, end: datetime) -> int:
    """Enterprises with an intent with a bank (a branch of a bank is a bank)."""
    bank_ids = list(await Institution.filter(kind=InstitutionKind.bank).values_list("id", flat=True))
    return await enterprises_with_intent(start, end, Q(institution_id__in=bank_ids))


async def _bank_amount(by_institution: tuple[GroupFigure, ...]) -> int:
    """The banks' confirmed credit, from the figures by institution (where branches are folded in)."""
    bank_ids = set(await Institution.filter(kind=InstitutionKind.bank).values_list("id", flat=True))
    return sum(group.confirmed for group in by_institution if group.id in bank_ids)


async def period_figures(start: datetime, end: datetime, now: datetime, language: str = "zh") -> PeriodFigures:
    """Every figure of the period [start, end) (UTC); `now` bounds "events held". The reads are independent:
    they run side by side where the database can (models.db.concurrently)."""
    enterprise_rows = Registration.filter(enterprise_id__isnull=False)
    (sums, firms, intents, by_institution, bank_firms, new_enterprises, needs, events_held, signups, check_ins,
     no_shows, intents_changed, funnel, by_chain, product_institutions) = await concurrently(
        amounts_by(TargetScope.programme, start, end),
        enterprises_with_intent(start, end),
        _intents(start, end),
        _by_institution(start, end),
        _bank_firms(start, end),
        Enterprise.filter(created_at__gte=start, created_at__lt=end).count(),
        _needs(start, end),
        Event.filter(starts_at__gte=start, starts_at__lt=min(end, now)).exclude(status__in=list(NOT_HELD)).count(),
        enterprise_rows.filter(signed_up_at__gte=start, signed_up_at__lt=end).count(),
        enterprise_visits(start, end),
        enterprise_rows.filter(status=RegistrationStatus.no_show, event_id__in=Subquery(
            Event.filter(starts_at__gte=start, starts_at__lt=end).values("id"))).count(),
        _intents_changed(start, end),
        _funnel(start, end),
        _by_chain(start, end, language),
        _product_institutions(end),
    )
    amounts = _metrics(sums.get(PROGRAMME, {}))
    return PeriodFigures(
        start=start, end=end,
        new_enterprises=new_enterprises,
        needs=needs,
        events_held=events_held,
        signups=signups,
        check_ins=check_ins,
        no_shows=no_shows,
        intents=intents,
        intents_new=sum(item.new for item in intents),
        intents_changed=intents_changed,
        confirmed_amount=amounts[TargetMetric.confirmed_amount],
        approved_amount=amounts[TargetMetric.approved_amount],
        disbursed_amount=amounts[TargetMetric.disbursed_amount],
        enterprises_with_intent=firms,
        bank_enterprises_with_intent=bank_firms,
        bank_confirmed_amount=await _bank_amount(by_institution),
        funnel=funnel,
        by_institution=by_institution,
        by_chain=by_chain,
        product_institutions=product_institutions,
    )


async def figures_of(span: Span, tz: ZoneInfo, now: datetime, language: str = "zh") -> PeriodFigures:
    """The figures of whole local days (e.g. `parse_report_period("上月", today)`), for /report and the export."""
    return await period_figures(*span.bounds(tz), now, language)


async def programme_start() -> datetime | None:
    """The first moment anything was recorded (the overview's start); None for an empty programme."""
    firsts = [
        _first(await Enterprise.all().annotate(m=Min("created_at")).values("m")),
        _first(await Intent.all().annotate(m=Min("created_at")).values("m")),
        _first(await Event.exclude(status=EventStatus.draft).annotate(m=Min("starts_at")).values("m")),
        _first(await Registration.all().annotate(m=Min("signed_up_at")).values("m")),
    ]
    found = [moment for moment in firsts if moment is not None]
    return min(found) if found else None


def _first(rows: list[dict[str, Any]]) -> datetime | None:
    return rows[0]["m"] if rows and rows[0]["m"] is not None else None


@dataclass(frozen=True)
class CreditCurve:
    """Cumulative confirmed credit over the programme's period, against its target (if one is set)."""

    start: datetime
    end: datetime
    points: tuple[tuple[datetime, int], ...]  # (bucket end, cumulative confirmed credit by then)
    target: int | None


MAX_BUCKETS = 60


async def credit_curve(start: datetime, end: datetime, now: datetime, target: int | None) -> CreditCurve:
    """At most MAX_BUCKETS equal steps from start to min(end, now): one indexed SUM per step."""
    last = max(start, min(end, now))
    steps = max(1, min(MAX_BUCKETS, (last - start).days or 1))
    width = (last - start) / steps
    points, total, edge = [(start, 0)], 0, start
    for index in range(1, steps + 1):
        upper = last if index == steps else start + width * index
        total += (await ledger_amounts(edge, upper))[TargetMetric.confirmed_amount]
        points.append((upper, total))
        edge = upper
    return CreditCurve(start, end, tuple(points), target)


@dataclass(frozen=True)
class UpcomingEvent:
    id: int
    title: str
    starts_at: datetime
    seats: int
    taken: int  # enterprises registered or checked in
    waitlisted: int


async def upcoming_events(now: datetime, limit: int = 5) -> tuple[UpcomingEvent, ...]:
    """The next open or closed events, with seats taken and waitlists (one grouped count)."""
    events = await Event.filter(status__in=[EventStatus.open, EventStatus.closed], starts_at__gte=now) \
        .order_by("starts_at").limit(limit)
    rows = await Registration.filter(event_id__in=[e.id for e in events], enterprise_id__isnull=False) \
        .annotate(n=Count("id")).group_by("event_id", "status").values("event_id", "status", "n")
    counts = {(row["event_id"], RegistrationStatus(row["status"])): int(row["n"]) for row in rows}
    seated = (RegistrationStatus.registered, RegistrationStatus.checked_in)
    return tuple(UpcomingEvent(e.id, e.title, e.starts_at, e.seats_enterprise,
                               sum(counts.get((e.id, s), 0) for s in seated),
                               counts.get((e.id, RegistrationStatus.waitlisted), 0)) for e in events)


@dataclass(frozen=True)
class Overdue:
    institution: str
    count: int
    amount: int


async def overdue_by_institution(now: datetime, service_days: int, tz: Any) -> tuple[Overdue, ...]:
    """Proposals waiting past the service time, by institution (branches folded into their bank).
    Those older than any span of `service_days` working days are summed in SQL; only the few in between
    are read one by one (the working-day rule needs the date)."""
    proposed = Intent.filter(status=IntentStatus.proposed)
    parents = dict(await Institution.filter(parent_id__isnull=False).values_list("id", "parent_id"))
    found: dict[int, tuple[int, int]] = {}

    def add(institution_id: int, count: int, amount: int) -> None:
        top = parents.get(institution_id) or institution_id
        before = found.get(top, (0, 0))
        found[top] = (before[0] + count, before[1] + amount)

    surely = now - timedelta(days=calendar_days_at_most(service_days))
    for row in await proposed.filter(created_at__lte=surely).annotate(n=Count("id"), total=Sum("amount")) \
            .group_by("institution_id").values("institution_id", "n", "total"):
        add(int(row["institution_id"]), int(row["n"]), int(row["total"] or 0))
    for institution_id, created_at, amount in await proposed.filter(
            created_at__gt=surely, created_at__lte=now - timedelta(days=service_days)) \
            .values_list("institution_id", "created_at", "amount"):
        if overdue(created_at, now, service_days, tz):
            add(institution_id, 1, int(amount))
    names = dict(await Institution.filter(id__in=list(found)).values_list("id", "name"))
    result = [Overdue(names.get(i, "?"), *found[i]) for i in found]
    return tuple(sorted(result, key=lambda o: (-o.count, o.institution)))
