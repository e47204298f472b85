"""Issue 10 §3, end to end through the sandbox on SQLite and PostgreSQL: /audit in words in the
reader's language; raising an event's seats moves the waitlist up (told through the outbox); a
declined meeting asked for again, a request withdrawn, an accepted meeting cancelled by either side."""

from __future__ import annotations

from models.clock import utcnow
from models.enums import MeetingStatus, RegistrationStatus
from models.operations.signup_ops import sign_up
from models.tables.audit import AuditEntry
from models.tables.chains import Chain
from models.tables.enterprises import Enterprise
from models.tables.events import Registration
from models.tables.intents import Meeting
from models.tables.outbox import OutboxMessage
from models.tables.people import Person
from notices.i18n import t
from sandbox.driver import UserChat
from tests.event_flows import USCCS, enterprise_chat, facts, open_event, organizer_chat, person
from tests.flows import COMPANY, orm_event, orm_institution, orm_product, orm_signup, orm_staff, register_enterprise
from tests.harness import Harness

STAFF_ID = 820001


async def test_the_audit_reads_in_words_in_the_readers_language(harness: Harness) -> None:
    organizer, boss = await organizer_chat(harness)
    owner = await harness.user("王经理")
    await register_enterprise(owner)
    enterprise = await Enterprise.get()
    event = await open_event(boss, facts(title="早餐汇·审计专场", seats=5))
    await sign_up(await person(owner), event.id, utcnow())

    await organizer.send(f"/audit e{enterprise.id}")
    page = (await organizer.expect("操作记录")).text
    for code in ("enterprise.register", "event.signup", "tier:", f"{event.id}:e{enterprise.id}"):
        assert code not in page, f"{code!r} shown as a code"
    assert "企业登记" in page and "报名" in page
    assert f"梯度：— → {t('zh', 'tier-specialized')}" in page
    assert f"报名方：— → {COMPANY}" in page and "活动：— → 早餐汇·审计专场" in page
    assert f"状态：— → {t('zh', 'registration-registered')}" in page

    await organizer.send("/lang")
    await organizer.press("English")
    await organizer.send(f"/audit e{enterprise.id}")
    english = (await organizer.expect("Enterprise registered")).text
    assert f"tier: — → {t('en', 'tier-specialized')}" in english and f"party: — → {COMPANY}" in english


async def test_raising_the_seats_moves_the_waitlist_up_and_tells_them(harness: Harness) -> None:
    organizer, boss = await organizer_chat(harness)
    event = await open_event(boss, facts(seats=1))
    first = await enterprise_chat(harness, "甲公司", USCCS[0])
    second = await enterprise_chat(harness, "乙公司", USCCS[1])
    third = await enterprise_chat(harness, "丙公司", USCCS[2])
    for user in (first, second, third):
        await sign_up(await person(user), event.id, utcnow())
    statuses = await Registration.filter(event_id=event.id).order_by("id").values_list("status", flat=True)
    assert statuses == [RegistrationStatus.registered, RegistrationStatus.waitlisted, RegistrationStatus.waitlisted]

    await organizer.press_data((await organizer.last()).message_id, f"ev:edit:{event.id}")
    await organizer.press("企业名额")
    await organizer.send("2")
    await organizer.expect("已修改")
    await second.expect("已从候补转为正式报名")
    statuses = await Registration.filter(event_id=event.id).order_by("id").values_list("status", flat=True)
    assert statuses == [RegistrationStatus.registered, RegistrationStatus.registered, RegistrationStatus.waitlisted]
    promoted = await Registration.filter(event_id=event.id).order_by("id").offset(1).first()
    assert await AuditEntry.exists(action="event.signup.promote", entity_id=promoted.id)
    assert await OutboxMessage.filter(chat_id=third.id).count() == 0, "still waiting: not told anything"
    assert "已从候补转为正式报名" not in "\n".join(m.text for m in await third.messages())


