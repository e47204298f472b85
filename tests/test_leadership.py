"""One leader: a PostgreSQL advisory lock elects it among several `finmatch run` processes, a standby
takes over when it dies (even by kill -9) or loses its lock connection; on SQLite one process per file."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest

from bot.app import start_leading, stop_leading
from bot.health import health_server
from models.db import database, migrate
from models.enums import OutboxStatus
from models.tables.outbox import OutboxMessage, enqueue_many
from notices.payloads import text_payload
from sandbox.driver import SandboxClient
from sandbox.methods import METHODS
from sandbox.server import SANDBOX_TOKEN, Sandbox
from schedules.jobs import rebuild_jobs
from schedules.leadership import AnotherInstanceRunning, leadership_for, lock_dsn
from tests.conftest import PG_ADMIN_DSN
from tests.harness import Harness, make_settings
from tests.processes import (
    STARTUP_SECONDS,
    environment,
    finmatch,
    free_port,
    health,
    keep_reading,
    running,
    wait_until_serving,
)

TAKEOVER_SECONDS = 10.0
SENDER_CONCURRENCY = 8  # at 29.5/s and the sandbox's 150 ms answers about 5 sends are in flight at a kill
FIRST_CHAT = 40001


async def terminate_lock_holder(url: str) -> int:
    """What a network cut or a DBA does: the server ends the leader's lock session."""
    admin = await asyncpg.connect(PG_ADMIN_DSN, timeout=5)
    try:
        pid = await admin.fetchval(
            "SELECT l.pid FROM pg_locks l JOIN pg_database d ON d.oid = l.database "
            "WHERE l.locktype = 'advisory' AND l.granted AND d.datname = $1", url.rsplit("/", 1)[1])
        assert pid is not None, "nobody holds the leader lock"
        await admin.fetchval("SELECT pg_terminate_backend($1)", pid)
        return int(pid)
    finally:
        await admin.close()


async def until(condition: Any, seconds: float, what: str) -> float:
    """Poll `condition()` until it holds; returns the seconds it took."""
    loop = asyncio.get_running_loop()
    start = loop.time()
    while not await condition():
        assert loop.time() - start < seconds, f"not within {seconds}s: {what}"
        await asyncio.sleep(0.1)
    return loop.time() - start


# ----------------------------------------------------------------------------- the lock itself


def test_the_lock_connection_takes_libpq_options_and_leaves_tortoise_pool_options() -> None:
    url = "postgres://bot:s%40cret@db:6432/finmatch?maxsize=20&sslmode=require&minsize=2"
    assert lock_dsn(url) == "postgresql://bot:s%40cret@db:6432/finmatch?sslmode=require"


async def test_one_of_two_leads_and_the_other_takes_over_when_its_connection_dies(postgres_database: str) -> None:
    first, second = leadership_for(postgres_database), leadership_for(postgres_database)
    async with first, second:
        await asyncio.wait_for(first.acquire(), 5)
        waiting = asyncio.create_task(second.acquire())
        await asyncio.sleep(2)
        assert first.is_leader and first.since is not None
        assert not second.is_leader and not waiting.done()

        await terminate_lock_holder(postgres_database)
        await asyncio.wait_for(waiting, TAKEOVER_SECONDS)
        await asyncio.wait_for(first.wait_lost(), TAKEOVER_SECONDS)
        assert second.is_leader and not first.is_leader and first.since is None

        again = asyncio.create_task(first.acquire())  # the first waits as a standby and leads once more
        await asyncio.sleep(1)
        assert not again.done()
        await second.release()
        await asyncio.wait_for(again, TAKEOVER_SECONDS)
        assert first.is_leader and not second.is_leader


async def test_one_process_per_sqlite_file(tmp_path: Path) -> None:
    url = f"sqlite://{tmp_path / 'finmatch.sqlite3'}"
    async with leadership_for(url) as only:
        await only.acquire()
        assert only.is_leader and only.database == "sqlite"
        with pytest.raises(AnotherInstanceRunning, match=r"finmatch\.sqlite3"):
            await leadership_for(url).open()
    async with leadership_for(url) as next_one:  # released on the way out
        await next_one.acquire()
        assert next_one.is_leader


