"""Importing a workbook (an organizer's upload, `finmatch import FILE`): enterprise rosters upserted by
统一社会信用代码, institutions by name, products by (institution, product name).

Every row is checked first; one refused row refuses the workbook, with a report of every problem, and
changes nothing. A workbook without problems is applied in one transaction with bulk statements (a few
queries per thousand rows, never one per row), with an audit line for each record created or changed."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tortoise.exceptions import IntegrityError

from models.enums import District, InstitutionKind, Tier
from models.rules.rights import require_organizer
from models.tables.audit import AuditEntry, record
from models.tables.chains import Chain
from models.tables.enterprises import Enterprise
from models.tables.institutions import Institution, Product
from models.tables.people import Person
from models.unit_of_work import unit_of_work
from models.workbook.reader import Problem, ReadBook, SheetRows, WorkbookRefused, read_workbook
from models.workbook.rows import Chains, RowRefused, enterprise_facts, institution_facts, product_facts, refused

CHUNK = 1_000
ENTERPRISE_FIELDS = ("name", "tier", "chain_id", "district", "contact_name", "phone")
PRODUCT_FIELDS = ("kind", "min_amount", "max_amount", "min_term_months", "max_term_months", "rate_text",
                  "target_tiers", "target_chain_ids", "guarantees", "conditions", "active")
PRODUCT_DEFAULTS = {"min_term_months": 1, "max_term_months": 360, "rate_text": "", "target_tiers": [],
                    "target_chain_ids": [], "guarantees": [], "conditions": "", "active": True}


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class ImportResult:
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, Counts] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    applied: bool = False
    new_enterprise_ids: list[int] = field(default_factory=list)


@dataclass
class Plan:
    """What the workbook states, keyed as it is upserted, with each key's first row number."""

    institutions: dict[str, tuple[int, dict[str, Any]]] = field(default_factory=dict)
    enterprises: dict[str, tuple[int, dict[str, Any]]] = field(default_factory=dict)
    products: dict[tuple[str, str], tuple[int, dict[str, Any]]] = field(default_factory=dict)


async def import_workbook(actor: Person | None, data: bytes) -> ImportResult:
    """Check, then apply all or nothing. `actor` None: the operator at the machine (`finmatch import`)."""
    if actor is not None:
        require_organizer(actor, "workbook.import")
    try:
        book = await asyncio.to_thread(read_workbook, data)  # parsing is CPU work: off the event loop
    except WorkbookRefused as refusal:
        return ImportResult(problems=[Problem("", 0, "", refusal.key, refusal.details)])
    result = ImportResult(problems=list(book.problems), skipped=book.skipped)
    plan = await _plan(book, result.problems)
    if not result.problems and not (plan.enterprises or plan.institutions or plan.products):
        result.problems.append(Problem("", 0, "", "no-rows"))
    if result.problems:
        result.problems.sort(key=lambda p: (p.sheet, p.row))  # the report reads top to bottom
        return result
    try:
        async with unit_of_work():
            result.counts["institutions"] = await _apply_institutions(actor, plan)
            result.counts["enterprises"], result.new_enterprise_ids = await _apply_enterprises(actor, plan)
            result.counts["products"] = await _apply_products(actor, plan)
            await record(actor, "workbook.import", "workbook", 0,
                         after={kind: counts.__dict__ for kind, counts in result.counts.items()})
    except IntegrityError:  # the same records were created meanwhile (another import, a registration)
        return ImportResult(problems=[Problem("", 0, "", "conflict")], skipped=book.skipped)
    result.applied = True
    return result


# ------------------------------------------------------------------ checking


async def _plan(book: ReadBook, problems: list[Problem]) -> Plan:
    chains = Chains(await Chain.all().values_list("id", "name", "name_en"))
    plan = Plan()
    order = {"institutions": 0, "enterprises": 1, "products": 2}
    for sheet in sorted(book.sheets, key=lambda s: order[s.kind]):
        if sheet.kind == "institutions":
            _collect(sheet, problems, plan.institutions, lambda s, c: institution_facts(s, c), lambda f: f["name"])
        elif sheet.kind == "enterprises":
            _collect(sheet, problems, plan.enterprises, lambda s, c: enterprise_facts(s, c, chains),
                     lambda f: f["uscc"])
        else:
            _collect(sheet, problems, plan.products, lambda s, c: product_facts(s, c, chains),
                     lambda f: (f["institution"], f["name"]))
    await _check_new_enterprises(plan, problems)
    await _check_institutions(plan, problems)
    await _check_products(plan, problems)
    return plan


