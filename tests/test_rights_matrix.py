"""Who may do what: every command and every callback action × every role, allowed or denied.

The tables below are the specification. Add a row for every new command (COMMANDS in bot/menus.py)
and every new callback handler: `test_every_command_has_a_row` and `test_every_callback_handler_has_a_row`
fail until you do. Callback data may name objects of the world built below with {placeholders}.
A denied action must answer with a refusal (not-allowed, a stale button, or the role's own
"register first" message) and change nothing in the database.
"""

from __future__ import annotations

import re
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from telegram.ext import CallbackQueryHandler
from tortoise import Tortoise

from bot.app import build_application
from bot.menus import COMMANDS
from models.enums import District, FinancingKind, Guarantee, InstitutionKind, SeriesKind, Tier
from models.operations.institution_ops import create_institution
from models.operations.intent_ops import Proposal, propose
from models.operations.products import ProductFacts, add_product
from models.operations.staffing import accept_invitation, create_invitation
from models.tables.chains import Chain
from models.tables.enterprises import Enterprise, FinancingNeed
from models.tables.people import Person, ensure_person
from notices.i18n import t
from sandbox.driver import UserChat
from tests.harness import ORGANIZER_ID, Harness, make_settings

NONE, ENTERPRISE, STAFF_A, STAFF_B, ORGANIZER = "none", "enterprise", "staff_a", "staff_b", "organizer"
ROLES = (NONE, ENTERPRISE, STAFF_B, STAFF_A, ORGANIZER)  # the allowed ones act last in each row
ALL = frozenset(ROLES)
STAFF = frozenset({STAFF_A, STAFF_B})
NOBODY: frozenset[str] = frozenset()

# What a role's refusal looks like (keys of the zh catalogue).
DENIAL_KEYS = ("not-allowed", "form-stale-button", "form-invalid-choice", "profile-none", "need-register-first",
               "enterprise-already-registered", "signup-register-first", "matches-who", "intent-register-first")

COMMAND_RIGHTS: dict[str, frozenset[str]] = {
    "/start": ALL,
    "/help": ALL,
    "/lang": ALL,
    "/cancel": ALL,
    "/register": frozenset({NONE}),
    "/profile": frozenset({ENTERPRISE}),
    "/need": frozenset({ENTERPRISE}),
    "/myinstitution": STAFF,
    "/institutions": frozenset({ORGANIZER}),
    "/people": frozenset({ORGANIZER}),
    "/organizers": frozenset({ORGANIZER}),
    "/audit": frozenset({ORGANIZER}),
    "/audit i{inst_a}": frozenset({ORGANIZER}),
    "/audit e{enterprise}": frozenset({ORGANIZER}),
    "/person {victim}": frozenset({ORGANIZER}),  # issue 10: privacy requests
    # events and intents (issues 4 and 5)
    "/events": ALL,  # anyone may browse the open events
    "/myevents": frozenset({ENTERPRISE, STAFF_A, STAFF_B}),
    "/newevent": frozenset({ORGANIZER}),
    "/series": frozenset({ORGANIZER}),
    "/newseries": frozenset({ORGANIZER}),
    "/matches": frozenset({ENTERPRISE, STAFF_A, STAFF_B}),
    "/meetings": frozenset({ENTERPRISE, STAFF_A, STAFF_B}),
    "/intents": frozenset({ENTERPRISE, STAFF_A, STAFF_B, ORGANIZER}),
    "/targets": frozenset({ORGANIZER}),
    "/progress": frozenset({ORGANIZER}),
    # issue 9: reports and digests
    "/report": frozenset({ORGANIZER}),
    "/chart 本月": frozenset({ORGANIZER}),
    "/paragraph 本月": frozenset({ORGANIZER}),
    "/digest": frozenset({ORGANIZER}),
    # issue 9: door lists, Excel, claim links, the enterprise directory
    "/signups": frozenset({ORGANIZER, STAFF_A, STAFF_B}),
    "/signups {event}": frozenset({ORGANIZER, STAFF_A, STAFF_B}),
    "/export": frozenset({ORGANIZER}),
    "/claimlinks": frozenset({ORGANIZER}),
    "/people E公司": frozenset({ORGANIZER}),
}

