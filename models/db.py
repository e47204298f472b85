"""The database: Tortoise configuration, start-up and shut-down."""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import os
import weakref
from collections.abc import AsyncIterator, Awaitable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tortoise import Tortoise, connections
from tortoise.backends.base.client import TransactionalDBClient
from tortoise.migrations.api import migrate as run_migrations
from tortoise.migrations.executor import MigrationExecutor

from models.settings import PROJECT_ROOT, get_settings

MODEL_MODULES = [
    "models.tables.people",
    "models.tables.enterprises",
    "models.tables.chains",
    "models.tables.audit",
    "models.tables.drafts",
    "models.tables.institutions",
    "models.tables.events",
    "models.tables.outbox",
    "models.tables.intents",
    "models.tables.processed_updates",
    "models.tables.invite_guard",
    "models.tables.digests",
    "models.tables.claims",
    "models.tables.running_totals",
]
APP_LABEL = "finmatch"
SQLITE_PRAGMAS = "journal_mode=WAL&busy_timeout=5000&synchronous=NORMAL"  # NORMAL is safe with WAL


READ_WIDTH = 2  # reads side by side in the process: the two cores of a small server, 3 of the pool's 5 left
PRIVATE_FOLDER, PRIVATE_FILE = 0o700, 0o600  # phones and names: readable by the bot's own user only
SQLITE_SIBLINGS = ("", "-wal", "-shm", "-journal")


def _sqlite_url(url: str) -> str:
    """Make the file's folder (0700) and turn on WAL and a busy timeout (tortoise takes them as URL params)."""
    path = url.removeprefix("sqlite://").split("?", 1)[0]
    if path != ":memory:":
        folder = Path(path if Path(path).is_absolute() else PROJECT_ROOT / path).parent
        if not folder.exists():
            folder.mkdir(mode=PRIVATE_FOLDER, parents=True)
            folder.chmod(PRIVATE_FOLDER)  # mkdir's mode passes through the umask
    if "?" in url:
        return url
    return f"{url}?{SQLITE_PRAGMAS}"


def sqlite_file(url: str) -> Path | None:
    """The file a sqlite:// URL opens (SQLite resolves a relative path from the working directory);
    None for an in-memory database."""
    path = url.removeprefix("sqlite://").split("?", 1)[0]
    return None if path == ":memory:" else Path(path).resolve()


def make_private(url: str) -> None:
    """A SQLite database file and its -wal/-shm siblings readable by the bot's user only (0600), created so
    before SQLite opens it (SQLite gives -wal and -shm the mode of the database file); its folder 0700 when it is
    the project's data/ folder. PostgreSQL: nothing to do here."""
    file = sqlite_file(url) if urlsplit(url).scheme == "sqlite" else None
    if file is None or not file.parent.is_dir():  # SQLite itself says that it cannot open the file
        return
    if file.parent == PROJECT_ROOT / "data":
        with contextlib.suppress(PermissionError):  # a folder mounted by someone else stays as they made it
            file.parent.chmod(PRIVATE_FOLDER)
    if not file.exists():
        os.close(os.open(file, os.O_CREAT | os.O_WRONLY, PRIVATE_FILE))  # an empty file is an empty database
    for sibling in SQLITE_SIBLINGS:
        path = file.with_name(file.name + sibling)
        if path.exists() and path.stat().st_mode & 0o077:
            path.chmod(PRIVATE_FILE)


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


def _one_at_a_time() -> bool:
    """Whether this task's queries go one by one anyway: inside a transaction (one connection, one statement at
    a time) or on SQLite (one connection for the process)."""
    client = next(iter(Tortoise.apps[APP_LABEL].values()))._meta.db
    return isinstance(client, TransactionalDBClient) or client.capabilities.dialect == "sqlite"


_GATES: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = weakref.WeakKeyDictionary()


def _gate() -> asyncio.Semaphore:
    """The process's READ_WIDTH slots for reads side by side (one set per event loop), shared by every report."""
    loop = asyncio.get_running_loop()
    if loop not in _GATES:
        _GATES[loop] = asyncio.Semaphore(READ_WIDTH)
    return _GATES[loop]


async def concurrently(*reads: Awaitable[Any]) -> list[Any]:
    """Independent reads, their results in order. On PostgreSQL at most READ_WIDTH at once in the whole process,
    each on a connection of the pool (however many reports run, the rest stay free for everyone's updates); in
    turn where they would queue anyway (`_one_at_a_time`). A failed read fails the call once the others ended."""
    if _one_at_a_time():
        return await _in_turn(reads)
    gate = _gate()

    async def gated(read: Awaitable[Any]) -> Any:
        async with gate:
            return await read

    results = await asyncio.gather(*(gated(read) for read in reads), return_exceptions=True)
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return results


async def _in_turn(reads: tuple[Awaitable[Any], ...]) -> list[Any]:
    results = []
    for index, read in enumerate(reads):
        try:
            results.append(await read)
        except BaseException:
            for never in reads[index + 1:]:
                if inspect.iscoroutine(never):
                    never.close()  # not awaited: no "never awaited" warning
            raise
    return results


# For the `tortoise` CLI (`make migrations`): tortoise -c models.db.TORTOISE_ORM makemigrations
TORTOISE_ORM = tortoise_config()


async def migrate(url: str | None = None) -> None:
    """Apply every checked-in migration (idempotent)."""
    config = tortoise_config(url)
    make_private(url or get_settings().database_url)
    await run_migrations(config=config)
    await Tortoise.close_connections()
    make_private(url or get_settings().database_url)


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
    config = tortoise_config(url)
    make_private(url or get_settings().database_url)
    await Tortoise.init(config=config)
    make_private(url or get_settings().database_url)


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