def _collect(sheet: SheetRows, problems: list[Problem], into: dict[Any, tuple[int, dict[str, Any]]],
             parse: Callable[[SheetRows, list[Any]], dict[str, Any]], key: Callable[[dict[str, Any]], Any]) -> None:
    for number, cells in sheet.rows:
        try:
            facts = parse(sheet, cells)
        except RowRefused as error:
            problems.append(refused(sheet, number, error))
            continue
        first = into.get(key(facts))
        if first is not None:
            shown = key(facts) if isinstance(key(facts), str) else " / ".join(key(facts))
            problems.append(Problem(sheet.title, number, shown, "duplicate", {"row": first[0]}))
            continue
        into[key(facts)] = (number, {**facts, "_sheet": sheet.title})


async def _existing(model: Any, column: str, keys: list[Any]) -> dict[Any, Any]:
    found: dict[Any, Any] = {}
    for start in range(0, len(keys), CHUNK):
        for row in await model.filter(**{f"{column}__in": keys[start:start + CHUNK]}):
            found[getattr(row, column)] = row
    return found


async def _check_new_enterprises(plan: Plan, problems: list[Problem]) -> None:
    """A new enterprise needs a chain and a district (a roster without them can update, not create)."""
    existing = await _existing(Enterprise, "uscc", list(plan.enterprises))
    for uscc, (number, facts) in plan.enterprises.items():
        facts["_existing"] = existing.get(uscc)
        if facts["_existing"] is None:
            for key in ("chain_id", "district"):
                if facts[key] is None:
                    problems.append(Problem(facts["_sheet"], number, uscc, f"new-needs-{key}"))


async def _check_institutions(plan: Plan, problems: list[Problem]) -> None:
    existing = await _existing(Institution, "name", list(plan.institutions))
    known = set(existing) | set(plan.institutions)
    for name, (number, facts) in plan.institutions.items():
        facts["_existing"] = existing.get(name)
        if facts["_existing"] is None and facts["kind"] is None:
            problems.append(Problem(facts["_sheet"], number, name, "new-needs-kind"))
        parent = facts["parent"]
        if parent and parent not in known and not await Institution.exists(name=parent):
            problems.append(Problem(facts["_sheet"], number, parent, "unknown-parent"))
        if parent == name:
            problems.append(Problem(facts["_sheet"], number, parent, "unknown-parent"))


async def _check_products(plan: Plan, problems: list[Problem]) -> None:
    institutions = await _existing(Institution, "name", sorted({i for i, _ in plan.products}))
    for (institution, name), (number, facts) in plan.products.items():
        if institution not in institutions and institution not in plan.institutions:
            problems.append(Problem(facts["_sheet"], number, institution, "unknown-institution"))
            continue
        current = None
        if institution in institutions:
            current = await Product.filter(institution_id=institutions[institution].id,
                                           name=name).order_by("id").first()
        facts["_existing"] = current
        merged = {k: facts[k] if facts[k] is not None else getattr(current, k, None) for k in
                  ("kind", "min_amount", "max_amount", "min_term_months", "max_term_months")}
        if merged["kind"] is None or merged["min_amount"] is None or merged["max_amount"] is None:
            problems.append(Problem(facts["_sheet"], number, name, "new-product-needs"))
        elif merged["min_amount"] > merged["max_amount"] or (merged["min_term_months"] or 1) > (
                merged["max_term_months"] or 360):
            problems.append(Problem(facts["_sheet"], number, name, "range-reversed"))


# ------------------------------------------------------------------ applying


