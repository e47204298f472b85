"""The first run, as an operator meets it: `finmatch run` on a fresh database, busy ports, a restart."""

from __future__ import annotations

import asyncio
import signal
import socket
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from sandbox.driver import SandboxClient, UserChat
from sandbox.server import SANDBOX_TOKEN
from tests.flows import COMPANY, USCC
from tests.processes import STARTUP_SECONDS, environment, finmatch, free_port, running, wait_until_serving


def one_line(output: bytes) -> str:
    lines = output.decode().strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in lines[0], lines
    return lines[0]


async def test_run_on_a_new_sqlite_file_migrates_seeds_and_answers(tmp_path: Path) -> None:
    database_file, port = tmp_path / "new" / "db.sqlite3", free_port()
    env = environment(DATABASE_URL=f"sqlite://{database_file}", SANDBOX_PORT=str(port))
    async with running("run", env=env) as bot:
        await wait_until_serving(f"http://127.0.0.1:{port}/")
        async with SandboxClient(f"http://127.0.0.1:{port}") as client:
            user = await client.user("王经理")
            await user.send("/start")
            await user.expect("/register")
        bot.send_signal(signal.SIGTERM)
        output, _ = await asyncio.wait_for(bot.communicate(), STARTUP_SECONDS)
        assert bot.returncode == 0, output.decode()
    with sqlite3.connect(database_file) as db:
        assert db.execute("SELECT count(*) FROM chain").fetchone()[0] > 0


async def test_run_on_a_postgres_database_without_migrations_says_to_migrate_first(postgres_database: str) -> None:
    env = environment(DATABASE_URL=postgres_database, SANDBOX_PORT=str(free_port()))
    bot = await finmatch("run", env=env)
    output, _ = await asyncio.wait_for(bot.communicate(), STARTUP_SECONDS)
    line = one_line(output)
    assert bot.returncode != 0
    assert "finmatch migrate" in line and postgres_database.rsplit("/", 1)[1] in line, line


@contextmanager
def a_taken_port() -> Iterator[int]:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        yield taken.getsockname()[1]


@pytest.mark.parametrize("setting", ["SANDBOX_PORT", "WEBHOOK_LISTEN"])
async def test_a_busy_port_is_named_in_one_line_with_its_setting(tmp_path: Path, setting: str) -> None:
    with a_taken_port() as port:
        env = environment(DATABASE_URL=f"sqlite://{tmp_path / 'db.sqlite3'}", SANDBOX_PORT=str(free_port()))
        if setting == "SANDBOX_PORT":
            env["SANDBOX_PORT"] = str(port)
        else:  # nothing answers at this Bot API: the port is checked before Telegram is told anything
            env.update(BOT_TOKEN=SANDBOX_TOKEN, TELEGRAM_API_BASE_URL=f"http://127.0.0.1:{free_port()}",
                       WEBHOOK_URL="https://bot.example.org/telegram", WEBHOOK_LISTEN=f"127.0.0.1:{port}",
                       WEBHOOK_SECRET="a-secret-of-20-chars")
        bot = await finmatch("run", env=env)
        output, _ = await asyncio.wait_for(bot.communicate(), STARTUP_SECONDS)
    line = one_line(output)
    assert bot.returncode != 0
    assert f"port {port} on 127.0.0.1 is already in use" in line and setting in line, line


async def test_the_standalone_sandbox_on_a_busy_port_says_so_in_one_line() -> None:
    with a_taken_port() as port:
        sandbox = await finmatch("sandbox", "--port", str(port), env=environment())
        output, _ = await asyncio.wait_for(sandbox.communicate(), STARTUP_SECONDS)
    line = one_line(output)
    assert sandbox.returncode != 0 and str(port) in line and "--port" in line, line


async def stop(bot: asyncio.subprocess.Process) -> None:
    bot.send_signal(signal.SIGTERM)
    output, _ = await asyncio.wait_for(bot.communicate(), STARTUP_SECONDS)
    assert bot.returncode == 0, output.decode()


async def test_a_restart_keeps_the_sandbox_people_and_chats_and_the_bot_goes_on(tmp_path: Path) -> None:
    database_file, port = tmp_path / "db.sqlite3", free_port()
    env = environment(DATABASE_URL=f"sqlite://{database_file}", SANDBOX_PORT=str(port))
    url = f"http://127.0.0.1:{port}"
    async with running("run", env=env) as bot:
        await wait_until_serving(url + "/")
        async with SandboxClient(url) as client:
            user = await client.user("王经理")
            await user.send("/register")
            await user.expect("企业全称")
            await user.send(COMPANY)
            await user.expect("统一社会信用代码")
        await stop(bot)
    assert (tmp_path / "db.sqlite3.sandbox" / "world.json").is_file()

    async with running("run", env=env) as bot:
        await wait_until_serving(url + "/")
        async with SandboxClient(url) as client:
            (kept,) = await client.users()
            assert kept["id"] == user.id and kept["first_name"] == "王经理"
            again = UserChat(client, kept)
            texts = [message["text"] for message in (await again.state())["messages"]]
            assert texts[:2] == ["/register", texts[1]] and "企业全称" in texts[1] and COMPANY in texts
            await again.send(USCC)  # the form goes on where it was, and the bot hears the new update
            await again.expect("梯度")
            await again.press("专精特新中小企业")  # a button sent before the restart still works too
            await again.expect("产业链")
        await stop(bot)

    database_file.unlink()  # a new database: the kept world goes with the old one
    async with running("run", env=env) as bot:
        await wait_until_serving(url + "/")
        async with SandboxClient(url) as client:
            assert await client.users() == []
        await stop(bot)
