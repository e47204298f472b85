"""Issue 3 end to end: an organizer creates a bank, invites staff, staff keep products."""

from __future__ import annotations

from datetime import timedelta

from models.clock import utcnow
from models.enums import FinancingKind, Guarantee, InstitutionKind, StaffStatus, Tier
from models.tables.audit import AuditEntry
from models.tables.institutions import Institution, Invitation, Product
from models.tables.people import Person
from tests.harness import Harness
from tests.staff_flows import add_loan_product, bank_with_staff, invitation_payload, organizer, quick_create_bank


async def test_a_bank_is_created_staff_join_through_the_link_and_add_a_product(harness: Harness) -> None:
    org = await organizer(harness)
    assert "institutions" in [c["command"] for c in await org.commands()]
    card = await quick_create_bank(org, "交通银行")
    bank = await Institution.get(name="交通银行")
    assert bank.kind is InstitutionKind.bank
    payload = await invitation_payload(org, card)
    invitation = await Invitation.get()
    assert payload.removeprefix("inv_") not in invitation.code_hash and len(invitation.code_hash) == 64

    staff = await harness.user("李行长")
    await staff.send(f"/start {payload}")
    await staff.expect("欢迎")
    person = await Person.get(tg_id=staff.id)
    assert (person.institution_id, person.staff_status) == (bank.id, StaffStatus.invited)
    commands = [c["command"] for c in await staff.commands()]
    assert "myinstitution" in commands and "register" not in commands
    notice = await org.expect("通过邀请链接加入了「交通银行」")
    assert "李行长" in notice.text
    await org.press("核实 / 管理此人", notice)
    await org.expect("李行长")

    product_card = await add_loan_product(staff)
    assert "1,000万元 – 2亿元" in product_card.text and "6–36 个月" in product_card.text
    product = await Product.get(institution=bank)
    assert (product.name, product.kind, product.min_amount, product.max_amount) == (
        "专精特新贷", FinancingKind.loan, 10_000_000, 200_000_000)
    assert (product.min_term_months, product.max_term_months, product.rate_text) == (6, 36, "LPR+0.3%")
    assert product.target_tiers == [Tier.specialized.value, Tier.champion.value]
    assert product.guarantees == [Guarantee.credit.value] and len(product.target_chain_ids) == 1
    actions = await AuditEntry.all().order_by("id").values_list("action", flat=True)
    assert actions == ["institution.create", "invitation.create", "staff.join", "product.add"]

    await staff.send("/myinstitution")
    mine = await staff.expect("专精特新贷")
    assert "李行长" in mine.text


async def test_an_invitation_works_once_and_not_when_expired_revoked_or_forged(harness: Harness) -> None:
    org = await organizer(harness)
    card = await quick_create_bank(org, "光大银行")
    payload = await invitation_payload(org, card)
    first, second = await harness.user("甲"), await harness.user("乙")
    await first.send(f"/start {payload}")
    await first.expect("欢迎")
    await second.send(f"/start {payload}")
    await second.expect("已被使用过")
    await first.send(f"/start {payload}")  # the one who joined opens the link again: told they are in
    await first.expect("您已经是本机构的工作人员")

    payload = await invitation_payload(org, card)
    await Invitation.filter(used_by_id=None).update(expires_at=utcnow() - timedelta(seconds=1))
    await second.send(f"/start {payload}")
    await second.expect("已过期")

    payload = await invitation_payload(org, card)
    await org.press("作废此邀请")
    assert (await org.callback_answers())[-1]["text"].startswith("邀请已作废")
    await second.send(f"/start {payload}")
    await second.expect("已被作废")

    await second.send("/start inv_" + "A" * 22)
    await second.expect("邀请链接无效")
    await second.send("/start inv_")
    await second.expect("邀请链接无效")
    assert (await Person.get(tg_id=second.id)).institution_id is None
    assert await Person.filter(institution_id__isnull=False).count() == 1

    await org.send(f"/start {await invitation_payload(org, card)}")
    await org.expect("您是组织方")


async def test_staff_edit_and_withdraw_their_product_and_bad_answers_are_explained(harness: Harness) -> None:
    org = await organizer(harness)
    staff = await bank_with_staff(harness, org, "王经理", "恒丰银行")
    product_card = await add_loan_product(staff, "科创贷")
    await staff.press("✏️ 修改", product_card)
    await staff.expect("请确认产品信息")
    await staff.press("✏️ 修改")
    await staff.press("额度")
    await staff.send("很多钱")
    await staff.expect("没有看懂这个金额")
    await staff.send("2亿-1000万")
    await staff.expect("下限不能大于上限")
    await staff.send("500万-3000万")
    await staff.expect("请确认产品信息")
    await staff.press("✏️ 修改")
    await staff.press("适用梯度")
    await staff.expect("可多选")
    await staff.press("✅ 单项冠军")
    await staff.press("✔️ 完成")
    await staff.expect("请确认产品信息")
    await staff.press("✅ 确认提交")
    await staff.expect("已保存")
    product = await Product.get(name="科创贷")
    assert (product.min_amount, product.max_amount) == (5_000_000, 30_000_000)
    assert product.target_tiers == [Tier.specialized.value]
    edit = await AuditEntry.get(action="product.edit")
    assert edit.before["min_amount"] == 10_000_000 and edit.after["min_amount"] == 5_000_000

    card = await staff.expect("状态：在售")
    await staff.press("⏸ 下架", card)
    await staff.expect("状态：已下架")
    assert (await Product.get(id=product.id)).active is False


async def test_organizers_create_institutions_and_branches_through_the_form(harness: Harness) -> None:
    org = await organizer(harness)
    await org.send("/institutions")
    listing = await org.expect("还没有机构")
    await org.press("➕ 新建机构", listing)
    await org.expect("机构名称")
    await org.send("X")
    await org.expect("机构名称应为")
    await org.send("武汉光谷创投基金")
    await org.press("创投机构")
    card = await org.expect("武汉光谷创投基金（创投机构）")
    await org.press("➕ 新建分支机构", card)
    await org.send("武汉光谷创投基金")
    await org.expect("已有名为")
    await harness.restart()
    await org.send("武汉光谷创投基金洪山分部")
    await org.expect("已创建机构")
    branch = await Institution.get(name="武汉光谷创投基金洪山分部").prefetch_related("parent")
    assert branch.parent.name == "武汉光谷创投基金" and branch.kind is InstitutionKind.venture