CALLBACK_RIGHTS: dict[str, frozenset[str]] = {
    "lang:zh": ALL,
    "f:register:tier:champion": NOBODY,  # a form button without the form in progress
    "p:edit": frozenset({ENTERPRISE}),
    "p:field:name": frozenset({ENTERPRISE}),
    "p:close:{need}": frozenset({ENTERPRISE}),
    "p:closeok:{need}": frozenset({ENTERPRISE}),
    "p:keep": frozenset({ENTERPRISE}),
    "in:list:0": frozenset({ORGANIZER}),
    "in:v:{inst_a}": frozenset({ORGANIZER, STAFF_A}),
    "in:v:{inst_b}": frozenset({ORGANIZER, STAFF_B}),
    "in:new": frozenset({ORGANIZER}),
    "in:br:{inst_a}": frozenset({ORGANIZER}),
    "in:seed:0": frozenset({ORGANIZER}),
    "in:inv:{inst_a}": frozenset({ORGANIZER}),
    "in:invs:{inst_b}": frozenset({ORGANIZER}),
    "in:rv:{invitation_a}": frozenset({ORGANIZER}),
    "in:v:abc": NOBODY,
    "in:nosuch:1": NOBODY,
    "pr:v:{product_a}": frozenset({ORGANIZER, STAFF_A}),
    "pr:v:{product_b}": frozenset({ORGANIZER, STAFF_B}),
    "pr:new:{inst_a}": frozenset({STAFF_A}),
    "pr:new:{inst_b}": frozenset({STAFF_B}),
    "pr:ed:{product_a}": frozenset({STAFF_A}),
    "pr:off:{product_a}": frozenset({STAFF_A}),
    "pr:on:{product_a}": frozenset({STAFF_A}),
    "pr:off:{product_b}": frozenset({STAFF_B}),
    "pr:v:99999": NOBODY,
    "f:product:target_tiers:x:champion": NOBODY,  # a toggle without the form at that step
    "pp:s:0": frozenset({ORGANIZER}),
    "pp:e:0": frozenset({ORGANIZER}),
    "pc:{victim}": frozenset({ORGANIZER}),
    "pa:verify:{victim}": frozenset({ORGANIZER}),
    "pa:suspend:{victim}": frozenset({ORGANIZER}),
    "pa:reinstate:{victim}": frozenset({ORGANIZER}),
    "pa:revoke:{victim}": frozenset({ORGANIZER}),
    "pa:promote:{candidate}": frozenset({ORGANIZER}),
    "pa:demote:{candidate}": frozenset({ORGANIZER}),
    "pa:destroy:{candidate}": NOBODY,
    "au:a:0:0": frozenset({ORGANIZER}),
    "au:i:{inst_a}:0": frozenset({ORGANIZER}),
    "au:e:{enterprise}:1:n": frozenset({ORGANIZER}),
    "au:v:1:0": frozenset({ORGANIZER}),
    # issue 10: privacy requests (pv:), the erasure last of them (candidate is not named below)
    "pv:c:{victim}": frozenset({ORGANIZER}),
    "pv:x:{victim}": frozenset({ORGANIZER}),
    "pv:d:{candidate}": frozenset({ORGANIZER}),
    "pv:n:{candidate}": frozenset({ORGANIZER}),
    "pv:x:abc": NOBODY,
    "pv:zz:1": NOBODY,
    "pv:y:{candidate}": frozenset({ORGANIZER}),
    # issue 5: intents (i:), matches (mx:), meetings (mt:), targets (tg:)
    "i:add": frozenset({ENTERPRISE, STAFF_A, STAFF_B, ORGANIZER}),
    "i:p:{product_a}:{need}:0": frozenset({ENTERPRISE}),
    "i:rec:{need}:0": frozenset({STAFF_A, STAFF_B}),
    "i:v:99999": NOBODY,
    "i:c:99999:0": NOBODY,
    "i:wy:99999:0": NOBODY,
    "i:zz:1": NOBODY,
    # issue 9: report buttons (rp:) and digest subscriptions (dg:)
    "rp:p:20260601-20260630": frozenset({ORGANIZER}),
    "rp:c:all": frozenset({ORGANIZER}),
    "rp:p:20261301-20260630": NOBODY,
    "dg:a:d0800": frozenset({ORGANIZER}),
    "dg:a:d9999": NOBODY,
    "dg:zz:1": NOBODY,
    "mx:all": frozenset({ENTERPRISE, STAFF_A, STAFF_B}),
    "mx:e:99999": NOBODY,
    "mt:r:99999:{inst_a}": NOBODY,
    "mt:a:99999": NOBODY,
    "mt:x:99999": NOBODY,
    # issue 10: organizers forward a proposal to a staffed branch (ir:); inst_b is no branch of inst_a
    "ir:l:{proposal}": frozenset({ORGANIZER}),
    "ir:t:{proposal}:{inst_b}": NOBODY,
    "ir:t:99999:{inst_b}": NOBODY,
    "ir:zz:1": NOBODY,
    "tg:add": frozenset({ORGANIZER}),
    "tg:zz": NOBODY,
    # issue 4: sign-ups (su:), events (ev:), series (sr:); objects made in _event_world
    "su:show:{event}": ALL,
    "su:join:{event}": frozenset({ENTERPRISE, STAFF_A, STAFF_B}),
    "su:come:{seat}": frozenset({ENTERPRISE}),
    "su:rate:{attended}:4": frozenset({ENTERPRISE}),
    "su:drop:{seat}": frozenset({ENTERPRISE}),
    "su:join:abc": NOBODY,
    "su:rate:{attended}:9": NOBODY,
    "ev:show:{event}": frozenset({ORGANIZER}),
    "ev:refresh:{event}": frozenset({ORGANIZER}),
    "ev:who:{event}": frozenset({ORGANIZER}),
    "ev:resend:{event}": frozenset({ORGANIZER}),
    "ev:unsure:{event}": frozenset({ORGANIZER}),
    "ev:deadline:{event}": frozenset({ORGANIZER}),
    "ev:regs:{event}": frozenset({ORGANIZER}),
    "ev:qr:{event}": frozenset({ORGANIZER}),
    "ev:cancel:{event}": frozenset({ORGANIZER}),
    "ev:close:{event}": frozenset({ORGANIZER}),
    "ev:open:{event}": frozenset({ORGANIZER}),
    "ev:edit:{event}": frozenset({ORGANIZER}),
    "ev:cancelok:{doomed}": frozenset({ORGANIZER}),
    "ev:zz:1": NOBODY,
    # issue 9: sign-up lists (sl:), walk-ins (wk:), the enterprise directory (pe:, pq:, cl:), claim links (xc:)
    "sl:m:{event}": frozenset({ORGANIZER, STAFF_A, STAFF_B}),
    "sl:x:{event}": frozenset({ORGANIZER, STAFF_A, STAFF_B}),
    "sl:zz:1": NOBODY,
    "wk:{event}": frozenset({ORGANIZER}),  # answered "too early" (the event is days away): nothing begins
    "pe:0:": frozenset({ORGANIZER}),
    "pe:0:5YWJ6LC3": frozenset({ORGANIZER}),  # page 0 of a search for 光谷
    "pe:x:": NOBODY,
    "pq:{enterprise}": frozenset({ORGANIZER}),
    "pq:99999": NOBODY,
    "cl:{enterprise}": frozenset({ORGANIZER}),  # answered "already represented"
    "xc:links": frozenset({ORGANIZER}),
    "xc:zz": NOBODY,
    "sr:zz:1": NOBODY,
    "sr:pause:{series}": frozenset({ORGANIZER}),
    "sr:resume:{series}": frozenset({ORGANIZER}),  # last: its job then creates and announces in the background
}


