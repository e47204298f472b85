"""Need → match at an event → meeting → intent proposed, adjusted, confirmed, approved, disbursed,
and /progress counting it once in every target it belongs to; through the sandbox, both databases."""

from __future__ import annotations

from datetime import timedelta

from models.clock import utcnow
from models.enums import IntentStatus, MeetingStatus, TargetMetric, TargetScope
from models.reports.targets import TargetFacts, current_value, set_target
from models.tables.chains import Chain
from models.tables.enterprises import Enterprise
from models.tables.institutions import Institution
from models.tables.intents import Intent, LedgerEntry, Meeting, Target
from models.tables.people import Person
from notices.agendas import enqueue_agendas
from sandbox.driver import UserChat
from schedules.intent_jobs import run_intent_jobs
from tests.flows import orm_event, orm_institution, orm_product, orm_signup, orm_staff, register_enterprise
from tests.harness import ORGANIZER_ID, Harness

STAFF_ID, OTHER_STAFF_ID = 800001, 800002


async def _bank_with_staff(harness: Harness) -> tuple[Chain, Institution, UserChat, UserChat]:
    chain = await Chain.get(name="光电子信息")
    bank = await orm_institution("光谷示范银行")
    await orm_product(bank, name="专精特新贷", target_tiers=["specialized"], target_chain_ids=[chain.id],
                      guarantees=["credit"])
    await orm_staff(bank, STAFF_ID, "李经理")
    other = await orm_institution("别家银行")
    await orm_staff(other, OTHER_STAFF_ID, "外行经理")
    staff = await harness.user("李经理", user_id=STAFF_ID)
    intruder = await harness.user("外行经理", user_id=OTHER_STAFF_ID)
    return chain, bank, staff, intruder


async def _set_target_in_chat(organizer: UserChat) -> None:
    await organizer.send("/targets")
    await organizer.press("➕ 设置新目标")
    await organizer.press("意向授信金额")
    await organizer.press("全市")
    await organizer.expect("目标值")
    await organizer.send("二十亿元多")
    await organizer.expect("请输入金额")
    await organizer.send("20亿")
    await organizer.send("明年")
    await organizer.expect("没有看懂这个期间")
    this_year = utcnow().year
    await organizer.send(f"{this_year - 1}-01-01 {this_year + 1}-12-31")
    await organizer.expect("目标已设置")


