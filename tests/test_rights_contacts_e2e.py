"""Issue 10 §3, rights and contacts, end to end through the sandbox on SQLite and PostgreSQL:
contacts shown to exactly those models.rules.rights allows (intent card, notices, /matches, meetings);
a staff member's own intent is an offer the enterprise confirms or declines; a proposal to a head
office without staff reaches the organizers, who forward it to a staffed branch."""

from __future__ import annotations

from typing import Any

from models.enums import IntentStatus, ProposerSide, StaffStatus, TargetMetric
from models.tables.audit import AuditEntry
from models.tables.chains import Chain
from models.tables.enterprises import Enterprise
from models.tables.institutions import Institution
from models.tables.intents import Intent, LedgerEntry
from models.tables.people import Person
from notices.agendas import enqueue_agendas
from sandbox.driver import UserChat
from tests.flows import COMPANY, orm_event, orm_institution, orm_product, orm_signup, orm_staff, register_enterprise
from tests.harness import ORGANIZER_ID, Harness

STAFF_ID, OUTSIDER_ID, BRANCH_STAFF_ID = 810001, 810002, 810003
CONTACT, PHONE = "王小明", "13800138000"  # what register_enterprise types and shares


async def _banks(harness: Harness) -> tuple[Institution, UserChat, UserChat]:
    """Two banks whose loan product fits the enterprise register_enterprise makes, each with one staff member."""
    chain = await Chain.get(name="光电子信息")
    bank, other = await orm_institution("光谷示范银行"), await orm_institution("别家银行")
    for institution in (bank, other):
        await orm_product(institution, target_tiers=["specialized"], target_chain_ids=[chain.id],
                          guarantees=["credit"])
    await orm_staff(bank, STAFF_ID, "李经理")
    await orm_staff(other, OUTSIDER_ID, "外行经理")
    return bank, await harness.user("李经理", user_id=STAFF_ID), await harness.user("外行经理", user_id=OUTSIDER_ID)


async def _propose(owner: UserChat, institution: str, amount: str = "1000万") -> None:
    await owner.send("/intents")
    await owner.press("➕ 新增融资意向")
    await owner.press(institution)
    await owner.press("贷款")
    await owner.send(amount)
    await owner.send("12")
    await owner.press("✅ 确认提交")


async def _matches_text(user: UserChat) -> str:
    await user.send("/matches")
    return (await user.expect("最匹配的企业")).text


def _has_contacts(text: str) -> bool:
    return CONTACT in text and PHONE in text


async def test_staff_see_contacts_exactly_while_they_deal_with_the_enterprise(harness: Harness) -> None:
    bank, staff, outsider = await _banks(harness)
    owner = await harness.user("王经理")
    await register_enterprise(owner)
    enterprise = await Enterprise.get()

    before = await _matches_text(staff)
    assert COMPANY in before and not _has_contacts(before), "a fit is no relation"

    await _propose(owner, "光谷示范银行")
    await owner.expect("等待金融机构确认")
    notice = await staff.expect("待您确认")
    assert _has_contacts(notice.text), "the enterprise proposed to them: they deal with it"
    assert _has_contacts(await _matches_text(staff))
    assert not _has_contacts(await _matches_text(outsider))

    intent = await Intent.get()
    await staff.press("查看意向", notice)
    card = await staff.expect(f"融资意向 #{intent.id}")
    assert _has_contacts(card.text)
    await staff.press("✖️ 不予受理", card)
    await staff.send("暂不符合准入条件")
    rejected = await staff.expect("不予受理")
    assert not _has_contacts(rejected.text), "a rejected intent is no relation"
    assert not _has_contacts(await _matches_text(staff))

    # the same event: both seated; a meeting there shows the contacts on its line
    event = await orm_event()
    await orm_signup(event, await Person.get(tg_id=owner.id), enterprise=enterprise)
    await orm_signup(event, await Person.get(tg_id=STAFF_ID), institution=bank)
    await staff.send("/matches")
    await staff.press(next(b for row in (await staff.expect("即将举行")).buttons for b in row if event.title in b))
    await staff.press("🤝 约见 1", await staff.expect("最匹配的企业"))
    await owner.expect("新的约见请求")
    await owner.press("✅ 接受")
    accepted = await staff.expect("对方已接受约见")
    assert _has_contacts(accepted.text)
    await staff.send("/meetings")
    assert _has_contacts((await staff.expect("一对一约见")).text)
    await outsider.send("/meetings")
    assert not _has_contacts((await outsider.expect("约见")).text)
    await enqueue_agendas(event.id)
    assert _has_contacts((await staff.expect("您的约见日程")).text)