def _denials() -> set[str]:
    return {t("zh", key) for key in DENIAL_KEYS}


async def _person(user: UserChat) -> Person:
    return await ensure_person(user.id, str(user.user["first_name"]), None, organizer_ids=[ORGANIZER_ID])


async def build_world(harness: Harness) -> tuple[dict[str, UserChat], dict[str, int]]:
    """Five actors (one per role) and the objects the tables name, made through the domain operations."""
    users = {role: await harness.user(role, user_id=ORGANIZER_ID if role == ORGANIZER else None) for role in ROLES}
    victim_user, candidate_user = await harness.user("victim"), await harness.user("candidate")
    people = {role: await _person(user) for role, user in users.items()}
    organizer = people[ORGANIZER]
    inst_a = await create_institution(organizer, "A银行", InstitutionKind.bank)
    inst_b = await create_institution(organizer, "B银行", InstitutionKind.bank)
    ids: dict[str, int] = {"inst_a": inst_a.id, "inst_b": inst_b.id}
    for role, institution in ((STAFF_A, inst_a), (STAFF_B, inst_b)):
        _, code = await create_invitation(organizer, institution.id, 7)
        await accept_invitation(people[role], code)
    victim = await _person(victim_user)
    _, code = await create_invitation(organizer, inst_a.id, 7)
    await accept_invitation(victim, code)
    invitation, _ = await create_invitation(organizer, inst_a.id, 7)
    ids.update(victim=victim.id, candidate=(await _person(candidate_user)).id, invitation_a=invitation.id)
    facts = ProductFacts("P", FinancingKind.loan, 1_000_000, 9_000_000, 6, 36, "LPR", [Tier.champion.value])
    ids["product_a"] = (await add_product(people[STAFF_A], inst_a.id, facts)).id
    ids["product_b"] = (await add_product(people[STAFF_B], inst_b.id, facts)).id
    enterprise = await Enterprise.create(name="E公司", uscc="91330100799655058B", tier=Tier.specialized,
                                         chain=await Chain.first(), district=District.hongshan,
                                         contact_name="王小明", phone="+8613800138000")
    await Person.filter(id=people[ENTERPRISE].id).update(enterprise_id=enterprise.id)
    need = await FinancingNeed.create(enterprise=enterprise, amount=50_000_000, kind=FinancingKind.loan,
                                      term_months=12, purpose="x", guarantee=Guarantee.credit)
    ids.update(enterprise=enterprise.id, need=need.id)
    representative = await Person.get(id=people[ENTERPRISE].id)
    ids["proposal"] = (await propose(representative, Proposal(enterprise.id, inst_a.id, FinancingKind.loan, 10**7),
                                     max_amount=10**10)).intent.id
    ids.update(await _event_world(organizer, await Person.get(id=people[ENTERPRISE].id)))
    for user in users.values():
        await user.send("/start")
    return users, ids


