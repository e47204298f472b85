"""`finmatch` as an operator runs it, for tests: separate processes, real ports, signals to stop."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx

PROJECT = Path(__file__).resolve().parent.parent
# a start-up takes 1-2 s; a machine busy with other suites can make it ten times that
STARTUP_SECONDS = 60.0
OWN_SETTINGS = ("BOT_", "DATABASE_", "TELEGRAM_", "SANDBOX_", "HEALTH_", "WEBHOOK_")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment(**values: str) -> dict[str, str]:
    """The test's environment without finmatch settings, plus `values`; the health endpoint on a free port."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(OWN_SETTINGS)}
    env["HEALTH_LISTEN"] = f"127.0.0.1:{free_port()}"
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
            await asyncio.wait_for(process.wait(), STARTUP_SECONDS)


async def wait_until_serving(url: str, seconds: float = STARTUP_SECONDS, output: bytearray | None = None) -> None:
    """Return once `url` answers 200; else fail with the end of the server's `output`, if given."""
    deadline = asyncio.get_running_loop().time() + seconds
    async with httpx.AsyncClient() as http:
        while asyncio.get_running_loop().time() < deadline:
            try:
                if (await http.get(url)).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.05)
    tail = output.decode(errors="replace")[-3000:] if output is not None else ""
    raise AssertionError(f"nothing answered at {url} within {seconds:g} s\n{tail}")


def keep_reading(process: asyncio.subprocess.Process) -> tuple[bytearray, asyncio.Task[None]]:
    """Collect a long-running process's output as it comes (a full pipe would stall its logging)."""
    output = bytearray()

    async def read() -> None:
        assert process.stdout is not None
        while chunk := await process.stdout.read(65536):
            output.extend(chunk)

    return output, asyncio.create_task(read())


async def health(env: dict[str, str]) -> dict[str, Any] | None:
    """The instance's GET /health answer (at its HEALTH_LISTEN); None while nothing answers."""
    try:
        async with httpx.AsyncClient(timeout=3) as http:
            return (await http.get(f"http://{env['HEALTH_LISTEN']}/health")).json()
    except (httpx.TransportError, ValueError):
        return None
