"""A small form engine: a form is a list of steps; the half-filled form is a Draft row.

Each answer is validated by its step, stored in the draft, and the next step is asked, so a
restart between two messages resumes where the person was. Every check that can be made at a step is
made there (`Step.check` sees the answers so far), so a form does not refuse only at its end. A step with
choices also takes them typed (a label, the start of one, or its value); a step with both `parse` and
`choices` offers answers as buttons (e.g. the amount of a need) and takes anything else typed. Buttons carry
`f:<form>:<step>:<value>`; a press that does not match the draft's current step is stale
(or forged) and changes nothing.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)

from bot.context import BotContext
from models.errors import NotAllowed, Refused
from models.tables.drafts import Draft, current_draft, drop_draft, save_draft, start_draft

CALLBACK_PREFIX = "f"
T = TypeVar("T")
MAX_TEXT = 4096


class Invalid(Exception):
    """An answer the step refuses; `key` is the catalogue message that explains what works."""

    def __init__(self, key: str, **args: Any) -> None:
        super().__init__(key)
        self.key = key
        self.args_for_text = args


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    echo: str | None = None  # what the prompt shows once pressed (e.g. the items a multi-select kept)


TextParser = Callable[[str, BotContext], Awaitable[Any]]
ChoiceSource = Callable[[BotContext, dict[str, Any]], Awaitable[list[Choice]]]
Renderer = Callable[[BotContext, dict[str, Any]], Awaitable[str]]
Checker = Callable[[Any, BotContext, dict[str, Any]], Awaitable[None]]  # raises Invalid / Refused
DONE = "__done__"


@dataclass(frozen=True)
class Step:
    name: str
    prompt: str
    parse: TextParser | None = None
    choices: ChoiceSource | None = None
    columns: int = 2
    accepts_contact: bool = False
    render: Renderer | None = None  # a prompt built from the answers so far (e.g. a summary)
    check: Checker | None = None  # the answer against the answers so far (e.g. a sum left to disburse)


@dataclass
class Form:
    """Steps in order; `route` may send the person elsewhere (or DONE); `finish` runs at the end."""

    name: str
    steps: list[Step]
    finish: Callable[[Update, BotContext, Draft], Awaitable[None]]
    route: Callable[[str, Any, dict[str, Any]], str | None] | None = None
    by_name: dict[str, Step] = field(init=False)

    def __post_init__(self) -> None:
        self.by_name = {step.name: step for step in self.steps}

    def following(self, step: str) -> str | None:
        names = [s.name for s in self.steps]
        index = names.index(step) + 1
        return names[index] if index < len(names) else None


FORMS: dict[str, Form] = {}


def register_form(form: Form) -> Form:
    FORMS[form.name] = form
    return form


def button_data(form: str, step: str, value: str) -> str:
    return f"{CALLBACK_PREFIX}:{form}:{step}:{value}"


async def choice_keyboard(form: Form, step: Step, ctx: BotContext, data: dict[str, Any]) -> InlineKeyboardMarkup:
    assert step.choices is not None
    choices = await step.choices(ctx, data)
    buttons = [InlineKeyboardButton(c.label, callback_data=button_data(form.name, step.name, c.value)) for c in choices]
    rows = [buttons[i : i + step.columns] for i in range(0, len(buttons), step.columns)]
    return InlineKeyboardMarkup(rows)


async def ask(message_target: Message, ctx: BotContext, form: Form, draft: Draft, *, note: str = "") -> None:
    """Send the prompt of the draft's current step."""
    step = form.by_name[draft.step]
    prompt = await step.render(ctx, draft.data) if step.render else ctx.t(step.prompt, **prompt_args(draft.data))
    text = (note + "\n\n" if note else "") + prompt
    markup: Any = None
    if step.choices is not None:
        markup = await choice_keyboard(form, step, ctx, draft.data)
        if not markup.inline_keyboard and step.parse is not None:  # only offers, and none today: type it
            markup = None
        elif not markup.inline_keyboard:  # nothing to choose from (e.g. no event exists yet): the form cannot go on
            await drop_draft(ctx.me.tg_id)
            await message_target.reply_text(ctx.t("form-no-choices"))
            return
    elif step.accepts_contact:
        markup = ReplyKeyboardMarkup(
            [[KeyboardButton(ctx.t("btn-share-phone"), request_contact=True)]],
            resize_keyboard=True,
            one_time_keyboard=True,
        )
    await message_target.reply_text(text, reply_markup=markup)


def prompt_args(data: dict[str, Any]) -> dict[str, Any]:
    """`count` numbers a repeated question (the n-th financing need), after any saved before."""
    return {"count": data.get("numbered_after", 0) + len(data.get("needs", [])) + 1}