async def _event_world(organizer: Person, representative: Person) -> dict[str, int]:
    """Issue 4: an open event, one to cancel, the enterprise's seat, its attended event, a series."""

    from models.clock import utcnow
    from models.enums import EventStatus, RegistrationStatus
    from models.operations.series_ops import SeriesFacts, create_series, set_series_active
    from models.operations.signup_ops import sign_up
    from models.parsers.recurrence import parse_recurrence
    from models.tables.events import Event, Registration
    from tests.event_flows import facts, open_event

    event, doomed, other = [await open_event(organizer, facts(seats=5)) for _ in range(3)]
    seat = await sign_up(representative, other.id, utcnow())
    held = await open_event(organizer, facts())
    await Event.filter(id=held.id).update(status=EventStatus.held)
    attended = await Registration.create(event=held, enterprise_id=representative.enterprise_id, person=representative,
                                         status=RegistrationStatus.checked_in, party_key=f"{held.id}:e0",
                                         checked_in_at=utcnow())
    rule = parse_recurrence("每周三 7:30").canonical()
    series = (await create_series(organizer, SeriesFacts(SeriesKind.breakfast, "S", rule, days_ahead=1), utcnow(),
                                  ZoneInfo("Asia/Shanghai"))).series
    await set_series_active(organizer, series.id, False)  # no job creating events while the table runs
    return {"event": event.id, "doomed": doomed.id, "seat": seat.id, "attended": attended.id, "series": series.id}


