"""Sign-up end to end: seats, the waitlist and its promotion, deadlines, double taps, forged buttons."""

from __future__ import annotations

from datetime import timedelta

from models.clock import travel_to, utcnow
from models.enums import RegistrationStatus
from models.tables.events import Registration
from tests.event_flows import USCCS, enterprise_chat, facts, open_event, organizer_chat, person, staff_chat
from tests.harness import Harness


async def _status(user_person_enterprise: int) -> RegistrationStatus:
    registration = await Registration.get(enterprise_id=user_person_enterprise)
    return registration.status


async def test_seat_waitlist_and_promotion_in_sign_up_order(harness: Harness) -> None:
    _, organizer = await organizer_chat(harness)
    event = await open_event(organizer, facts(seats=1))
    first = await enterprise_chat(harness, "甲科技", USCCS[0])
    second = await enterprise_chat(harness, "乙制造", USCCS[1])
    third = await enterprise_chat(harness, "丙材料", USCCS[2])

    await first.send(f"/start ev_{event.id}")
    card = await first.expect("光谷金融港")
    await first.press("✍️ 报名", card)
    await first.expect("报名成功")
    await first.press("✍️ 报名", card)  # a double tap changes nothing
    assert (await first.callback_answers())[-1]["text"].startswith("您已报名")
    for user, position in ((second, 1), (third, 2)):
        await user.send(f"/start ev_{event.id}")
        await user.press("✍️ 报名")
        await user.expect(f"候补第 {position} 位")

    await first.send("/myevents")
    await first.expect("已报名")
    await first.press("✖️ 取消报名")
    await first.expect("已取消报名")
    await second.expect("有名额空出")
    assert await _status((await person(second)).enterprise_id) is RegistrationStatus.registered
    assert await _status((await person(third)).enterprise_id) is RegistrationStatus.waitlisted

    await first.send(f"/start ev_{event.id}")
    await first.press("✍️ 报名")
    await first.expect("候补第 2 位")  # back in line, behind the third
    assert await Registration.filter(event_id=event.id).count() == 3


async def test_a_forged_cancel_of_someone_elses_seat_changes_nothing(harness: Harness) -> None:
    _, organizer = await organizer_chat(harness)
    event = await open_event(organizer, facts(seats=1))
    holder = await enterprise_chat(harness, "甲科技", USCCS[0])
    forger = await enterprise_chat(harness, "乙制造", USCCS[1])
    await holder.send(f"/start ev_{event.id}")
    await holder.press("✍️ 报名")
    await holder.expect("报名成功")
    seat = await Registration.get(event_id=event.id)
    await forger.send("/myevents")
    for data in (f"su:drop:{seat.id}", f"su:come:{seat.id}", f"su:rate:{seat.id}:5", "su:drop:x", "su:rate:1:9"):
        await forger.press_data((await forger.last()).message_id, data)
        answer = (await forger.callback_answers())[-1]["text"]
        assert answer in ("您没有权限进行此操作。", "这个按钮已失效，请使用最新的消息。")
    seat = await Registration.get(id=seat.id)
    assert (seat.status, seat.confirmed_at, seat.rating) == (RegistrationStatus.registered, None, None)


async def test_no_sign_up_after_the_deadline_or_before_opening(harness: Harness) -> None:
    _, organizer = await organizer_chat(harness)
    late = await open_event(organizer, facts(starts_in=timedelta(hours=5),
                                             deadline=utcnow() + timedelta(minutes=1)))
    travel_to(utcnow() + timedelta(minutes=2))  # the deadline passes while the event is open
    user = await enterprise_chat(harness, "甲科技", USCCS[0])
    await user.send(f"/start ev_{late.id}")
    await user.press("✍️ 报名")
    assert (await user.callback_answers())[-1]["text"] == "报名已截止。"
    await user.press_data((await user.last()).message_id, f"su:join:{late.id + 99}")
    assert (await user.callback_answers())[-1]["text"] == "没有找到这场活动。"
    assert not await Registration.exists()


async def test_staff_sign_up_their_institution_once(harness: Harness) -> None:
    _, organizer = await organizer_chat(harness)
    event = await open_event(organizer, facts())  # one institution seat
    teller = await staff_chat(harness, "交行小李", "交通银行")
    colleague = await staff_chat(harness, "交行小王", "交通银行")
    rival = await staff_chat(harness, "光大小张", "光大银行")
    await teller.send(f"/start ev_{event.id}")
    await teller.press("✍️ 报名")
    await teller.expect("报名成功")
    await colleague.send(f"/start ev_{event.id}")
    await colleague.press("✍️ 报名")
    assert (await colleague.callback_answers())[-1]["text"].startswith("您已报名")
    await rival.send(f"/start ev_{event.id}")
    await rival.press("✍️ 报名")
    await rival.expect("候补第 1 位")
    await colleague.send("/myevents")
    await colleague.expect("已报名")  # the institution's seat, seen by every colleague


async def test_people_without_a_party_are_asked_to_register(harness: Harness) -> None:
    _, organizer = await organizer_chat(harness)
    event = await open_event(organizer, facts())
    stranger = await harness.user("路人")
    await stranger.send(f"/start ev_{event.id}")
    card = await stranger.expect("光谷金融港")
    assert "/register" in card.text and not card.buttons
    await stranger.send("/myevents")
    await stranger.expect("/register")
    await stranger.press_data(card.message_id, f"su:join:{event.id}")
    assert (await stranger.callback_answers())[-1]["text"] == "您没有权限进行此操作。"
    await stranger.send("/start ev_abc")
    await stranger.expect("没有找到这场活动")