async def test_a_standby_holds_no_job_and_no_sender(harness: Harness) -> None:
    app = harness.app
    assert app is not None and {"intents", "resync"} <= job_ids(app) and "sender" in app.bot_data
    await stop_leading(app)
    await rebuild_jobs(app)  # what a handler does after a change, here in a standby answering a webhook
    assert job_ids(app) == set() and "sender" not in app.bot_data
    await start_leading(app)
    assert {"intents", "resync"} <= job_ids(app) and "sender" in app.bot_data


def job_ids(app: Any) -> set[str]:
    return {job.id for job in app.job_queue.scheduler.get_jobs()}


async def test_health_answers_503_while_the_database_does_not_answer(tmp_path: Path) -> None:
    port = free_port()
    settings = make_settings(f"sqlite://{tmp_path / 'never-opened.sqlite3'}", health_listen=f"127.0.0.1:{port}")
    async with leadership_for(settings.database_url) as leadership, health_server(settings, leadership):
        await leadership.acquire()
        async with httpx.AsyncClient() as http:
            answer = await http.get(f"http://127.0.0.1:{port}/health")
    assert answer.status_code == 503
    assert answer.json() | {"instance": "", "since": ""} == {
        "leader": True, "instance": "", "database": "sqlite", "database_ok": False, "outbox_backlog": None,
        "since": ""}


# ----------------------------------------------------------------------------- one process on SQLite


async def test_a_second_process_on_one_sqlite_file_says_so_in_one_line(tmp_path: Path) -> None:
    database_file = tmp_path / "db.sqlite3"
    env = environment(DATABASE_URL=f"sqlite://{database_file}", SANDBOX_PORT=str(free_port()))
    assert await (await finmatch("migrate", env=env)).wait() == 0
    async with running("run", env=env) as first:
        await wait_until_serving(f"http://{env['HEALTH_LISTEN']}/health")
        second = await finmatch("run", env=environment(DATABASE_URL=env["DATABASE_URL"],
                                                       SANDBOX_PORT=str(free_port())))
        output, _ = await asyncio.wait_for(second.communicate(), STARTUP_SECONDS)
        lines = output.decode().strip().splitlines()
        assert second.returncode != 0
        assert len(lines) == 1, lines
        assert str(database_file) in lines[0] and "another finmatch process" in lines[0]
        assert first.returncode is None
        first.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(first.wait(), STARTUP_SECONDS) == 0


async def test_a_busy_health_port_is_named_in_one_line(tmp_path: Path) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = environment(DATABASE_URL=f"sqlite://{tmp_path / 'db.sqlite3'}", SANDBOX_PORT=str(free_port()),
                          HEALTH_LISTEN=f"127.0.0.1:{port}")
        assert await (await finmatch("migrate", env=env)).wait() == 0
        bot = await finmatch("run", env=env)
        output, _ = await asyncio.wait_for(bot.communicate(), STARTUP_SECONDS)
    text = output.decode()
    assert bot.returncode != 0 and "Traceback" not in text, text
    assert any(str(port) in line and "HEALTH_LISTEN" in line for line in text.splitlines()), text


# ----------------------------------------------------------------------------- several processes on PostgreSQL


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    world = Sandbox()
    await world.start()
    try:
        yield world
    finally:
        await world.stop()


@pytest.fixture
async def migrated(postgres_database: str) -> AsyncIterator[str]:
    await migrate(postgres_database)
    async with database(postgres_database):
        yield postgres_database


@asynccontextmanager
async def instances(envs: list[dict[str, str]]) -> AsyncIterator[list[asyncio.subprocess.Process]]:
    """`finmatch run` once per environment; their output is shown when the test fails."""
    async with contextlib.AsyncExitStack() as stack:
        processes = [await stack.enter_async_context(running("run", env=env)) for env in envs]
        outputs = [keep_reading(process)[0] for process in processes]
        try:
            yield processes
        except BaseException:
            for n, output in enumerate(outputs):
                print(f"----- instance {n} -----\n{output.decode()}")
            raise


