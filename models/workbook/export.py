"""The whole programme as one workbook (/export, `finmatch export FILE`): a sheet per kind of record,
Chinese headers, amounts in 万元. Every sheet is read with one query (plus lookups by id), never per row."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from tortoise import fields
from tortoise.functions import Count
from tortoise.queryset import QuerySet

from models import clock
from models.enums import (
    District,
    EventStatus,
    FinancingKind,
    Guarantee,
    InstitutionKind,
    IntentStatus,
    RegistrationStatus,
    SeriesKind,
    TargetMetric,
    TargetScope,
    Tier,
)
from models.parsers.periods import Span, month_span
from models.reports.figures import figures_of
from models.reports.targets import AMOUNT_METRICS, current_value, progress_of, scope_label
from models.rules.rights import require_organizer
from models.tables.audit import AuditEntry
from models.tables.chains import Chain
from models.tables.enterprises import Enterprise, FinancingNeed
from models.tables.events import Event, Registration
from models.tables.institutions import Institution, Product
from models.tables.intents import Intent, Target
from models.tables.people import Person
from models.workbook.columns import (
    ENTERPRISE_COLUMNS,
    EVENT_COLUMNS,
    FIGURE_COLUMNS,
    HISTORY_COLUMNS,
    INSTITUTION_COLUMNS,
    INTENT_ACTIONS,
    INTENT_COLUMNS,
    NEED_COLUMNS,
    PRODUCT_COLUMNS,
    REGISTRATION_COLUMNS,
    SHEETS,
    TARGET_COLUMNS,
    word,
    words_by_value,
)
from models.workbook.writer import Sheet, wan, workbook

LIST_JOIN = "、"


def words(enum: Any, values: list[str]) -> str:
    return LIST_JOIN.join(word(enum(v)) for v in values if v in enum.__members__)


async def _names(model: Any, field: str = "name") -> dict[int, str]:
    return {r["id"]: r[field] for r in await plain_rows(model.all(), "id", field)}


async def plain_rows(query: QuerySet[Any], *names: str) -> list[dict[str, Any]]:
    """The rows of `query` as dicts of the fields `names`, as the driver hands them over. Tortoise's
    values() runs every value through its field (4 s for the 100,000 intents of the 1 × city); here only
    what a driver leaves undone is converted: SQLite's datetimes and JSON (text) and booleans (0/1)."""
    meta = query.model._meta
    rows = await meta.db.execute_query_dict(query.values(*names).sql(params_inline=True))
    converters = [(n, c) for n in names if (c := _converter(meta.fields_map.get(n))) is not None]
    for row in rows if converters else ():
        for name, convert in converters:
            if row[name] is not None:
                row[name] = convert(row[name])
    return rows


def _converter(field: fields.Field | None) -> Callable[[Any], Any] | None:
    if isinstance(field, fields.DatetimeField):
        return _aware
    if isinstance(field, fields.BooleanField):
        return bool
    if isinstance(field, fields.JSONField):
        return field.to_python_value
    return None


def _aware(value: datetime | str) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


async def _enterprises() -> dict[int, dict[str, Any]]:
    return {e["id"]: e for e in await plain_rows(Enterprise.all(), "id", "name", "uscc")}


async def enterprise_rows() -> list[dict[str, Any]]:
    chains = await _names(Chain)
    counts = dict(await Person.filter(enterprise_id__isnull=False).annotate(n=Count("id")).group_by("enterprise_id")
                  .values_list("enterprise_id", "n"))
    rows = await plain_rows(Enterprise.all().order_by("id"), "id", "name", "uscc", "tier", "chain_id", "district",
                            "contact_name", "phone", "suspended")
    tiers, districts = words_by_value(Tier), words_by_value(District)
    return [{**r, "tier": tiers[r["tier"]], "chain": chains.get(r["chain_id"], ""),
             "district": districts[r["district"]], "representatives": counts.get(r["id"], 0)} for r in rows]


def _district(value: str) -> Any:
    from models.enums import District

    return District(value)