async def begin(update: Update, ctx: BotContext, form: Form, data: dict[str, Any] | None = None,
                step: str | None = None) -> None:
    """Start a form. The same form started again for the same thing (/newevent twice, a double tap on
    "add a product") resumes the half-filled one; another form replaces it, and the person is told so (never
    silently lost)."""
    open_draft = await current_draft(ctx.me.tg_id)
    if (open_draft is not None and open_draft.form == form.name and _same_start(open_draft.data, data or {})
            and step in (None, open_draft.step)):
        await ask(update.effective_message, ctx, form, open_draft, note=ctx.t("form-resumed-or-cancel"))
        return
    note = ctx.t("form-replaced") if open_draft is not None and open_draft.form in FORMS else ""
    draft = await start_draft(ctx.me.tg_id, form.name, step or form.steps[0].name, data)
    await ask(update.effective_message, ctx, form, draft, note=note)


def _same_start(answers: dict[str, Any], start: dict[str, Any]) -> bool:
    """Whether a draft began with these values (it may have more answers since)."""
    return all(key in answers and answers[key] == value for key, value in start.items())


async def resume(update: Update, ctx: BotContext) -> bool:
    """Ask the current step again, if a form is half-filled. True when one was."""
    draft = await current_draft(ctx.me.tg_id)
    if draft is None or draft.form not in FORMS:
        return False
    await ask(update.effective_message, ctx, FORMS[draft.form], draft, note=ctx.t("form-resumed"))
    return True


async def advance(update: Update, ctx: BotContext, form: Form, draft: Draft, value: Any, *, note: str = "") -> None:
    """Store an accepted answer and ask the next step (or finish the form)."""
    current = draft.step
    draft.data[current] = value
    nxt = form.route(current, value, draft.data) if form.route else None
    if nxt is None:
        nxt = draft.data.pop("_return", None) or form.following(current)
    if nxt is None or nxt == DONE:
        await form.finish(update, ctx, draft)
        return
    draft.step = nxt
    await save_draft(draft)
    await ask(update.effective_message, ctx, form, draft, note=note)


