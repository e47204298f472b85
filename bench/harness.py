"""What every benchmark shares: fresh databases on both backends, the sandbox and the bots in their
own processes, a watch on what the bots send, and figures printed beside their goals.

Figures are medians of rounds with their spread (min–max); a goal line says met or MISSED.
Nothing here asserts: the benchmarks print, `tests/test_bench_smoke.py` only checks that they run.
"""

from __future__ import annotations

import asyncio
import os
import signal
import statistics
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
import httpx

from sandbox.server import SANDBOX_TOKEN
from tests.processes import PROJECT, environment, free_port, keep_reading

PG_ADMIN_DSN = os.environ.get("FINMATCH_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
BACKENDS = ("sqlite", "postgres")
FLOOD = {"per_second": 30, "per_chat_seconds": 1.0, "group_per_minute": 20, "retry_after": 1}
NO_FLOOD = {"per_second": None, "per_chat_seconds": None, "group_per_minute": None}


# ------------------------------------------------------------------ databases


@asynccontextmanager
async def fresh_database(backend: str) -> AsyncIterator[str]:
    """The URL of an empty database on `backend`, removed afterwards."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory(prefix="finmatch-bench-") as folder:
            yield f"sqlite://{Path(folder) / 'bench.sqlite3'}"
        return
    name = f"finmatch_bench_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(PG_ADMIN_DSN, timeout=5)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    try:
        yield PG_ADMIN_DSN.rsplit("/", 1)[0].replace("postgresql://", "postgres://") + f"/{name}"
    finally:
        admin = await asyncpg.connect(PG_ADMIN_DSN, timeout=5)
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()


# ------------------------------------------------------------------ processes


@dataclass
class Child:
    process: asyncio.subprocess.Process
    output: bytearray

    @property
    def pid(self) -> int:
        return self.process.pid

    def cpu_seconds(self) -> float:
        """User and system CPU this process used so far (Linux /proc)."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def peak_rss_mb(self) -> float:
        """The most resident memory the process has had (VmHWM)."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def tail(self) -> str:
        return self.output.decode(errors="replace")[-3000:]


@asynccontextmanager
async def child(*args: str, env: dict[str, str]) -> AsyncIterator[Child]:
    """`python <args>` in its own process, its output collected; SIGTERM at the end."""
    process = await asyncio.create_subprocess_exec(sys.executable, *args, cwd=PROJECT, env=env,
                                                   stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    output, reader = keep_reading(process)
    try:
        yield Child(process, output)
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(process.wait(), 30)
            except TimeoutError:
                process.kill()
                await process.wait()
        await reader


@asynccontextmanager
async def sandbox(flood: dict[str, Any] | None = None) -> AsyncIterator[httpx.AsyncClient]:
    """The sandbox Bot API (`finmatch sandbox`) in its own process; a client on its driver API."""
    port = free_port()
    async with child("-m", "bot.cli", "sandbox", "--port", str(port), env=environment()) as process, \
            httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=120,
                              limits=httpx.Limits(max_connections=100)) as http:
        await until_answers(http, "/sandbox/api/users", process)
        await http.post("/sandbox/api/flood", json=flood or NO_FLOOD)
        yield http


def bot_environment(http: httpx.AsyncClient, database_url: str, **extra: str) -> dict[str, str]:
    return environment(DATABASE_URL=database_url, BOT_TOKEN=SANDBOX_TOKEN, TELEGRAM_API_BASE_URL=str(http.base_url),
                       LOG_LEVEL="WARNING", **extra)


@asynccontextmanager
async def finmatch_bot(http: httpx.AsyncClient, database_url: str, **extra: str) -> AsyncIterator[Child]:
    """`finmatch run` as shipped (the real application of bot/app.py), talking to the sandbox."""
    profile = os.environ.get("BENCH_PROFILE")  # a folder: each bot process writes its pyinstrument profile there
    prefix = ["-m", "pyinstrument", "-r", "session", "-o",
              f"{profile}/finmatch-{time.time():.0f}.pyisession"] if profile else []
    async with child(*prefix, "-m", "bot.cli", "run", env=bot_environment(http, database_url, **extra)) as process:
        yield process


@asynccontextmanager
async def echo_bot(http: httpx.AsyncClient) -> AsyncIterator[Child]:
    """The baseline: a bare PTB echo bot (bench/echo_bot.py) in the same virtual environment."""
    async with child("-m", "bench.echo_bot", "--base-url", f"{http.base_url}/bot", env=environment()) as process:
        yield process


async def until_answers(http: httpx.AsyncClient, url: str, process: Child) -> None:
    for _ in range(1200):
        try:
            if (await http.get(url)).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if process.process.returncode is not None:
            break
        await asyncio.sleep(0.05)
    raise RuntimeError(f"nothing answered at {url}:\n{process.tail()}")


# ------------------------------------------------------------------ the people side


async def add_people(http: httpx.AsyncClient, chats: Iterable[int]) -> None:
    chats = list(chats)
    for start in range(0, len(chats), 200):
        await asyncio.gather(*(http.post("/sandbox/api/users", json={"id": chat, "first_name": f"u{chat}"})
                               for chat in chats[start:start + 200]))


async def confirm_pending_updates(http: httpx.AsyncClient) -> int:
    """Take every queued update off the sandbox, as a bot's getUpdates would (no bot runs meanwhile)."""
    taken, offset = 0, 0
    while True:
        answer = await http.post(f"/bot{SANDBOX_TOKEN}/getUpdates", json={"offset": offset, "timeout": 0,
                                                                          "limit": 100})
        updates = answer.json()["result"]
        if not updates:
            return taken
        taken += len(updates)
        offset = updates[-1]["update_id"] + 1


async def in_parallel(calls: list[Callable[[], Any]], width: int = 100) -> list[Any]:
    results: list[Any] = []
    for start in range(0, len(calls), width):
        results += await asyncio.gather(*(call() for call in calls[start:start + width]))
    return results


async def send_texts(http: httpx.AsyncClient, texts: dict[int, str]) -> dict[int, int]:
    """Each chat sends its text; returns each chat's message id."""
    async def one(chat: int, text: str) -> tuple[int, int]:
        answer = await http.post(f"/sandbox/api/chats/{chat}/send", json={"text": text})
        answer.raise_for_status()
        return chat, int(answer.json()["message"]["message_id"])

    return dict(await in_parallel([lambda c=c, t=t: one(c, t) for c, t in texts.items()]))


async def press_buttons(http: httpx.AsyncClient, presses: dict[int, tuple[int, str]]) -> None:
    """Each chat presses (message id, callback data)."""
    async def one(chat: int, message_id: int, data: str) -> None:
        answer = await http.post(f"/sandbox/api/chats/{chat}/press",
                                 json={"message_id": message_id, "callback_data": data})
        answer.raise_for_status()

    await in_parallel([lambda c=c, m=m, d=d: one(c, m, d) for c, (m, d) in presses.items()])


@dataclass
class Watch:
    """Every message the bot sends, by chat, with when the driver saw it (one long poll)."""

    http: httpx.AsyncClient
    cursor: int = 0
    messages: dict[int, list[float]] = field(default_factory=lambda: defaultdict(list))
    texts: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    changed: asyncio.Event = field(default_factory=asyncio.Event)
    _task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> Watch:
        self.cursor = int((await self.http.get("/sandbox/api/events", params={"after": 10**12, "timeout": 0}))
                          .json()["last"])
        self._task = asyncio.create_task(self._run())
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._task is not None:
            self._task.cancel()

    async def _run(self) -> None:
        while True:
            answer = await self.http.get("/sandbox/api/events", params={"after": self.cursor, "timeout": 30})
            seen = time.perf_counter()
            for event in answer.json()["events"]:
                self.cursor = max(self.cursor, event["seq"])
                if event["type"] == "message":
                    self.messages[event["chat_id"]].append(seen)
                    self.texts[event["chat_id"]].append(event["message"].get("text") or "")
            self.changed.set()

    def answered(self, chats: Iterable[int]) -> int:
        return sum(1 for chat in chats if self.messages.get(chat))

    async def until(self, done: Callable[[], bool], seconds: float) -> bool:
        deadline = time.perf_counter() + seconds
        while not done():
            self.changed.clear()
            left = deadline - time.perf_counter()
            if left <= 0:
                return False
            try:
                await asyncio.wait_for(self.changed.wait(), left)
            except TimeoutError:
                return False
        return True


# ------------------------------------------------------------------ figures


def median_spread(values: list[float], unit: str = "", digits: int = 0) -> str:
    if not values:
        return "n/a"
    if len(values) == 1:
        return f"{values[0]:.{digits}f}{unit} (1 round)"
    return (f"{statistics.median(values):.{digits}f}{unit} "
            f"(spread {min(values):.{digits}f}–{max(values):.{digits}f}, {len(values)} rounds)")


def percentile(values: list[float], p: int) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def goal(label: str, figure: str, target: str, met: bool | None) -> str:
    verdict = "n/a" if met is None else ("met" if met else "MISSED")
    line = f"  {label:<44} {figure:<52} goal {target:<22} {verdict}"
    print(line, flush=True)
    return line


def section(title: str) -> None:
    print(f"\n== {title}", flush=True)