async def test_from_need_to_disbursement_counted_once_in_each_target(harness: Harness) -> None:
    chain, bank, staff, intruder = await _bank_with_staff(harness)
    organizer = await harness.user("组织者", user_id=ORGANIZER_ID)
    await _set_target_in_chat(organizer)
    boss = await Person.get(tg_id=ORGANIZER_ID)

    owner = await harness.user("王经理")
    await register_enterprise(owner)
    enterprise = await Enterprise.get()
    event = await orm_event(chain_id=chain.id, meeting_minutes=20)
    await orm_signup(event, await Person.get(tg_id=owner.id), enterprise=enterprise, status="checked_in")
    await orm_signup(event, await Person.get(tg_id=STAFF_ID), institution=bank)
    start, end = (await Target.get()).starts_on, (await Target.get()).deadline
    for scope, scope_id in ((TargetScope.chain, chain.id), (TargetScope.institution, bank.id),
                            (TargetScope.event, event.id)):
        await set_target(boss, TargetFacts(TargetMetric.confirmed_amount, scope, scope_id, 10**9, start, end))
    await set_target(boss, TargetFacts(TargetMetric.disbursed_amount, TargetScope.programme, None, 10**9, start, end))

    # the match at the event, and a meeting in a slot
    await owner.send("/matches")
    await owner.press(next(b for row in (await owner.expect("即将举行")).buttons for b in row if event.title in b))
    card = await owner.expect("最匹配的金融产品")
    assert "专精特新贷" in card.text and "面向该产业链" in card.text and "接受该担保方式" in card.text
    await owner.press("🤝 约见 1", card)
    await staff.expect("新的约见请求")
    await staff.press("✅ 接受")
    await owner.expect("对方已接受约见")
    meeting = await Meeting.get()
    assert meeting.status is MeetingStatus.accepted and meeting.slot_start == event.starts_at
    assert await enqueue_agendas(event.id) == 2
    assert await enqueue_agendas(event.id) == 0
    await owner.expect("约见日程")
    await staff.expect("与 武汉光谷精密制造有限公司")

    # the enterprise proposes from the match
    await owner.press("💡 提出意向 1", card)
    await owner.expect("意向金额")
    await owner.send("5000万")
    await owner.send("3年")
    await owner.expect("请确认融资意向")
    await owner.press("✅ 确认提交")
    await owner.expect("等待金融机构确认")
    intent = await Intent.get()
    assert (intent.status, intent.amount, intent.event_id) == (IntentStatus.proposed, 50_000_000, event.id)
    notice = await staff.expect("待您确认")

    # another bank's staff forge a confirmation: nothing changes
    await intruder.send("/intents")
    listing = await intruder.expect("融资意向")
    for data in (f"i:c:{intent.id}:0", f"i:a:{intent.id}:0", f"i:v:{intent.id}", f"i:ap:{intent.id}:0"):
        await intruder.press_data(listing.message_id, data)
    assert all("没有权限" in a["text"] for a in (await intruder.callback_answers())[-4:])
    assert (await Intent.get(id=intent.id)).version == 0 and not await LedgerEntry.exists()

    # the bank's staff adjust and confirm; a double tap changes nothing more
    await staff.press("查看意向", notice)
    opened = await staff.expect("融资意向 #")
    await staff.press("✏️ 调整后确认", opened)
    await staff.send("3000万")
    await staff.press("贷款")
    await staff.send("24")
    await staff.expect("按以下条件确认")
    await staff.press("✅ 确认提交")
    await staff.expect("已确认融资意向")
    await owner.expect("已被金融机构确认")
    await staff.press("✅ 确认", opened)
    assert "已有变化" in (await staff.callback_answers())[-1]["text"]
    confirmed = await Intent.get(id=intent.id)
    assert (confirmed.status, confirmed.amount, confirmed.term_months) == (IntentStatus.confirmed, 30_000_000, 24)

    await organizer.send("/progress")
    progress = await organizer.expect("目标进度")
    assert progress.text.count("3,000万元 / 20亿元") == 1 and "1%" in progress.text

    # approved, then disbursed in two parts, never beyond the approval
    done = next(m for m in reversed(await staff.messages()) if "已确认融资意向" in m.text)
    await staff.press("📝 授信批复", done)
    await staff.send("30亿")
    await staff.expect("高于确认的意向金额 3,000万元")
    await staff.press("✖️ 取消")
    await staff.press("📝 授信批复", done)
    await staff.send("3000万")
    await staff.expect("登记授信批复 3,000万元？")
    await staff.press("✅ 确认提交")
    approved = await staff.expect("已登记授信批复")
    await staff.press("💰 登记放款", approved)
    await staff.send("2000万")
    await staff.expect("登记后累计放款 2,000万元（授信批复 3,000万元）")
    await staff.press("✅ 确认提交")
    part = await staff.expect("已登记放款")
    await staff.press("💰 登记放款", part)
    await staff.send("1001万")
    await staff.expect("最多还可放款 1,000万元")  # refused at the step; the form goes on
    await staff.send("1000万")
    await staff.press("✅ 确认提交")
    await staff.expect("已登记放款")
    final = await Intent.get(id=intent.id)
    assert (final.status, final.approved_amount, final.disbursed_amount) == (IntentStatus.disbursed, 30_000_000,
                                                                             30_000_000)
    await owner.expect("已放款")

    await organizer.send("/progress")
    progress = await organizer.expect("目标进度")
    assert progress.text.count("3,000万元 / 20亿元") == 1
    assert progress.text.count("3,000万元 / 10亿元") == 4  # chain, institution, event, disbursed
    for target in await Target.all():
        assert await current_value(target, harness.settings.tz) == 30_000_000