def _plain(text: str) -> str:
    """A label or an answer as compared: NFKC, case-folded, without emoji, punctuation and spacing
    (a tier typed without its quotation marks names the label that has them; a district without its brackets
    the one with them)."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in folded if unicodedata.category(ch)[0] not in "SZCMP")


MIN_INSIDE = 2  # a typed part of a label (two characters or more) names it when no other label holds it


def match_choice(choices: list[Choice], text: str, *, by_start: bool = True) -> Choice | None:
    """The choice a typed answer names: its label or value, the start of exactly one label, or (with
    `by_start`) a part of at least two characters found in exactly one label."""
    wanted = _plain(text)
    if not wanted:
        return None
    exact = [c for c in choices if wanted in (_plain(c.label), _plain(c.value))]
    if exact:
        return exact[0]
    if not by_start:
        return None
    starts = [c for c in choices if _plain(c.label).startswith(wanted)]
    if starts:
        return starts[0] if len(starts) == 1 else None
    inside = [c for c in choices if len(wanted) >= MIN_INSIDE and wanted in _plain(c.label)]
    return inside[0] if len(inside) == 1 else None


SAVE = "save"


def _words(ctx: BotContext, key: str) -> set[str]:
    """A catalogue list of words people type (comma separated), as compared."""
    return {_plain(word) for word in ctx.t(key).split(",")}


def _typed_yes(choices: list[Choice], text: str, ctx: BotContext) -> Choice | None:
    """A yes ("ok", "yes" or its Chinese words) typed at a summary: its save button (the words are in the
    catalogue, form-yes-words)."""
    if _plain(text) not in _words(ctx, "form-yes-words"):
        return None
    return next((c for c in choices if c.value == SAVE), None)


def _synonym(ctx: BotContext, choices: list[Choice], text: str) -> Choice | None:
    """A word people type for one of the offered labels (the catalogue's form-synonyms, `typed=label;…`), when
    that label is offered at this step."""
    wanted = _plain(text)
    for pair in ctx.t("form-synonyms").split(";"):
        typed, _, label = pair.partition("=")
        if wanted == _plain(typed) and label.strip():
            found = [c for c in choices if _plain(c.label) == _plain(label)]
            if found:
                return found[0]
    return None


async def _refused(update: Update, ctx: BotContext, refusal: Invalid | Refused) -> None:
    await update.effective_message.reply_text(ctx.t(refusal.key, **refusal.args_for_text))


async def _typed_answer(text: str, ctx: BotContext, step: Step, data: dict[str, Any]) -> tuple[bool, Any]:
    """(True, value) for an answer the step takes, (False, None) when only buttons would do."""
    if step.choices is not None:
        choices = await step.choices(ctx, data)
        choice = match_choice(choices, text, by_start=step.parse is None) or _typed_yes(choices, text, ctx) \
            or _synonym(ctx, choices, text)
        if choice is not None:
            return True, choice.value
        if step.parse is None:
            return False, None
    assert step.parse is not None
    try:
        return True, await step.parse(text, ctx)
    except Invalid:
        if step.choices is None:
            raise
        offered = match_choice(await step.choices(ctx, data), text)  # the start of an offer button's label picks it
        if offered is None:
            raise
        return True, offered.value


async def on_text(update: Update, ctx: BotContext) -> bool:
    """Feed a typed message to the half-filled form. False when there is no form."""
    draft = await current_draft(ctx.me.tg_id)
    if draft is None or draft.form not in FORMS:
        return False
    form = FORMS[draft.form]
    step = form.by_name[draft.step]
    try:
        taken, value = await _typed_answer(update.effective_message.text or "", ctx, step, draft.data)
        if not taken:
            wants_out = _plain(update.effective_message.text or "") in _words(ctx, "form-cancel-words")
            await ask(update.effective_message, ctx, form, draft,
                      note=ctx.t("form-cancel-hint" if wants_out else "form-use-buttons"))
            return True
        if step.check is not None:
            await step.check(value, ctx, draft.data)
    except (Invalid, Refused) as refusal:
        if _plain(update.effective_message.text or "") in _words(ctx, "form-cancel-words"):
            await update.effective_message.reply_text(ctx.t("form-cancel-hint"))  # "cancel" typed: say how
            return True
        await _refused(update, ctx, refusal)
        return True
    await advance(update, ctx, form, draft, value)
    return True


async def on_contact(update: Update, ctx: BotContext, parse_contact: Callable[[str], str]) -> bool:
    draft = await current_draft(ctx.me.tg_id)
    contact = update.effective_message.contact
    if draft is None or draft.form not in FORMS or contact is None:
        return False
    form = FORMS[draft.form]
    step = form.by_name[draft.step]
    if not step.accepts_contact:
        await ask(update.effective_message, ctx, form, draft, note=ctx.t("form-contact-not-now"))
        return True
    if contact.user_id is not None and contact.user_id != ctx.me.tg_id:
        await update.effective_message.reply_text(ctx.t("phone-not-yours"))
        return True
    try:
        phone = parse_contact(contact.phone_number)
    except ValueError:
        await update.effective_message.reply_text(ctx.t("phone-invalid"))
        return True
    await update.effective_message.reply_text(ctx.t("phone-recorded", phone=phone), reply_markup=ReplyKeyboardRemove())
    await advance(update, ctx, form, draft, phone)
    return True


async def on_button(update: Update, ctx: BotContext) -> None:
    """A press of a form button: accepted only for the draft's current step and a listed value."""
    query = update.callback_query
    parts = (query.data or "").split(":", 3)
    form_name, step_name, value = parts[1:] if len(parts) == 4 else ("", "", "")
    draft = await current_draft(ctx.me.tg_id)
    if draft is None or draft.form != form_name or draft.step != step_name or form_name not in FORMS:
        await query.answer(ctx.t("form-stale-button"), show_alert=False)
        return
    form = FORMS[form_name]
    step = form.by_name[step_name]
    choices = await step.choices(ctx, draft.data) if step.choices else []
    chosen = next((c for c in choices if c.value == value), None)
    if chosen is None:
        await query.answer(ctx.t("form-invalid-choice"))
        return
    if step.check is not None:
        try:
            await step.check(value, ctx, draft.data)
        except (Invalid, Refused) as refusal:  # at the first press, in words
            await query.answer(ctx.t(refusal.key, **refusal.args_for_text)[:200], show_alert=True)
            return
    await query.answer()
    if isinstance(query.message, Message):  # older than 48 h it is inaccessible: leave it as it is
        shown = ctx.t("form-chosen", label=chosen.echo if chosen.echo is not None else chosen.label)
        await query.edit_message_text(f"{query.message.text_html}\n<b>› {shown}</b>")
    await advance(update, ctx, form, draft, value)


async def cancel(ctx: BotContext) -> bool:
    return await drop_draft(ctx.me.tg_id)


async def save_confirmed(
    update: Update,
    ctx: BotContext,
    form: Form,
    draft: Draft,
    save: Callable[[], Awaitable[T]],
    *,
    back_to_confirm: bool = False,
    final_keys: tuple[str, ...] = (),
) -> T | None:
    """End a form whose last step is `confirm` (save / cancel): None unless `save` succeeded.

    A refusal is explained; with `back_to_confirm` the person returns to the summary to fix it
    (a right that is missing, or a refusal in `final_keys`, ends the form). The draft survives an
    unexpected error.
    """
    message = update.effective_message
    if draft.data.get("confirm") != "save":
        await drop_draft(ctx.me.tg_id)
        await message.reply_text(ctx.t("cancelled"))
        return None
    try:
        result = await save()
    except Refused as refusal:
        note = ctx.t(refusal.key, **refusal.args_for_text)
        if back_to_confirm and not isinstance(refusal, NotAllowed) and refusal.key not in final_keys:
            draft.step = "confirm"
            await save_draft(draft)
            await ask(message, ctx, form, draft, note=note)
        else:
            await drop_draft(ctx.me.tg_id)
            await message.reply_text(note)
        return None
    await drop_draft(ctx.me.tg_id)
    return result
