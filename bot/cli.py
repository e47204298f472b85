"""The `finmatch` command: run, migrate, sandbox, health."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import sys
from collections.abc import Iterator

import httpx
from telegram.error import InvalidToken

from bot import cli_person
from bot.log_redaction import install_redaction, redact
from bot.startup import PortBusy
from models.chains import seed_chains
from models.db import database, migrate
from models.settings import get_settings
from schedules.leadership import CannotStart


async def _migrate() -> None:
    settings = get_settings()
    await migrate(settings.database_url)
    async with database(settings.database_url):
        await seed_chains(settings.industry_chains)
    print("database is up to date")


async def _sandbox(host: str, port: int) -> None:
    from sandbox.server import SANDBOX_TOKEN, run_standalone

    try:
        sandbox = await run_standalone(host, port)
    except OSError as error:
        raise PortBusy("the sandbox", host, port, error, "pass --port (or set SANDBOX_PORT) to a free port") from None
    print(f"sandbox Bot API at {sandbox.url} (token {SANDBOX_TOKEN}); chat page at {sandbox.url}/", flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        await sandbox.stop()


@contextlib.contextmanager
def _one_line_if_it_cannot_start() -> Iterator[None]:
    try:
        yield
    except CannotStart as reason:
        print(f"finmatch: {redact(str(reason))}", file=sys.stderr, flush=True)
        raise SystemExit(1) from None
    except InvalidToken:  # PTB's text names the whole token: never print it
        print("finmatch: Telegram rejected BOT_TOKEN: copy it again from @BotFather (/mybots → API Token)",
              file=sys.stderr, flush=True)
        raise SystemExit(1) from None


def _run() -> None:
    from bot.runner import serve

    with _one_line_if_it_cannot_start():
        asyncio.run(serve(get_settings()))


def _health(url: str) -> None:
    """Print an instance's GET /health; exit 0 when it answers 200 (the database answers), else 1."""
    try:
        answer = httpx.get(url, timeout=5)
    except httpx.HTTPError as error:
        print(f"finmatch health: nothing answers at {url} ({error})", file=sys.stderr)
        raise SystemExit(1) from None
    try:
        print(json.dumps(answer.json(), ensure_ascii=False, indent=2))
    except ValueError:
        print(f"finmatch health: {url} answered {answer.status_code} without JSON", file=sys.stderr)
    raise SystemExit(0 if answer.status_code == 200 else 1)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="finmatch", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="start the bot (no BOT_TOKEN: with the offline sandbox)")
    commands.add_parser("migrate", help="apply database migrations and seed reference data")
    sandbox = commands.add_parser("sandbox", help="serve only the sandbox Bot API and chat page")
    sandbox.add_argument("--host", default=get_settings().sandbox_host)
    sandbox.add_argument("--port", type=int, default=get_settings().sandbox_port)
    health = commands.add_parser("health", help="ask a running instance whether it is healthy and leads")
    health.add_argument("--url", help="default: http://<HEALTH_LISTEN>/health on this host")
    cli_person.add_parser(commands)
    args = parser.parse_args(argv)
    logging.basicConfig(level=get_settings().log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    install_redaction(get_settings().bot_token)  # before anything can log a URL or an error with the token
    for chatty in ("httpx", "tortoise"):  # a line per request; tortoise's "startup" and "shutdown"
        logging.getLogger(chatty).setLevel(logging.WARNING)
    if args.command == "run":
        _run()
    elif args.command == "health":
        from bot.health import health_url

        url = args.url or health_url(get_settings())
        if url is None:
            raise SystemExit("finmatch health: HEALTH_LISTEN is off here; pass --url http://host:port/health")
        _health(url)
    elif args.command == "person":
        try:
            asyncio.run(cli_person.run(args))
        except cli_person.PersonCommandFailed as failure:
            raise SystemExit(f"finmatch person: {failure}") from None
    elif args.command == "migrate":
        asyncio.run(_migrate())
    else:
        with contextlib.suppress(KeyboardInterrupt), _one_line_if_it_cannot_start():
            asyncio.run(_sandbox(args.host, args.port))


if __name__ == "__main__":
    main()
