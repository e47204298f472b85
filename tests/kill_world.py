"""The worlds of the kill-point test (tests/test_kill_points.py), written straight into the database
before a bot process starts: sandbox users and their Person rows, enterprises, institutions, events,
sign-ups and intents. For each kill point a `Target`: who presses which button (reached the way a
person reaches it), which outbox broadcast the press causes, who must be told, and how to read from
the database whether the change happened."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from uuid import uuid4

from models.clock import utcnow
from models.enums import (
    District,
    EventStatus,
    FinancingKind,
    InstitutionKind,
    IntentStatus,
    RegistrationStatus,
    SeriesKind,
    StaffStatus,
    Tier,
)
from models.tables.chains import Chain
from models.tables.enterprises import Enterprise
from models.tables.events import Event, Registration
from models.tables.institutions import Institution
from models.tables.intents import Intent, LedgerEntry
from models.tables.people import Person
from sandbox.server import Sandbox

ORGANIZER = 70001
FIRST_USER = 71001
UNCHANGED, CHANGED = "unchanged", "changed"  # any other state is a torn one, described


@dataclass(frozen=True)
class Target:
    """One kill point's action and what must follow it."""

    number: int
    actor: int  # the chat of the person who presses
    command: str  # what they send first to find the button
    steps: tuple[str, ...]  # buttons pressed on the way (callback data), each answer awaited
    press: str  # the button whose handling is killed
    broadcast: str  # the outbox rows of the notice it causes
    marker: str  # a text only this notice carries
    expected: frozenset[int]  # the chats that must be told
    state: Callable[[], Awaitable[str]]  # UNCHANGED, CHANGED, or what is torn


