"""Journeys of organizers and institution staff through the sandbox (issue 3)."""

from __future__ import annotations

import re

from sandbox.driver import Message, UserChat
from tests.harness import ORGANIZER_ID, Harness

LINK = re.compile(r"https://t\.me/(?P<bot>\w+)\?start=(?P<payload>inv_[\w-]+)")


async def organizer(harness: Harness) -> UserChat:
    user = await harness.user("组织者", user_id=ORGANIZER_ID)
    await user.send("/start")
    await user.expect("组织方")
    return user


async def quick_create_bank(org: UserChat, name: str = "交通银行") -> Message:
    """The organizer's quick-create button for one of the seed banks; returns the institution's card."""
    await org.send("/institutions")
    listing = await org.expect("金融机构")
    await org.press(f"➕ {name}", listing)
    return await org.expect(f"{name}（银行）")


async def invitation_payload(org: UserChat, card: Message) -> str:
    """Press the card's invite button and return the start payload of the link it shows."""
    await org.press("🔗 生成邀请链接", card)
    message = await org.expect("邀请链接")
    match = LINK.search(message.text)
    assert match, message.text
    return match["payload"]


async def join(user: UserChat, payload: str) -> Message:
    await user.send(f"/start {payload}")
    return await user.expect("工作人员")


async def bank_with_staff(harness: Harness, org: UserChat, staff_name: str, bank: str = "交通银行") -> UserChat:
    card = await quick_create_bank(org, bank)
    payload = await invitation_payload(org, card)
    staff = await harness.user(staff_name)
    await join(staff, payload)
    await staff.expect("欢迎")
    return staff


async def add_loan_product(staff: UserChat, name: str = "专精特新贷") -> Message:
    """A staff member adds a loan product from their institution's card."""
    await staff.send("/myinstitution")
    card = await staff.expect("工作人员")
    await staff.press("➕ 新增产品", card)
    await staff.expect("产品名称")
    await staff.send(name)
    await staff.expect("融资方式")
    await staff.press("贷款")
    await staff.expect("额度范围")
    await staff.send("1000万-2亿")
    await staff.expect("期限范围")
    await staff.send("6-36个月")
    await staff.expect("利率或费率")
    await staff.send("LPR+0.3%")
    tiers = await staff.expect("适用梯度")
    await staff.press("专精特新中小企业", tiers)
    await staff.press("单项冠军", tiers)
    await staff.press("✔️ 完成", tiers)
    chains = await staff.expect("适用产业链")
    await staff.press("光电子信息", chains)
    await staff.press("✔️ 完成", chains)
    guarantees = await staff.expect("担保方式")
    await staff.press("信用", guarantees)
    await staff.press("✔️ 完成", guarantees)
    await staff.expect("申请条件")
    await staff.send("成立满2年")
    await staff.expect("请确认产品信息")
    await staff.press("✅ 确认提交")
    await staff.expect("已保存")
    return await staff.expect("状态：在售")
