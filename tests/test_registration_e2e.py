"""Enterprise registration end to end: the real Application, the sandbox over HTTP, both databases."""

from __future__ import annotations

import asyncio

from models.enums import District, FinancingKind, Guarantee, Tier
from models.tables.enterprises import Enterprise, FinancingNeed
from models.tables.people import Person
from tests.flows import COMPANY, OTHER_USCC, USCC, register_enterprise
from tests.harness import Harness


async def test_start_greets_a_newcomer_and_sets_their_menu(harness: Harness) -> None:
    user = await harness.user("王经理")
    await user.send("/start")
    await user.expect("/register")
    commands = [c["command"] for c in await user.commands()]
    assert commands[:2] == ["start", "register"]


async def test_a_whole_registration_is_saved_once(harness: Harness) -> None:
    user = await harness.user("王经理")
    await register_enterprise(user)

    enterprise = await Enterprise.get(uscc=USCC).prefetch_related("chain")
    assert enterprise.name == COMPANY
    assert enterprise.tier is Tier.specialized
    assert enterprise.chain.name == "光电子信息"
    assert enterprise.district is District.east_lake_hitech
    assert enterprise.phone == "+8613800138000"
    need = await FinancingNeed.get(enterprise=enterprise)
    assert (need.amount, need.kind, need.term_months, need.guarantee) == (
        50_000_000, FinancingKind.loan, 36, Guarantee.credit)
    person = await Person.get(tg_id=user.id)
    assert person.enterprise_id == enterprise.id
    assert [c["command"] for c in await user.commands()][:2] == ["start", "profile"]

    await user.send("/register")
    await user.expect("已登记企业")
    assert await Enterprise.all().count() == 1


async def test_every_bad_answer_is_explained_and_the_flow_goes_on(harness: Harness) -> None:
    user = await harness.user("李会计")
    await user.send("/register")
    await user.send("A")
    await user.expect("企业名称应为 2–100 个字")
    await user.send("字" * 101)
    await user.expect("您输入了 101 个字")
    await user.send("武汉芯测科技有限公司")
    await user.expect("统一社会信用代码")
    for bad, message in [
        ("9133010079965505", "应为 18 位"),
        ("9133010079965505OB", "不含 I、O、S、V、Z"),
        ("91330100799655058A", "校验位不正确"),
    ]:
        await user.send(bad)
        await user.expect(message)
    await user.send(USCC)
    await user.expect("梯度")
    await user.send("随便写的")
    await user.expect("请点击下方按钮选择")
    await user.send("单项冠军")  # typing a label works like pressing it
    await user.expect("产业链")
    await user.press("集成电路")
    await user.press("洪山区")
    await user.send("赵")
    await user.expect("联系人姓名应为")
    await user.send("赵六")
    await user.send("12345")
    await user.expect("不是有效的电话号码")
    await user.send("027-87654321")
    await user.expect("第 1 项融资需求")
    for bad, message in [
        ("abc", "没有看懂这个金额"),
        ("0", "必须大于零"),
        ("-5000万", "必须大于零"),
        ("500", "不能少于"),
        ("9999亿", "不能超过"),
        ("10000.5", "精确到元"),
    ]:
        await user.send(bad)
        await user.expect(message)
    await user.send("五千万")
    await user.press("股权")
    for bad in ("0", "很久", "100年"):
        await user.send(bad)
        await user.expect("期限请填写")
    await user.send("18个月")
    await user.send("x")
    await user.expect("资金用途请用")
    await user.send("研发投入")
    await user.press("质押")
    await user.press("➕ 再添加一项")
    await user.expect("第 2 项融资需求")
    await user.send("1.2亿元")
    await user.press("贷款")
    await user.send("12")
    await user.send("补充流动资金")
    await user.press("抵押")
    await user.press("没有了，去确认")
    summary = await user.expect("请确认登记信息")
    assert "5,000万元" in summary.text and "1.2亿元" in summary.text
    await user.press("✅ 确认提交")
    await user.expect("2 项融资需求已保存")

    enterprise = await Enterprise.get(uscc=USCC)
    assert enterprise.tier is Tier.champion and enterprise.phone == "027-87654321"
    amounts = await FinancingNeed.filter(enterprise=enterprise).order_by("id").values_list("amount", flat=True)
    assert amounts == [50_000_000, 120_000_000]


