"""Odd paths found by trying the bot as its users would."""

from __future__ import annotations

from models.tables.enterprises import Enterprise, FinancingNeed
from models.tables.people import Person
from tests.flows import COMPANY, register_enterprise
from tests.harness import ORGANIZER_ID, Harness


async def test_a_choice_with_nothing_to_choose_ends_the_form_cleanly(harness: Harness) -> None:
    organizer = await harness.user("组织者", user_id=ORGANIZER_ID)
    await organizer.send("/targets")
    listing = await organizer.expect("目标")
    await organizer.press("➕ 设置新目标", listing)
    await organizer.press("意向授信金额")
    await organizer.press("系列活动")  # no series exists yet
    await organizer.expect("还没有可选的项目")
    await organizer.send("/help")
    await organizer.expect("/targets")


async def test_a_suspended_representative_can_no_longer_change_the_enterprise(harness: Harness) -> None:
    user = await harness.user("王经理")
    await register_enterprise(user)
    await user.send("/profile")
    card = await user.expect("统一社会信用代码")
    await Person.filter(tg_id=user.id).update(suspended=True)
    need = await FinancingNeed.get()
    for data in ("p:field:name", f"p:close:{need.id}", f"p:closeok:{need.id}", "p:add"):
        await user.press_data(card.message_id, data)
        assert "没有权限" in (await user.callback_answers())[-1]["text"], data
    await user.send("/need")
    await user.send("/profile")
    await user.send("/start")
    await user.expect("已被组织方暂停")
    assert (await Enterprise.get()).name == COMPANY
    assert await FinancingNeed.filter(open=True).count() == 1
