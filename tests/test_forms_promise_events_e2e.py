"""Issue 10 §2 for organizers: dates as people write them, a refusal at the summary returns to it,
an edit of a cancelled event refused at the press, a moved event's notice says what it was."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from models.clock import travel_to
from models.enums import EventStatus
from models.tables.events import Event, Registration
from models.tables.people import Person
from tests.event_flows import USCCS, enterprise_chat, facts, open_event, organizer_chat
from tests.flows import orm_signup
from tests.harness import Harness


async def test_a_new_event_in_words_people_use_and_a_summary_that_keeps_it(harness: Harness) -> None:
    organizer, _ = await organizer_chat(harness)  # Thursday 2026-06-11, 10:00 in Wuhan
    await organizer.send("/newevent")
    await organizer.expect("活动类型")
    await organizer.send("早餐")  # typed: the start of 早餐汇
    await organizer.expect("活动标题")
    await organizer.send("早餐汇·光谷专场")
    await organizer.send("光电子")
    for answer, complaint in [("3月1日 7:30", "例如 2027年3月1日"), ("9999-01-01 7:30", "太远"),
                              ("2月30日 7:30", "没有这个日期"), ("下周二早上7:30", "结束时间"),
                              ("9点", "活动地点"), ("光谷金融港 B1 栋", "地图位置"), ("-", "企业名额"),
                              ("᧚", "请输入 1–500"), ("八家", "金融机构名额"), ("２", "报名截止"),
                              ("3月1日 18:00", "今年已经过去"), ("6月10日 18:00", "已经过去"),
                              ("-", "活动简介"), ("-", "公告对象"), ("-", "目标"), ("三十", "请确认活动信息")]:
        await organizer.send(answer)
        await organizer.expect(complaint)
    summary = await organizer.expect("请确认活动信息")
    assert "2026-06-16（周二）07:30–09:00" in summary.text

    travel_to(datetime(2026, 6, 16, 0, 0, tzinfo=UTC))  # the draft waits on its summary until 08:00 that day
    await organizer.send("确认")
    await organizer.expect("这个时间已经过去了")
    await organizer.expect("请确认活动信息")  # back at the summary, nothing lost
    await organizer.press("✏️ 修改")
    await organizer.press("开始时间")
    await organizer.send("今天 22:00")
    summary = await organizer.expect("请确认活动信息")
    assert "2026-06-16（周二）22:00–23:30" in summary.text  # the length kept
    await organizer.press("✅ 确认提交")
    await organizer.expect("报名截止时间已经过去")  # the deadline's lead kept: already past, so the summary again
    await organizer.press("✏️ 修改")
    await organizer.press("报名截止")
    await organizer.send("-")
    await organizer.expect("请确认活动信息")
    await organizer.press("✏️ 修改")
    await organizer.press("结束时间")
    await organizer.send("1:00")  # past midnight: the next day
    summary = await organizer.expect("请确认活动信息")
    assert "22:00–次日 01:00" in summary.text
    await organizer.press("✅ 确认提交")
    await organizer.expect("已保存为草稿")
    event = await Event.get(title="早餐汇·光谷专场")
    assert (event.seats_enterprise, event.seats_institution, event.target_visits) == (8, 2, 30)
    assert (event.starts_at, event.ends_at) == (datetime(2026, 6, 16, 14, 0, tzinfo=UTC),
                                                datetime(2026, 6, 16, 17, 0, tzinfo=UTC))


async def test_a_cancelled_event_refuses_an_edit_at_the_press(harness: Harness) -> None:
    organizer, boss = await organizer_chat(harness)
    event = await open_event(boss, facts())
    await organizer.send("/events")
    listing = await organizer.expect("即将举办的活动")
    await organizer.press(next(label for row in listing.buttons for label in row if f"#{event.id}" in label))
    card = await organizer.expect("报名链接")
    await organizer.press("✖️ 取消活动", card)
    await organizer.press("确认取消并通知报名者")
    await organizer.expect("活动已取消")
    for press in (organizer.press("✏️ 修改", card), organizer.press_data(card.message_id, f"ev:deadline:{event.id}")):
        await press
        answer = (await organizer.callback_answers())[-1]["text"]
        assert "（已取消）" in answer and "cancelled" not in answer, answer
    await organizer.send("标题")  # no form was opened
    await organizer.expect("没有理解")


async def test_a_moved_event_notice_says_when_it_was(harness: Harness) -> None:
    organizer, boss = await organizer_chat(harness)
    guest = await enterprise_chat(harness, "甲科技", USCCS[0])
    event = await open_event(boss, facts(starts_in=timedelta(days=3)))  # Sunday 2026-06-14 10:00
    person = await Person.get(tg_id=guest.id)
    await orm_signup(event, person, enterprise=await person.enterprise)
    await organizer.send("/events")
    listing = await organizer.expect("即将举办的活动")
    await organizer.press(next(label for row in listing.buttons for label in row if f"#{event.id}" in label))
    card = await organizer.expect("报名链接")
    await organizer.press("✏️ 修改", card)
    await organizer.press("开始时间")
    await organizer.send("6月15日上午9点")
    await organizer.expect("已修改")
    moved = await guest.expect("活动有变更")
    assert "原定：2026-06-14（周日）10:00–11:30 · 光谷金融港 B1 栋" in moved.text
    assert "2026-06-15（周一）09:00–10:30" in moved.text
    assert await Registration.filter(event_id=event.id).count() == 1


async def test_digits_of_other_scripts_in_button_data_are_refused_cleanly(harness: Harness) -> None:
    organizer, boss = await organizer_chat(harness)
    event = await open_event(boss, facts())
    await organizer.send("/events")
    listing = await organizer.expect("即将举办的活动")
    for data in ("ev:edit:\u19da", "ev:show:１", "i:v:\u19da", "su:show:\u19da", "tg:del:\u19da", "p:close:\u19da",
                 "sr:pause:\u19da", "i:p:\u19da:1:0"):
        await organizer.press_data(listing.message_id, data)
    answers = await organizer.callback_answers()
    assert len(answers) >= 8 and all(answer.get("text") for answer in answers[-8:]), answers[-8:]
    assert not any("出现了问题" in m.text for m in await organizer.messages())
    assert (await Event.get(id=event.id)).status is EventStatus.open