def bot_environment(database_url: str, sandbox: Sandbox) -> dict[str, str]:
    return environment(DATABASE_URL=database_url, BOT_TOKEN=SANDBOX_TOKEN, TELEGRAM_API_BASE_URL=sandbox.url)


async def leader_and_standby(envs: list[dict[str, str]]) -> tuple[int, int]:
    """Indexes of the one instance whose /health says leader and of the one that says standby."""
    answers: list[dict[str, Any] | None] = []

    async def decided() -> bool:
        answers[:] = [await health(env) for env in envs]
        return all(answers) and sorted(answer["leader"] for answer in answers if answer) == [False, True]

    await until(decided, 60, "one leader and one standby")
    leader = next(n for n, answer in enumerate(answers) if answer and answer["leader"])
    return leader, 1 - leader


async def leads(env: dict[str, str]) -> bool:
    answer = await health(env)
    return bool(answer and answer["leader"])


async def a_newcomer_is_answered(sandbox: Sandbox, name: str) -> None:
    async with SandboxClient(sandbox.url) as client:
        person = await client.user(name, language_code="en")
        await person.send("/start")
        await person.expect("/register", timeout=15)


def delivered(sandbox: Sandbox, chat_id: int) -> int:
    return len(sandbox.chats[chat_id].messages)


def slow_answers(monkeypatch: pytest.MonkeyPatch, seconds: float) -> None:
    """sendMessage delivers at once but answers `seconds` later, as over a real network: a kill then
    finds sends in flight whose messages have arrived (the sender cannot know; it fails them)."""
    deliver = METHODS["sendmessage"]

    async def deliver_then_answer_late(world: Any, params: Any) -> Any:
        result = deliver(world, params)
        await asyncio.sleep(seconds)
        return result

    monkeypatch.setitem(METHODS, "sendmessage", deliver_then_answer_late)