def _changes(row: Any, facts: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    """The stated facts that differ from the row's (an empty cell states nothing)."""
    return {name: facts[name] for name in names
            if facts.get(name) is not None and getattr(row, name) != facts[name]}


async def _audit_rows(rows: list[AuditEntry]) -> None:
    await AuditEntry.bulk_create(rows, batch_size=CHUNK)


def _audit(actor: Person | None, action: str, entity: str, entity_id: int, before: dict[str, Any] | None,
           after: dict[str, Any]) -> AuditEntry:
    return AuditEntry(actor_id=actor.id if actor else None, action=action, entity=entity, entity_id=entity_id,
                      before=before, after={k: _json(v) for k, v in after.items()})


def _json(value: Any) -> Any:
    return str(value) if isinstance(value, Tier | District | InstitutionKind) else value


async def _apply_institutions(actor: Person | None, plan: Plan) -> Counts:
    counts, audit = Counts(), []
    for name, (_, facts) in plan.institutions.items():  # a handful: one by one, parents first
        row: Institution | None = facts["_existing"] or await Institution.get_or_none(name=name)
        if row is None:
            row = await Institution.create(name=name, kind=InstitutionKind(facts["kind"]))
            counts.created += 1
            audit.append(_audit(actor, "institution.import", "institution", row.id, None,
                                {"name": name, "kind": facts["kind"]}))
        facts["_row"] = row
    for _, facts in plan.institutions.values():  # then each one's parent, which may be later in the sheet
        row = facts["_row"]
        wanted: dict[str, Any] = {"kind": facts["kind"]} if facts["kind"] else {}
        if facts["parent"]:
            wanted["parent_id"] = (await Institution.get(name=facts["parent"])).id
        change = {k: v for k, v in wanted.items() if getattr(row, k) != v}
        if change:
            before = {k: _json(getattr(row, k)) for k in change}
            await Institution.filter(id=row.id).update(**change)
            audit.append(_audit(actor, "institution.import", "institution", row.id, before, change))
        if facts["_existing"] is not None:
            counts.updated += bool(change)
            counts.unchanged += not change
    await _audit_rows(audit)
    return counts


async def _apply_enterprises(actor: Person | None, plan: Plan) -> tuple[Counts, list[int]]:
    counts, created, changed, audit = Counts(), [], [], []
    for uscc, (_, facts) in plan.enterprises.items():
        row: Enterprise | None = facts["_existing"]
        if row is None:
            created.append(Enterprise(uscc=uscc, name=facts["name"], tier=Tier(facts["tier"] or "other"),
                                      chain_id=facts["chain_id"], district=District(facts["district"]),
                                      contact_name=facts["contact_name"] or "", phone=facts["phone"] or ""))
            continue
        change = _changes(row, facts, ENTERPRISE_FIELDS)
        if not change:
            counts.unchanged += 1
            continue
        before = {k: _json(getattr(row, k)) for k in change}
        for name, value in change.items():
            setattr(row, name, {"tier": Tier, "district": District}.get(name, lambda v: v)(value))
        changed.append(row)
        audit.append(_audit(actor, "enterprise.import", "enterprise", row.id, before, change))
    await Enterprise.bulk_create(created, batch_size=CHUNK)
    if changed:
        await Enterprise.bulk_update(changed, fields=list(ENTERPRISE_FIELDS), batch_size=CHUNK // 2)
    new_ids = await _ids_of([e.uscc for e in created])
    for enterprise in created:
        audit.append(_audit(actor, "enterprise.import", "enterprise", new_ids[enterprise.uscc], None,
                            {k: _json(getattr(enterprise, k)) for k in ("name", "uscc", *ENTERPRISE_FIELDS[1:])}))
    await _audit_rows(audit)
    counts.created, counts.updated = len(created), len(changed)
    return counts, sorted(new_ids.values())


async def _ids_of(codes: list[str]) -> dict[str, int]:
    ids: dict[str, int] = {}
    for start in range(0, len(codes), CHUNK):
        ids.update(dict(await Enterprise.filter(uscc__in=codes[start:start + CHUNK]).values_list("uscc", "id")))
    return ids


async def _apply_products(actor: Person | None, plan: Plan) -> Counts:
    counts, audit = Counts(), []
    institutions = dict(await Institution.filter(name__in=sorted({i for i, _ in plan.products}))
                        .values_list("name", "id"))
    for (institution, name), (_, facts) in plan.products.items():
        row: Product | None = facts.get("_existing")
        if row is None:
            values = {k: facts[k] if facts[k] is not None else PRODUCT_DEFAULTS.get(k) for k in PRODUCT_FIELDS}
            product = await Product.create(institution_id=institutions[institution], name=name, **values)
            counts.created += 1
            audit.append(_audit(actor, "product.import", "product", product.id, None, {"name": name, **values}))
            continue
        change = _changes(row, facts, PRODUCT_FIELDS)
        if not change:
            counts.unchanged += 1
            continue
        before = {k: _json(getattr(row, k)) for k in change}
        await Product.filter(id=row.id).update(**change)
        counts.updated += 1
        audit.append(_audit(actor, "product.import", "product", row.id, before, change))
    await _audit_rows(audit)
    return counts