async def need_rows() -> list[dict[str, Any]]:
    enterprises = await _enterprises()
    rows = await plain_rows(FinancingNeed.all().order_by("enterprise_id", "id"), "enterprise_id", "amount", "kind",
                            "term_months", "purpose", "guarantee", "open")
    kinds, guarantees = words_by_value(FinancingKind), words_by_value(Guarantee)
    return [{**r, "uscc": enterprises[r["enterprise_id"]]["uscc"],
             "enterprise": enterprises[r["enterprise_id"]]["name"],
             "kind": kinds[r["kind"]], "guarantee": guarantees[r["guarantee"]]} for r in rows]


async def institution_rows() -> list[dict[str, Any]]:
    rows = await Institution.all().order_by("id").values()
    names = {r["id"]: r["name"] for r in rows}
    # parents first, so an import of this sheet meets each parent before its branches
    rows.sort(key=lambda r: (r["parent_id"] is not None, r["id"]))
    return [{**r, "kind": word(InstitutionKind(r["kind"])), "parent": names.get(r["parent_id"], "")} for r in rows]


async def product_rows() -> list[dict[str, Any]]:
    institutions, chains = await _names(Institution), await _names(Chain)
    rows = await Product.all().order_by("institution_id", "id").values()
    return [{**r, "institution": institutions.get(r["institution_id"], ""), "kind": word(FinancingKind(r["kind"])),
             "target_tiers": words(Tier, r["target_tiers"] or []),
             "target_chains": LIST_JOIN.join(chains[i] for i in r["target_chain_ids"] or [] if i in chains),
             "guarantees": words(Guarantee, r["guarantees"] or [])} for r in rows]


async def event_rows() -> list[dict[str, Any]]:
    chains = await _names(Chain)
    rows = await Event.all().order_by("starts_at", "id").values()
    return [{**r, "kind": word(SeriesKind(r["kind"])), "chain": chains.get(r["chain_id"], ""),
             "status": word(EventStatus(r["status"]))} for r in rows]


async def registration_rows() -> list[dict[str, Any]]:
    events = await _names(Event, "title")
    enterprises = await _enterprises()
    institutions = await _names(Institution)
    rows = await plain_rows(Registration.all().order_by("event_id", "signed_up_at", "id"), "event_id", "enterprise_id",
                            "institution_id", "status", "signed_up_at", "checked_in_at", "walk_in", "rating")
    statuses, result = words_by_value(RegistrationStatus), []
    for r in rows:
        enterprise = enterprises.get(r["enterprise_id"]) if r["enterprise_id"] else None
        result.append({**r, "event": events.get(r["event_id"], ""), "party": "企业" if enterprise else "机构",
                       "name": enterprise["name"] if enterprise else institutions.get(r["institution_id"], ""),
                       "uscc": enterprise["uscc"] if enterprise else "",
                       "status": statuses[r["status"]]})
    return result


async def intent_rows() -> list[dict[str, Any]]:
    enterprises = await _enterprises()
    institutions, products = await _names(Institution), await _names(Product)
    rows = await plain_rows(Intent.all().order_by("id"), "id", "enterprise_id", "institution_id", "product_id", "kind",
                            "amount", "term_months", "approved_amount", "disbursed_amount", "status", "event_id",
                            "created_at", "confirmed_at")
    kinds, statuses = words_by_value(FinancingKind), words_by_value(IntentStatus)
    return [{**r, "enterprise": enterprises[r["enterprise_id"]]["name"],
             "uscc": enterprises[r["enterprise_id"]]["uscc"],
             "institution": institutions.get(r["institution_id"], ""), "product": products.get(r["product_id"], ""),
             "kind": kinds[r["kind"]], "status": statuses[r["status"]]} for r in rows]


def _compact(value: Any) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


async def history_rows() -> list[dict[str, Any]]:
    people = await _names(Person, "full_name")
    rows = await plain_rows(AuditEntry.filter(entity="intent").order_by("entity_id", "at", "id"), "entity_id", "at",
                            "actor_id", "action", "before", "after")
    return [{"intent_id": r["entity_id"], "at": r["at"],
             "actor": people.get(r["actor_id"], "") if r["actor_id"] else "系统",
             "action": INTENT_ACTIONS.get(r["action"], r["action"]),
             "before": _compact(r["before"]), "after": _compact(r["after"])}
            for r in rows]


