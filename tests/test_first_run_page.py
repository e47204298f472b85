"""The chat page of `finmatch run` in sandbox mode, in headless Chromium: what a first-time user meets."""

from __future__ import annotations

import asyncio
import re
import signal
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.async_api import Browser, Locator, Page, expect

from sandbox.driver import SandboxClient, UserChat
from sandbox.world import ORGANIZER_PRESET_IDS
from tests.processes import STARTUP_SECONDS, environment, free_port, keep_reading, running, wait_until_serving
from tests.staff_flows import invitation_payload, quick_create_bank

pytestmark = [pytest.mark.asyncio, pytest.mark.browser]


@dataclass
class Running:
    url: str
    env: dict[str, str]
    output: bytearray


@pytest.fixture
async def finmatch_run(tmp_path: Path) -> AsyncIterator[Running]:
    """`finmatch run` without a token on a new SQLite file: the bot and its sandbox in one process."""
    port = free_port()
    env = environment(DATABASE_URL=f"sqlite://{tmp_path / 'db.sqlite3'}", SANDBOX_PORT=str(port))
    async with running("run", env=env) as bot:
        output, _ = keep_reading(bot)
        await wait_until_serving(f"http://127.0.0.1:{port}/")
        yield Running(f"http://127.0.0.1:{port}", env, output)


@pytest.fixture
async def page(browser: Browser, finmatch_run: Running) -> AsyncIterator[Page]:
    context = await browser.new_context(viewport={"width": 1280, "height": 800})
    the_page = await context.new_page()
    errors: list[str] = []
    the_page.on("pageerror", lambda error: errors.append(str(error)))
    await the_page.goto(finmatch_run.url + "/")
    yield the_page
    await context.close()
    assert errors == []


async def say(pane: Locator, text: str) -> None:
    await pane.get_by_test_id("input").fill(text)
    await pane.get_by_test_id("input").press("Enter")


async def test_the_organizer_preset_is_an_organizer(page: Page) -> None:
    await page.get_by_role("button", name="组织者 Organizer").click()
    pane = page.locator(".pane")
    await expect(pane).to_have_count(1)
    assert await pane.get_attribute("data-user-id") == str(ORGANIZER_PRESET_IDS[0])
    await say(pane, "/start")
    await expect(pane.locator(".msg.bot").last).to_contain_text("您是组织方")
    await say(pane, "/newevent")
    await expect(pane.locator(".msg.bot").last).to_contain_text("新建活动场次")

    await page.get_by_role("button", name="组织者 Organizer").click()  # a second organizer: the next id
    await expect(page.locator(".pane")).to_have_count(2)
    second = page.locator(f'.pane[data-user-id="{ORGANIZER_PRESET_IDS[1]}"]')
    await say(second, "/start")
    await expect(second.locator(".msg.bot").last).to_contain_text("您是组织方")


async def stop(bot: asyncio.subprocess.Process) -> None:
    bot.send_signal(signal.SIGTERM)
    assert await asyncio.wait_for(bot.wait(), STARTUP_SECONDS) == 0


async def test_the_page_rides_out_a_restart_quietly_and_keeps_what_is_typed(browser: Browser, tmp_path: Path) -> None:
    port = free_port()
    env = environment(DATABASE_URL=f"sqlite://{tmp_path / 'db.sqlite3'}", SANDBOX_PORT=str(port))
    url = f"http://127.0.0.1:{port}"
    context = await browser.new_context(viewport={"width": 1280, "height": 800})
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    async with running("run", env=env) as bot:
        keep_reading(bot)
        await wait_until_serving(url + "/")
        await page.goto(url + "/")
        await page.get_by_role("button", name="企业 Enterprise").click()
        pane = page.locator(".pane")
        await say(pane, "/start")
        await expect(pane.locator(".msg.bot").last).to_contain_text("/register")
        await stop(bot)

    status = page.get_by_test_id("status")
    await expect(status).to_be_visible()
    await expect(status).to_contain_text("正在重连")
    await say(pane, "/help")  # while the bot is away: not sent, and the text stays in the box
    await expect(pane.get_by_test_id("input")).to_have_value("/help")
    await expect(pane.get_by_test_id("toast")).to_be_hidden()

    async with running("run", env=env) as bot:
        keep_reading(bot)
        await expect(status).to_be_hidden(timeout=20_000)
        await expect(pane.locator(".msg.bot")).to_have_count(1)  # the chat is still there
        await expect(pane.get_by_test_id("toast")).to_be_hidden()
        await pane.get_by_test_id("input").press("Enter")  # what was typed, sent now
        await expect(pane.locator(".msg.user").last).to_have_text(re.compile("/help"))
        await expect(pane.locator(".msg.bot").last).to_contain_text("/register")
        await expect(pane.locator(".msg.bot")).to_have_count(2)
        await stop(bot)
    await context.close()
    assert errors == []


async def test_an_invitation_link_forwarded_and_clicked_makes_staff(page: Page, finmatch_run: Running) -> None:
    async with SandboxClient(finmatch_run.url) as client:
        org = UserChat(client, await client.call("POST", "/users", json={"first_name": "组织者", "role": "organizer"}))
        await org.send("/start")
        await org.expect("组织方")
        await invitation_payload(org, await quick_create_bank(org))
    await page.reload()
    organizer = page.locator(f'.pane[data-user-id="{org.id}"]')
    link = organizer.locator(".msg.bot .text a[data-start^='inv_']").last
    await expect(link).to_be_visible()
    href = await link.get_attribute("href")
    assert href is not None and href.startswith("https://t.me/finmatch_bot?start=inv_")

    await page.get_by_test_id("new-name").fill("李四")
    await page.get_by_test_id("add-person").click()
    staff = page.locator(".pane", has=page.locator(".name", has_text="李四"))
    await expect(staff).to_have_count(1)  # the new pane exists before anything is typed into it
    await say(staff, href)  # the organizer forwarded it; Telegram makes it a link in this chat too
    await staff.locator(".msg.user .text a[data-start]").click()
    await expect(staff.locator(".msg.user .text").last).to_have_text(f"/start {href.rsplit('=', 1)[1]}")
    await expect(staff.locator(".msg.bot", has_text="您已成为「交通银行」的工作人员")).to_have_count(1)
