"""The forms of financing intents: proposing / recording one, and the answers staff type
(adjusted terms, a reason, an approved or disbursed amount). Each form's finish calls models/,
which re-checks every right; ids in the draft are never trusted."""

from __future__ import annotations

from typing import Any

from telegram import Update

from bot.context import BotContext
from bot.fields import bounded_text, enum_choices, parse_amount_answer, parse_term_answer
from bot.forms import DONE, FORMS, Choice, Form, Invalid, Step, register_form, save_confirmed
from models.enums import FinancingKind, RegistrationStatus
from models.errors import Refused
from models.operations.intent_ops import Change, Proposal, Terms, act, propose
from models.parsers.money import Money
from models.rules.intent_rules import may
from models.rules.rights import may_see_contacts
from models.tables.drafts import Draft, drop_draft
from models.tables.enterprises import Enterprise, FinancingNeed
from models.tables.events import Registration
from models.tables.institutions import Institution
from models.tables.intents import Intent
from models.words import status_word
from notices.i18n import Html
from notices.render_intents import intent_buttons, intent_card, money

MAX_CHOICES = 30


def _choices(*pairs: tuple[str, str]):
    async def choices(ctx: BotContext, data: dict[str, Any]) -> list[Choice]:
        return [Choice(value, ctx.t(key)) for value, key in pairs]

    return choices


SAVE_OR_CANCEL = _choices(("save", "btn-confirm"), ("cancel", "btn-cancel"))


async def _event_enterprises(ctx: BotContext, data: dict[str, Any]) -> list[Choice]:
    rows = await Registration.filter(event_id=data.get("event_id"), enterprise_id__isnull=False,
                                     status__in=[RegistrationStatus.checked_in, RegistrationStatus.registered]) \
        .prefetch_related("enterprise").order_by("-status", "id").limit(MAX_CHOICES)
    return [Choice(str(row.enterprise_id), row.enterprise.name) for row in rows]


async def _find_enterprise(raw: str, ctx: BotContext) -> str:
    """A unified social credit code, or (part of) a name, that identifies exactly one enterprise."""
    text = " ".join(raw.split())
    if len(text) < 2 or text.startswith("/"):
        raise Invalid("intent-enterprise-not-found")
    found = await Enterprise.filter(uscc=text.upper()).limit(2)
    found = found or await Enterprise.filter(name__icontains=text).limit(2)
    if len(found) != 1:
        raise Invalid("intent-enterprise-not-found" if not found else "intent-enterprise-ambiguous")
    return str(found[0].id)


async def _institutions(ctx: BotContext, data: dict[str, Any]) -> list[Choice]:
    rows = await Institution.filter(suspended=False).order_by("name").limit(MAX_CHOICES)
    return [Choice(str(row.id), row.name) for row in rows]


async def _summary(ctx: BotContext, data: dict[str, Any]) -> str:
    enterprise = await Enterprise.get_or_none(id=int(data["enterprise"]))
    institution = await Institution.get_or_none(id=int(data["institution"]))
    return ctx.t("intent-new-summary", enterprise=enterprise.name if enterprise else "?",
                 institution=institution.name if institution else "?", kind=ctx.t(f"kind-{data['kind']}"),
                 amount=money(int(data["amount"]), ctx.lang), term=str(data["term_months"]))


async def _need_offer(ctx: BotContext, data: dict[str, Any], field: str) -> list[Choice]:
    """The need the intent answers, offered as a button (anything else may still be typed)."""
    need = await FinancingNeed.get_or_none(id=data["need_id"]) if data.get("need_id") else None
    value = getattr(need, field, None) if need is not None else None
    if not value:
        return []
    label = money(value, ctx.lang) if field == "amount" else ctx.t("form-months", months=value)
    return [Choice(str(value), ctx.t("btn-offer-need", value=label))]


async def _offer_amount(ctx: BotContext, data: dict[str, Any]) -> list[Choice]:
    return await _need_offer(ctx, data, "amount")


