"""Deployment hardening (issue 10 §5): webhook secret, the token kept out of logs, a private SQLite file."""

from __future__ import annotations

import asyncio
import logging
import stat
import string
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from tortoise import connections

from bot.app import build_application, on_startup
from bot.log_redaction import REDACTED, install_redaction, redact
from bot.replies import ATTEMPTS
from bot.runner import _start_webhook
from bot.startup import check_webhook_secret
from models.db import close_db, init_db, migrate
from models.settings import Settings
from models.tables.people import Person
from notices.i18n import t
from sandbox.server import SANDBOX_TOKEN, Sandbox
from tests.harness import ORGANIZER_ID, Harness, make_settings
from tests.processes import environment, finmatch, free_port

SECRET = "kV3q-9mZ_wT2rX8bN5yL1cD7"
FORGED_TOKEN = "7012345678:AAHk3Jx9QwErTyUiOpAsDfGhJkLzXcVbNm0"
DELIVERY_ERROR = t("zh", "error-delivery")


# ------------------------------------------------------------------ webhook mode


async def test_webhook_mode_without_a_secret_refuses_to_start_in_one_line(tmp_path: Path) -> None:
    assert Settings(_env_file=None).webhook_listen.startswith("127.0.0.1:")  # type: ignore[call-arg]
    port = free_port()
    base = environment(DATABASE_URL=f"sqlite://{tmp_path / 'db.sqlite3'}", WEBHOOK_URL=f"https://bot.example/{port}",
                       WEBHOOK_LISTEN=f"127.0.0.1:{port}")
    for secret, named in ((None, "needs WEBHOOK_SECRET"), ("s3cret", "WEBHOOK_SECRET must be 16-256 characters")):
        env = base if secret is None else base | {"WEBHOOK_SECRET": secret}
        process = await finmatch("run", env=env)
        output = (await asyncio.wait_for(process.communicate(), 60))[0].decode()
        assert process.returncode == 1, output
        lines = [line for line in output.splitlines() if line.startswith("finmatch:")]
        assert len(lines) == 1 and named in lines[0] and "Traceback" not in output, output
    assert not (tmp_path / "db.sqlite3").exists(), "refused before anything was created"


def _command(user_id: int, text: str, update_id: int) -> dict[str, Any]:
    person = {"id": user_id, "is_bot": False, "first_name": "组织者"}
    return {"update_id": update_id, "message": {
        "message_id": update_id, "date": 1_800_000_000, "text": text, "from": person,
        "chat": {"id": user_id, "type": "private", "first_name": "组织者"},
        "entities": [{"type": "bot_command", "offset": 0, "length": len(text)}]}}


@pytest.fixture
async def webhook_bot(database_url: str) -> AsyncIterator[tuple[Sandbox, Settings]]:
    """The Application in webhook mode, as `finmatch run` starts it, answering through the sandbox."""
    port = free_port()
    settings = make_settings(database_url, webhook_url=f"http://127.0.0.1:{port}/telegram",
                             webhook_listen=f"127.0.0.1:{port}", webhook_secret=SECRET)
    check_webhook_secret(settings)
    sandbox = Sandbox()
    await sandbox.start()
    app = build_application(settings, token=SANDBOX_TOKEN, api_base_url=sandbox.api_base_url,
                            file_base_url=sandbox.file_base_url)
    await app.initialize()
    await on_startup(app)
    await app.start()
    await _start_webhook(app, settings)
    try:
        yield sandbox, settings
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
        await sandbox.stop()


async def test_forged_webhook_posts_are_refused_and_run_nothing(webhook_bot: tuple[Sandbox, Settings]) -> None:
    sandbox, settings = webhook_bot
    assert sandbox.webhook["params"].get("secret_token") == SECRET  # Telegram was told the secret
    sandbox.add_user({"id": ORGANIZER_ID, "first_name": "组织者"})
    async with httpx.AsyncClient(timeout=5) as http:
        for update_id, headers in ((1, {}), (2, {"X-Telegram-Bot-Api-Secret-Token": "guessed-guessed-guessed"})):
            answer = await http.post(settings.webhook_url, json=_command(ORGANIZER_ID, "/people", update_id),
                                     headers=headers)
            assert answer.status_code == 403, answer.text
        assert not await Person.filter(tg_id=ORGANIZER_ID).exists()
        answer = await http.post(settings.webhook_url, json=_command(ORGANIZER_ID, "/people", 3),
                                 headers={"X-Telegram-Bot-Api-Secret-Token": SECRET})
        assert answer.status_code == 200
    for _ in range(200):
        if sandbox.bot_messages(ORGANIZER_ID):
            break
        await asyncio.sleep(0.05)
    texts = [message.get("text", "") for message in sandbox.bot_messages(ORGANIZER_ID)]
    assert len(texts) == 1 and "金融机构工作人员" in texts[0], texts  # the genuine update alone ran


