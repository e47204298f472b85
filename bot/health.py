"""GET /health on HEALTH_LISTEN: is this instance the leader, does the database answer, what waits to be sent.

Every instance serves it (a standby too), so a load balancer or an operator can find the leader:

    {"leader": true, "instance": "host:pid", "database": "postgres", "database_ok": true,
     "outbox_backlog": 0, "since": "2026-11-05T08:00:00+00:00"}

HTTP 200 when the database answers, 503 when it does not.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from aiohttp import web

from bot.startup import PortBusy
from models.db import database_answers
from models.settings import Settings
from models.tables.outbox import backlog
from schedules.leadership import Leadership

DATABASE_TIMEOUT = 2.0


class HealthPortBusy(PortBusy):
    def __init__(self, host: str, port: int, error: OSError) -> None:
        super().__init__("the health endpoint", host, port, error, "set HEALTH_LISTEN to a free host:port, or "
                         "HEALTH_LISTEN=off")


async def health_report(leadership: Leadership, database_url: str) -> dict[str, Any]:
    database_ok = await database_answers(database_url, DATABASE_TIMEOUT)
    return {
        "leader": leadership.is_leader,
        "instance": leadership.instance,
        "database": leadership.database,
        "database_ok": database_ok,
        "outbox_backlog": await backlog() if database_ok else None,
        "since": leadership.since.isoformat() if leadership.since is not None else None,
    }


def health_app(leadership: Leadership, database_url: str) -> web.Application:
    async def health(request: web.Request) -> web.Response:
        report = await health_report(leadership, database_url)
        return web.json_response(report, status=200 if report["database_ok"] else 503, dumps=json.dumps)

    app = web.Application()
    app.router.add_get("/health", health)
    return app


@asynccontextmanager
async def health_server(settings: Settings, leadership: Leadership) -> AsyncIterator[None]:
    """Serve GET /health while inside; nothing when HEALTH_LISTEN is off. A busy port: HealthPortBusy."""
    if settings.health_address is None:
        yield
        return
    host, port = settings.health_address
    runner = web.AppRunner(health_app(leadership, settings.database_url), handle_signals=False, access_log=None,
                           shutdown_timeout=1.0)
    await runner.setup()
    try:
        await web.TCPSite(runner, host, port).start()
    except OSError as error:
        await runner.cleanup()
        raise HealthPortBusy(host, port, error) from None
    try:
        yield
    finally:
        await runner.cleanup()


def health_url(settings: Settings) -> str | None:
    """Where `finmatch health` asks by default: this host's HEALTH_LISTEN (None when it is off)."""
    if settings.health_address is None:
        return None
    host, port = settings.health_address
    if host in ("0.0.0.0", "::", ""):
        host = "127.0.0.1"
    return f"http://{host}:{port}/health"
