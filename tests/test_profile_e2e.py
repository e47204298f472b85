"""/profile, /need and /lang end to end through the sandbox, on both databases."""

from __future__ import annotations

import asyncio

from models.tables.audit import AuditEntry
from models.tables.enterprises import Enterprise, FinancingNeed
from models.tables.people import Person
from tests.flows import OTHER_USCC, register_enterprise
from tests.harness import Harness


async def test_profile_shows_the_card_and_edits_a_field(harness: Harness) -> None:
    user = await harness.user("王经理")
    await register_enterprise(user)
    await user.send("/profile")
    card = await user.expect("统一社会信用代码")
    assert "王小明" in card.text and "5,000万元" in card.text
    await user.press("✏️ 修改企业信息", card)
    await user.press("联系人")
    await user.send("李")
    await user.expect("联系人姓名应为")
    await user.send("李四")
    await user.expect("已更新联系人")
    assert (await Enterprise.get()).contact_name == "李四"
    entry = await AuditEntry.get(action="enterprise.edit.contact_name")
    assert entry.before["contact_name"] == "王小明" and entry.after["contact_name"] == "李四"


async def test_needs_are_added_and_withdrawn(harness: Harness) -> None:
    user = await harness.user("王经理")
    await register_enterprise(user)
    await user.send("/need")
    await user.expect("第 2 项融资需求")
    await user.send("2亿")
    await user.press("债券")
    await user.send("5年")
    await user.send("发行科创票据")
    await user.press("保证")
    await user.expect("请确认融资需求")
    await user.press("✅ 确认提交")
    await user.expect("融资需求已保存")
    assert await FinancingNeed.filter(open=True).count() == 2

    await user.send("/profile")
    card = await user.expect("2亿元")
    await user.press("撤回需求 1", card)
    question = await user.expect("确定撤回这项融资需求吗")
    await user.press("保留", question)
    await user.expect("已保留")
    assert await FinancingNeed.filter(open=True).count() == 2
    await user.press("撤回需求 1", card)
    question = await user.expect("5,000万元")
    await user.press("确认撤回", question)
    await user.expect("融资需求")
    needs = await FinancingNeed.all().order_by("id")
    assert [n.open for n in needs] == [False, True]
    await user.press_data(question.message_id, f"p:closeok:{needs[0].id}")  # a second tap changes nothing
    assert await FinancingNeed.filter(open=True).count() == 1


async def test_a_forged_withdrawal_of_another_companys_need_changes_nothing(harness: Harness) -> None:
    victim = await harness.user("受害企业")
    await register_enterprise(victim)
    attacker = await harness.user("别的企业")
    await register_enterprise(attacker, name="另一家有限公司", uscc=OTHER_USCC)
    victims_need = await FinancingNeed.get(enterprise__uscc__not=OTHER_USCC)
    await attacker.send("/profile")
    card = await attacker.expect("另一家有限公司")
    await attacker.press_data(card.message_id, f"p:close:{victims_need.id}")
    assert "没有权限" in (await attacker.callback_answers())[-1]["text"]
    await attacker.press_data(card.message_id, f"p:closeok:{victims_need.id}")
    assert "没有权限" in (await attacker.callback_answers())[-1]["text"]
    await attacker.press_data(card.message_id, "p:close:99999")
    await attacker.press_data(card.message_id, "p:field:uscc")
    assert all("没有权限" in a["text"] for a in (await attacker.callback_answers())[-3:])
    assert (await FinancingNeed.get(id=victims_need.id)).open is True


async def test_a_newcomer_cannot_use_enterprise_buttons_or_commands(harness: Harness) -> None:
    owner = await harness.user("王经理")
    await register_enterprise(owner)
    stranger = await harness.user("路人")
    await stranger.send("/profile")
    await stranger.expect("还没有登记企业")
    await stranger.send("/need")
    await stranger.expect("请先发送 /register")
    await stranger.send("/start")
    message = await stranger.expect("您好")
    need = await FinancingNeed.get()
    await stranger.press_data(message.message_id, f"p:close:{need.id}")
    assert "没有权限" in (await stranger.callback_answers())[-1]["text"]
    assert (await FinancingNeed.get(id=need.id)).open is True


async def test_language_switches_per_person_with_its_menu(harness: Harness) -> None:
    english = await harness.user("Alice")
    chinese = await harness.user("王经理")
    await english.send("/lang")
    await english.press("English")
    await english.expect("Switched to English")
    assert next(c["description"] for c in await english.commands()) == "Start"
    await english.send("/help")
    await english.expect("/register — Register your company")
    await english.send("/register")
    await english.expect("Company's full registered name")
    await english.send("X")
    await english.expect("must be 2–100 characters")
    await chinese.send("/help")
    await chinese.expect("企业登记")
    await english.send("/lang")
    await english.press("中文")
    await english.expect("已切换为中文")
    await english.send("/start")
    await english.expect("继续上次未完成的填写")


async def test_stray_input_gets_a_helpful_answer(harness: Harness) -> None:
    user = await harness.user("王经理")
    await user.send("你好")
    await user.expect("请先发送 /register 登记企业")
    await user.send("/nosuchcommand")
    await user.expect("没有这个命令")
    await user.send_document("报表.xlsx", b"PK\x03\x04 not really")
    await user.expect("没有理解")
    await user.share_contact()
    await user.expect("没有理解")
    await user.send("/register")
    await user.share_contact()
    await user.expect("现在不需要联系方式")
    await user.send("字" * 4000)
    await user.expect("企业名称应为")


async def test_blocking_the_bot_is_remembered_until_unblocked(harness: Harness) -> None:
    user = await harness.user("王经理")
    await user.send("/start")
    await user.expect("您好")
    await user.block(True)
    for _ in range(100):
        if (await Person.get(tg_id=user.id)).blocked_bot:
            break
        await asyncio.sleep(0.05)
    assert (await Person.get(tg_id=user.id)).blocked_bot
    await user.block(False)
    await user.send("/start")
    await user.expect("您好")
    assert not (await Person.get(tg_id=user.id)).blocked_bot


async def test_someone_whose_telegram_speaks_english_starts_in_english(harness: Harness) -> None:
    user = await harness.user("Alice", language_code="en")
    await user.send("/start")
    await user.expect("Send /register to register your company")
    assert next(c["description"] for c in await user.commands()) == "Start"
    await user.send("/lang")
    await user.press("中文")
    await user.send("/help")
    await user.expect("企业登记")


async def test_the_words_people_type_for_offered_answers_are_taken(harness: Harness) -> None:
    """借钱 for 贷款, 信用贷 for 信用, 还有 / 没有 for the buttons after a need: typed, not only pressed."""
    from models.enums import FinancingKind, Guarantee

    user = await harness.user("王经理")
    await register_enterprise(user)
    await user.send("/need")
    await user.expect("第 2 项融资需求")
    for answer, next_question in (("3000", "您是指 3,000万元 吗"), ("3000万", "融资方式"), ("借钱", "期限"),
                                  ("2年", "资金用途"), ("补充流动资金", "担保方式"), ("信用贷", "请确认融资需求")):
        await user.send(answer)
        await user.expect(next_question)
    await user.press("✅ 确认提交")
    await user.expect("融资需求已保存")
    need = await FinancingNeed.filter(open=True).order_by("-id").first()
    assert (need.amount, need.kind, need.guarantee) == (30_000_000, FinancingKind.loan, Guarantee.credit)
    assert "请点击下方按钮" not in "\n".join(m.text for m in await user.messages())
