"""How intents, matches and progress read in chat (Telegram HTML), by language."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from models.enums import IntentStatus
from models.parsers.money import WAN, format_amount
from models.reports.targets import AMOUNT_METRICS, Progress
from models.rules.intent_rules import allowed_actions, awaits_enterprise
from models.rules.matching import Fit
from models.rules.near_misses import NearMiss
from models.tables.enterprises import Enterprise
from models.tables.intents import Intent
from models.tables.people import Person
from notices.i18n import t

BAR_WIDTH = 10
ACTION_CODES = {"confirm": "c", "adjust": "a", "reject": "r", "approve": "ap", "disburse": "d", "withdraw": "w"}


def money(amount: int | None, lang: str) -> str:
    return format_amount(amount, lang) if amount is not None else "—"


def contact_line(enterprise: Enterprise, lang: str) -> str:
    """The enterprise's contact person and phone: only for whom models.rules.rights.may_see_contacts allows."""
    return "\n" + t(lang, "contact-line", name=enterprise.contact_name, phone=enterprise.phone)


def intent_card(intent: Intent, lang: str, *, contacts: bool = False) -> str:
    """The intent in full; `intent` must have its enterprise and institution fetched."""
    reason = t(lang, "intent-reason", reason=intent.reason) if intent.reason else ""
    reason += contact_line(intent.enterprise, lang) if contacts else ""
    return t(
        lang, "intent-card", id=str(intent.id), status=t(lang, f"intent-status-{intent.status}"),
        enterprise=intent.enterprise.name, institution=intent.institution.name,
        kind=t(lang, f"kind-{intent.kind}"), amount=money(intent.amount, lang),
        term=str(intent.term_months) if intent.term_months else "—",
        approved=money(intent.approved_amount, lang), disbursed=money(intent.disbursed_amount, lang),
    ) + reason


def intent_line(intent: Intent, lang: str, number: int) -> str:
    return t(lang, "intent-line", number=str(number), id=str(intent.id), enterprise=intent.enterprise.name,
             institution=intent.institution.name, amount=money(intent.amount, lang),
             kind=t(lang, f"kind-{intent.kind}"), status=t(lang, f"intent-status-{intent.status}"))


def intent_buttons(actor: Person, intent: Intent, lang: str) -> InlineKeyboardMarkup | None:
    """The actions this person may take now; each button carries the version it was shown at."""
    actions = allowed_actions(actor, intent)
    by_enterprise = awaits_enterprise(intent) and actor.enterprise_id == intent.enterprise_id
    if "confirm" in actions and not by_enterprise:
        actions.insert(actions.index("confirm") + 1, "adjust")
    labels = {"reject": "btn-intent-decline"} if by_enterprise else {}
    buttons = [InlineKeyboardButton(t(lang, labels.get(action, f"btn-intent-{action}")),
                                    callback_data=f"i:{ACTION_CODES[action]}:{intent.id}:{intent.version}")
               for action in actions]
    if actor.is_organizer and intent.status is IntentStatus.proposed and not awaits_enterprise(intent):
        buttons.append(InlineKeyboardButton(t(lang, "btn-intent-route"), callback_data=f"ir:l:{intent.id}"))
    rows = [buttons[i:i + 2] for i in range(0, len(buttons), 2)]
    return InlineKeyboardMarkup(rows) if rows else None


def open_button(intent_id: int, lang: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(t(lang, "btn-intent-open"), callback_data=f"i:v:{intent_id}")]])


def fit_line(fit: Fit, lang: str, number: int, *, for_staff: bool, contacts: bool = False) -> str:
    need = fit.need
    reasons = " · ".join(t(lang, reason) for reason in fit.reasons)
    head = fit.enterprise.name if for_staff else f"{fit.product.institution.name} · {fit.product.name}"
    return t(lang, "match-line", number=str(number), head=head, amount=money(need.amount, lang),
             kind=t(lang, f"kind-{need.kind}"), term=str(need.term_months), score=str(fit.score), reasons=reasons) \
        + (contact_line(fit.enterprise, lang) if contacts else "")


def near_miss_line(miss: NearMiss, lang: str, number: int, *, for_staff: bool) -> str:
    need = miss.need
    head = miss.enterprise.name if for_staff else f"{miss.product.institution.name} · {miss.product.name}"
    why = t(lang, "miss-separator").join(t(lang, gap.key, **gap.args) for gap in miss.gaps)
    return t(lang, "near-miss-line", number=str(number), head=head, amount=money(need.amount, lang),
             kind=t(lang, f"kind-{need.kind}"), term=str(need.term_months), why=why or t(lang, "miss-score"))


def progress_bar(percent: int) -> str:
    filled = max(0, min(BAR_WIDTH, percent * BAR_WIDTH // 100))
    return "▓" * filled + "░" * (BAR_WIDTH - filled)


def figure(metric: str, value: int, lang: str) -> str:
    if metric in AMOUNT_METRICS:
        return format_amount(value, lang)
    return t(lang, f"target-unit-{metric}", count=value)


def _pace_shown(metric: str, pace: int) -> int:
    """An amount per week rounded up to whole 万元 (3,431.3726万 reads as noise; 3,432万 as a plan)."""
    if metric in AMOUNT_METRICS and pace > WAN:
        return -(-pace // WAN) * WAN
    return pace


def progress_block(item: Progress, lang: str) -> str:
    target = item.target
    metric = str(target.metric)
    pace = t(lang, "progress-overdue") if item.weekly_pace is None else (
        t(lang, "progress-reached") if item.weekly_pace == 0 else
        t(lang, "progress-pace", pace=figure(metric, _pace_shown(metric, item.weekly_pace), lang)))
    scope = t(lang, f"target-scope-{target.scope}") + (f" · {item.scope_label}" if item.scope_label else "")
    return t(lang, "progress-item", metric=t(lang, f"target-metric-{metric}"), scope=scope,
             bar=progress_bar(item.percent), percent=str(item.percent), value=figure(metric, item.value, lang),
             target=figure(metric, target.value, lang), deadline=str(target.deadline), pace=pace)
