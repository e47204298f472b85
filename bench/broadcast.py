"""The broadcast alone: the shipped bot's outbox sender drains queued notices to the sandbox with
Telegram-like flood limits (30 messages/s overall, 1/s per chat, 429 with retry_after beyond them).

Three processes: the sandbox (`finmatch sandbox`), the bot (`finmatch run`, shipped settings; its
leader's sender does the sending) and this driver, which queues `--chats` × `--per-chat` outbox rows
before the launch (several messages per chat, so the per-chat limit is exercised) and watches every
message the sandbox receives. Printed beside the goals: messages/s from the first to the last, the
429s the sandbox answered, the rows lost (no copy arrived and not marked unsure) and duplicated
(a text arrived twice). Median and spread of --rounds.

    .venv/bin/python -m bench.broadcast [--chats 1000] [--per-chat 3] [--rounds 1] [--backend sqlite]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from collections import Counter

import httpx

from bench.harness import (
    BACKENDS,
    FLOOD,
    Watch,
    add_people,
    finmatch_bot,
    fresh_database,
    goal,
    median_spread,
    section,
)
from models.db import database, migrate
from models.enums import OutboxStatus
from models.tables.outbox import OutboxMessage, enqueue_many
from notices.payloads import text_payload

FIRST_CHAT = 3_000_000
RATE_GOAL = 28.5
UNSETTLED = [OutboxStatus.pending, OutboxStatus.sending]


async def _queue(round_number: int, chats: list[int], per_chat: int) -> dict[str, int]:
    rows = [OutboxMessage(key=f"bench:{round_number}:{n}:{chat}", chat_id=chat,
                          payload=text_payload(f"📣 第{round_number}轮 通知{n} → {chat}"))
            for n in range(per_chat) for chat in chats]
    await enqueue_many(rows)
    return {f"📣 第{round_number}轮 通知{n} → {chat}": chat for n in range(per_chat) for chat in chats}


async def one_round(http: httpx.AsyncClient, url: str, number: int, chats: list[int], per_chat: int,
                    max_seconds: float) -> tuple[float, int, int, int]:
    expected = await _queue(number, chats, per_chat)
    before = int((await http.get("/sandbox/api/flood")).json()["refusals"])
    async with Watch(http) as watch, finmatch_bot(http, url) as process:
        deadline = time.perf_counter() + max_seconds
        while await OutboxMessage.filter(key__startswith=f"bench:{number}:", status__in=UNSETTLED).exists():
            if time.perf_counter() > deadline or process.process.returncode is not None:
                break
            await asyncio.sleep(1.0)
        await asyncio.sleep(1.0)  # the last answers reach the watch
        seen = Counter(text for chat in chats for text in watch.texts.get(chat, []))
        times = sorted(t for chat in chats for t in watch.messages.get(chat, []))
    refusals = int((await http.get("/sandbox/api/flood")).json()["refusals"]) - before
    unsure = {row for row in await OutboxMessage.filter(key__startswith=f"bench:{number}:",
                                                         status=OutboxStatus.unsure).values_list("key", flat=True)}
    lost = sum(1 for text in expected if seen[text] == 0) - len(unsure)
    doubled = sum(count - 1 for text, count in seen.items() if text in expected and count > 1)
    rate = (len(times) - 1) / (times[-1] - times[0]) if len(times) > 1 else 0.0
    return rate, refusals, lost, doubled


async def on_backend(backend: str, args: argparse.Namespace) -> list[str]:
    from bench.harness import sandbox

    chats = [FIRST_CHAT + n for n in range(args.chats)]
    rounds = []
    async with fresh_database(backend) as url:
        await migrate(url)
        async with database(url), sandbox(FLOOD) as http:
            await add_people(http, chats)
            for number in range(args.rounds):
                rounds.append(await one_round(http, url, number, chats, args.per_chat, args.max_seconds))
    rates = [r[0] for r in rounds]
    refusals, lost, doubled = (sum(r[i] for r in rounds) for i in (1, 2, 3))
    total = args.chats * args.per_chat
    return [goal(f"{backend}: broadcast of {total} ({args.chats} chats × {args.per_chat})",
                 median_spread(rates, " msg/s", 1), f"≥ {RATE_GOAL} msg/s", statistics.median(rates) >= RATE_GOAL),
            goal(f"{backend}: broadcast 429s / lost / duplicated", f"{refusals} / {lost} / {doubled}", "0 / 0 / 0",
                 refusals == lost == doubled == 0)]


async def run(args: argparse.Namespace) -> list[str]:
    section(f"broadcast alone: {args.chats} chats × {args.per_chat} messages, flood limits {FLOOD}")
    lines: list[str] = []
    for backend in args.backend or BACKENDS:
        lines += await on_backend(backend, args)
    return lines


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chats", type=int, default=1000)
    parser.add_argument("--per-chat", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--max-seconds", type=float, default=1800.0)
    parser.add_argument("--backend", action="append", choices=BACKENDS, help="default: both")
    return parser


if __name__ == "__main__":
    asyncio.run(run(parser().parse_args()))