async def _offer_term(ctx: BotContext, data: dict[str, Any]) -> list[Choice]:
    return await _need_offer(ctx, data, "term_months")


NEW_STEPS = [
    Step("enterprise_pick", "ask-intent-enterprise", choices=_event_enterprises, columns=1),
    Step("enterprise_find", "ask-intent-enterprise-find", parse=_find_enterprise),
    Step("institution", "ask-intent-institution", choices=_institutions, columns=2),
    Step("kind", "ask-kind", choices=enum_choices(FinancingKind, "kind"), columns=5),
    Step("amount", "ask-intent-amount", parse=parse_amount_answer, choices=_offer_amount, columns=1),
    Step("term_months", "ask-term", parse=parse_term_answer, choices=_offer_term, columns=1),
    Step("confirm", "intent-new-summary", choices=SAVE_OR_CANCEL, render=_summary),
]


def next_new_step(data: dict[str, Any]) -> str:
    """The first question not answered yet (prefilled answers are skipped)."""
    for name in ("enterprise_pick", "enterprise_find"):
        if name in data:
            data["enterprise"] = data.pop(name)
    if "enterprise" not in data:
        return "enterprise_pick" if data.get("event_id") else "enterprise_find"
    for name in ("institution", "kind", "amount", "term_months", "confirm"):
        if name not in data:
            return name
    return DONE


async def _finish_new(update: Update, ctx: BotContext, draft: Draft) -> None:
    limit = ctx.settings.max_amount_yuan
    change = await save_confirmed(update, ctx, NEW_INTENT, draft,
                                  lambda: propose(ctx.me, _proposal(draft.data), max_amount=limit),
                                  back_to_confirm=True)
    if change is not None:
        await after_change(update, ctx, change)


def _proposal(data: dict[str, Any]) -> Proposal:
    return Proposal(
        enterprise_id=int(data["enterprise"]), institution_id=int(data["institution"]),
        kind=FinancingKind(data["kind"]), amount=int(data["amount"]), term_months=int(data["term_months"]),
        product_id=data.get("product_id"), need_id=data.get("need_id"), event_id=data.get("event_id"),
    )


NEW_INTENT = register_form(Form(name="intent_new", steps=NEW_STEPS, finish=_finish_new,
                                route=lambda step, value, data: next_new_step(data)))


async def after_change(update: Update, ctx: BotContext, change: Change) -> None:
    """Show the actor the intent as it is now, and tell everyone else it concerns."""
    intent = change.intent if change.parties_fetched else \
        await Intent.get(id=change.intent.id).select_related("enterprise", "institution")
    done = ctx.t(f"intent-done-{change.action}" + ("-unattended" if change.unattended else ""),
                 institution=intent.institution.name)
    contacts = await may_see_contacts(ctx.me, intent.enterprise_id)
    text = done + "\n\n" + intent_card(intent, ctx.lang, contacts=contacts)
    await update.effective_message.reply_text(text, reply_markup=intent_buttons(ctx.me, intent, ctx.lang))


async def _finish_answer(update: Update, ctx: BotContext, draft: Draft) -> None:
    """The end of a staff answer form: one transition with what was typed. A refusal at the summary
    returns to the summary (the answers are kept); only an intent that moved on ends the form."""
    form = FORMS[draft.form]
    data = draft.data
    with_summary = "confirm" in form.by_name
    if not with_summary:
        data["confirm"] = "save"
    kind = FinancingKind(data["kind"]) if "kind" in data else None
    terms = Terms(amount=_int_or_none(data.get("amount")), kind=kind,
                  term_months=_int_or_none(data.get("term_months")), reason=data.get("reason", ""))
    change = await save_confirmed(
        update, ctx, form, draft,
        lambda: act(ctx.me, int(data["intent_id"]), data["action"], terms, max_amount=ctx.settings.max_amount_yuan,
                    expected_version=int(data["version"])),
        back_to_confirm=with_summary, final_keys=("intent-changed",))
    if change is not None:
        await after_change(update, ctx, change)