async def test_staff_record_after_an_event_and_the_enterprise_withdraws_a_proposal(harness: Harness) -> None:
    chain, bank, staff, _ = await _bank_with_staff(harness)
    owner = await harness.user("王经理")
    await register_enterprise(owner)
    enterprise = await Enterprise.get()
    event = await orm_event(chain_id=chain.id, days_ahead=-1)
    await orm_signup(event, await Person.get(tg_id=owner.id), enterprise=enterprise, status="checked_in")
    await orm_signup(event, await Person.get(tg_id=STAFF_ID), institution=bank, status="checked_in")  # both came
    await staff.send("/intents")
    listing = await staff.expect("融资意向")
    await staff.press_data(listing.message_id, f"i:new:{event.id}")
    await staff.press("武汉光谷精密制造有限公司")
    await staff.press("贷款")
    await staff.send("abc")
    await staff.expect("没有看懂这个金额")
    await harness.restart()
    await staff.send("8000万")
    await staff.send("1年")
    await staff.press("✅ 确认提交")
    await staff.expect("已记录并确认融资意向")
    recorded = await Intent.get()
    assert (recorded.status, recorded.event_id, recorded.amount) == (IntentStatus.confirmed, event.id, 80_000_000)
    await owner.expect("金融机构记录了一项融资意向")

    await owner.send("/intents")
    await owner.press("➕ 新增融资意向")
    await owner.press("光谷示范银行")
    await owner.press("担保")
    await owner.send("1000万")
    await owner.send("12")
    await owner.press("✅ 确认提交")
    proposed = await owner.expect("等待金融机构确认")
    await owner.press("↩️ 撤回", proposed)
    sure = await owner.expect("确定撤回融资意向")  # one more press: withdrawing cannot be undone
    assert (await Intent.get(kind="guarantee")).status is IntentStatus.proposed
    await owner.press("↩️ 确认撤回", sure)
    await owner.expect("已撤回融资意向")
    await owner.press("↩️ 确认撤回", sure)  # a double tap changes nothing more, and says why
    assert "已撤回" in (await owner.callback_answers())[-1]["text"]
    assert await Intent.filter(status=IntentStatus.withdrawn).count() == 1
    assert (await Intent.get(kind="guarantee")).status is IntentStatus.withdrawn
    await staff.expect("融资意向已撤回")


async def test_intent_jobs_expire_and_nudge_once(harness: Harness) -> None:
    _, _bank, staff, _ = await _bank_with_staff(harness)
    owner = await harness.user("王经理")
    await register_enterprise(owner)
    await owner.send("/intents")
    await owner.press("➕ 新增融资意向")
    await owner.press("光谷示范银行")
    await owner.press("贷款")
    await owner.send("1000万")
    await owner.send("12")
    await owner.press("✅ 确认提交")
    await owner.expect("等待金融机构确认")
    intent = await Intent.get()
    settings = harness.settings
    friday = intent.created_at.astimezone(settings.tz)
    friday = friday - timedelta(days=(friday.weekday() - 4) % 7)  # the last Friday (or today if Friday)
    await Intent.filter(id=intent.id).update(created_at=friday)
    assert await run_intent_jobs(settings, friday + timedelta(days=4)) == (0, 0)  # Mon: 1 working day
    assert await run_intent_jobs(settings, friday + timedelta(days=5)) == (0, 1)  # Wed: 3 working days
    assert await run_intent_jobs(settings, friday + timedelta(days=6)) == (0, 0)  # nudged once
    await staff.expect("等待超过 3 个工作日")
    late = friday + timedelta(days=settings.intent_expiry_days + 1)
    assert await run_intent_jobs(settings, late) == (1, 0)
    assert (await Intent.get(id=intent.id)).status is IntentStatus.expired
    await owner.expect("已过期")
