"""Scheduled digests end to end through the sandbox (SQLite and PostgreSQL): subscribing in chat, pause,
resume, change, unsubscribe; a digest (chart + text) sent once per period, caught up once after downtime,
never twice across a restart. Time moves with models.clock.travel_to; a restart re-derives the jobs."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime

from models.clock import travel_to
from models.tables.digests import DigestSubscription
from models.tables.outbox import OutboxMessage
from sandbox.driver import Message, UserChat
from schedules.jobs import scheduled_ids
from tests.event_flows import organizer_chat
from tests.harness import Harness
from tests.test_reports_e2e import PNG, seed_june


async def photos(user: UserChat, count: int) -> list[Message]:
    """The chat's photos once there are `count` (waits up to 20 s for the sender)."""
    return await _wait(user, count, lambda m: bool(m.photo))


async def digests(user: UserChat, count: int) -> list[Message]:
    """The digests' first text messages once there are `count` (the sender paces one chat's messages)."""
    return await _wait(user, count, lambda m: "融资对接简报" in m.text)


async def _wait(user: UserChat, count: int, wanted: Callable[[Message], bool]) -> list[Message]:
    found: list[Message] = []
    for _ in range(400):
        found = [m for m in await user.messages() if wanted(m)]
        if len(found) >= count:
            return found
        await asyncio.sleep(0.05)
    raise AssertionError(f"expected {count} messages, got {len(found)}")


async def test_subscribe_pause_resume_change_unsubscribe(harness: Harness) -> None:
    organizer, _ = await organizer_chat(harness)
    answer = (await organizer.send("/digest 每天 8:00"))[0].text
    assert "已订阅：每天 08:00" in answer and "2026-06-12 08:00" in answer
    assert "只能是 1–28 日" in (await organizer.send("/digest 每月31日 9:00"))[0].text
    assert "已经有相同时间" in (await organizer.send("/digest daily 8:00"))[0].text
    await organizer.send("/digest 每周一 8:30")
    listing = (await organizer.send("/digest"))[0]
    sub1, sub2 = await DigestSubscription.all().order_by("id")
    assert f"#{sub1.id} 每天 08:00（私聊）" in listing.text and f"#{sub2.id} 每周一 08:30" in listing.text
    await organizer.press(f"⏸ 暂停 #{sub1.id}", listing)
    await organizer.expect("已暂停")
    assert (await DigestSubscription.get(id=sub1.id)).paused
    assert f"digest:{sub1.id}" not in scheduled_ids(harness.app)
    assert f"digest:{sub2.id}" in scheduled_ids(harness.app)
    listing = (await organizer.send("/digest"))[0]
    assert "已暂停" in listing.text
    await organizer.press(f"▶️ 恢复 #{sub1.id}", listing)
    await organizer.expect("已恢复")
    assert f"digest:{sub1.id}" in scheduled_ids(harness.app)
    changed = (await organizer.send(f"/digest #{sub1.id} 每周五 17:00"))[0].text
    assert "已修改为：每周五 17:00" in changed and "2026-06-12 17:00" in changed
    assert scheduled_ids(harness.app)[f"digest:{sub1.id}"] == datetime(2026, 6, 12, 9, 0, tzinfo=UTC)
    listing = (await organizer.send("/digest"))[0]
    await organizer.press(f"🗑 取消 #{sub2.id}", listing)
    await organizer.expect("已取消订阅")
    assert not await DigestSubscription.exists(id=sub2.id)
    assert f"digest:{sub2.id}" not in scheduled_ids(harness.app)
    await organizer.press("➕ 每月1日 9:00", listing)
    added = await organizer.expect("已订阅")
    assert "每月1日 09:00" in added.text and "2026-07-01 09:00" in added.text


async def test_a_digest_once_per_period_caught_up_once_never_twice(harness: Harness) -> None:
    organizer, _ = await organizer_chat(harness)
    await seed_june()
    await organizer.send("/digest 每天 8:00")
    sub = await DigestSubscription.get()
    travel_to(datetime(2026, 6, 12, 0, 0, 30, tzinfo=UTC))  # Friday 08:00:30 in Wuhan
    await harness.restart()
    [first] = await photos(organizer, 1)
    assert "2026-06-11 08:00 至 2026-06-12 08:00" in first.text
    assert (await organizer.download(first.photo[-1]["file_id"])).startswith(PNG)
    [text] = await digests(organizer, 1)
    assert "期间：2026-06-11 08:00 至 2026-06-12 08:00" in text.text and "意向授信 6.57亿元" not in text.text
    rows = await OutboxMessage.filter(key__startswith=f"digest:{sub.id}:").count()

    await harness.restart()  # nothing more is due: nothing is sent again
    assert scheduled_ids(harness.app)[f"digest:{sub.id}"] == datetime(2026, 6, 13, 0, 0, tzinfo=UTC)
    assert await OutboxMessage.filter(key__startswith=f"digest:{sub.id}:").count() == rows

    travel_to(datetime(2026, 6, 15, 1, 0, tzinfo=UTC))  # down over the weekend: Monday 09:00
    await harness.restart()
    second = (await photos(organizer, 2))[1]
    assert "2026-06-12 08:00 至 2026-06-15 08:00" in second.text  # one catch-up for three missed mornings
    assert "期间：2026-06-12 08:00 至 2026-06-15 08:00" in (await digests(organizer, 2))[1].text
    await harness.restart()
    await asyncio.sleep(0.5)
    assert len([m for m in await organizer.messages() if m.photo]) == 2
    assert await OutboxMessage.filter(key__startswith=f"digest:{sub.id}:", method="sendPhoto").count() == 2
    assert scheduled_ids(harness.app)[f"digest:{sub.id}"] == datetime(2026, 6, 16, 0, 0, tzinfo=UTC)