def _int_or_none(value: Any) -> int | None:
    return int(value) if value is not None else None


async def open_intent(ctx: BotContext, data: dict[str, Any]) -> Intent:
    """The intent an answer form acts on, refused (in words) once it has moved on from what was shown."""
    intent = await Intent.get(id=int(data["intent_id"]))
    if not may(ctx.me, intent, data["action"]) or intent.version != int(data["version"]):
        raise Refused("intent-changed", status=status_word("intent-status", intent.status))
    return intent


async def _form_intent(ctx: BotContext, data: dict[str, Any]) -> Intent:
    """Inside an answer form: an intent that moved on meanwhile ends the form (nothing left to answer)."""
    try:
        return await open_intent(ctx, data)
    except Refused:
        await drop_draft(ctx.me.tg_id)
        raise


async def _disbursement_fits(amount: Any, ctx: BotContext, data: dict[str, Any]) -> None:
    """Checked when the amount is typed, not only after the summary is confirmed."""
    intent = await _form_intent(ctx, data)
    left = (intent.approved_amount or 0) - intent.disbursed_amount
    if int(amount) > left:
        raise Invalid("intent-disburse-over", left=Money(left))


async def _still_open(value: Any, ctx: BotContext, data: dict[str, Any]) -> None:
    await _form_intent(ctx, data)


async def _adjust_summary(ctx: BotContext, data: dict[str, Any]) -> str:
    return ctx.t("intent-adjust-summary", kind=ctx.t(f"kind-{data['kind']}"),
                 amount=money(int(data["amount"]), ctx.lang), term=str(data["term_months"]))


ADJUST = register_form(Form(name="intent_adjust", finish=_finish_answer, steps=[
    Step("amount", "ask-intent-adjust-amount", parse=parse_amount_answer, check=_still_open),
    Step("kind", "ask-kind", choices=enum_choices(FinancingKind, "kind"), columns=5),
    Step("term_months", "ask-term", parse=parse_term_answer),
    Step("confirm", "intent-adjust-summary", choices=SAVE_OR_CANCEL, render=_adjust_summary),
]))
REJECT = register_form(Form(name="intent_reject", finish=_finish_answer, steps=[
    Step("reason", "ask-intent-reason", parse=bounded_text(2, 200, "intent-reason-invalid"), check=_still_open),
]))
async def _approve_summary(ctx: BotContext, data: dict[str, Any]) -> str:
    """Money is about to count in the programme's figures: show it once more, and flag an approval above the intent."""
    intent = await Intent.get(id=int(data["intent_id"]))
    amount = int(data["amount"])
    key = "intent-approve-summary-above" if amount > intent.amount else "intent-approve-summary"
    return ctx.t(key, amount=Money(amount), intended=Money(intent.amount))


async def _disburse_summary(ctx: BotContext, data: dict[str, Any]) -> str:
    intent = await Intent.get(id=int(data["intent_id"]))
    amount = int(data["amount"])
    return ctx.t("intent-disburse-summary", amount=Money(amount), total=Money(intent.disbursed_amount + amount),
                 approved=Money(intent.approved_amount or 0))


APPROVE = register_form(Form(name="intent_approve", finish=_finish_answer, steps=[
    Step("amount", "ask-intent-approved-amount", parse=parse_amount_answer, check=_still_open),
    Step("confirm", "intent-approve-summary", choices=SAVE_OR_CANCEL, render=_approve_summary),
]))
DISBURSE = register_form(Form(name="intent_disburse", finish=_finish_answer, steps=[
    Step("amount", "ask-intent-disbursed-amount", parse=parse_amount_answer, check=_disbursement_fits),
    Step("confirm", "intent-disburse-summary", choices=SAVE_OR_CANCEL, render=_disburse_summary),
]))
ANSWER_FORMS = {"adjust": ADJUST, "reject": REJECT, "approve": APPROVE, "disburse": DISBURSE}


def card_prompt(intent: Intent, lang: str) -> Html:
    return Html(intent_card(intent, lang))
