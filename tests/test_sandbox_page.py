"""The sandbox's web chat page, driven in headless Chromium against a real echo Application."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from playwright.async_api import Browser, Page, expect
from telegram import Bot, BotCommand, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.ext import Application

from sandbox.driver import SandboxClient
from sandbox.server import SANDBOX_TOKEN, Sandbox
from tests.test_sandbox_api import echo_application

pytestmark = [pytest.mark.asyncio, pytest.mark.browser]

@pytest_asyncio.fixture
async def echo_bot() -> AsyncIterator[tuple[Sandbox, Application]]:
    sb = Sandbox()
    await sb.start()
    app = echo_application(sb)
    await app.initialize()
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0)
    yield sb, app
    await app.updater.stop()
    await app.stop()
    await app.shutdown()
    await sb.stop()


@pytest_asyncio.fixture
async def page(browser: Browser, echo_bot: tuple[Sandbox, Application]) -> AsyncIterator[Page]:
    sb, _ = echo_bot
    context = await browser.new_context(viewport={"width": 1280, "height": 800})
    the_page = await context.new_page()
    errors: list[str] = []
    the_page.on("pageerror", lambda error: errors.append(str(error)))
    await the_page.goto(sb.url + "/")
    yield the_page
    await context.close()
    assert errors == []


async def add_person(page: Page, name: str) -> None:
    await page.get_by_test_id("new-name").fill(name)
    await page.get_by_test_id("add-person").click()


async def test_two_people_chat_independently(page: Page, echo_bot: tuple[Sandbox, Application]) -> None:
    sb, _ = echo_bot
    await add_person(page, "Alice")
    await page.get_by_role("button", name="银行 Bank staff").click()
    await expect(page.locator(".pane")).to_have_count(2)
    alice_id, bank_id = list(sb.users)
    assert sb.users[bank_id]["first_name"] == "银行 Bank staff"
    alice = page.locator(f'.pane[data-user-id="{alice_id}"]')
    bank = page.locator(f'.pane[data-user-id="{bank_id}"]')

    await alice.get_by_test_id("input").fill("hello there")
    await alice.get_by_test_id("input").press("Enter")
    await expect(alice.locator(".msg.user .text")).to_have_text(["hello there"])
    await expect(alice.locator(".msg.bot")).to_contain_text(["echo: hello there"])

    await alice.locator("button.inline", has_text="Again").click()
    await expect(alice.locator(".msg.bot")).to_contain_text(["pressed again"])
    await expect(alice.get_by_test_id("toast")).to_have_text("again!")
    await expect(alice.locator("button.inline")).to_have_count(0)  # the edit removed the keyboard

    await expect(bank.locator(".msg")).to_have_count(0)
    await bank.get_by_test_id("input").fill("/start")
    await bank.get_by_test_id("send").click()
    await expect(bank.locator(".msg.bot")).to_contain_text(["echo: /start"])
    await expect(alice.locator(".msg.bot")).to_have_count(1)
    assert sb.errors == []


async def test_reply_keyboard_commands_and_documents(page: Page, echo_bot: tuple[Sandbox, Application]) -> None:
    sb, _ = echo_bot
    async with Bot(SANDBOX_TOKEN, base_url=sb.api_base_url) as bot:
        await bot.set_my_commands([BotCommand("phone", "Share your phone")])
    await add_person(page, "Carol")
    pane = page.locator(".pane")
    await expect(pane).to_have_count(1)

    await pane.get_by_test_id("commands").click()
    await pane.get_by_test_id("commands-list").get_by_text("/phone").click()
    await expect(pane.locator(".msg.bot")).to_contain_text(["Your phone?"])
    await pane.locator("button.reply", has_text="Share phone").click()
    await expect(pane.locator(".msg.bot").last).to_contain_text("phone: +86138")
    await expect(pane.locator("button.reply")).to_have_count(0)

    await pane.get_by_test_id("file").set_input_files(
        files=[{"name": "memo.txt", "mimeType": "text/plain", "buffer": b"memo"}]
    )
    link = pane.locator(".msg.bot a.doc")
    await expect(link).to_contain_text("upper-memo.txt")
    href = await link.get_attribute("href")
    assert href is not None
    async with SandboxClient(sb.url) as client:
        assert (await client.http.get(href)).content == b"MEMO"


async def test_bot_html_is_sanitized(page: Page, echo_bot: tuple[Sandbox, Application]) -> None:
    sb, _ = echo_bot
    await add_person(page, "Dave")
    await expect(page.locator(".pane")).to_have_count(1)
    (user_id,) = list(sb.users)
    html = (
        '<b>bold</b> <a href="javascript:alert(1)">bad</a> '
        '<a href="https://example.com">good</a> <tg-spoiler>s</tg-spoiler>'
    )
    async with Bot(SANDBOX_TOKEN, base_url=sb.api_base_url) as bot:
        await bot.send_message(user_id, html, parse_mode="HTML")
    text = page.locator(".msg.bot .text")
    await expect(text.locator("b")).to_have_text("bold")
    await expect(text.locator("a")).to_have_count(2)
    assert await text.locator("a").first.get_attribute("href") is None
    assert await text.locator("a").last.get_attribute("href") == "https://example.com"
    await expect(text.locator(".spoiler")).to_have_text("s")
    assert await text.locator("script, [onclick]").count() == 0


async def test_a_t_me_link_to_the_bot_is_a_deep_link(page: Page, echo_bot: tuple[Sandbox, Application]) -> None:
    sb, _ = echo_bot
    await add_person(page, "Erin")
    await expect(page.locator(".pane")).to_have_count(1)
    (user_id,) = list(sb.users)
    invitation = f"https://t.me/{sb.bot_user['username']}?start=inv_Ab-12"
    share = InlineKeyboardButton("转发报名链接", url=f"https://t.me/{sb.bot_user['username']}?start=ev_7")
    async with Bot(SANDBOX_TOKEN, base_url=sb.api_base_url) as bot:
        await bot.send_message(user_id, f"邀请链接：\n{invitation}\n<b>别处</b> https://example.com/a。",
                               parse_mode="HTML", reply_markup=InlineKeyboardMarkup([[share]]))
    pane = page.locator(".pane")
    links = pane.locator(".msg.bot .text a")
    await expect(links).to_have_count(2)
    assert await links.last.get_attribute("href") == "https://example.com/a"  # any other link: a link
    assert await links.last.get_attribute("data-start") is None

    await links.first.click()  # as in Telegram: /start <payload> from this person, in this chat
    await expect(pane.locator(".msg.user .text").last).to_have_text("/start inv_Ab-12")
    await expect(pane.locator(".msg.bot").last).to_contain_text("echo: /start inv_Ab-12")
    await pane.locator("button.inline", has_text="转发报名链接").click()
    await expect(pane.locator(".msg.bot").last).to_contain_text("echo: /start ev_7")
    assert len(page.context.pages) == 1  # nothing opened in a new tab


async def test_the_page_ships_its_chinese_font(page: Page, echo_bot: tuple[Sandbox, Application]) -> None:
    sb, _ = echo_bot
    async with SandboxClient(sb.url) as client:
        css = (await client.http.get("/web/style.css")).text
        face = re.search(r'@font-face\s*{[^}]*font-family:\s*"([^"]+)"[^}]*src:\s*url\("([^"]+)"\)', css)
        assert face is not None, css
        family, url = face.groups()
        font = await client.http.get(url)
    assert font.status_code == 200 and font.headers["content-type"] == "font/otf"
    assert font.content[:4] == b"OTTO" and len(font.content) > 1_000_000  # an OpenType font, all of it
    assert f'"{family}"' in css.split(":root", 1)[1].split("}", 1)[0]  # the page's own font list names it
    loaded = await page.evaluate("(family) => document.fonts.load(`16px \"${family}\"`, '组织者 企业')"
                                 ".then((faces) => faces.map((face) => face.status))", family)
    assert loaded == ["loaded"]