async def test_a_duplicate_credit_code_says_whom_to_contact(harness: Harness) -> None:
    first = await harness.user("王经理")
    await register_enterprise(first)
    second = await harness.user("张助理")
    await second.send("/register")
    await second.send("另一家公司")
    await second.send(USCC.lower())
    reply = await second.expect("已由「" + COMPANY + "」登记")
    assert "王*" in reply.text and "13800138000" not in reply.text
    await second.send(OTHER_USCC)
    await second.expect("梯度")


async def test_summary_can_be_edited_before_saving(harness: Harness) -> None:
    user = await harness.user("王经理")
    await user.send("/register")
    for answer in ("旧名称有限公司", USCC):
        await user.send(answer)
    await user.press("创新型中小企业")
    await user.press("人工智能")
    await user.press("江汉区")
    await user.send("王小明")
    await user.send("13812345678")
    await user.send("5000万")
    await user.press("贷款")
    await user.send("12")
    await user.send("技术改造")
    await user.press("信用")
    await user.press("没有了，去确认")
    await user.press("✏️ 修改")
    await user.press("企业名称")
    await user.send("新名称有限公司")
    summary = await user.expect("请确认登记信息")
    assert "新名称有限公司" in summary.text and "旧名称" not in summary.text
    await user.press("✅ 确认提交")
    await user.expect("登记完成")
    assert await Enterprise.filter(name="新名称有限公司").count() == 1


async def test_cancel_leaves_nothing_behind(harness: Harness) -> None:
    user = await harness.user("王经理")
    await user.send("/register")
    await user.send(COMPANY)
    await user.send("/cancel")
    await user.expect("已取消")
    await user.send(USCC)
    await user.expect("请先发送 /register 登记企业")  # no form: a newcomer is pointed to /register
    assert await Enterprise.all().count() == 0
    await user.send("/cancel")
    await user.expect("没有正在进行的操作")


async def test_a_restart_mid_conversation_resumes_at_that_step(harness: Harness) -> None:
    user = await harness.user("王经理")
    await user.send("/register")
    await user.send(COMPANY)
    await user.send(USCC)
    tier_prompt = await user.expect("梯度")
    await harness.restart()
    await user.press("专精特新\"小巨人\"", tier_prompt)  # the button from before the restart still works
    await user.expect("产业链")
    await harness.restart()
    await user.send("/start")
    await user.expect("继续上次未完成的填写")
    await user.press("光电子信息")
    await user.press("江岸区")
    await user.send("王小明")
    await user.send("13812345678")
    await user.send("0.5亿")
    await user.press("债券")
    await user.send("24")
    await user.send("发行科创债")
    await user.press("保证")
    await user.press("没有了，去确认")
    await user.press("✅ 确认提交")
    await user.expect("登记完成")
    enterprise = await Enterprise.get(uscc=USCC)
    assert enterprise.tier is Tier.little_giant


