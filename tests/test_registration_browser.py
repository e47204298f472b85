"""A new person completes a registration on the sandbox chat page, in headless Chromium."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from playwright.async_api import Browser, Locator, Page, expect

from models.tables.enterprises import Enterprise, FinancingNeed
from tests.harness import Harness
from tests.test_sandbox_page import add_person

pytestmark = [pytest.mark.browser]


@pytest_asyncio.fixture
async def page(browser: Browser, harness: Harness) -> AsyncIterator[Page]:
    context = await browser.new_context(viewport={"width": 1280, "height": 800})
    opened = await context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    await opened.goto(harness.sandbox.url + "/")
    yield opened
    await context.close()
    assert errors == []


async def type_in(pane: Locator, text: str, reply: str) -> None:
    await pane.get_by_test_id("input").fill(text)
    await pane.get_by_test_id("input").press("Enter")
    await expect(pane.locator(".msg.bot").last).to_contain_text(reply)


async def press(pane: Locator, label: str, reply: str) -> None:
    await pane.locator("button.inline", has_text=label).last.click()
    await expect(pane.locator(".msg.bot").last).to_contain_text(reply)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_a_new_person_registers_by_typing_and_pressing(page: Page, harness: Harness) -> None:
    await add_person(page, "王经理")
    pane = page.locator(".pane")
    await expect(pane).to_have_count(1)

    await type_in(pane, "/start", "/register")
    await type_in(pane, "/register", "企业全称")
    await type_in(pane, "武汉光谷精密制造有限公司", "统一社会信用代码")
    await type_in(pane, "91330100799655058A", "校验位不正确")
    await type_in(pane, "91330100799655058B", "梯度")
    await press(pane, "专精特新中小企业", "产业链")
    await press(pane, "光电子信息", "所在区域")
    await press(pane, "东湖新技术开发区", "联系人姓名")
    await type_in(pane, "王小明", "联系电话")
    await pane.locator("button.reply", has_text="分享我的手机号").click()
    await expect(pane.locator(".msg.bot").last).to_contain_text("第 1 项融资需求")
    await type_in(pane, "五千万", "融资方式")
    await press(pane, "贷款", "期限")
    await type_in(pane, "3年", "资金用途")
    await type_in(pane, "新产线建设", "担保方式")
    await press(pane, "信用", "还有其他融资需求吗")
    await press(pane, "没有了，去确认", "请确认登记信息")
    await press(pane, "确认提交", "登记完成")

    enterprise = await Enterprise.get(uscc="91330100799655058B")
    assert enterprise.phone.startswith("+86138")
    assert (await FinancingNeed.get(enterprise=enterprise)).amount == 50_000_000