async def _meeting_cast(harness: Harness) -> tuple[UserChat, UserChat, str]:
    chain = await Chain.get(name="光电子信息")
    bank = await orm_institution("光谷示范银行")
    await orm_product(bank, target_tiers=["specialized"], target_chain_ids=[chain.id], guarantees=["credit"])
    await orm_staff(bank, STAFF_ID, "李经理")
    staff = await harness.user("李经理", user_id=STAFF_ID)
    owner = await harness.user("王经理")
    await register_enterprise(owner)
    event = await orm_event(chain_id=chain.id, meeting_minutes=20)
    await orm_signup(event, await Person.get(tg_id=owner.id), enterprise=await Enterprise.get())
    await orm_signup(event, await Person.get(tg_id=STAFF_ID), institution=bank)
    return staff, owner, event.title


async def _ask(staff: UserChat, title: str) -> None:
    await staff.send("/matches")
    await staff.press(next(b for row in (await staff.expect("即将举行")).buttons for b in row if title in b))
    await staff.press("🤝 约见 1", await staff.expect("最匹配的企业"))
    assert (await staff.callback_answers())[-1]["text"] == t("zh", "meeting-requested")


async def test_meetings_are_asked_again_withdrawn_and_cancelled_with_the_other_side_told(harness: Harness) -> None:
    staff, owner, title = await _meeting_cast(harness)
    await _ask(staff, title)
    await owner.press("✖️ 婉拒", await owner.expect("新的约见请求"))
    await staff.expect("对方婉拒了约见")

    await _ask(staff, title)  # declined before: asked again later
    await owner.expect("新的约见请求")
    await owner.send("/meetings")
    await owner.press("✅ 接受 1", await owner.expect("一对一约见"))
    await staff.expect("对方已接受约见")
    meeting = await Meeting.get()
    assert meeting.status is MeetingStatus.accepted and meeting.slot_start is not None

    await owner.send("/meetings")
    listing = await owner.expect("一对一约见")
    assert not listing.has_button("↩️ 撤回请求 1"), "accepted: cancel, not withdraw"
    await owner.press("✖️ 取消约见 1", listing)
    await owner.expect("已取消约见")
    await staff.expect("对方取消了已确认的约见")
    meeting = await Meeting.get()
    assert (meeting.status, meeting.slot_start) == (MeetingStatus.cancelled, None)

    await _ask(staff, title)
    await owner.expect("新的约见请求")
    await owner.send("/meetings")
    assert not (await owner.expect("一对一约见")).has_button("↩️ 撤回请求 1"), "only the requester withdraws"
    await staff.send("/meetings")
    await staff.press("↩️ 撤回请求 1", await staff.expect("一对一约见"))
    await staff.expect("已撤回约见请求")
    await owner.expect("对方撤回了约见请求")
    assert (await Meeting.get()).status is MeetingStatus.cancelled
    actions = await AuditEntry.filter(entity="meeting").order_by("id").values_list("action", flat=True)
    assert actions == ["meeting.request", "meeting.decline", "meeting.request", "meeting.accept", "meeting.cancel",
                       "meeting.request", "meeting.withdraw"]


async def test_the_audit_words_digests_and_targets_too(harness: Harness) -> None:
    from datetime import date

    from models.enums import TargetMetric, TargetScope
    from models.reports.targets import TargetFacts, set_target

    organizer, boss = await organizer_chat(harness)
    await organizer.send("/digest 每天 8:00")
    await organizer.send("/digest 暂停")
    await set_target(boss, TargetFacts(TargetMetric.confirmed_amount, TargetScope.programme, None, 2_000_000_000,
                                       date(2026, 1, 1), date(2026, 12, 31)))
    await organizer.send("/audit")
    page = (await organizer.expect("操作记录")).text
    for code in ("digest.subscribe", "digest_subscription", "d0800", "chat_id", "target.set", "2000000000",
                 "starts_on", "版本"):
        assert code not in page, f"{code!r} shown as a code"
    assert "订阅简报 · 简报订阅" in page and "暂停简报" in page and "时间：— → 每天 08:00" in page
    assert "发送到：— → （私聊）" in page and "已暂停：否 → 是" in page
    assert "设置目标" in page and "目标值：— → 20亿元" in page and "截止日期：— → 2026-12-31" in page
