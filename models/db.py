"""The database: Tortoise configuration, start-up and shut-down."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tortoise import Tortoise, connections
from tortoise.migrations.api import migrate as run_migrations
from tortoise.migrations.executor import MigrationExecutor

from models.settings import PROJECT_ROOT, get_settings

MODEL_MODULES = [
    "models.people",
    "models.enterprises",
    "models.chains",
    "models.audit",
    "models.drafts",
    "models.institutions",
    "models.events",
    "models.outbox",
    "models.intents",
    "models.processed_updates",
    "models.running_totals",
]
APP_LABEL = "finmatch"
SQLITE_PRAGMAS = "journal_mode=WAL&busy_timeout=5000&synchronous=NORMAL"  # NORMAL is safe with WAL


def _sqlite_url(url: str) -> str:
    """Make the file's folder and turn on WAL and a busy timeout (tortoise takes them as URL params)."""
    path = url.removeprefix("sqlite://").split("?", 1)[0]
    if path != ":memory:":
        Path(path if Path(path).is_absolute() else PROJECT_ROOT / path).parent.mkdir(parents=True, exist_ok=True)
    if "?" in url:
        return url
    return f"{url}?{SQLITE_PRAGMAS}"


def sqlite_file(url: str) -> Path | None:
    """The file a sqlite:// URL opens (SQLite resolves a relative path from the working directory);
    None for an in-memory database."""
    path = url.removeprefix("sqlite://").split("?", 1)[0]
    return None if path == ":memory:" else Path(path).resolve()


def normalise_url(url: str) -> str:
    scheme = urlsplit(url).scheme
    if scheme == "sqlite":
        return _sqlite_url(url)
    if scheme == "postgresql":
        return "postgres" + url.removeprefix("postgresql")
    return url


def connection_name(url: str) -> str:
    """Named by backend: tortoise caches compiled inserts per connection name, not per dialect."""
    return urlsplit(url).scheme


def tortoise_config(url: str | None = None) -> dict[str, Any]:
    db_url = normalise_url(url or get_settings().database_url)
    return {
        "connections": {connection_name(db_url): db_url},
        "apps": {
            APP_LABEL: {
                "models": MODEL_MODULES,
                "default_connection": connection_name(db_url),
                "migrations": "models.migrations",
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


# For the `tortoise` CLI (`make migrations`): tortoise -c models.db.TORTOISE_ORM makemigrations
TORTOISE_ORM = tortoise_config()


async def migrate(url: str | None = None) -> None:
    """Apply every checked-in migration (idempotent)."""
    await run_migrations(config=tortoise_config(url))
    await Tortoise.close_connections()


async def pending_migrations(url: str | None = None) -> list[str]:
    """The checked-in migrations the database has not applied yet, in order (all of them for an empty one).

    Raises what the driver raises when the database does not answer (tortoise's migration recorder would
    otherwise read "no table" and report every migration as pending).
    """
    config = tortoise_config(url)
    await Tortoise.init(config=config, init_connections=False)
    try:
        connection = connections.get(connection_name(normalise_url(url or get_settings().database_url)))
        await connection.execute_query("SELECT 1")
        steps = await MigrationExecutor(connection, config["apps"]).plan()
    finally:
        await Tortoise.close_connections()
    return [step.migration.name for step in steps if not step.backward]


def describe(url: str) -> str:
    """Where a DATABASE_URL points, without its password: the SQLite file, or host:port/name."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        file = sqlite_file(url)
        return "an in-memory SQLite database" if file is None else f"the SQLite database {file}"
    port = f":{parts.port}" if parts.port else ""
    kind = "PostgreSQL" if parts.scheme in ("postgres", "postgresql", "asyncpg") else parts.scheme
    return f"the {kind} database {parts.hostname or 'localhost'}{port}{parts.path}"


async def init_db(url: str | None = None) -> None:
    await Tortoise.init(config=tortoise_config(url))


async def close_db() -> None:
    await Tortoise.close_connections()


async def database_answers(url: str | None = None, within_seconds: float = 2.0) -> bool:
    """Whether the database answers `SELECT 1` through tortoise within `within_seconds`."""
    try:
        connection = connections.get(connection_name(normalise_url(url or get_settings().database_url)))
        await asyncio.wait_for(connection.execute_query("SELECT 1"), within_seconds)
    except Exception:  # any failure means "not answering": the health endpoint reports it, it does not raise
        return False
    return True


@asynccontextmanager
async def database(url: str | None = None) -> AsyncIterator[None]:
    await init_db(url)
    try:
        yield
    finally:
        await close_db()
