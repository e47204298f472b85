"""Walk-ins at the door: the 🚶 button on the organizer's event card (callback wk:<event>) opens a form:
the visitor's company by name or credit code; one found is picked, else a new one is entered with the
fewest facts (name, credit code, contact, phone, district); the visit counts as a check-in."""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardButton, Update
from telegram.ext import CallbackQueryHandler

from bot.context import BotContext
from bot.fields import ENTERPRISE_STEPS, bounded_text, parse_phone_answer
from bot.forms import Choice, Form, Invalid, Step, begin, register_form, save_confirmed
from bot.guard import button_refusals, callback_parts, number
from models.clock import utcnow
from models.enums import District
from models.errors import NotAllowed
from models.operations.walkins import (
    NewVisitor,
    as_uscc,
    enterprise_visits_of,
    find_visitor,
    walk_in,
    walk_in_event,
    walk_in_new,
)
from models.tables.drafts import Draft
from models.tables.enterprises import Enterprise
from models.tables.events import Event

NEW = "new"


def button(ctx: BotContext, event_id: int) -> InlineKeyboardButton:
    """The button on the organizer's event card."""
    return InlineKeyboardButton(ctx.t("btn-walkin"), callback_data=f"wk:{event_id}")


async def _parse_who(raw: str, ctx: BotContext) -> dict[str, Any]:
    text = " ".join(raw.split())
    if text.startswith("/") or not 2 <= len(text) <= 100:
        raise Invalid("walkin-who-invalid")
    found = await find_visitor(ctx.me, text)
    return {"text": text, "uscc": as_uscc(text), "ids": [e.id for e in found]}


async def _pick_choices(ctx: BotContext, data: dict[str, Any]) -> list[Choice]:
    found = await Enterprise.filter(id__in=data["who"]["ids"]).order_by("name")
    return [*(Choice(str(e.id), f"{e.name} · {e.uscc[-6:]}") for e in found), Choice(NEW, ctx.t("btn-walkin-new"))]


async def _confirm_choices(ctx: BotContext, data: dict[str, Any]) -> list[Choice]:
    return [Choice("save", ctx.t("btn-walkin-confirm")), Choice("cancel", ctx.t("btn-cancel"))]


async def _summary(ctx: BotContext, data: dict[str, Any]) -> str:
    event = await Event.get(id=data["event_id"])
    if data.get("pick", NEW) != NEW:
        enterprise = await Enterprise.get(id=int(data["pick"]))
        return ctx.t("walkin-confirm-known", title=event.title, name=enterprise.name, uscc=enterprise.uscc)
    return ctx.t("walkin-confirm-new", title=event.title, name=data["name"], uscc=data["uscc"],
                 contact=data["contact_name"], phone=data["phone"], district=ctx.t(f"district-{data['district']}"))


def _route(step: str, value: Any, data: dict[str, Any]) -> str | None:
    if step == "who":
        if value["ids"]:
            return "pick"
        return _start_new(data)
    if step == "pick":
        return "confirm" if value != NEW else _start_new(data)
    if step == "name" and data.get("uscc"):
        return "contact_name"
    return None


def _start_new(data: dict[str, Any]) -> str:
    """What was typed is kept: a valid credit code as the code, anything else as the name."""
    who = data["who"]
    if who["uscc"]:
        data["uscc"] = who["uscc"]
        return "name"
    data["name"] = who["text"]
    return "uscc"


async def _finish(update: Update, ctx: BotContext, draft: Draft) -> None:
    data = draft.data

    async def save() -> Any:
        if data.get("pick", NEW) != NEW:
            return await walk_in(ctx.me, data["event_id"], int(data["pick"]), utcnow())
        visitor = NewVisitor(data["name"], data["uscc"], data["contact_name"], data["phone"],
                             District(data["district"]))
        return await walk_in_new(ctx.me, data["event_id"], visitor, utcnow())

    registration = await save_confirmed(update, ctx, WALK_IN, draft, save)
    if registration is None:
        return
    enterprise = await Enterprise.get(id=registration.enterprise_id)
    visits = await enterprise_visits_of(registration.event_id)
    await update.effective_message.reply_text(ctx.t("walkin-done", name=enterprise.name, visits=visits))


WALK_IN = register_form(Form(
    name="walkin",
    steps=[
        Step("who", "ask-walkin-who", parse=_parse_who),
        Step("pick", "ask-walkin-pick", choices=_pick_choices, columns=1),
        Step("name", "ask-name", parse=bounded_text(2, 100, "name-length")),
        ENTERPRISE_STEPS["uscc"],
        Step("contact_name", "ask-walkin-contact", parse=bounded_text(2, 50, "contact-name-length")),
        Step("phone", "ask-walkin-phone", parse=parse_phone_answer),
        ENTERPRISE_STEPS["district"],
        Step("confirm", "walkin-confirm-new", choices=_confirm_choices, render=_summary, columns=2),
    ],
    finish=_finish,
    route=_route,
))


@button_refusals
async def on_button(update: Update, ctx: BotContext) -> None:
    parts = callback_parts(update, "wk")
    if len(parts) != 1:
        raise NotAllowed("event.walkin")
    event_id = number(parts[0], "event.walkin")
    await walk_in_event(ctx.me, event_id, utcnow())
    await update.callback_query.answer()
    await begin(update, ctx, WALK_IN, {"event_id": event_id})


HANDLERS = [CallbackQueryHandler(on_button, pattern=r"^wk:")]