async def test_a_staff_members_own_intent_is_an_offer_the_enterprise_confirms_or_declines(harness: Harness) -> None:
    bank, staff, _ = await _banks(harness)
    await Person.filter(tg_id=STAFF_ID).update(staff_status=StaffStatus.invited)  # not verified yet
    owner = await harness.user("王经理")
    await register_enterprise(owner)

    async def offer(amount: str) -> Any:
        await staff.send("/intents")
        await staff.press("➕ 新增融资意向")
        await staff.expect("统一社会信用代码或名称")
        await staff.send("精密制造")  # any enterprise, found by name
        await staff.press("贷款")
        await staff.send(amount)
        await staff.send("24")
        await staff.press("✅ 确认提交")

    await offer("3000万")
    sent = await staff.expect("已发给企业")
    assert not _has_contacts(sent.text), "recording an intent grants no contacts"
    first = await Intent.get()
    assert (first.status, first.proposer_side) == (IntentStatus.proposed, ProposerSide.institution)
    assert not await LedgerEntry.exists(), "nothing counts before the enterprise confirms"

    notice = await owner.expect("等待企业确认或婉拒")
    await owner.press("查看意向", notice)
    card = await owner.expect(f"融资意向 #{first.id}")
    assert card.has_button("✅ 确认") and card.has_button("✖️ 婉拒") and not card.has_button("✏️ 调整后确认")
    await owner.press("✅ 确认", card)
    await owner.expect("已确认融资意向")
    told = await staff.expect("企业已确认融资意向")
    assert _has_contacts(told.text), "an intent the enterprise confirmed is a relation"
    ledger = await LedgerEntry.filter(intent_id=first.id).values_list("metric", "delta")
    assert ledger == [(TargetMetric.confirmed_amount, 30_000_000)]

    await offer("500万")
    await staff.expect("已发给企业")  # still unverified: an offer again, although they deal with it now
    second = await Intent.filter(id__gt=first.id).get()
    await owner.press("查看意向", await owner.expect("等待企业确认或婉拒"))
    await owner.press("✖️ 婉拒", await owner.expect(f"融资意向 #{second.id}"))
    await owner.expect("告知金融机构")
    await owner.send("暂不需要")
    await staff.expect("企业婉拒了融资意向")
    assert (await Intent.get(id=second.id)).status is IntentStatus.rejected
    assert not await LedgerEntry.filter(intent_id=second.id).exists()

    await Person.filter(tg_id=STAFF_ID).update(staff_status=StaffStatus.verified)
    await offer("800万")
    await staff.expect("已记录并确认融资意向")  # verified and dealing with it: recorded as confirmed
    third = await Intent.filter(id__gt=second.id).get()
    assert third.status is IntentStatus.confirmed and third.institution_id == bank.id


async def test_a_proposal_to_a_head_office_without_staff_is_forwarded_to_a_branch(harness: Harness) -> None:
    head = await orm_institution("交通银行")
    branch = await Institution.create(name="交通银行武汉分行", kind="bank", parent=head)
    await Institution.create(name="交通银行空壳支行", kind="bank", parent=head)  # a branch nobody staffs
    await orm_staff(branch, BRANCH_STAFF_ID, "分行经理")
    branch_staff = await harness.user("分行经理", user_id=BRANCH_STAFF_ID)
    organizer = await harness.user("组织者", user_id=ORGANIZER_ID)
    await organizer.send("/start")
    owner = await harness.user("王经理")
    await register_enterprise(owner)

    await _propose(owner, "交通银行")
    reply = await owner.expect("暂无工作人员")
    assert "已通知组织方安排对接" in reply.text and "分支机构" in reply.text  # no promise of a branch it may lack
    alert = await organizer.expect("没有可联系的工作人员")
    assert "交通银行" in alert.text and _has_contacts(alert.text)
    await organizer.press("📮 转给分支机构", alert)
    listing = await organizer.expect("选择转给哪一家")
    assert listing.buttons == [["交通银行武汉分行"]], "only branches with staff"
    await organizer.press("交通银行武汉分行", listing)
    await organizer.expect("已转给「交通银行武汉分行」")

    told = await branch_staff.expect("转给「交通银行武汉分行」")
    assert _has_contacts(told.text), "the enterprise proposed it: the branch deals with it now"
    await owner.expect("转给「交通银行武汉分行」")
    intent = await Intent.get()
    assert (intent.institution_id, intent.status) == (branch.id, IntentStatus.proposed)
    assert await AuditEntry.exists(action="intent.route", entity_id=intent.id)

    await branch_staff.press("查看意向", told)
    await branch_staff.press("✅ 确认", await branch_staff.expect(f"融资意向 #{intent.id}"))
    await branch_staff.expect("已确认融资意向")
    await organizer.press_data(listing.message_id, f"ir:l:{intent.id}")
    assert "不在等待机构确认" in (await organizer.callback_answers())[-1]["text"]
