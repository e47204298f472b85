"""Reusable journeys through the sandbox, as a person would make them."""

from __future__ import annotations

from sandbox.driver import UserChat

COMPANY = "武汉光谷精密制造有限公司"
USCC = "91330100799655058B"
OTHER_USCC = "914403001922038216"


async def register_enterprise(user: UserChat, *, name: str = COMPANY, uscc: str = USCC) -> None:
    """The shortest happy path of /register, in Chinese, with one financing need."""
    await user.send("/register")
    await user.expect("企业全称")
    await user.send(name)
    await user.expect("统一社会信用代码")
    await user.send(uscc)
    await user.expect("梯度")
    await user.press("专精特新中小企业")
    await user.expect("产业链")
    await user.press("光电子信息")
    await user.expect("所在区域")
    await user.press("东湖新技术开发区（光谷）")
    await user.expect("联系人姓名")
    await user.send("王小明")
    await user.expect("联系电话")
    await user.share_contact("+86 138 0013 8000")
    await user.expect("第 1 项融资需求")
    await user.send("5000万")
    await user.expect("融资方式")
    await user.press("贷款")
    await user.expect("期限")
    await user.send("3年")
    await user.expect("资金用途")
    await user.send("新产线建设")
    await user.expect("担保方式")
    await user.press("信用")
    await user.expect("还有其他融资需求吗")
    await user.press("没有了，去确认")
    await user.expect("请确认登记信息")
    await user.press("✅ 确认提交")
    await user.expect("登记完成")
