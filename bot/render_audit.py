"""The audit trail in words: actions, fields and values in the reader's language (catalogue keys
`audit-action-*`, `audit-field-*`, `audit-entity-*`), enum values by their labels, and the parties,
institutions, chains and events a row names by their names. Codes nobody has words for yet show as stored."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from bot.context import BotContext
from bot.render import rule_text
from bot.render_institutions import ISO_TIME
from models.parsers.money import format_amount
from models.reports.target_figures import AMOUNT_METRICS
from models.rules.digest_rules import DigestRule, RuleError
from models.tables.audit import AuditEntry
from models.tables.chains import Chain
from models.tables.enterprises import Enterprise
from models.tables.events import Event
from models.tables.institutions import Institution
from notices.i18n import Html, message_ids

MAX_VALUE = 40
MAX_DIFF_LINES = 6
HIDDEN = frozenset({"version"})  # bookkeeping of the optimistic lock, not a change anyone made
# fields whose values are labels of a closed vocabulary: field -> catalogue prefix
LABELS = {"tier": "tier-", "district": "district-", "guarantee": "guarantee-", "staff_status": "staff-status-",
          "metric": "target-metric-", "scope": "target-scope-", "why": "audit-why-"}
STATUS_LABELS = {"intent": "intent-status-", "meeting": "meeting-status-", "event": "event-status-",
                 "registration": "registration-"}
ID_FIELDS = {"institution_id": "institution", "parent_id": "institution", "enterprise_id": "enterprise",
             "chain_id": "chain", "event": "event", "event_id": "event"}


class Names:
    """Names of the rows a page of entries refers to, fetched in one query per kind."""

    def __init__(self) -> None:
        self.ids: dict[str, set[int]] = {"institution": set(), "enterprise": set(), "chain": set(), "event": set()}
        self.names: dict[tuple[str, int], str] = {}

    def want(self, kind: str, value: Any) -> None:
        if isinstance(value, int) and not isinstance(value, bool):
            self.ids[kind].add(value)

    async def fetch(self) -> None:
        for kind, model, column in (("institution", Institution, "name"), ("enterprise", Enterprise, "name"),
                                    ("chain", Chain, "name"), ("event", Event, "title")):
            if self.ids[kind]:
                rows = await model.filter(id__in=list(self.ids[kind])).values_list("id", column)
                self.names.update({(kind, row_id): name for row_id, name in rows})

    def of(self, kind: str, value: Any) -> str:
        return self.names.get((kind, value), f"#{value}") if value is not None else "—"


def _parts(value: Any) -> tuple[int | None, list[tuple[str, int]]]:
    """'2:e1' (a party) or '2:3:4' (a meeting's pair): the event and the (kind, id) of each party."""
    pieces = str(value).split(":")
    if len(pieces) == 2 and pieces[1][:1] in ("e", "i") and pieces[1][1:].isdigit() and pieces[0].isdigit():
        return int(pieces[0]), [("enterprise" if pieces[1][0] == "e" else "institution", int(pieces[1][1:]))]
    if len(pieces) == 3 and all(p.isdigit() for p in pieces):
        return int(pieces[0]), [("enterprise", int(pieces[1])), ("institution", int(pieces[2]))]
    return None, []


def _collect(entries: Iterable[AuditEntry], names: Names) -> None:
    for entry in entries:
        for side in (entry.before or {}, entry.after or {}):
            for key, value in side.items():
                if key in ID_FIELDS:
                    names.want(ID_FIELDS[key], value)
                elif key in ("party", "pair"):
                    event_id, parties = _parts(value)
                    names.want("event", event_id)
                    for kind, party_id in parties:
                        names.want(kind, party_id)


def _label(ctx: BotContext, key: str, fallback: str, **args: Any) -> str:
    return ctx.t(key, **args) if key in message_ids("zh") else fallback


def action_words(ctx: BotContext, action: str) -> str:
    key = "audit-action-" + action.replace(".", "-").replace("_", "-")
    head, _, field = action.rpartition(".")
    if key not in message_ids("zh") and head in ("event.edit", "enterprise.edit"):
        return _label(ctx, f"audit-action-{head.replace('.', '-')}", action, field=field_words(ctx, field))
    return _label(ctx, key, action)


def field_words(ctx: BotContext, field: str, entity: str = "") -> str:
    """The field's words; `audit-field-<entity>-<field>` where one entity means something else by it."""
    own = f"audit-field-{entity}-{field}".replace("_", "-")
    return _label(ctx, own, "") or _label(ctx, "audit-field-" + field.replace("_", "-"), field)


def value_words(ctx: BotContext, entity: str, key: str, value: Any, names: Names) -> str:
    if value is None or value == "—":
        return "—"
    if isinstance(value, bool):
        return ctx.t("audit-yes" if value else "audit-no")
    if key in ID_FIELDS:
        return names.of(ID_FIELDS[key], value)
    if key in ("party", "pair"):
        _, parties = _parts(value)
        return " × ".join(names.of(kind, party_id) for kind, party_id in parties) or str(value)
    prefix = STATUS_LABELS.get(entity) if key == "status" else LABELS.get(key)
    if key == "kind":
        prefix = "inst-kind-" if entity == "institution" else "kind-"
    if prefix and isinstance(value, str):
        return _label(ctx, prefix + value, value)
    if key in ("target_tiers", "guarantees") and isinstance(value, list):
        label = "tier-" if key == "target_tiers" else "guarantee-"
        return "、".join(_label(ctx, label + str(v), str(v)) for v in value) or "—"
    if isinstance(value, int) and "amount" in key:
        return format_amount(value, ctx.lang)
    if entity == "digest_subscription" and key == "rule" and isinstance(value, str):
        return _digest_rule(ctx, value)
    if key == "chat_id" and isinstance(value, int):
        return ctx.t("digest-where-private") if value > 0 else ctx.t("digest-where-group", title=str(value))
    if isinstance(value, str) and ISO_TIME.match(value):
        return datetime.fromisoformat(value).astimezone(ctx.settings.tz).strftime("%Y-%m-%d %H:%M")
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _digest_rule(ctx: BotContext, compact: str) -> str:
    try:
        return rule_text(ctx, DigestRule.from_compact(compact))
    except RuleError:
        return compact


def _amount_target(entry: AuditEntry) -> bool:
    """A target whose value is money (yuan), not a count."""
    metric = (entry.after or entry.before or {}).get("metric")
    return entry.entity == "target" and metric in {str(m) for m in AMOUNT_METRICS}


def _short(text: str) -> str:
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 1] + "…"


