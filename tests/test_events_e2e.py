"""Organizers in chat: a single event through /newevent (odd answers included), opening it announces
it to the right enterprises only, editing and cancelling tell who signed up; a 一月一链 series."""

from __future__ import annotations

from datetime import timedelta

from models.clock import utcnow
from models.enums import EventStatus, Tier
from models.tables.events import Event, Series
from models.tables.outbox import OutboxMessage
from schedules.jobs import PlannedJob, execute, scheduled_ids
from tests.event_flows import USCCS, enterprise_chat, organizer_chat, outbox_settled, staff_chat
from tests.harness import Harness


async def announced_to(event_id: int) -> set[int]:
    return set(await OutboxMessage.filter(key__startswith=f"announce:{event_id}:").values_list("chat_id", flat=True))


async def test_an_organizer_creates_opens_edits_and_cancels_an_event(harness: Harness) -> None:
    organizer, _ = await organizer_chat(harness)
    fits = await enterprise_chat(harness, "甲科技", USCCS[0])
    wrong_tier = await enterprise_chat(harness, "乙制造", USCCS[1], tier=Tier.innovative)
    wrong_chain = await enterprise_chat(harness, "丙材料", USCCS[2], chain="高端装备")
    banker = await staff_chat(harness, "交行小李", "交通银行")
    day = (utcnow() + timedelta(days=5)).astimezone(harness.settings.tz).strftime("%Y-%m-%d")

    await organizer.send("/newevent")
    await organizer.press("早餐汇")
    await organizer.expect("活动标题")
    for answer, complaint in [("A", "标题应为"), ("早餐汇·光谷专场", "产业链")]:
        await organizer.send(answer)
        await organizer.expect(complaint)
    await organizer.press("光电子信息")
    for answer, complaint in [("明天早上", "没有看懂这个时间"), ("2020-01-01 07:30", "已经过去"),
                              ("昨天 7:30", "已经过去"), (f"{day} 07:30", "结束时间"), ("7:00", "必须晚于开始时间"),
                              ("9:00", "活动地点"),
                              ("光谷金融港 B1 栋", "地图位置"), ("北纬三十度", "没有看懂这个位置")]:
        await organizer.send(answer)
        await organizer.expect(complaint)
    await organizer.send_location(30.5097, 114.4093)
    for answer, complaint in [("0", "请输入 1–500"), ("1", "金融机构名额"), ("1", "报名截止"), ("-", "活动简介"),
                              ("-", "公告对象"), ("火星区", "没有“火星区”"), ("专精特新中小企业", "目标"),
                              ("30", "请确认活动信息")]:
        await organizer.send(answer)
        await organizer.expect(complaint)
    assert "服务企业目标：30 家次" in (await organizer.last()).text  # the organizer's plan, in the summary
    await organizer.press("✅ 确认提交")
    await organizer.expect("已保存为草稿")
    event = await Event.get(title="早餐汇·光谷专场")
    assert (event.status, event.tiers, event.latitude, event.target_visits) == (
        EventStatus.draft, [Tier.specialized.value], 30.5097, 30)

    await organizer.press("📣 开放报名并发布")
    await organizer.expect("公告已排队发给 2 人")
    assert await announced_to(event.id) == {fits.id, banker.id}
    assert wrong_tier.id not in await announced_to(event.id) and wrong_chain.id not in await announced_to(event.id)
    assert "服务企业目标" not in (await fits.expect("活动报名")).text  # not in the announcement
    await banker.expect("活动报名")
    await outbox_settled()
    await organizer.press("🔄 刷新")
    card = await organizer.expect("公告：共 2 · 已送达 2 · 排队 0")
    assert "报名中" in card.text and not card.has_button("📣 开放报名并发布")
    await fits.press("✍️ 报名")
    await fits.expect("报名成功")

    await organizer.press("✏️ 修改")
    await organizer.press("开始时间")
    await organizer.send(f"{day} 08:00")
    await organizer.expect("给 1 位报名者的通知已排队发送")
    await fits.expect("有变更")

    await organizer.press("✖️ 取消活动")
    await organizer.press("确认取消并通知报名者")
    await organizer.expect("给 1 位报名者的取消通知已排队发送")
    await fits.expect("已取消")
    assert (await Event.get(id=event.id)).status is EventStatus.cancelled
    await organizer.press_data((await organizer.last()).message_id, f"ev:open:{event.id}")
    assert "不能这样操作" in (await organizer.callback_answers())[-1]["text"]


async def test_a_chain_of_the_month_series_rotates_chains_and_announces_each_session(harness: Harness) -> None:
    organizer, _ = await organizer_chat(harness)
    optics = await enterprise_chat(harness, "甲科技", USCCS[0])
    machines = await enterprise_chat(harness, "丙装备", USCCS[2], chain="高端装备")

    await organizer.send("/newseries")
    await organizer.press("一月一链")
    await organizer.send("一月一链·产业链对接会")
    await organizer.expect("多久举办一次")
    for answer, complaint in [("每月周四 14:00", "第几个星期几"), ("每周三", "请写上时刻"),
                              ("每周三 14:00", "产业链轮换计划")]:
        await organizer.send(answer)
        await organizer.expect(complaint)
    await harness.restart()  # mid-form: the draft survives
    await organizer.send("1, 99")
    await organizer.expect("没有“99”")
    for answer, complaint in [("1, 4", "活动地点"), ("武汉光谷金融港", "地图位置"), ("-", "企业名额"),
                              ("15", "金融机构名额"), ("5", "提前多少天"), ("7", "请确认系列活动")]:
        await organizer.send(answer)
        await organizer.expect(complaint)
    await organizer.press("✅ 确认提交")
    created = await organizer.expect("已生成 1 场")
    assert "下一场（尚未生成）" in created.text and "将于" in created.text

    series = await Series.get(title="一月一链·产业链对接会")
    first = await Event.get(series_id=series.id).prefetch_related("chain")
    assert first.chain.name == "光电子信息" and first.status is EventStatus.open
    assert first.starts_at.astimezone(harness.settings.tz).strftime("%a %H:%M") == "Wed 14:00"
    assert await announced_to(first.id) == {optics.id}
    await optics.expect("活动报名")
    await optics.press("✍️ 报名")
    await optics.expect("报名成功")
    assert harness.app is not None
    assert f"series:{series.id}" in scheduled_ids(harness.app)

    job = PlannedJob(f"series:{series.id}", first.starts_at, "series", series.id)
    await execute(job, harness.settings, first.starts_at + timedelta(minutes=1))
    harness.app.bot_data["sender"].wake()
    second = await Event.filter(series_id=series.id).order_by("-starts_at").first().prefetch_related("chain")
    assert second.chain.name == "高端装备" and second.starts_at - first.starts_at == timedelta(days=7)
    assert await announced_to(second.id) == {machines.id}
    await machines.expect("一月一链·产业链对接会")
    await execute(job, harness.settings, first.starts_at + timedelta(minutes=1))
    assert await Event.filter(series_id=series.id).count() == 2  # running twice creates nothing twice

    await organizer.send("/series")
    await organizer.expect("光电子信息 → 高端装备")
    await organizer.press("⏸ 暂停")
    await organizer.expect("已暂停")
    assert f"series:{series.id}" not in scheduled_ids(harness.app)