async def test_stale_forged_and_double_pressed_buttons_change_nothing(harness: Harness) -> None:
    user = await harness.user("王经理")
    await user.send("/register")
    await user.send(COMPANY)
    await user.send(USCC)
    prompt = await user.expect("梯度")
    await user.press_data(prompt.message_id, "f:register:tier:not_a_tier")
    assert (await user.callback_answers())[-1]["text"] == "没有这个选项。"
    await user.press_data(prompt.message_id, "f:register:confirm:save")
    assert "已失效" in (await user.callback_answers())[-1]["text"]
    for forged in ("garbage", "f:register", "f::", "f:register:tier"):
        await user.press_data(prompt.message_id, forged)
        assert "已失效" in (await user.callback_answers())[-1]["text"]
    assert await Enterprise.all().count() == 0

    await user.press("创新型中小企业", prompt)
    await user.expect("产业链")
    await user.press_data(prompt.message_id, "f:register:tier:champion")  # a second tap on the same keyboard
    assert "已失效" in (await user.callback_answers())[-1]["text"]
    await user.press("光电子信息")
    await user.press("江岸区")
    await user.send("王小明")
    await user.send("13812345678")
    await user.send("5000万")
    await user.press("贷款")
    await user.send("12")
    await user.send("技术改造")
    await user.press("信用")
    await user.press("没有了，去确认")
    summary = await user.expect("请确认登记信息")
    data = summary.button_data("✅ 确认提交")
    await asyncio.gather(user.press_data(summary.message_id, data), user.press_data(summary.message_id, data))
    await user.expect("登记完成")
    assert await Enterprise.all().count() == 1
    assert await FinancingNeed.all().count() == 1
    assert (await Enterprise.get()).tier is Tier.innovative


async def test_two_people_registering_at_once_do_not_mix(harness: Harness) -> None:
    alice, bob = await harness.user("Alice"), await harness.user("Bob")

    await asyncio.gather(alice.send("/register"), bob.send("/register"))
    await asyncio.gather(alice.send("甲公司有限公司"), bob.send("乙公司有限公司"))
    await asyncio.gather(alice.send(USCC), bob.send(OTHER_USCC))
    await asyncio.gather(alice.press("单项冠军"), bob.press("创新型中小企业"))
    await asyncio.gather(alice.press("氢能"), bob.press("低空经济"))
    await asyncio.gather(alice.press("青山区"), bob.press("新洲区"))
    await asyncio.gather(alice.send("甲联系人"), bob.send("乙联系人"))
    await asyncio.gather(alice.send("13811111111"), bob.send("13922222222"))
    await asyncio.gather(alice.send("1亿"), bob.send("800万"))
    await asyncio.gather(alice.press("股权"), bob.press("担保"))
    await asyncio.gather(alice.send("60"), bob.send("6"))
    await asyncio.gather(alice.send("扩产"), bob.send("周转"))
    await asyncio.gather(alice.press("信用"), bob.press("其他"))
    await asyncio.gather(alice.press("没有了，去确认"), bob.press("没有了，去确认"))
    await asyncio.gather(alice.press("✅ 确认提交"), bob.press("✅ 确认提交"))
    await alice.expect("登记完成")
    await bob.expect("登记完成")

    a = await Enterprise.get(uscc=USCC)
    b = await Enterprise.get(uscc=OTHER_USCC)
    assert (a.name, a.phone, a.tier) == ("甲公司有限公司", "+8613811111111", Tier.champion)
    assert (b.name, b.phone, b.tier) == ("乙公司有限公司", "+8613922222222", Tier.innovative)
    assert (await FinancingNeed.get(enterprise=a)).amount == 100_000_000
    assert (await FinancingNeed.get(enterprise=b)).amount == 8_000_000


async def test_more_needs_or_none_can_be_typed_as_people_answer_the_question(harness: Harness) -> None:
    user = await harness.user("王经理")
    await user.send("/register")
    for answer in (COMPANY, USCC):
        await user.send(answer)
    for label in ("专精特新中小企业", "光电子信息", "东湖新技术开发区（光谷）"):
        await user.press(label)
    await user.send("王小明")
    await user.share_contact("+86 138 0013 8000")
    for answer in ("5000万", "贷款", "3年", "新产线建设", "信用"):
        await user.send(answer)
    await user.expect("还有其他融资需求吗")
    await user.send("还有")
    await user.expect("第 2 项融资需求")
    for answer in ("1亿", "债券", "5年", "科创票据", "保证"):
        await user.send(answer)
    await user.expect("还有其他融资需求吗")
    await user.send("没有")
    await user.expect("请确认登记信息")
    await user.send("确认")
    await user.expect("登记完成")
    assert await FinancingNeed.all().count() == 2
