"""The `finmatch` command as an operator runs it: separate processes, real ports, SIGTERM to stop."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx

from sandbox.driver import SandboxClient
from sandbox.server import SANDBOX_TOKEN

PROJECT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment(**values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "DATABASE_", "TELEGRAM_", "SANDBOX_"))}
    env.update(values)
    return env


async def finmatch(*args: str, env: dict[str, str]) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", *args, cwd=PROJECT, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )


@asynccontextmanager
async def running(*args: str, env: dict[str, str]) -> AsyncIterator[asyncio.subprocess.Process]:
    process = await finmatch(*args, env=env)
    try:
        yield process
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
            await asyncio.wait_for(process.wait(), 20)


async def wait_until_serving(url: str) -> None:
    async with httpx.AsyncClient() as http:
        for _ in range(200):
            try:
                if (await http.get(url)).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.05)
    raise AssertionError(f"nothing answered at {url}")


async def test_run_without_a_token_serves_the_sandbox_page_and_answers(tmp_path: Path) -> None:
    port = free_port()
    env = environment(DATABASE_URL=f"sqlite://{tmp_path / 'db.sqlite3'}", SANDBOX_PORT=str(port))
    migrate = await finmatch("migrate", env=env)
    output, _ = await migrate.communicate()
    assert migrate.returncode == 0, output.decode()
    async with running("run", env=env) as bot:
        await wait_until_serving(f"http://127.0.0.1:{port}/")
        async with SandboxClient(f"http://127.0.0.1:{port}") as client:
            user = await client.user("王经理")
            await user.send("/start")
            await user.expect("/register")
        bot.send_signal(signal.SIGTERM)
        output, _ = await asyncio.wait_for(bot.communicate(), 20)
        assert bot.returncode == 0, output.decode()
        assert f"http://127.0.0.1:{port}/" in output.decode()


async def test_run_with_a_token_talks_to_the_configured_bot_api(tmp_path: Path) -> None:
    port = free_port()
    database = f"sqlite://{tmp_path / 'db.sqlite3'}"
    async with running("sandbox", "--port", str(port), env=environment()):
        await wait_until_serving(f"http://127.0.0.1:{port}/")
        env = environment(DATABASE_URL=database, BOT_TOKEN=SANDBOX_TOKEN,
                          TELEGRAM_API_BASE_URL=f"http://127.0.0.1:{port}")
        migrate = await finmatch("migrate", env=env)
        assert await migrate.wait() == 0
        async with running("run", env=env), SandboxClient(f"http://127.0.0.1:{port}") as client:
            user = await client.user("Alice", language_code="en")
            await user.send("/help")
            await user.expect("/register")
