"""The `finmatch` command as an operator runs it: separate processes, real ports, SIGTERM to stop."""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

from sandbox.driver import SandboxClient
from sandbox.server import SANDBOX_TOKEN
from tests.processes import STARTUP_SECONDS, environment, finmatch, free_port, running, wait_until_serving


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
        output, _ = await asyncio.wait_for(bot.communicate(), STARTUP_SECONDS)
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
