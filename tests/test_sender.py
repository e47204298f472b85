"""The outbox sender against the sandbox: exactly once across a kill, Telegram's flood limits
(429 with retry_after), people who blocked the bot, and rows caught mid-send by a crash."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from telegram import Bot

from models.enums import OutboxStatus
from models.tables.outbox import OutboxMessage, enqueue, enqueue_many
from models.tables.people import Person
from notices.payloads import text_payload
from sandbox.server import SANDBOX_TOKEN, Sandbox
from schedules.sender import Sender

FIRST_CHAT = 20001


@pytest.fixture
async def sandbox(database_url: str) -> AsyncIterator[Sandbox]:
    world = Sandbox()
    await world.start()
    try:
        yield world
    finally:
        await world.stop()


@pytest.fixture
async def bot(sandbox: Sandbox) -> AsyncIterator[Bot]:
    async with Bot(SANDBOX_TOKEN, base_url=sandbox.api_base_url, base_file_url=sandbox.file_base_url) as client:
        yield client


def people(sandbox: Sandbox, count: int) -> list[int]:
    return [sandbox.add_user({"id": FIRST_CHAT + n, "first_name": f"p{n}"})["id"] for n in range(count)]


def received(sandbox: Sandbox, chat_id: int) -> list[str]:
    return [record.message.get("text", "") for record in sandbox.chats[chat_id].messages.values()]


async def until(condition, seconds: float = 60.0) -> None:  # type: ignore[no-untyped-def]
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while not await condition():
        assert loop.time() < deadline, "the sender did not get there"
        await asyncio.sleep(0.02)


async def sent_count() -> int:
    return await OutboxMessage.filter(status=OutboxStatus.sent).count()


async def test_a_broadcast_killed_half_way_reaches_everyone_exactly_once(sandbox: Sandbox, bot: Bot) -> None:
    chats = people(sandbox, 500)
    await enqueue_many([OutboxMessage(key=f"announce:1:{chat}", chat_id=chat, payload=text_payload(f"hello {chat}"))
                        for chat in chats])
    first = Sender(bot, per_second=2000, per_chat_seconds=0)
    first.start()
    await until(lambda: _at_least(200))
    await first.stop()  # killed mid-broadcast (calls in flight finish and are recorded)
    stopped_at = await sent_count()
    assert 200 <= stopped_at < 500
    second = Sender(bot, per_second=2000, per_chat_seconds=0)
    second.start()
    await until(lambda: _at_least(500))
    await second.stop()
    assert all(received(sandbox, chat) == [f"hello {chat}"] for chat in chats)
    assert await OutboxMessage.filter(status=OutboxStatus.sent).count() == 500


async def _at_least(count: int) -> bool:
    return await sent_count() >= count


async def test_a_row_caught_mid_send_by_a_crash_is_not_sent_again(sandbox: Sandbox, bot: Bot) -> None:
    chat, other = people(sandbox, 2)
    await enqueue("remind:1:24:a", chat, text_payload("maybe delivered"))
    await enqueue("remind:1:24:b", other, text_payload("queued"))
    await OutboxMessage.filter(key="remind:1:24:a").update(status=OutboxStatus.sending)  # the crash moment
    sender = Sender(bot, per_chat_seconds=0)
    sender.start()
    await until(lambda: _at_least(1))
    await sender.stop()
    crashed = await OutboxMessage.get(key="remind:1:24:a")
    assert crashed.status is OutboxStatus.unsure and "at most once" in crashed.last_error
    assert received(sandbox, chat) == [] and received(sandbox, other) == ["queued"]


async def test_flood_limits_are_kept_and_retry_after_is_honoured(sandbox: Sandbox, bot: Bot) -> None:
    sandbox.set_flood_limits(per_second=30, per_chat_seconds=1.0, retry_after=1)
    chat, *others = people(sandbox, 40)
    for n in range(3):  # a sender that ignores the per-chat limit meets 429s, then waits as told
        await enqueue(f"burst:{n}", chat, text_payload(f"burst {n}"))
    careless = Sender(bot, per_second=1000, per_chat_seconds=0)
    careless.start()
    await until(lambda: _at_least(3), seconds=30)
    await careless.stop()
    assert received(sandbox, chat) == ["burst 0", "burst 1", "burst 2"]
    assert sandbox.flood_refusals > 0 and careless.retry_afters == sandbox.flood_refusals

    refusals = sandbox.flood_refusals
    # the careless sender's last second is not the polite one's to answer for: Telegram's counters start afresh
    sandbox.set_flood_limits(per_second=30, per_chat_seconds=1.0, retry_after=1)
    await enqueue_many([OutboxMessage(key=f"calm:{c}", chat_id=c, payload=text_payload("calm")) for c in others])
    for n in range(2):
        await enqueue(f"calm-twice:{n}", chat, text_payload(f"calm {n}"))
    polite = Sender(bot)  # the defaults keep Telegram's limits
    polite.start()
    await until(lambda: _at_least(3 + 39 + 2), seconds=30)
    await polite.stop()
    assert sandbox.flood_refusals == refusals and polite.retry_afters == 0


async def test_a_person_who_blocked_the_bot_is_marked_and_skipped(sandbox: Sandbox, bot: Bot) -> None:
    chat, other = people(sandbox, 2)
    await Person.create(tg_id=chat, full_name="p0")
    sandbox.set_blocked(chat, True)
    for n in range(3):
        await enqueue(f"news:{n}:{chat}", chat, text_payload("news"))
    await enqueue(f"news:0:{other}", other, text_payload("news"))
    sender = Sender(bot, per_chat_seconds=0)
    sender.start()
    await until(lambda: _at_least(1))
    await until(lambda: _settled())
    await sender.stop()
    assert (await Person.get(tg_id=chat)).blocked_bot
    assert await OutboxMessage.filter(chat_id=chat, status=OutboxStatus.blocked).count() == 3
    sandbox.errors.clear()


async def _settled() -> bool:
    return not await OutboxMessage.filter(status__in=[OutboxStatus.pending, OutboxStatus.sending]).exists()
