"""A broadcast through the outbox sender to the sandbox with Telegram-like flood limits on
(30 messages/s overall, 1/s per chat, 20/min per group, 429 with retry_after beyond them).

Prints messages per second and the number of 429s Telegram would have answered. DESIGN.md asks
for a 10,000-enterprise broadcast at the cap (about 30/s) with zero 429s; at that rate it takes
about six minutes, so --count is there for a quicker look.

    .venv/bin/python -m bench.broadcast [--count 10000] [--per-second 29.5]
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

from telegram import Bot

from models.db import database, migrate
from models.enums import OutboxStatus
from models.outbox import OutboxMessage, enqueue_many
from models.settings import Settings
from notices.payloads import text_payload
from sandbox.server import SANDBOX_TOKEN, Sandbox
from schedules.sender import Sender

FIRST_CHAT = 100_000
SHIPPED_PACE = Settings.model_fields["sender_per_second"].default


async def _all_sent(count: int) -> None:
    while True:
        if await OutboxMessage.filter(status=OutboxStatus.sent).count() >= count:
            return
        await asyncio.sleep(0.2)


async def broadcast(count: int, per_second: float) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite://{Path(folder) / 'bench.sqlite3'}"
        await migrate(url)
        async with database(url):
            sandbox = Sandbox()
            sandbox.set_flood_limits(per_second=30, per_chat_seconds=1.0, group_per_minute=20, retry_after=1)
            await sandbox.start()
            chats = [sandbox.add_user({"id": FIRST_CHAT + n, "first_name": f"e{n}"})["id"] for n in range(count)]
            text = text_payload("📣 <b>活动报名</b> 早餐汇·光谷专场")
            await enqueue_many([OutboxMessage(key=f"announce:bench:{c}", chat_id=c, payload=text) for c in chats])
            async with Bot(SANDBOX_TOKEN, base_url=sandbox.api_base_url) as bot:
                sender = Sender(bot, per_second=per_second)
                started = time.perf_counter()
                sender.start()
                await _all_sent(count)
                elapsed = time.perf_counter() - started
                await sender.stop()
            await sandbox.stop()
    print(f"broadcast of {count} messages: {elapsed:.1f} s, {count / elapsed:.1f} msgs/s "
          f"(sender set to {per_second}/s), 429 answers: {sandbox.flood_refusals}, "
          f"RetryAfter seen by the sender: {sender.retry_afters}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--per-second", type=float, default=SHIPPED_PACE)
    args = parser.parse_args()
    asyncio.run(broadcast(args.count, args.per_second))


if __name__ == "__main__":
    main()