def _diff(ctx: BotContext, entry: AuditEntry, names: Names) -> list[str]:
    before, after = entry.before or {}, entry.after or {}
    keys = [k for k in dict.fromkeys([*before, *after]) if before.get(k) != after.get(k) and k not in HIDDEN]
    money = _amount_target(entry)

    def shown(key: str, value: Any) -> str:
        if money and key == "value" and isinstance(value, int):
            return format_amount(value, ctx.lang)
        return _short(value_words(ctx, entry.entity, key, value, names))

    lines = [ctx.t("audit-change-words", field=field_words(ctx, k, entry.entity), before=shown(k, before.get(k)),
                   after=shown(k, after.get(k)))
             for k in keys[:MAX_DIFF_LINES]]
    if len(keys) > MAX_DIFF_LINES:
        lines.append(f"(+{len(keys) - MAX_DIFF_LINES})")
    return lines


async def audit_lines(ctx: BotContext, entries: list[AuditEntry]) -> list[str]:
    """One block per entry: when, who, what (in words), and what changed (before → after, in words)."""
    names = Names()
    _collect(entries, names)
    await names.fetch()
    blocks = []
    for entry in entries:
        actor = entry.actor.full_name if entry.actor else ctx.t("audit-system")
        head = ctx.t("audit-entry", at=entry.at.astimezone(ctx.settings.tz).strftime("%Y-%m-%d %H:%M"),
                     actor=actor, action=action_words(ctx, entry.action),
                     entity=_label(ctx, f"audit-entity-{entry.entity.replace('_', '-')}", entry.entity),
                     id=str(entry.entity_id))
        changes = "\n".join(ctx.t("audit-change", change=Html(line)) for line in _diff(ctx, entry, names))
        blocks.append(head + ("\n" + changes if changes else ""))
    return blocks
