"""The sandbox delivers groups, channels, media, edits and forwards as Telegram does (PTB parses them)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from telegram import Bot, Update
from telegram.constants import ChatType
from telegram.error import BadRequest

from sandbox.driver import SandboxClient
from sandbox.server import SANDBOX_TOKEN, Sandbox

pytestmark = pytest.mark.asyncio


@pytest_asyncio.fixture
async def sb() -> AsyncIterator[Sandbox]:
    sandbox = Sandbox()
    await sandbox.start()
    yield sandbox
    await sandbox.stop()


@pytest_asyncio.fixture
async def bot(sb: Sandbox) -> AsyncIterator[Bot]:
    async with Bot(SANDBOX_TOKEN, base_url=sb.api_base_url, base_file_url=sb.file_base_url) as the_bot:
        yield the_bot


@pytest_asyncio.fixture
async def client(sb: Sandbox) -> AsyncIterator[SandboxClient]:
    the_client = SandboxClient(sb.url)
    yield the_client
    await the_client.aclose()


async def updates(bot: Bot) -> list[Update]:
    """The updates not yet taken (and confirmed, as PTB's next poll does)."""
    received = list(await bot.get_updates(timeout=0, allowed_updates=Update.ALL_TYPES))
    if received:
        await bot.get_updates(offset=received[-1].update_id + 1, timeout=0)
    return received


async def test_groups_and_channels(bot: Bot, client: SandboxClient) -> None:
    alice = await client.user("Alice")
    group = await client.group("融资对接群", kind="group")
    channel = await client.group("光谷新闻", kind="channel")
    await group.send("/help@finmatch_bot", alice, expect_reply=False)
    await client.call("POST", f"/chats/{channel.id}/post", json={"text": "公告"})
    first, second = await updates(bot)
    assert first.message.chat.type == ChatType.GROUP and first.message.from_user.id == alice.id
    assert first.message.entities[0].length == len("/help@finmatch_bot")
    assert second.channel_post is not None and second.channel_post.from_user is None
    assert second.channel_post.sender_chat.id == channel.id
    sent = await bot.send_message(group.id, "请在私聊中与我对话")
    assert sent.chat.type == ChatType.GROUP and [m.text for m in await group.messages()] == ["请在私聊中与我对话"]
    with pytest.raises(BadRequest):
        await bot.send_message(-42, "nobody")
    with pytest.raises(AssertionError, match="user_id is required"):
        await client.call("POST", f"/chats/{group.id}/post", json={"text": "who?"})
    with pytest.raises(AssertionError, match="type must be one of"):
        await client.call("POST", "/groups", json={"title": "x", "type": "forum"})


async def test_media_edits_and_forwards(bot: Bot, client: SandboxClient) -> None:
    alice = await client.user("Alice")
    for media in ("sticker", "photo", "voice", "video", "video_note", "animation", "audio", "dice"):
        await client.call("POST", f"/chats/{alice.id}/post", json={"media": media, "caption": "看这里"})
    received = [u.message for u in await updates(bot)]
    assert received[0].sticker is not None and received[1].photo and received[1].caption == "看这里"
    assert received[2].voice is not None and received[7].dice is not None and received[7].caption is None
    posted = await client.call("POST", f"/chats/{alice.id}/post", json={"text": "原话", "forward_from": "同事"})
    await client.call("POST", f"/chats/{alice.id}/edit", json={"message_id": posted["message"]["message_id"],
                                                                "text": "改过"})
    forwarded, edited = await updates(bot)
    assert forwarded.message.forward_origin.sender_user_name == "同事"
    assert edited.edited_message.text == "改过" and edited.edited_message.edit_date is not None
    reply = await bot.send_message(alice.id, "bot")
    with pytest.raises(AssertionError, match="only a person's text message"):
        await client.call("POST", f"/chats/{alice.id}/edit", json={"message_id": reply.message_id, "text": "x"})
