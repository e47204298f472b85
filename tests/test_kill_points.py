"""kill -9 at 50 points of five notices, restart, count the copies each recipient got (SQLite and PostgreSQL).

For open, cancel, waitlist promotion, intent confirmation and a 500-recipient announcement, a person
reaches the button in the sandbox as anyone would and presses it; the `finmatch run` process is
killed -9 a seeded random delay later (spread over a window, so kills land before the commit, between
the commit and the sends, and mid-broadcast). A new process starts on the same database and drains
the outbox; the next kill point is played on it. Checked for each point:

- atomicity: right after the kill and after the restart, either the change happened and every
  outbox row of its notice exists (one per expected recipient), or neither did; when it did not
  happen the person presses again, and then it is complete;
- copies per recipient: nobody gets two; everyone whose row is `sent` got exactly one; a row left
  `unsure` by the kill got 0 or 1 (ambiguous: counted apart); nobody without a row got one.

Each scenario has its own sandbox and database (on SQLite a file this process reads while the bot
runs: WAL lets it read beside the bot's writes). Figures per backend are printed (`pytest -s`): kill
points, where they landed, lost, duplicated, ambiguous. KILL_SEED changes the seed, KILL_POINTS the
points per scenario (10 by default).
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import asyncpg
import pytest
from tortoise import connections

from models.clock import back_to_now, utcnow
from models.db import close_db, init_db, migrate
from models.enums import OutboxStatus
from models.tables.chains import seed_chains
from models.tables.outbox import OutboxMessage
from models.tables.processed_updates import ProcessedUpdate
from sandbox.driver import SandboxClient, UserChat
from sandbox.server import SANDBOX_TOKEN, Sandbox
from tests import kill_world
from tests.conftest import IN_CI, PG_ADMIN_DSN, _create_pg_database, _drop_pg_database
from tests.kill_world import CHANGED, ORGANIZER, UNCHANGED, Population, Target
from tests.processes import STARTUP_SECONDS, environment, finmatch, free_port, health, keep_reading

SEED = int(os.environ.get("KILL_SEED", "20261201"))
POINTS = int(os.environ.get("KILL_POINTS", "10"))
# The sender's pace, faster than Telegram's (~30/s overall, ~1/s per chat): a 500-recipient broadcast
# drains in seconds. The pace changes how far a broadcast gets before a kill, not what a kill may do.
# The short per-chat pace also keeps the sender from napping up to a second after each batch (it sees
# its own rows in flight as due and held by that pace), which would delay most notices past the kill.
PACE = {"SENDER_PER_SECOND": "250", "SENDER_PER_CHAT_SECONDS": "0.05"}
OPEN_ROWS = (OutboxStatus.pending, OutboxStatus.sending)
SETTLE_SECONDS = 60.0


@dataclass(frozen=True)
class Scenario:
    name: str
    build: Callable[[Population, int], Awaitable[list[Target]]]
    window_ms: tuple[int, int]  # kills land this long after the press


# Measured on both backends with this pace: the change commits 15-110 ms after the press and its first
# message leaves 5-20 ms later; 4 messages are out after about 50 ms, 64 after about 350 ms, 500 after
# about 3 s. Each window covers its scenario's span, so kills land before the commit, between the
# commit and the first send, mid-broadcast and after it.
SCENARIOS = (
    Scenario("open", kill_world.open_world, (0, 400)),
    Scenario("cancel", kill_world.cancel_world, (0, 400)),
    Scenario("waitlist", kill_world.waitlist_world, (0, 60)),
    Scenario("intent", kill_world.intent_world, (0, 80)),
    Scenario("big", kill_world.big_world, (0, 3000)),
)


@pytest.fixture(autouse=True)
def fixed_clock() -> Iterator[datetime]:
    """The bot processes run on the real clock, so this test does too (conftest's fixed moment is the past)."""
    back_to_now()
    yield utcnow()


def kill_delays(scenario: Scenario, count: int, seed: int) -> list[float]:
    """`count` distinct delays in seconds, one in each equal slice of the window, in seeded random order."""
    rng = random.Random(f"{seed}:{scenario.name}")
    low, high = scenario.window_ms
    width = (high - low) / count
    delays = [(low + width * (n + rng.random())) / 1000 for n in range(count)]
    rng.shuffle(delays)
    return delays


# ----------------------------------------------------------------------------- databases and processes


@asynccontextmanager
async def scenario_database(backend: str, file: Path) -> AsyncIterator[str]:
    """A fresh migrated database with the default chains, open in this process; yields the bot's URL."""
    if backend == "sqlite":
        url = f"sqlite://{file}"
        await migrate(url)
        async with opened(url):
            yield url
        return
    try:
        url = await _create_pg_database()
    except (TimeoutError, OSError, asyncpg.PostgresError) as error:
        if IN_CI:
            pytest.fail(f"CI needs PostgreSQL at {PG_ADMIN_DSN}: {error}")
        pytest.skip(f"PostgreSQL not reachable at {PG_ADMIN_DSN}: the kill points on PostgreSQL did not run")
    try:
        await migrate(url)
        async with opened(f"{url}?minsize=1&maxsize=1"):  # one connection: see `no_backend_left`
            yield url
    finally:
        await _drop_pg_database(url)


@asynccontextmanager
async def opened(url: str) -> AsyncIterator[None]:
    await init_db(url)
    try:
        await seed_chains()
        yield
    finally:
        await close_db()


class Bots:
    """`finmatch run` on one database, one process at a time; the output of each is kept for a failure."""

    def __init__(self, env: dict[str, str], backend: str) -> None:
        self.env = env
        self.backend = backend
        self.process: asyncio.subprocess.Process | None = None
        self.outputs: list[bytearray] = []

    async def start(self) -> None:
        env = self.env | {"HEALTH_LISTEN": f"127.0.0.1:{free_port()}"}
        self.process = await finmatch("run", env=env)
        output, _ = keep_reading(self.process)
        self.outputs.append(output)
        deadline = time.monotonic() + STARTUP_SECONDS
        while not ((answer := await health(env)) and answer["leader"]):
            assert self.process.returncode is None, f"the bot stopped: {output.decode()}"
            assert time.monotonic() < deadline, f"no leader within {STARTUP_SECONDS:g}s: {output.decode()}"
            await asyncio.sleep(0.02)

    async def kill(self) -> None:
        assert self.process is not None
        self.process.kill()
        await self.process.wait()
        if self.backend == "postgres":
            await no_backend_left()

    async def stop(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
            await asyncio.wait_for(self.process.wait(), STARTUP_SECONDS)

    def last_outputs(self, count: int = 2) -> str:
        return "\n".join(f"----- bot process -{n} -----\n{output.decode()}"
                         for n, output in enumerate(reversed(self.outputs[-count:]), 1))


async def no_backend_left() -> None:
    """PostgreSQL: wait until the killed process's sessions are gone. A COMMIT it had sent is carried out
    even after its death, so the database is looked at only once no session of it is left."""
    query = ("SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() "
             "AND pid <> pg_backend_pid() AND backend_type = 'client backend'")
    for _ in range(200):
        if not (await connections.get("postgres").execute_query_dict(query))[0]["n"]:
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the killed process's PostgreSQL sessions did not end")


async def outbox_drained() -> None:
    deadline = time.monotonic() + SETTLE_SECONDS
    while await OutboxMessage.exists(status__in=OPEN_ROWS):
        assert time.monotonic() < deadline, f"the outbox was not drained within {SETTLE_SECONDS}s"
        await asyncio.sleep(0.05)


# ----------------------------------------------------------------------------- a person at the buttons


async def message_with(person: UserChat, data: str, seconds: float = 15.0) -> int:
    """The newest bot message in the person's chat with a button carrying `data`."""
    deadline = time.monotonic() + seconds
    while True:
        for message in reversed(await person.messages()):
            if any(data in row for row in message.callback_data):
                return message.message_id
        assert time.monotonic() < deadline, f"{person!r}: no button {data!r}"
        await asyncio.sleep(0.05)


async def reach(person: UserChat, target: Target) -> int:
    """What the person does to find the button: a command, then buttons; the message with the button."""
    await person.send(target.command)
    for data in target.steps:
        await person.press_data(await message_with(person, data), data)
    return await message_with(person, target.press)


async def press_without_waiting(person: UserChat, message_id: int, data: str) -> int:
    """The press reaches the bot; nobody waits for its answer (the process is about to be killed).
    Returns the update's id."""
    pressed = await person.client.call("POST", f"/chats/{person.id}/press", json={"message_id": message_id,
                                                                                  "callback_data": data})
    return int(pressed["update_id"])


SKIPPED = "unconfirmed and recorded"  # redelivered to the next process, which skips it as seen


async def fate(sandbox: Sandbox, update_id: int) -> str:
    """What became of the press's update at the kill: still queued at Telegram (the next process gets it)
    or confirmed; recorded as processed (a redelivery is then skipped) or not."""
    queued = any(update["update_id"] == update_id for update in sandbox.updates)
    recorded = await ProcessedUpdate.exists(update_id=update_id)
    return f"{'unconfirmed' if queued else 'confirmed'} and {'recorded' if recorded else 'not recorded'}"


async def answered(person: UserChat) -> None:
    """The person sends /help and gets the answer: the process handles updates one after another, so
    an update redelivered to it (the press the killed one never confirmed) has been handled too."""
    await person.send("/help")
    await person.expect("可用命令", timeout=30)


# ----------------------------------------------------------------------------- what is seen


@dataclass(frozen=True)
class Snapshot:
    state: str
    rows: dict[int, list[OutboxStatus]]  # chat -> statuses of its rows of the notice
    copies: dict[int, int]  # chat -> messages carrying the notice's marker (every chat but the actor's)


async def look(sandbox: Sandbox, population: Population, target: Target) -> Snapshot:
    rows: dict[int, list[OutboxStatus]] = {}
    for chat, status in await OutboxMessage.filter(broadcast=target.broadcast).values_list("chat_id", "status"):
        rows.setdefault(chat, []).append(OutboxStatus(status))
    copies = {chat: received(sandbox, chat, target.marker) for chat in population.chats if chat != target.actor}
    return Snapshot(await target.state(), rows, copies)


def received(sandbox: Sandbox, chat: int, marker: str) -> int:
    return sum(1 for record in sandbox.chats[chat].messages.values()
               if record.message["from"].get("is_bot") and marker in record.message.get("text", ""))


def atomicity(seen: Snapshot, target: Target, when: str) -> list[str]:
    """Either the change and one row per expected recipient, or neither."""
    if seen.state == UNCHANGED:
        return [f"{when}: not changed, yet {len(seen.rows)} chats have outbox rows"] if seen.rows else []
    if seen.state != CHANGED:
        return [f"{when}: torn: {seen.state}"]
    problems = []
    missing, extra = target.expected - set(seen.rows), set(seen.rows) - target.expected
    if missing or extra:
        problems.append(f"{when}: changed, but {len(missing)} recipients have no row and {len(extra)} "
                        f"who are no recipients have one ({sorted(missing)[:5]} {sorted(extra)[:5]})")
    doubled = [chat for chat, statuses in seen.rows.items() if len(statuses) > 1]
    if doubled:
        problems.append(f"{when}: {len(doubled)} chats have two rows of one notice: {doubled[:5]}")
    return problems


def landing(seen: Snapshot, target: Target) -> str:
    """Where the kill landed, from what the database and the chats held right after it."""
    if seen.state == UNCHANGED:
        return "before commit"
    told = sum(1 for chat in target.expected if seen.copies.get(chat))
    if told == 0:
        return "committed, none sent"
    return "all sent" if told == len(target.expected) else "mid-broadcast"


# ----------------------------------------------------------------------------- one kill point


@dataclass
class Outcome:
    scenario: str
    number: int
    delay_ms: int
    landed: str
    delivered_at_kill: int = 0
    update_at_kill: str = ""  # see `fate`
    redelivered: bool = False  # not changed at the kill; the new process handled the press's update
    pressed_again: bool = False  # not changed after the restart either: the person pressed once more
    lost: int = 0
    duplicated: int = 0
    ambiguous: int = 0
    ambiguous_delivered: int = 0
    unexpected: int = 0
    problems: list[str] = field(default_factory=list)

    def describe(self) -> str:
        return f"{self.scenario} #{self.number} (kill {self.delay_ms} ms after the press, {self.landed})"


@dataclass
class Run:
    sandbox: Sandbox
    client: SandboxClient
    population: Population
    bots: Bots

    def person(self, chat: int) -> UserChat:
        return UserChat(self.client, self.sandbox.users[chat])

    async def look(self, target: Target) -> Snapshot:
        return await look(self.sandbox, self.population, target)


async def kill_point(run: Run, scenario: Scenario, target: Target, delay: float) -> Outcome:
    actor = run.person(target.actor)
    message_id = await reach(actor, target)
    update_id = await press_without_waiting(actor, message_id, target.press)
    await asyncio.sleep(delay)
    await run.bots.kill()
    at_kill = await run.look(target)
    outcome = Outcome(scenario.name, target.number, round(delay * 1000), landing(at_kill, target),
                      delivered_at_kill=sum(1 for chat in target.expected if at_kill.copies.get(chat)),
                      update_at_kill=await fate(run.sandbox, update_id))
    outcome.problems += atomicity(at_kill, target, "right after the kill")

    await run.bots.start()
    await answered(actor)
    await outbox_drained()
    after = await run.look(target)
    outcome.problems += atomicity(after, target, "after the restart")
    outcome.redelivered = at_kill.state == UNCHANGED and after.state == CHANGED
    if after.state == UNCHANGED:
        outcome.pressed_again = True
        await actor.press_data(await reach(actor, target), target.press)
        await outbox_drained()
        after = await run.look(target)
        outcome.problems += atomicity(after, target, "after pressing again")
        if after.state != CHANGED:
            outcome.problems.append(f"pressed again, still {after.state}")
    count_copies(outcome, after, target)
    return outcome


def count_copies(outcome: Outcome, seen: Snapshot, target: Target) -> None:
    for chat in target.expected:
        copies, statuses = seen.copies.get(chat, 0), seen.rows.get(chat, [])
        status = statuses[0] if statuses else None
        if copies >= 2:
            outcome.duplicated += 1
            outcome.problems.append(f"chat {chat} got {copies} copies (row {status})")
        if status is OutboxStatus.unsure:
            outcome.ambiguous += 1
            outcome.ambiguous_delivered += copies >= 1
        elif copies == 0:
            outcome.lost += 1
            outcome.problems.append(f"chat {chat} got nothing (row {status})")
        elif status is not OutboxStatus.sent:
            outcome.problems.append(f"chat {chat} got the notice, but its row is {status}")
    for chat, copies in seen.copies.items():
        if copies and chat not in target.expected:
            outcome.unexpected += 1
            outcome.problems.append(f"chat {chat}, no recipient, got {copies} copies")


async def play(scenario: Scenario, backend: str, folder: Path, seed: int) -> list[Outcome]:
    """One scenario: its own sandbox and database, POINTS kill points one after another."""
    sandbox = Sandbox()
    await sandbox.start()
    database = scenario_database(backend, folder / f"{scenario.name}.sqlite3")
    try:
        async with database as url, SandboxClient(sandbox.url) as client:
            population = Population(sandbox)
            targets = await scenario.build(population, POINTS)
            env = environment(DATABASE_URL=url, BOT_TOKEN=SANDBOX_TOKEN, TELEGRAM_API_BASE_URL=sandbox.url,
                              ORGANIZER_IDS=str(ORGANIZER), **PACE)
            run = Run(sandbox, client, population, Bots(env, backend))
            return await play_points(run, scenario, targets, kill_delays(scenario, len(targets), seed))
    finally:
        await sandbox.stop()


async def play_points(run: Run, scenario: Scenario, targets: list[Target], delays: list[float]) -> list[Outcome]:
    outcomes = []
    await run.bots.start()
    try:
        for target, delay in zip(targets, delays, strict=True):
            outcomes.append(await kill_point(run, scenario, target, delay))
    except BaseException:
        print(run.bots.last_outputs())
        raise
    finally:
        await run.bots.stop()
    return outcomes


# ----------------------------------------------------------------------------- the figures


COLUMNS = ("points", "before commit", "committed, none sent", "mid-broadcast", "all sent", "redelivered",
           "redelivery skipped", "pressed again", "lost", "duplicated", "ambiguous", "of which arrived", "unexpected",
           "seconds")


def figures(outcomes: list[Outcome], seconds: float) -> dict[str, int]:
    landed = Counter(outcome.landed for outcome in outcomes)
    return {
        "points": len(outcomes), **{name: landed[name] for name in COLUMNS[1:5]},
        "redelivered": sum(o.redelivered for o in outcomes), "pressed again": sum(o.pressed_again for o in outcomes),
        "redelivery skipped": sum(o.pressed_again and o.update_at_kill == SKIPPED for o in outcomes),
        "lost": sum(o.lost for o in outcomes), "duplicated": sum(o.duplicated for o in outcomes),
        "ambiguous": sum(o.ambiguous for o in outcomes),
        "of which arrived": sum(o.ambiguous_delivered for o in outcomes),
        "unexpected": sum(o.unexpected for o in outcomes), "seconds": round(seconds),
    }


def report(backend: str, seed: int, table: dict[str, dict[str, int]]) -> str:
    total = {column: sum(row[column] for row in table.values()) for column in COLUMNS}
    lines = [f"kill -9 points on {backend}, seed {seed} (KILL_SEED), {POINTS} per scenario (KILL_POINTS):",
             f"{'scenario':<10}" + "".join(f"{column:>{max(len(column), 5) + 2}}" for column in COLUMNS)]
    for name, row in [*table.items(), ("total", total)]:
        lines.append(f"{name:<10}" + "".join(f"{row[column]:>{max(len(column), 5) + 2}}" for column in COLUMNS))
    return "\n".join(lines)


def details(outcomes: list[Outcome]) -> str:
    return "\n".join(f"  {outcome.describe()}: delivered at the kill {outcome.delivered_at_kill}, "
                     f"the press's update {outcome.update_at_kill}"
                     + (", redelivered" if outcome.redelivered else "")
                     + (", pressed again" if outcome.pressed_again else "")
                     + (f", ambiguous {outcome.ambiguous} ({outcome.ambiguous_delivered} arrived)"
                        if outcome.ambiguous else "")
                     for outcome in outcomes)


@pytest.mark.timeout(900)
@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
async def test_kill_9_anywhere_loses_nothing_and_sends_nothing_twice(backend: str, tmp_path: Path) -> None:
    table: dict[str, dict[str, int]] = {}
    outcomes: list[Outcome] = []
    for scenario in SCENARIOS:
        started = time.monotonic()
        played = await play(scenario, backend, tmp_path, SEED)
        table[scenario.name] = figures(played, time.monotonic() - started)
        outcomes += played
    print("\n" + report(backend, SEED, table) + "\n" + details(outcomes))
    problems = [f"{outcome.describe()}: {problem}" for outcome in outcomes for problem in outcome.problems]
    assert sum(o.lost for o in outcomes) == 0, "\n".join(problems)
    assert sum(o.duplicated for o in outcomes) == 0, "\n".join(problems)
    assert not problems, "\n".join(problems)