async def test_kill_9_of_the_leader_mid_broadcast_the_standby_finishes_it_without_duplicates(
    migrated: str, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    sandbox.set_flood_limits(per_second=30, per_chat_seconds=1.0, group_per_minute=20, retry_after=1)
    slow_answers(monkeypatch, 0.15)
    chats = [sandbox.add_user({"id": FIRST_CHAT + n, "first_name": f"企业{n}"})["id"] for n in range(500)]
    await enqueue_many([OutboxMessage(key=f"announce:1:{chat}", chat_id=chat, payload=text_payload(f"hello {chat}"))
                        for chat in chats])
    envs = [bot_environment(migrated, sandbox) for _ in range(2)]
    async with instances(envs) as processes:
        leader, standby = await leader_and_standby(envs)

        await until(lambda: _at_least(sandbox, chats, 60), 60, "the broadcast has begun")
        processes[leader].kill()
        await processes[leader].wait()
        at_kill = sum(delivered(sandbox, chat) for chat in chats)
        assert at_kill < len(chats), "killed too late to test anything"

        took = await until(lambda: leads(envs[standby]), TAKEOVER_SECONDS, "the standby takes over")
        await until(lambda: _backlog_is_empty(envs[standby]), 90, "the broadcast is finished")
        await a_newcomer_is_answered(sandbox, "Late Comer")

        rows = {row.chat_id: row for row in await OutboxMessage.all()}
        ambiguous = {chat for chat, row in rows.items()
                     if row.status is OutboxStatus.unsure and "interrupted while sending" in row.last_error}
        assert all(delivered(sandbox, chat) <= 1 for chat in chats)
        assert all(rows[chat].status is OutboxStatus.sent and delivered(sandbox, chat) == 1
                   for chat in chats if chat not in ambiguous)
        assert len(ambiguous) <= SENDER_CONCURRENCY, ambiguous  # those in flight at the kill, never many
        print(f"killed after {at_kill} of {len(chats)}; takeover after {took:.1f}s; {len(ambiguous)} ambiguous")

        processes[standby].send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(processes[standby].wait(), STARTUP_SECONDS) == 0


async def _at_least(sandbox: Sandbox, chats: list[int], count: int) -> bool:
    return sum(delivered(sandbox, chat) for chat in chats) >= count


async def _backlog_is_empty(env: dict[str, str]) -> bool:
    answer = await health(env)
    return bool(answer and answer["outbox_backlog"] == 0)


async def test_a_leader_that_loses_its_lock_connection_steps_down_and_can_lead_again(
    migrated: str, sandbox: Sandbox
) -> None:
    envs = [bot_environment(migrated, sandbox) for _ in range(2)]
    async with instances(envs) as processes:
        first, second = await leader_and_standby(envs)
        await a_newcomer_is_answered(sandbox, "Before")

        for new, old in ((second, first), (first, second)):
            await terminate_lock_holder(migrated)
            await until(lambda new=new: leads(envs[new]), TAKEOVER_SECONDS, "the standby takes over")
            await until(lambda old=old: _standby(envs[old]), TAKEOVER_SECONDS, "the old leader stands down")
            await a_newcomer_is_answered(sandbox, f"After {new}")

        probe = await finmatch("health", "--url", f"http://{envs[first]['HEALTH_LISTEN']}/health", env=envs[first])
        answer = (await probe.communicate())[0].decode()
        assert probe.returncode == 0 and '"leader": true' in answer and '"database": "postgres"' in answer
        for process in processes:
            process.send_signal(signal.SIGTERM)
            assert await asyncio.wait_for(process.wait(), STARTUP_SECONDS) == 0


async def _standby(env: dict[str, str]) -> bool:
    answer = await health(env)
    return bool(answer and not answer["leader"] and answer["database_ok"] and answer["since"] is None)


async def test_in_webhook_mode_the_standby_answers_updates_too(migrated: str, sandbox: Sandbox) -> None:
    envs = []
    for _ in range(2):
        port = free_port()
        envs.append(bot_environment(migrated, sandbox) | {
            "WEBHOOK_URL": f"http://127.0.0.1:{port}/telegram", "WEBHOOK_LISTEN": f"127.0.0.1:{port}",
            "WEBHOOK_SECRET": "s3cret-s3cret-s3cret"})
    async with instances(envs) as processes:
        leader, standby = await leader_and_standby(envs)
        for n, instance in enumerate((leader, standby)):
            person = sandbox.add_user({"id": FIRST_CHAT + n, "first_name": f"Hook {n}", "language_code": "en"})
            await post_update(envs[instance], start_command(person, update_id=n + 1))
            await until(lambda chat=person["id"]: _answered(sandbox, chat), 15, f"instance {instance} answers")
        for process in processes:
            process.send_signal(signal.SIGTERM)
            assert await asyncio.wait_for(process.wait(), STARTUP_SECONDS) == 0


def start_command(person: dict[str, Any], update_id: int) -> dict[str, Any]:
    return {"update_id": update_id, "message": {
        "message_id": update_id, "date": 1_800_000_000, "text": "/start", "from": person,
        "chat": {"id": person["id"], "type": "private", "first_name": person["first_name"]},
        "entities": [{"type": "bot_command", "offset": 0, "length": 6}]}}


async def post_update(env: dict[str, str], update: dict[str, Any]) -> None:
    """What Telegram does in webhook mode (the reverse proxy may pick any instance)."""
    async with httpx.AsyncClient(timeout=5) as http:
        for _ in range(100):
            try:
                answer = await http.post(env["WEBHOOK_URL"], json=update,
                                         headers={"X-Telegram-Bot-Api-Secret-Token": env["WEBHOOK_SECRET"]})
            except httpx.TransportError:
                await asyncio.sleep(0.1)
                continue
            assert answer.status_code == 200, answer.text
            return
    raise AssertionError(f"no webhook at {env['WEBHOOK_URL']}")


async def _answered(sandbox: Sandbox, chat_id: int) -> bool:
    return any("/register" in record.message.get("text", "") for record in sandbox.chats[chat_id].messages.values())
