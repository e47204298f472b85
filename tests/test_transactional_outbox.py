"""A change and the messages it causes commit together; the organizer sees what became of them.

Unit level: a notice that fails rolls the change back; a domain event outside a unit of work is
refused. End to end: opening an event whose deadline passed asks for a new one first; the card
counts each broadcast's deliveries and resends what failed once it can arrive."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest

from models.clock import travel_to, utcnow
from models.domain_events import EventOpened
from models.enums import EventStatus, OutboxStatus
from models.operations.event_ops import create_event, set_status
from models.tables.audit import AuditEntry
from models.tables.events import Event
from models.tables.outbox import OutboxMessage
from models.tables.people import Person
from models.unit_of_work import DomainEvent, emit, subscribe, unit_of_work, unsubscribe
from sandbox.driver import Message, UserChat
from tests.event_flows import USCCS, enterprise_chat, facts, organizer_chat, outbox_settled
from tests.harness import Harness


class NoticeBroke(Exception):
    pass


async def broken_notice(change: EventOpened) -> None:
    await OutboxMessage.create(key=f"half:{change.event_id}", chat_id=1, payload={"text": "half"})
    raise NoticeBroke


async def test_a_notice_that_fails_rolls_the_change_back(database_url: str) -> None:
    organizer = await Person.create(tg_id=1, full_name="组织者", is_organizer=True)
    event = await create_event(organizer, facts())
    audit_rows = await AuditEntry.all().count()
    subscribe(EventOpened, broken_notice)
    try:
        with pytest.raises(NoticeBroke):
            await set_status(organizer, event.id, EventStatus.open)
    finally:
        unsubscribe(EventOpened, broken_notice)
    assert (await Event.get(id=event.id)).status is EventStatus.draft
    assert not await OutboxMessage.exists()
    assert await AuditEntry.all().count() == audit_rows


@dataclass(frozen=True)
class Happened(DomainEvent):
    """An event no notice listens to, so this test sees the bus alone."""

    number: int


async def test_what_a_rolled_back_part_emitted_is_forgotten(database_url: str) -> None:
    handled: list[Happened] = []

    async def remember(change: Happened) -> None:
        handled.append(change)

    subscribe(Happened, remember)
    try:
        async with unit_of_work():
            emit(Happened(1))
            with pytest.raises(NoticeBroke):
                async with unit_of_work():
                    emit(Happened(2))
                    raise NoticeBroke
    finally:
        unsubscribe(Happened, remember)
    assert handled == [Happened(1)]


def test_a_domain_event_outside_a_unit_of_work_is_refused() -> None:
    with pytest.raises(RuntimeError, match="outside a unit of work"):
        emit(EventOpened(1))


async def test_opening_after_the_deadline_asks_for_a_new_one_first(harness: Harness) -> None:
    organizer, me = await organizer_chat(harness)
    fits = await enterprise_chat(harness, "甲科技", USCCS[0])
    event = await create_event(me, facts(starts_in=timedelta(hours=30)))
    travel_to(event.deadline + timedelta(minutes=5))  # the organizer waited too long

    await organizer.send("/events")
    await organizer.press(next(label for row in (await organizer.last()).buttons for label in row))
    await organizer.press("📣 开放报名并发布")
    refusal = await organizer.expect("报名截止时间")
    assert "已过" in refusal.text and not await OutboxMessage.exists()
    assert (await Event.get(id=event.id)).status is EventStatus.draft

    await organizer.press("⏰ 修改截止时间")
    await organizer.expect("报名截止时间（如")
    for answer, complaint in [((utcnow() - timedelta(hours=1)).astimezone(harness.settings.tz)
                               .strftime("%Y-%m-%d %H:%M"), "已经过去"),
                              ((event.starts_at + timedelta(hours=1)).astimezone(harness.settings.tz)
                               .strftime("%Y-%m-%d %H:%M"), "不能晚于活动开始时间")]:
        await organizer.send(answer)
        await organizer.expect(complaint)
    await organizer.send((utcnow() + timedelta(hours=2)).astimezone(harness.settings.tz).strftime("%Y-%m-%d %H:%M"))
    card = await organizer.expect("草稿")
    await organizer.press("📣 开放报名并发布", card)
    await organizer.expect("公告已排队发给 1 人")
    await fits.expect("活动报名")
    assert (await Event.get(id=event.id)).status is EventStatus.open


async def refreshed(organizer: UserChat) -> Message:
    """The event card after 🔄 (edited in place, or left as it was when nothing changed)."""
    card = next(m for m in reversed(await organizer.messages()) if m.has_button("🔄 刷新"))
    await organizer.press("🔄 刷新", card)
    return next(m for m in await organizer.messages() if m.message_id == card.message_id)


async def test_the_card_counts_deliveries_and_resends_what_failed(harness: Harness) -> None:
    organizer, me = await organizer_chat(harness)
    reached = await enterprise_chat(harness, "甲科技", USCCS[0])
    lost = await enterprise_chat(harness, "乙制造", USCCS[1])
    await Person.filter(tg_id=lost.id).update(tg_id=777000777)  # a chat Telegram does not know: 400
    event = await create_event(me, facts())
    await organizer.send("/events")
    await organizer.press(next(label for row in (await organizer.last()).buttons for label in row))
    await organizer.press("📣 开放报名并发布")
    await reached.expect("活动报名")
    await outbox_settled()
    card = await refreshed(organizer)
    assert "公告：共 2 · 已送达 1 · 排队 0 · 待重试 0 · 失败 1" in card.text
    assert card.has_button("📨 重发未送达的（1 条）")
    await organizer.press("📋 未送达名单", card)
    assert "乙制造代表（乙制造） · 发送失败" in (await organizer.expect("未确认送达的人")).text

    await Person.filter(tg_id=777000777).update(tg_id=lost.id)
    await OutboxMessage.filter(status=OutboxStatus.failed).update(chat_id=lost.id)  # reachable again
    await organizer.press("📨 重发未送达的（1 条）", card)
    await organizer.expect("已重新排队 1 条")
    await lost.expect("活动报名")
    await outbox_settled()
    assert "公告：共 2 · 已送达 2 · 排队 0 · 待重试 0 · 失败 0" in (await refreshed(organizer)).text
    assert len([m for m in await reached.messages() if "活动报名" in m.text]) == 1
    assert (await Event.get(id=event.id)).status is EventStatus.open
    refused = [error["params"]["chat_id"] for error in harness.sandbox.errors]
    assert refused == ["777000777"]  # the one refusal this test caused on purpose
    harness.sandbox.errors.clear()