async def _outbox_settled() -> None:
    import asyncio

    from models.enums import OutboxStatus
    from models.tables.outbox import OutboxMessage

    for _ in range(400):
        if not await OutboxMessage.exists(status__in=[OutboxStatus.pending, OutboxStatus.sending]):
            return
        await asyncio.sleep(0.025)


async def snapshot() -> dict[str, list[dict[str, Any]]]:
    """The programme's state; the ids of updates seen are bookkeeping of every update, not a change."""
    models = [(name, model) for name, model in Tortoise.apps["finmatch"].items() if name != "ProcessedUpdate"]
    return {name: await model.all().order_by(model._meta.pk_attr).values() for name, model in models}


def _texts(messages: list[Any]) -> str:
    return "\n".join(m.text for m in messages)


async def _run_command(user: UserChat, text: str) -> tuple[bool, str]:
    reaction = _texts(await user.send(text))
    assert reaction, f"{text}: no answer"
    return not any(denial in reaction for denial in _denials()), reaction


async def _run_callback(user: UserChat, data: str) -> tuple[bool, str]:
    before = len(await user.callback_answers())
    await user.press_data((await user.last()).message_id, data)
    answers = (await user.callback_answers())[before:]
    assert answers, f"{data}: the button press was never answered"
    text = str(answers[-1].get("text") or "")
    return text not in _denials(), text


async def test_every_action_is_allowed_to_exactly_its_roles(harness: Harness) -> None:
    users, ids = await build_world(harness)
    wrong: list[str] = []
    for table, run in ((COMMAND_RIGHTS, _run_command), (CALLBACK_RIGHTS, _run_callback)):
        for template, allowed in table.items():
            action = template.format(**ids)
            for role in ROLES:
                await harness.settled()  # a reply may reach the person before the handler's last write
                await _outbox_settled()  # the sender marks rows sent in the background
                before = await snapshot() if role not in allowed else None
                granted, answer = await run(users[role], action)
                if granted != (role in allowed):
                    wrong.append(f"{action!r} as {role}: {'allowed' if granted else 'denied'} ({answer[:80]!r})")
                await harness.settled()  # a late write of a denied action counts too
                if before is not None and await snapshot() != before:
                    wrong.append(f"{action!r} as {role}: denied but the database changed")
    assert not wrong, "\n".join(wrong)


def test_every_command_has_a_row() -> None:
    listed = {text.split()[0].removeprefix("/") for text in COMMAND_RIGHTS}
    missing = {name for names in COMMANDS.values() for name in names} - listed
    assert not missing, f"add these commands to COMMAND_RIGHTS: {sorted(missing)}"


def test_every_callback_handler_has_a_row() -> None:
    app = build_application(make_settings("sqlite://:memory:"), token="1:x")
    patterns = [h.pattern for group in app.handlers.values() for h in group
                if isinstance(h, CallbackQueryHandler) and isinstance(h.pattern, re.Pattern)]
    assert patterns, "no callback handlers found: the test would prove nothing"
    samples = [template.format_map(_AnyId()) for template in CALLBACK_RIGHTS]
    uncovered = [p.pattern for p in patterns if not any(p.match(data) for data in samples)]
    assert not uncovered, f"add rows to CALLBACK_RIGHTS for: {uncovered}"


class _AnyId(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "1"


@pytest.mark.parametrize("template", list(CALLBACK_RIGHTS))
def test_callback_data_fits_telegrams_limit(template: str) -> None:
    assert len(template.format_map(_AnyId()).replace("1", "9" * 9).encode()) <= 64