# ------------------------------------------------------------------ the token and people's data stay out of logs


def test_redaction_replaces_the_token_and_anything_shaped_like_one() -> None:
    install_redaction(FORGED_TOKEN)
    line = redact(f"POST https://api.telegram.org/bot{FORGED_TOKEN}/getMe; token `{FORGED_TOKEN}`; "
                  "other bot99:abc_DEF-1 and 123456789:ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef0123")
    assert FORGED_TOKEN not in line and "abc_DEF-1" not in line and "ABCDEFGHIJ" not in line
    assert line.count(REDACTED) == 4 and "getMe" in line


TOKEN_SECRETS = st.text(alphabet=string.ascii_letters + string.digits + "_-", min_size=35, max_size=46)
AROUND = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)


@given(bot_id=st.integers(min_value=10_000, max_value=10**12), secret=TOKEN_SECRETS, before=AROUND, after=AROUND)
def test_no_token_survives_redaction_wherever_it_stands(bot_id: int, secret: str, before: str, after: str) -> None:
    assume(secret not in f"{before}{bot_id}" and secret not in f"/getMe{after}" and secret not in f"` {after}")
    token = f"{bot_id}:{secret}"
    for text in (f"{before}{token}{after}", f"{before}/bot{token}/getMe{after}", f"{before} `{token}` {after}"):
        assert secret not in redact(text)


async def test_a_rejected_token_never_reaches_the_output(database_url: str) -> None:
    sandbox = Sandbox()  # it answers 401 Unauthorized to any other token, as Telegram does
    await sandbox.start()
    try:
        env = environment(DATABASE_URL=database_url, BOT_TOKEN=FORGED_TOKEN, TELEGRAM_API_BASE_URL=sandbox.url,
                          LOG_LEVEL="DEBUG")
        process = await finmatch("run", env=env)
        output = (await asyncio.wait_for(process.communicate(), 60))[0].decode()
    finally:
        await sandbox.stop()
    assert process.returncode == 1, output
    assert "finmatch: Telegram rejected BOT_TOKEN" in output
    assert FORGED_TOKEN.split(":")[1] not in output and "Traceback" not in output, output


async def test_logs_carry_neither_the_token_nor_what_people_sent(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    install_redaction(SANDBOX_TOKEN)  # as `finmatch run` does at start-up with BOT_TOKEN
    caplog.set_level(logging.INFO, logger="httpx")  # a line per request, with its URL
    caplog.set_level(logging.DEBUG, logger="telegram.ext.Application")  # "Processing update <the whole update>"
    user = await harness.user("王经理")
    outage = harness.sandbox.add_fault("500", method="sendMessage", chat_id=user.id, times=None)
    answer = await user.client.call("POST", f"/chats/{user.id}/contact", json={"phone_number": "+86 138 0013 8000"})
    for _ in range(400):
        if outage.hits > ATTEMPTS:  # the reply's attempts, then the excuse's first one
            break
        await asyncio.sleep(0.05)
    harness.sandbox.clear_faults()
    user.action_seq = int(answer["seq"])
    await user.expect(DELIVERY_ERROR)
    assert "HTTP Request" in caplog.text and f"bot{REDACTED}/sendMessage" in caplog.text
    assert SANDBOX_TOKEN not in caplog.text and "SANDBOX-TOKEN" not in caplog.text
    assert f"update {answer['update_id']} failed" in caplog.text  # its id ...
    assert f"Processing update <update {answer['update_id']}>" in caplog.text
    assert not any(shape in caplog.text for shape in ("138 0013", "0013 8000", "13800138000"))  # ... nor its content


# ------------------------------------------------------------------ the SQLite file is private


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


async def test_the_sqlite_file_and_its_folder_are_readable_by_the_bots_user_only(tmp_path: Path) -> None:
    fresh = tmp_path / "data" / "finmatch.sqlite3"
    await migrate(f"sqlite://{fresh}")
    await init_db(f"sqlite://{fresh}")
    try:
        await Person.create(tg_id=1, full_name="王小明")
        siblings = [fresh.with_name(fresh.name + suffix) for suffix in ("-wal", "-shm")]
        assert all(path.exists() for path in siblings)
        assert _mode(fresh.parent) == 0o700
        assert [_mode(path) for path in (fresh, *siblings)] == [0o600] * 3
    finally:
        await close_db()

    old = tmp_path / "old" / "finmatch.sqlite3"  # made by an earlier version: world-readable
    await migrate(f"sqlite://{old}")
    for path in old.parent.iterdir():
        path.chmod(0o644)
    await init_db(f"sqlite://{old}")
    try:
        await connections.get("sqlite").execute_query("SELECT 1")
        assert {path.name: _mode(path) for path in old.parent.iterdir()} == {
            path.name: 0o600 for path in old.parent.iterdir()}
    finally:
        await close_db()