class Population:
    """Sandbox users with their Person rows, numbered from FIRST_USER; unique codes for enterprises."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox
        self.next_id = FIRST_USER
        self.next_code = 1
        self.chats: list[int] = []

    def users(self, count: int, name: str) -> list[int]:
        ids = list(range(self.next_id, self.next_id + count))
        self.next_id += count
        for n, chat in enumerate(ids):
            self.sandbox.add_user({"id": chat, "first_name": f"{name}{n}"})
        self.chats += ids
        return ids

    def uscc(self) -> str:
        self.next_code += 1
        return f"91{self.next_code:016d}"

    async def organizer(self) -> int:
        self.sandbox.add_user({"id": ORGANIZER, "first_name": "组织者"})
        self.chats.append(ORGANIZER)
        await Person.create(tg_id=ORGANIZER, full_name="组织者", is_organizer=True)
        return ORGANIZER

    async def enterprises(self, count: int, label: str, chain_id: int, *, reps: int = 1) -> list[list[int]]:
        """`count` enterprises named `label`-NNN, each with `reps` representatives; their chats, by enterprise."""
        await Enterprise.bulk_create([
            Enterprise(name=f"{label}-{n:03d}", uscc=self.uscc(), tier=Tier.specialized, chain_id=chain_id,
                       district=District.hongshan, contact_name="张三", phone="13800138000")
            for n in range(count)])
        made = await Enterprise.filter(name__startswith=f"{label}-").order_by("name")
        chats = self.users(count * reps, f"{label}代表")
        await Person.bulk_create([
            Person(tg_id=chat, full_name=f"{label}代表{n}", enterprise_id=made[n // reps].id)
            for n, chat in enumerate(chats)])
        return [chats[n * reps:(n + 1) * reps] for n in range(count)]

    async def staff(self, institution: Institution, count: int) -> list[int]:
        chats = self.users(count, f"{institution.name}员工")
        await Person.bulk_create([
            Person(tg_id=chat, full_name=f"{institution.name}员工{n}", institution_id=institution.id,
                   staff_status=StaffStatus.verified)
            for n, chat in enumerate(chats)])
        return chats


async def chain_ids() -> list[int]:
    return [chain.id for chain in await Chain.all()]


async def person_id(chat: int) -> int:
    return (await Person.get(tg_id=chat)).id


async def enterprise_of(chat: int) -> int:
    enterprise_id = (await Person.get(tg_id=chat)).enterprise_id
    assert enterprise_id is not None
    return enterprise_id


async def event(title: str, status: EventStatus, *, chain_id: int | None = None, seats: int = 20,
                institution_seats: int = 6) -> Event:
    start = (utcnow() + timedelta(days=3)).replace(second=0, microsecond=0)
    return await Event.create(
        kind=SeriesKind.breakfast, title=title, chain_id=chain_id, starts_at=start,
        ends_at=start + timedelta(minutes=90), deadline=start - timedelta(hours=12), venue="光谷金融港 B1 栋",
        seats_enterprise=seats, seats_institution=institution_seats, status=status,
        checkin_code=uuid4().hex[:16])


def event_status(event_id: int, before: EventStatus, after: EventStatus) -> Callable[[], Awaitable[str]]:
    async def state() -> str:
        status = (await Event.get(id=event_id)).status
        return {before: UNCHANGED, after: CHANGED}.get(status, f"event {event_id} is {status}")

    return state


def marker(scenario: str, number: int) -> str:
    return f"〔KP-{scenario}-{number:02d}〕"


# ----------------------------------------------------------------------------- open and the big announcement


async def announcement_world(population: Population, points: int, *, scenario: str, fitting: int,
                             others: int, staff: int) -> list[Target]:
    """Draft events of one chain, each opened by the organizer: announced to the `fitting`
    enterprises of that chain and to every staff member, not to the `others` of another chain."""
    organizer = await population.organizer()
    chain, other_chain = (await chain_ids())[:2]
    expected = [chat for chats in await population.enterprises(fitting, f"{scenario}企业", chain) for chat in chats]
    if others:
        await population.enterprises(others, f"{scenario}他链企业", other_chain)
    if staff:
        bank = await Institution.create(name=f"{scenario}银行", kind=InstitutionKind.bank)
        expected += await population.staff(bank, staff)
    targets = []
    for number in range(points):
        title = f"{marker(scenario, number)}早餐汇"
        made = await event(title, EventStatus.draft, chain_id=chain)
        targets.append(Target(
            number=number, actor=organizer, command="/events", steps=(f"ev:show:{made.id}",),
            press=f"ev:open:{made.id}", broadcast=f"event:{made.id}:announce", marker=title,
            expected=frozenset(expected), state=event_status(made.id, EventStatus.draft, EventStatus.open)))
    return targets


async def open_world(population: Population, points: int) -> list[Target]:
    """Scenario 1: an event opened, announced to 60 fitting enterprises and 4 staff."""
    return await announcement_world(population, points, scenario="open", fitting=60, others=5, staff=4)


async def big_world(population: Population, points: int) -> list[Target]:
    """Scenario 5: an event opened that fits 500 enterprises (500 recipients)."""
    return await announcement_world(population, points, scenario="big", fitting=500, others=0, staff=0)


# ----------------------------------------------------------------------------- cancel


async def cancel_world(population: Population, points: int) -> list[Target]:
    """Scenario 2: open events with 60 signed up each (52 seated and 4 waitlisted enterprises, 4 institutions),
    cancelled by the organizer; 4 enterprises that did not sign up hear nothing."""
    organizer = await population.organizer()
    chain = (await chain_ids())[0]
    enterprises = [chats[0] for chats in await population.enterprises(56, "cancel企业", chain)]
    await population.enterprises(4, "cancel旁观企业", chain)
    staff = []
    for n in range(4):
        bank = await Institution.create(name=f"cancel银行{n}", kind=InstitutionKind.bank)
        staff += await population.staff(bank, 1)
    people = {person.tg_id: person for person in await Person.filter(tg_id__in=enterprises + staff)}
    targets = []
    for number in range(points):
        title = f"{marker('cancel', number)}早餐汇"
        made = await event(title, EventStatus.open, chain_id=chain, seats=52, institution_seats=4)
        await Registration.bulk_create([_signup(made, people[chat], RegistrationStatus.registered if n < 52 else
                                                RegistrationStatus.waitlisted, n)
                                        for n, chat in enumerate(enterprises + staff)])
        targets.append(Target(
            number=number, actor=organizer, command="/events", steps=(f"ev:show:{made.id}", f"ev:cancel:{made.id}"),
            press=f"ev:cancelok:{made.id}", broadcast=f"event:{made.id}:cancel", marker=title,
            expected=frozenset(enterprises + staff),
            state=event_status(made.id, EventStatus.open, EventStatus.cancelled)))
    return targets


def _signup(made: Event, person: Person, status: RegistrationStatus, order: int) -> Registration:
    party = f"e{person.enterprise_id}" if person.enterprise_id is not None else f"i{person.institution_id}"
    return Registration(event_id=made.id, enterprise_id=person.enterprise_id, institution_id=person.institution_id,
                        person_id=person.id, status=status, party_key=f"{made.id}:{party}",
                        signed_up_at=utcnow() - timedelta(hours=1) + timedelta(seconds=order))


# ----------------------------------------------------------------------------- waitlist promotion


async def waitlist_world(population: Population, points: int) -> list[Target]:
    """Scenario 3: per event one seat, held by A; B and C wait in that order. A gives the seat up
    (/myevents, the cancel button): B is promoted and told, C is not."""
    chain = (await chain_ids())[0]
    targets = []
    for number in range(points):
        seated, first, second = await population.enterprises(3, f"waitlist{number:02d}企业", chain)
        title = f"{marker('waitlist', number)}早餐汇"
        made = await event(title, EventStatus.open, chain_id=chain, seats=1)
        people = [await Person.get(tg_id=chats[0]) for chats in (seated, first, second)]
        statuses = (RegistrationStatus.registered, RegistrationStatus.waitlisted, RegistrationStatus.waitlisted)
        rows = [_signup(made, person, status, n) for n, (person, status) in enumerate(zip(people, statuses,
                                                                                          strict=True))]
        for row in rows:
            await row.save()
        targets.append(Target(
            number=number, actor=seated[0], command="/myevents", steps=(), press=f"su:drop:{rows[0].id}",
            broadcast=f"event:{made.id}:promoted", marker=title, expected=frozenset(first),
            state=_promotion_state(rows[0].id, rows[1].id, rows[2].id)))
    return targets


def _promotion_state(seated: int, first: int, second: int) -> Callable[[], Awaitable[str]]:
    R = RegistrationStatus

    async def state() -> str:
        statuses = tuple([(await Registration.get(id=row)).status for row in (seated, first, second)])
        known = {(R.registered, R.waitlisted, R.waitlisted): UNCHANGED,
                 (R.cancelled, R.registered, R.waitlisted): CHANGED}
        return known.get(statuses, f"registrations {seated}, {first}, {second} are {[str(s) for s in statuses]}")

    return state


# ----------------------------------------------------------------------------- intent confirmation


async def intent_world(population: Population, points: int) -> list[Target]:
    """Scenario 4: per kill point an enterprise with two representatives proposed an intent to one bank
    with three staff; the first staff member confirms it (/intents, the intent, ✅): both representatives
    and the two other staff are told."""
    chain = (await chain_ids())[0]
    bank = await Institution.create(name="intent银行", kind=InstitutionKind.bank)
    confirmer, *colleagues = await population.staff(bank, 3)
    targets = []
    for number in range(points):
        name = f"{marker('intent', number)}企业"
        [reps] = await population.enterprises(1, name, chain, reps=2)
        intent = await Intent.create(enterprise_id=await enterprise_of(reps[0]), institution_id=bank.id,
                                     kind=FinancingKind.loan, amount=50_000_000, term_months=36,
                                     status=IntentStatus.proposed, proposed_by_id=await person_id(reps[0]), version=0)
        targets.append(Target(
            number=number, actor=confirmer, command="/intents", steps=(f"i:v:{intent.id}",),
            press=f"i:c:{intent.id}:0", broadcast=f"intent:{intent.id}", marker=name,
            expected=frozenset(reps + colleagues), state=_intent_state(intent.id)))
    return targets


def _intent_state(intent_id: int) -> Callable[[], Awaitable[str]]:
    async def state() -> str:
        intent = await Intent.get(id=intent_id)
        ledger = await LedgerEntry.filter(intent_id=intent_id).count()
        found = (intent.status, intent.version, ledger)
        known = {(IntentStatus.proposed, 0, 0): UNCHANGED, (IntentStatus.confirmed, 1, 1): CHANGED}
        return known.get(found, f"intent {intent_id} is {intent.status} v{intent.version} with {ledger} ledger rows")

    return state
