"""Organizers: /people (list, verify, suspend, revoke, promote), /organizers, /audit."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.context import BotContext
from bot.features.directory import directory_view
from bot.guard import PAGE_SIZE, button_refusals, callback_parts, command_refusals, keyboard, number, pager
from bot.menus import refresh_menu
from bot.render_audit import audit_lines
from bot.render_institutions import fit, person_card, staff_status_label
from models.errors import NotAllowed
from models.operations.staffing import PEOPLE_KINDS, available_actions, change_person, list_people, person_for_organizer
from models.parsers.numbers import ascii_int
from models.reports.audit_view import SCOPES, audit_page
from models.rules.rights import require_organizer
from models.tables.people import Person

KIND_CODES = {"s": "staff", "e": "enterprise", "o": "organizer", "x": "other"}
AUDIT_PAGE = 8


# ------------------------------------------------------------------ people


async def _people_view(ctx: BotContext, code: str, page: int) -> tuple[str, InlineKeyboardMarkup | None]:
    kind = KIND_CODES.get(code)
    if kind is None:
        raise NotAllowed("person.list")
    if kind == "enterprise":  # enterprises by company name, searchable (bot/features/directory.py)
        return await directory_view(ctx, "", page)
    people, total = await list_people(ctx.me, kind, page * PAGE_SIZE, PAGE_SIZE)
    lines = [ctx.t(f"people-title-{kind}", count=total)]
    for i, person in enumerate(people, page * PAGE_SIZE + 1):
        lines.append(ctx.t("people-line", number=str(i), name=person.full_name,
                           status=staff_status_label(ctx, person) if kind == "staff" else ""))
    if not people:
        lines.append(ctx.t("people-none"))
    tabs = [InlineKeyboardButton(ctx.t(f"btn-people-{k}"), callback_data=f"pp:{c}:0")
            for c, k in KIND_CODES.items() if k != kind]
    rows = [[InlineKeyboardButton(f"{i}. {p.full_name}"[:60], callback_data=f"pc:{p.id}")]
            for i, p in enumerate(people, page * PAGE_SIZE + 1)]
    rows += [pager(ctx, lambda p: f"pp:{code}:{p}", page, total), tabs]
    return "\n".join(lines), keyboard(rows)


@command_refusals
async def people_command(update: Update, ctx: BotContext) -> None:
    if ctx.args:  # /people <part of a name or credit code>: search the enterprises
        text, markup = await directory_view(ctx, " ".join(ctx.args), 0)
    else:
        text, markup = await _people_view(ctx, "s", 0)
    await update.effective_message.reply_text(text, reply_markup=markup)


@command_refusals
async def organizers_command(update: Update, ctx: BotContext) -> None:
    text, markup = await _people_view(ctx, "o", 0)
    await update.effective_message.reply_text(text + "\n\n" + ctx.t("organizers-hint"), reply_markup=markup)


async def _person_view(ctx: BotContext, person_id: int) -> tuple[str, InlineKeyboardMarkup | None]:
    person, institution, enterprise = await person_for_organizer(ctx.me, person_id)
    actions = available_actions(person, ctx.settings.organizer_ids)
    rows = [[InlineKeyboardButton(ctx.t(f"btn-person-{a}"), callback_data=f"pa:{a}:{person.id}")] for a in actions]
    if institution is not None:
        rows.append([InlineKeyboardButton(ctx.t("btn-audit"), callback_data=f"au:i:{institution.id}:0")])
    if enterprise is not None:
        rows.append([InlineKeyboardButton(ctx.t("btn-audit"), callback_data=f"au:e:{enterprise.id}:0")])
    return person_card(ctx, person, institution, enterprise), keyboard(rows)


@button_refusals
async def on_people_button(update: Update, ctx: BotContext) -> None:
    query = update.callback_query
    prefix, _, rest = (query.data or "").partition(":")
    parts = rest.split(":")
    if prefix == "pp" and len(parts) == 2:
        text, markup = await _people_view(ctx, parts[0], number(parts[1], "person.list"))
        await query.answer()
        await query.edit_message_text(text, reply_markup=markup)
    elif prefix == "pc" and len(parts) == 1:
        text, markup = await _person_view(ctx, number(parts[0], "person.view"))
        await query.answer()
        await query.message.reply_text(text, reply_markup=markup)
    elif prefix == "pa" and len(parts) == 2:
        change = await change_person(ctx.me, number(parts[1], f"person.{parts[0]}"), parts[0],
                                     pinned_ids=ctx.settings.organizer_ids)
        await query.answer(ctx.t(f"person-done-{change.action}", name=change.person.full_name), show_alert=True)
        await _refresh_target(ctx, change.person)
        text, markup = await _person_view(ctx, change.person.id)
        await query.edit_message_text(text, reply_markup=markup)
    else:
        raise NotAllowed(f"person.{prefix}")


async def _refresh_target(ctx: BotContext, person: Person) -> None:
    """Their chat menu follows their new role (and every co-representative's, after an enterprise suspension)."""
    targets = [person]
    if person.enterprise_id is not None:
        targets += await Person.filter(enterprise_id=person.enterprise_id).exclude(id=person.id)
    for target in targets:
        language = str(target.language) if target.language else ctx.settings.default_language
        await refresh_menu(ctx.bot, target, language)


# ------------------------------------------------------------------ audit


async def _audit_view(
    ctx: BotContext, code: str, subject_id: int, page: int
) -> tuple[str, InlineKeyboardMarkup | None]:
    scope = SCOPES.get(code)
    if scope is None:
        raise NotAllowed("audit.read")
    result = await audit_page(ctx.me, scope, subject_id, page * AUDIT_PAGE, AUDIT_PAGE)
    if result is None:
        return ctx.t("audit-subject-unknown"), None
    header = ctx.t(f"audit-title-{scope}", subject=result.subject, count=result.total)
    if not result.entries:
        header += "\n" + ctx.t("audit-none")
    text = fit(header, await audit_lines(ctx, result.entries))
    nav = []  # ":n": a page turn edits the message in place
    if page > 0:
        nav.append(InlineKeyboardButton(ctx.t("btn-previous"), callback_data=f"au:{code}:{subject_id}:{page - 1}:n"))
    if (page + 1) * AUDIT_PAGE < result.total:
        nav.append(InlineKeyboardButton(ctx.t("btn-next"), callback_data=f"au:{code}:{subject_id}:{page + 1}:n"))
    return text, keyboard([nav])


def parse_audit_argument(argument: str) -> tuple[str, int] | None:
    """'e12' -> ('e', 12); '' -> ('a', 0)."""
    if not argument:
        return "a", 0
    code, digits = argument[:1].lower(), argument[1:]
    if code not in SCOPES or code == "a" or ascii_int(digits) is None:
        return None
    return code, int(digits)


@command_refusals
async def audit_command(update: Update, ctx: BotContext) -> None:
    parsed = parse_audit_argument(ctx.args[0] if ctx.args else "")
    if parsed is None:
        require_organizer(ctx.me, "audit.read")
        await update.effective_message.reply_text(ctx.t("audit-usage"))
        return
    text, markup = await _audit_view(ctx, parsed[0], parsed[1], 0)
    await update.effective_message.reply_text(text, reply_markup=markup)


@button_refusals
async def on_audit_button(update: Update, ctx: BotContext) -> None:
    query = update.callback_query
    parts = callback_parts(update, "au")
    if len(parts) not in (3, 4):
        raise NotAllowed("audit.read")
    text, markup = await _audit_view(ctx, parts[0], number(parts[1], "audit.read"), number(parts[2], "audit.read"))
    await query.answer()
    if parts[3:] == ["n"]:
        await query.edit_message_text(text, reply_markup=markup)
    else:
        await query.message.reply_text(text, reply_markup=markup)


HANDLERS = [
    CommandHandler("people", people_command),
    CommandHandler("organizers", organizers_command),
    CommandHandler("audit", audit_command),
    CallbackQueryHandler(on_people_button, pattern=r"^(pp|pc|pa):"),
    CallbackQueryHandler(on_audit_button, pattern=r"^au:"),
]

assert set(KIND_CODES.values()) == set(PEOPLE_KINDS)