async def target_rows(tz: ZoneInfo) -> list[dict[str, Any]]:
    """Each target with its figure now (the /progress figures of models/reports/targets.py)."""
    today, amounts = clock.today(tz), {}
    result = []
    for target in await Target.all().order_by("deadline", "id"):
        value = await current_value(target, tz, amounts)
        progress = progress_of(target, value, today)
        money = target.metric in AMOUNT_METRICS
        result.append({
            "metric": word(TargetMetric(target.metric)), "scope": word(TargetScope(target.scope)),
            "scope_name": await scope_label(target, "zh"), "value": wan(target.value) if money else target.value,
            "current": wan(value) if money else value, "percent": progress.percent / 100,
            "unit": "万元" if money else ("家" if target.metric is TargetMetric.enterprises_with_intent else "家次"),
            "starts_on": target.starts_on, "deadline": target.deadline,
        })
    return result


def _figure(group: str, name: str, value: Any, unit: str) -> dict[str, Any]:
    return {"group": group, "name": name, "value": value, "unit": unit}


async def figure_rows(span: Span, tz: ZoneInfo) -> list[dict[str, Any]]:
    """The period's figures (models/reports/figures.py, as the digest and /report count them)."""
    f = await figures_of(span, tz, clock.utcnow())
    rows = [
        _figure("期间", f"{span.first.isoformat()} 至 {span.last.isoformat()}", None, ""),
        _figure("企业", "新登记企业", f.new_enterprises, "家"),
        _figure("企业", "新融资需求", f.needs_count, "项"),
        _figure("企业", "新融资需求金额", wan(f.needs_amount), "万元"),
        _figure("活动", "举办场次", f.events_held, "场"),
        _figure("活动", "企业报名", f.signups, "家次"),
        _figure("活动", "服务企业家次（签到）", f.check_ins, "家次"),
        _figure("活动", "未到场", f.no_shows, "家次"),
        _figure("融资意向", "新增意向", f.intents_new, "项"),
        _figure("融资意向", "状态变更", f.intents_changed, "次"),
        _figure("融资意向", "意向授信金额", wan(f.confirmed_amount), "万元"),
        _figure("融资意向", "授信批复金额", wan(f.approved_amount), "万元"),
        _figure("融资意向", "放款金额", wan(f.disbursed_amount), "万元"),
        _figure("融资意向", "达成意向企业", f.enterprises_with_intent, "家"),
        _figure("融资意向", "与银行达成意向企业", f.bank_enterprises_with_intent, "家"),
        _figure("融资意向", "银行意向授信金额", wan(f.bank_confirmed_amount), "万元"),
    ]
    rows += [_figure("按机构（意向授信）", g.name, wan(g.confirmed), "万元") for g in f.by_institution]
    rows += [_figure("按产业链（意向授信）", g.name, wan(g.confirmed), "万元") for g in f.by_chain]
    return rows


def this_month(tz: ZoneInfo) -> Span:
    today = clock.today(tz)
    return month_span(today.year, today.month)


async def export_workbook(actor: Person | None, tz: ZoneInfo, span: Span | None = None) -> bytes:
    """The workbook's bytes, with the figures of `span` (default: this month). `actor` None: the
    operator at the machine (`finmatch export`)."""
    if actor is not None:
        require_organizer(actor, "workbook.export")
    sheets = [
        Sheet(SHEETS["enterprises"], ENTERPRISE_COLUMNS, await enterprise_rows()),
        Sheet(SHEETS["needs"], NEED_COLUMNS, await need_rows()),
        Sheet(SHEETS["institutions"], INSTITUTION_COLUMNS, await institution_rows()),
        Sheet(SHEETS["products"], PRODUCT_COLUMNS, await product_rows()),
        Sheet(SHEETS["events"], EVENT_COLUMNS, await event_rows()),
        Sheet(SHEETS["registrations"], REGISTRATION_COLUMNS, await registration_rows()),
        Sheet(SHEETS["intents"], INTENT_COLUMNS, await intent_rows()),
        Sheet(SHEETS["history"], HISTORY_COLUMNS, await history_rows()),
        Sheet(SHEETS["targets"], TARGET_COLUMNS, await target_rows(tz)),
        Sheet(SHEETS["figures"], FIGURE_COLUMNS, await figure_rows(span or this_month(tz), tz)),
    ]
    # writing is CPU work: off the event loop, so the bot keeps answering while a big workbook is made
    return await asyncio.to_thread(workbook, sheets, tz)
