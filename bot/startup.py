"""What must hold before the bot serves anyone: a database at the current schema, ports that are free.

Each failure is a `CannotStart` with a one-line reason naming the setting to change; `finmatch run`
prints it and exits non-zero, without a traceback.
"""

from __future__ import annotations

import errno
import logging
import re
import socket
from pathlib import Path
from urllib.parse import urlsplit

import asyncpg
from tortoise.exceptions import BaseORMException

from models.db import describe, migrate, pending_migrations, sqlite_file
from models.settings import PROJECT_ROOT, Settings
from schedules.leadership import CannotStart

log = logging.getLogger(__name__)


class PortBusy(CannotStart):
    """A port this process must listen on is taken (or cannot be opened)."""

    def __init__(self, what: str, host: str, port: int, error: OSError, remedy: str) -> None:
        reason = "is already in use" if error.errno == errno.EADDRINUSE else f"cannot be opened ({error.strerror})"
        super().__init__(f"{what}'s port {port} on {host} {reason}: {remedy}")


SANDBOX_REMEDY = "set SANDBOX_PORT to a free port (and SANDBOX_HOST for another address)"
WEBHOOK_REMEDY = "set WEBHOOK_LISTEN to a free host:port (the address your reverse proxy forwards Telegram's posts to)"


WEBHOOK_SECRET_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,256}")  # Telegram allows 1-256 of these; we ask 16+


class WebhookWithoutSecret(CannotStart):
    """Webhook mode without a secret would apply any POST that reaches the port as an update from Telegram."""


def check_webhook_secret(settings: Settings) -> None:
    """Webhook mode needs WEBHOOK_SECRET (Telegram sends it back in X-Telegram-Bot-Api-Secret-Token)."""
    if not settings.webhook_url:
        return
    if not settings.webhook_secret:
        raise WebhookWithoutSecret("webhook mode (WEBHOOK_URL is set) needs WEBHOOK_SECRET, or anyone reaching the "
                                   "port could post forged updates: set WEBHOOK_SECRET to a random string of 16-256 "
                                   "characters A-Z a-z 0-9 _ - (e.g. `openssl rand -hex 32`)")
    if not WEBHOOK_SECRET_PATTERN.fullmatch(settings.webhook_secret):
        raise WebhookWithoutSecret("WEBHOOK_SECRET must be 16-256 characters A-Z a-z 0-9 _ - (Telegram's rule, "
                                   "and long enough not to be guessed): e.g. `openssl rand -hex 32`")


def listen_address(value: str) -> tuple[str, int]:
    """`host:port` (IPv6 in brackets) as (host, port); a missing host means every address."""
    host, _, port = value.rpartition(":")
    return host.strip("[]") or "0.0.0.0", int(port)


def check_port_free(what: str, host: str, port: int, remedy: str) -> None:
    """Bind `host:port` and let go (as a server would: SO_REUSEADDR), or raise PortBusy at once."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
            probe.listen()
        except OSError as error:
            raise PortBusy(what, host, port, error, remedy) from None


class DatabaseNotReady(CannotStart):
    """The database does not answer, or its schema is missing or behind the code's migrations."""


def _migrate_first(settings: Settings, pending: list[str]) -> DatabaseNotReady:
    return DatabaseNotReady(f"{describe(settings.database_url)} lacks the migrations {', '.join(pending)}: "
                            "run `finmatch migrate` first (once per release, as its own step)")


async def prepare_database(settings: Settings) -> None:
    """SQLite (one process): apply the migrations now. PostgreSQL: refuse to start unless they were applied."""
    if urlsplit(settings.database_url).scheme == "sqlite":
        await migrate(settings.database_url)
        return
    try:
        pending = await pending_migrations(settings.database_url)
    except (OSError, asyncpg.PostgresError, BaseORMException) as error:
        raise DatabaseNotReady(f"{describe(settings.database_url)} does not answer ({error}): "
                               "check DATABASE_URL and that the server runs") from None
    if pending:
        raise _migrate_first(settings, pending)


def is_new_database(settings: Settings) -> bool:
    """A SQLite file that does not exist yet (this start creates it); PostgreSQL's are made by hand."""
    if urlsplit(settings.database_url).scheme != "sqlite":
        return False
    file = sqlite_file(settings.database_url)
    return file is not None and not file.exists()


def sandbox_folder(settings: Settings) -> Path | None:
    """Where `finmatch run` keeps the sandbox's world: `<SQLite file>.sandbox/` beside the database, or
    `data/<database name>.sandbox/` for PostgreSQL; None for an in-memory database."""
    parts = urlsplit(settings.database_url)
    if parts.scheme == "sqlite":
        file = sqlite_file(settings.database_url)
        return None if file is None else file.with_name(file.name + ".sandbox")
    return PROJECT_ROOT / "data" / f"{parts.path.strip('/') or 'postgres'}.sandbox"
