"""Fixtures: every database test runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
import pytest
from playwright.async_api import Browser, async_playwright
from tortoise import Tortoise, connections

from models.clock import back_to_now, travel_to
from models.db import close_db, init_db, migrate
from models.tables.chains import seed_chains
from tests.harness import Harness, make_settings

# Every test stands at the same ordinary moment (a Thursday, 10:00 in Wuhan), so no test depends on the
# day it runs; tests about awkward dates travel further themselves.
FIXED_NOW = datetime(2026, 6, 11, 2, 0, tzinfo=UTC)
PG_ADMIN_DSN = os.environ.get("FINMATCH_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
IN_CI = bool(os.environ.get("CI"))


async def _create_pg_database() -> str:
    name = f"finmatch_test_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(PG_ADMIN_DSN, timeout=5)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    return PG_ADMIN_DSN.rsplit("/", 1)[0] + f"/{name}"


async def _drop_pg_database(url: str) -> None:
    admin = await asyncpg.connect(PG_ADMIN_DSN, timeout=5)
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')
    finally:
        await admin.close()


@pytest.fixture(autouse=True)
def fixed_clock() -> Iterator[datetime]:
    travel_to(FIXED_NOW)
    yield FIXED_NOW
    back_to_now()


@pytest.fixture(scope="session")
def postgres_url() -> AsyncIterator[str | None]:
    """A fresh PostgreSQL database for this run, migrated once; None where no server answers."""
    try:
        url = asyncio.run(_create_pg_database())
    except (TimeoutError, OSError, asyncpg.PostgresError) as error:
        if IN_CI:
            pytest.fail(f"CI needs PostgreSQL at {PG_ADMIN_DSN}: {error}")
        yield None
        return
    asyncio.run(migrate(url))
    yield url
    asyncio.run(_drop_pg_database(url))


@pytest.fixture
async def postgres_database() -> AsyncIterator[str]:
    """A fresh, empty PostgreSQL database of its own, not migrated (advisory locks are per database)."""
    try:
        url = await _create_pg_database()
    except (TimeoutError, OSError, asyncpg.PostgresError) as error:
        if IN_CI:
            pytest.fail(f"CI needs PostgreSQL at {PG_ADMIN_DSN}: {error}")
        pytest.skip(f"PostgreSQL not reachable at {PG_ADMIN_DSN}: this test needs a database of its own")
    try:
        yield url
    finally:
        await _drop_pg_database(url)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite") / "template.sqlite3"
    asyncio.run(migrate(f"sqlite://{path}"))
    return path


async def _truncate_all() -> None:
    tables = [model._meta.db_table for model in Tortoise.apps["finmatch"].values()]
    quoted = ", ".join(f'"{table}"' for table in tables)
    await connections.get("postgres").execute_script(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")


@pytest.fixture(params=["sqlite", "postgres"])
async def database_url(
    request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path, postgres_url: str | None
) -> AsyncIterator[str]:
    """An open, migrated, empty database with the default chains; SQLite and PostgreSQL."""
    if request.param == "sqlite":
        path = tmp_path / "finmatch.sqlite3"
        shutil.copy(sqlite_template, path)
        url = f"sqlite://{path}"
        await init_db(url)
    else:
        if postgres_url is None:
            pytest.skip(f"PostgreSQL not reachable at {PG_ADMIN_DSN}: its half of the suite did not run")
        url = postgres_url
        await init_db(url)
        await _truncate_all()
    await seed_chains()
    try:
        yield url
    finally:
        await close_db()


@pytest.fixture
async def harness(database_url: str) -> AsyncIterator[Harness]:
    bot = Harness(make_settings(database_url))
    await bot.start()
    try:
        yield bot
    finally:
        errors = bot.api_errors()
        await asyncio.wait_for(bot.stop(), 30)  # a stop that hangs fails here, with its traceback
    assert not errors, f"the bot made Bot API calls Telegram would refuse: {errors}"


# Browser tests: Debian's Chromium driven by Playwright (its own browser download cannot work here).
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def require_chromium() -> None:
    if CHROMIUM.exists():
        return
    reason = f"{CHROMIUM} is missing: install it with `apt-get install -y chromium` to run the page tests"
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    require_chromium()
    async with async_playwright() as playwright:
        the_browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield the_browser
        await the_browser.close()
