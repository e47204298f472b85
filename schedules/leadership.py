"""Who runs the scheduled work: one leader, any number of standbys (DESIGN.md section 5).

Polling, the outbox sender and the scheduled jobs must run in exactly one process. Every instance
answers webhooks and serves its health endpoint; only the leader does the rest.

- PostgreSQL: the leader holds a session advisory lock (``pg_try_advisory_lock(LEADER_LOCK_KEY)``)
  on its own asyncpg connection, outside tortoise's pool. Standbys try again every
  ``retry_seconds``. The server frees the lock when the holder's connection drops (a crash, even
  ``kill -9``), so a standby takes over within a few seconds. The leader checks its connection every
  ``check_seconds``; when it is gone the lock is gone too, and `lost` is set at once.
- SQLite: one process per database file. It takes ``flock`` on ``<database file>.lock``; a second
  process on the same file stops with `AnotherInstanceRunning`. That one process is always the leader.

    async with leadership_for(url) as leadership:   # SQLite: the file lock, or AnotherInstanceRunning
        await leadership.acquire()                   # returns once this process leads
        await leadership.wait_lost()                 # returns when it no longer does
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import logging
import os
import socket
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import IO, Self
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import asyncpg

from models.clock import utcnow
from models.db import sqlite_file

log = logging.getLogger(__name__)
LEADER_LOCK_KEY = int.from_bytes(b"finmatch", "big")  # 7379 5857 3431 2468 200: one fixed bigint
CONNECT_TIMEOUT = 5.0
# libpq parameters asyncpg understands; the rest of a tortoise URL's query configures tortoise's pool
LIBPQ_PARAMS = {"sslmode", "sslrootcert", "sslcert", "sslkey", "sslcrl", "sslpassword", "passfile",
                "target_session_attrs", "krbsrvname", "gsslib", "service"}


class CannotStart(Exception):
    """A one-line reason why this process must not run; the CLI prints it and exits non-zero."""


class AnotherInstanceRunning(CannotStart):
    def __init__(self, database: Path, lock: Path, holder: str) -> None:
        who = f"another finmatch process ({holder})" if holder else "another finmatch process"
        super().__init__(f"{who} is already running on the SQLite database {database} (it holds {lock}); "
                         "SQLite allows one process: stop that one first, or use PostgreSQL for several instances")


def instance_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


class Leadership:
    """State shared by both kinds: whether this process leads, since when, and the `lost` signal."""

    database = ""

    def __init__(self) -> None:
        self.instance = instance_name()
        self.is_leader = False
        self.since: datetime | None = None
        self.lost = asyncio.Event()

    async def __aenter__(self) -> Self:
        await self.open()
        return self

    async def __aexit__(self, kind: type[BaseException] | None, error: BaseException | None,
                        trace: TracebackType | None) -> None:
        await self.release()

    async def open(self) -> None:
        """Claim what must be claimed before anything else starts (SQLite: the database file)."""

    async def acquire(self) -> None:
        """Return once this process leads."""
        raise NotImplementedError

    async def release(self) -> None:
        """Let another process lead (the lock, the connection, the file)."""
        raise NotImplementedError

    async def wait_lost(self) -> None:
        await self.lost.wait()

    def _took_over(self) -> None:
        self.is_leader, self.since = True, utcnow()
        self.lost.clear()
        log.info("%s leads (%s)", self.instance, self.database)

    def _stepped_down(self) -> None:
        self.is_leader, self.since = False, None


class SqliteLeadership(Leadership):
    """The one process on a SQLite file: `open()` takes the lock file or raises AnotherInstanceRunning."""

    database = "sqlite"

    def __init__(self, database_file: Path | None) -> None:
        super().__init__()
        self.database_file = database_file
        self.lock_file = None if database_file is None else database_file.with_name(database_file.name + ".lock")
        self._handle: IO[str] | None = None

    async def open(self) -> None:
        if self.lock_file is None or self._handle is not None:
            return  # an in-memory database belongs to this process anyway
        self.lock_file.parent.mkdir(parents=True, exist_ok=True)
        handle = self.lock_file.open("a+", encoding="utf-8")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip()
            handle.close()
            raise AnotherInstanceRunning(self.database_file, self.lock_file, holder) from None
        handle.truncate(0)
        handle.write(self.instance)
        handle.flush()
        self._handle = handle

    async def acquire(self) -> None:
        await self.open()
        if not self.is_leader:
            self._took_over()

    async def release(self) -> None:
        self._stepped_down()
        if self._handle is not None:
            fcntl.flock(self._handle, fcntl.LOCK_UN)
            self._handle.close()
            self._handle = None


class PostgresLeadership(Leadership):
    """The holder of a PostgreSQL advisory lock on a dedicated connection leads."""

    database = "postgres"

    def __init__(self, dsn: str, *, key: int = LEADER_LOCK_KEY, retry_seconds: float = 1.5,
                 check_seconds: float = 2.0, check_timeout: float = 2.0) -> None:
        super().__init__()
        self.dsn, self.key = dsn, key
        self.retry_seconds, self.check_seconds, self.check_timeout = retry_seconds, check_seconds, check_timeout
        self._connection: asyncpg.Connection | None = None
        self._watch: asyncio.Task[None] | None = None
        self._unreachable = False
        self._just_lost = False

    async def acquire(self) -> None:
        if self._just_lost:  # give the standbys their turn: they try every retry_seconds
            self._just_lost = False
            await asyncio.sleep(2 * self.retry_seconds)
        announced = False
        while not await self._try_lock():
            if not announced and not self._unreachable:
                log.info("%s is a standby: another instance leads; trying again every %ss",
                         self.instance, self.retry_seconds)
                announced = True
            await asyncio.sleep(self.retry_seconds)
        self._took_over()
        await self._stop_watching()
        self._watch = asyncio.create_task(self._watch_connection(self._connection), name="leader-lock-watch")

    async def _try_lock(self) -> bool:
        try:
            connection = await self._connect()
            got = bool(await connection.fetchval("SELECT pg_try_advisory_lock($1)", self.key,
                                                 timeout=CONNECT_TIMEOUT))
        except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError) as error:
            if not self._unreachable:
                log.warning("%s cannot reach PostgreSQL for the leader lock (%s); trying again", self.instance, error)
            self._unreachable = True
            self._drop_connection()
            return False
        if self._unreachable:
            log.info("%s reaches PostgreSQL again", self.instance)
        self._unreachable = False
        return got

    async def _connect(self) -> asyncpg.Connection:
        if self._connection is None or self._connection.is_closed():
            self._connection = await asyncpg.connect(self.dsn, timeout=CONNECT_TIMEOUT)
            self._connection.add_termination_listener(self._on_connection_closed)
        return self._connection

    def _on_connection_closed(self, connection: asyncpg.Connection) -> None:
        if connection is self._connection and self.is_leader:
            self._lose("the lock connection was closed")

    async def _watch_connection(self, connection: asyncpg.Connection | None) -> None:
        """While this connection holds the lock: a quick query every few seconds, or step down."""
        while self.is_leader and connection is not None and connection is self._connection:
            await asyncio.sleep(self.check_seconds)
            try:
                await connection.fetchval("SELECT 1", timeout=self.check_timeout)
            except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError) as error:
                if self.is_leader and connection is self._connection:
                    self._lose(f"the lock connection does not answer: {error!r}")
                return

    async def _stop_watching(self) -> None:
        watch, self._watch = self._watch, None
        if watch is not None and watch is not asyncio.current_task():
            watch.cancel()
            await asyncio.gather(watch, return_exceptions=True)

    def _lose(self, reason: str) -> None:
        """The lock is (or may be) gone: step down now; closing the connection frees it if it was not."""
        log.warning("%s is no longer the leader: %s", self.instance, reason)
        self._stepped_down()
        self._drop_connection()
        self._just_lost = True
        self.lost.set()

    def _drop_connection(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None and not connection.is_closed():
            connection.terminate()

    async def release(self) -> None:
        await self._stop_watching()
        self._stepped_down()
        connection, self._connection = self._connection, None
        if connection is not None and not connection.is_closed():
            with contextlib.suppress(Exception):  # closing the session frees the lock either way
                await connection.close(timeout=CONNECT_TIMEOUT)
            connection.terminate()


def lock_dsn(database_url: str) -> str:
    """The DATABASE_URL for asyncpg: libpq parameters kept, tortoise's pool options dropped."""
    parts = urlsplit(database_url)
    query = urlencode([(name, value) for name, value in parse_qsl(parts.query) if name in LIBPQ_PARAMS])
    return urlunsplit(("postgresql", parts.netloc, parts.path, query, ""))


def leadership_for(database_url: str, **options: float) -> Leadership:
    """SQLite: the one process on its file; PostgreSQL: the advisory-lock election (`options` tune it)."""
    scheme = urlsplit(database_url).scheme
    if scheme == "sqlite":
        return SqliteLeadership(sqlite_file(database_url))
    if scheme in ("postgres", "postgresql", "asyncpg"):
        return PostgresLeadership(lock_dsn(database_url), **options)
    raise CannotStart(f"DATABASE_URL: unsupported database {scheme!r} (use sqlite:// or postgres://)")
