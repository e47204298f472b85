"""The `finmatch` command: run, migrate, sandbox, health, export, import."""

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
from models.db import database, migrate
from models.settings import get_settings
from models.tables.chains import seed_chains
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


async def _export(path: str, period: str | None) -> None:
    from models.clock import today
    from models.parsers.periods import PeriodError, parse_report_period
    from models.workbook.export import export_workbook

    settings = get_settings()
    try:
        span = parse_report_period(period, today(settings.tz)) if period else None
    except PeriodError:
        hint = "e.g. 'this month', 'last month', 2026-05, 2026Q2"
        raise SystemExit(f"finmatch export: {period!r} is not a period ({hint})") from None
    async with database(settings.database_url):
        data = await export_workbook(None, settings.tz, span)
    with open(path, "wb") as file:  # noqa: ASYNC230 (one write at the end of a one-shot command)
        file.write(data)
    print(f"wrote {path} ({len(data) // 1024} KB)")


async def _import(path: str, report: str | None) -> bool:
    """Import a workbook as `finmatch import` does; print the outcome (and write the report of problems)."""
    from bot.features.export import problem_text, report_file, summary_text
    from models.workbook.importer import import_workbook

    settings = get_settings()
    with open(path, "rb") as file:  # noqa: ASYNC230
        data = file.read()
    async with database(settings.database_url):
        result = await import_workbook(None, data)
    language = settings.default_language
    if result.applied:
        print(summary_text(language, result).replace("<b>", "").replace("</b>", ""))
        return True
    print(f"{path}: nothing imported, {len(result.problems)} problem(s):", file=sys.stderr)
    for problem in result.problems:
        where = f"{problem.sheet} row {problem.row}" if problem.row else problem.sheet or path
        value = f" [{problem.value}]" if problem.value else ""
        print(f"  {where}{value}: {problem_text(language, problem)}", file=sys.stderr)
    if report:
        with open(report, "wb") as file:  # noqa: ASYNC230
            file.write(report_file(language, result.problems, settings.tz))
        print(f"report written to {report}", file=sys.stderr)
    return False


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
    export = commands.add_parser("export", help="write the whole programme as one Excel workbook")
    export.add_argument("file", help="the .xlsx file to write")
    export.add_argument("--period", help="the period of the figures sheet, as /report takes it (default: this month)")
    load = commands.add_parser("import", help="import enterprises, institutions and products from an .xlsx file")
    load.add_argument("file", help="the .xlsx workbook (e.g. the city's roster of specialised SMEs)")
    load.add_argument("--report", help="write the refused rows to this .xlsx file")
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
    elif args.command == "export":
        asyncio.run(_export(args.file, args.period))
    elif args.command == "import":
        raise SystemExit(0 if asyncio.run(_import(args.file, args.report)) else 1)
    else:
        with contextlib.suppress(KeyboardInterrupt), _one_line_if_it_cannot_start():
            asyncio.run(_sandbox(args.host, args.port))


if __name__ == "__main__":
    main()
