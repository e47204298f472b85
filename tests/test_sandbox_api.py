"""The sandbox answers a real PTB Bot over HTTP the way Telegram does."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
import pytest_asyncio
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    BotCommandScopeDefault,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, Conflict, Forbidden
from telegram.ext import Application, ApplicationBuilder, CallbackQueryHandler, ContextTypes, MessageHandler, filters

from sandbox.driver import SandboxClient, UserChat
from sandbox.server import SANDBOX_TOKEN, Sandbox
from sandbox.world import ORGANIZER_PRESET_IDS

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


async def test_get_me_and_wrong_token(sb: Sandbox, bot: Bot) -> None:
    me = await bot.get_me()
    assert me.username == "finmatch_bot" and me.is_bot
    async with httpx.AsyncClient() as http:
        wrong = await http.post(f"{sb.url}/bot1:WRONG/getMe")
        unknown = await http.post(f"{sb.url}/bot{SANDBOX_TOKEN}/noSuchMethod")
    assert wrong.status_code == 401
    assert wrong.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}
    assert unknown.status_code == 404 and unknown.json()["description"] == "Not Found"


async def test_updates_offset_and_long_poll(bot: Bot, sb: Sandbox, client: SandboxClient) -> None:
    alice = await client.user("Alice")
    await client.call("POST", f"/chats/{alice.id}/send", json={"text": "/start abc"})
    updates = await bot.get_updates(timeout=0)
    assert len(updates) == 1
    message = updates[0].message
    assert message is not None and message.text == "/start abc"
    assert message.chat.id == alice.id and message.from_user is not None
    assert message.entities[0].type == "bot_command" and message.entities[0].length == 6
    # Not confirmed yet: delivered again; confirmed by offset: gone.
    assert [u.update_id for u in await bot.get_updates(timeout=0)] == [updates[0].update_id]
    assert await bot.get_updates(offset=updates[0].update_id + 1, timeout=0) == ()

    poll = asyncio.create_task(bot.get_updates(offset=updates[0].update_id + 1, timeout=20))
    assert await sb.wait_for(lambda: sb.polling, 5)  # the long poll waits before the user speaks
    await client.call("POST", f"/chats/{alice.id}/send", json={"text": "hello"})
    woke = await asyncio.wait_for(poll, 5)
    assert [u.message.text for u in woke if u.message] == ["hello"]


async def test_superseded_poll_gets_conflict(bot: Bot, sb: Sandbox) -> None:
    first = asyncio.create_task(bot.get_updates(timeout=20))
    assert await sb.wait_for(lambda: sb.polling, 5)
    async with Bot(SANDBOX_TOKEN, base_url=sb.api_base_url) as second_instance:
        assert await second_instance.get_updates(timeout=0) == ()
    with pytest.raises(Conflict, match="terminated by other getUpdates request"):
        await asyncio.wait_for(first, 5)
    assert sb.errors[-1]["description"].startswith("Conflict: terminated by other getUpdates")


async def test_inline_keyboard_press_and_answer(bot: Bot, client: SandboxClient) -> None:
    alice = await client.user("Alice")
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Yes", callback_data="yes:1")]])
    sent = await bot.send_message(alice.id, "<b>Sure?</b>", parse_mode=ParseMode.HTML, reply_markup=keyboard)
    assert sent.text == "Sure?" and sent.reply_markup == keyboard
    message = await alice.last()
    assert message.html == "<b>Sure?</b>" and message.buttons == [["Yes"]]
    assert message.button_data("Yes") == "yes:1"

    pressed = await client.call("POST", f"/chats/{alice.id}/press", json={"message_id": sent.message_id, "text": "Yes"})
    (update,) = await bot.get_updates(timeout=0)
    query = update.callback_query
    assert query is not None and query.data == "yes:1" and query.id == pressed["callback_query_id"]
    assert query.message is not None and query.message.message_id == sent.message_id
    assert await query.answer("Noted", show_alert=True)
    answers = await alice.callback_answers()
    assert [(a["text"], a["show_alert"]) for a in answers] == [("Noted", True)]
    with pytest.raises(BadRequest, match="Query is too old"):
        await query.answer()


async def test_forged_callback_data(bot: Bot, client: SandboxClient) -> None:
    alice = await client.user("Alice")
    sent = await bot.send_message(alice.id, "hi")
    await client.call("POST", f"/chats/{alice.id}/press", json={"message_id": sent.message_id, "callback_data": "x"})
    (update,) = await bot.get_updates(timeout=0)
    assert update.callback_query is not None and update.callback_query.data == "x"


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"text": "x" * 4097}, "Message is too long"),
        ({"text": "<b>x</b>" * 10 + "y" * 4087, "parse_mode": "HTML"}, "Message is too long"),
        ({"text": "   "}, "Message text is empty"),
        ({"text": "a <b>b", "parse_mode": "HTML"}, "Can't parse entities"),
        ({"text": "a < b", "parse_mode": "HTML"}, "Can't parse entities"),
        ({"text": "a & b", "parse_mode": "HTML"}, "Can't parse entities"),
        ({"text": "<foo>a</foo>", "parse_mode": "HTML"}, "Can't parse entities"),
        ({"text": "<b><i>a</b></i>", "parse_mode": "HTML"}, "Can't parse entities"),
        (
            {"text": "x", "reply_markup": InlineKeyboardMarkup([[InlineKeyboardButton("b", callback_data="d" * 65)]])},
            "Button_data_invalid",
        ),
        (
            {"text": "x", "reply_markup": InlineKeyboardMarkup([[InlineKeyboardButton("b", callback_data="数" * 22)]])},
            "Button_data_invalid",
        ),
    ],
)
async def test_send_rejections(bot: Bot, client: SandboxClient, sb: Sandbox, kwargs: dict, error: str) -> None:
    alice = await client.user("Alice")
    with pytest.raises(BadRequest, match=error):
        await bot.send_message(alice.id, **kwargs)
    assert sb.errors[-1]["method"] == "sendMessage"
    assert await alice.messages() == []


async def test_boundaries_accepted(bot: Bot, client: SandboxClient) -> None:
    alice = await client.user("Alice")
    button = InlineKeyboardButton("b", callback_data="数" * 21 + "d")  # 64 bytes
    await bot.send_message(alice.id, "x" * 4096, reply_markup=InlineKeyboardMarkup([[button]]))
    html = '<b>1</b> &lt;2&gt; &amp; &#33; <a href="https://x.y/?a=1&amp;b=2">l</a> <tg-spoiler>s</tg-spoiler>'
    sent = await bot.send_message(alice.id, html, parse_mode=ParseMode.HTML)
    assert sent.text == "1 <2> & ! l s"
    assert [e.type for e in sent.entities] == ["bold", "text_link", "spoiler"]
    assert sent.entities[1].url == "https://x.y/?a=1&b=2"


async def test_chat_not_found_and_blocked(bot: Bot, client: SandboxClient) -> None:
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(424242, "hi")
    alice = await client.user("Alice")
    await alice.block()
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(alice.id, "hi")
    (update,) = await bot.get_updates(timeout=0)
    assert update.my_chat_member is not None
    assert update.my_chat_member.new_chat_member.status == "kicked"


async def test_edit_and_delete(bot: Bot, client: SandboxClient) -> None:
    alice = await client.user("Alice")
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("A", callback_data="a")]])
    sent = await bot.send_message(alice.id, "one", reply_markup=keyboard)
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text("one", alice.id, sent.message_id, reply_markup=keyboard)
    edited = await bot.edit_message_text("two", alice.id, sent.message_id, reply_markup=keyboard)
    assert isinstance(edited, type(sent)) and edited.text == "two" and edited.edit_date is not None
    await bot.edit_message_reply_markup(alice.id, sent.message_id)
    (current,) = await alice.messages()
    assert current.text == "two" and current.buttons == []
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("x", alice.id, 999)
    assert await bot.delete_message(alice.id, sent.message_id)
    assert await alice.messages() == []
    with pytest.raises(BadRequest, match="Message to delete not found"):
        await bot.delete_message(alice.id, sent.message_id)
    types = [e["type"] for e in (await alice.events(0))["events"]]
    assert types == ["message", "edit", "edit", "delete"]


async def test_reply_keyboard_and_contact(bot: Bot, client: SandboxClient) -> None:
    alice = await client.user("Alice")
    keyboard = ReplyKeyboardMarkup([[KeyboardButton("Share phone", request_contact=True)]], one_time_keyboard=True)
    await bot.send_message(alice.id, "Your phone?", reply_markup=keyboard)
    rows = await alice.reply_keyboard()
    assert rows is not None and rows[0][0] == {"text": "Share phone", "request_contact": True}
    await client.call("POST", f"/chats/{alice.id}/contact", json={"phone_number": "+8613800001234"})
    (update,) = await bot.get_updates(timeout=0)
    contact = update.message.contact if update.message else None
    assert contact is not None and contact.phone_number == "+8613800001234" and contact.user_id == alice.id
    assert await alice.reply_keyboard() is None  # one-time keyboard hidden after use
    await bot.send_message(alice.id, "menu", reply_markup=ReplyKeyboardMarkup([["a", "b"]]))
    assert await alice.reply_keyboard() == [[{"text": "a"}, {"text": "b"}]]
    await bot.send_message(alice.id, "gone", reply_markup=ReplyKeyboardRemove())
    assert await alice.reply_keyboard() is None


async def test_commands_by_scope(bot: Bot, sb: Sandbox, client: SandboxClient) -> None:
    alice = await client.user("Alice")
    bob = await client.user("Bob", language_code="en")
    await bot.set_my_commands([BotCommand("start", "Start")])
    await bot.set_my_commands([BotCommand("start", "开始")], language_code="zh")
    await bot.set_my_commands([BotCommand("admin", "Admin")], scope=BotCommandScopeChat(alice.id))
    assert [c.command for c in await bot.get_my_commands(scope=BotCommandScopeChat(alice.id))] == ["admin"]
    assert [c.description for c in await bot.get_my_commands(language_code="zh")] == ["开始"]
    assert [c["command"] for c in sb.commands_for(alice.id, "en")] == ["admin"]
    assert [c["description"] for c in sb.commands_for(bob.id)] == ["Start"]
    assert [c["description"] for c in sb.commands_for(bob.id, "zh-hans")] == ["开始"]
    assert await bob.commands() == [{"command": "start", "description": "Start"}]
    await bot.delete_my_commands(scope=BotCommandScopeDefault())
    assert sb.commands_for(bob.id) == []


async def test_document_round_trip(bot: Bot, client: SandboxClient, sb: Sandbox) -> None:
    alice = await client.user("Alice")
    sent = await bot.send_document(alice.id, b"%PDF-1.4 report", filename="report.pdf", caption="Your report")
    assert sent.document is not None and sent.document.file_name == "report.pdf" and sent.caption == "Your report"
    assert await alice.download(sent.document.file_id) == b"%PDF-1.4 report"
    again = await bot.send_document(alice.id, sent.document.file_id)
    assert again.document is not None and again.document.file_id == sent.document.file_id
    edited = await bot.edit_message_caption(alice.id, again.message_id, caption="<i>v2</i>", parse_mode="HTML")
    assert isinstance(edited, Message) and edited.caption == "v2"
    assert (await alice.messages())[-1].html == "<i>v2</i>"
    with pytest.raises(BadRequest, match="no text in the message"):
        await bot.edit_message_text("x", alice.id, again.message_id)

    files = {"file": ("scan.txt", b"hello file", "text/plain")}
    await client.call("POST", f"/chats/{alice.id}/document", files=files, data={"caption": "mine"})
    (update,) = await bot.get_updates(timeout=0)
    assert update.message is not None and update.message.document is not None
    file = await update.message.document.get_file()
    assert bytes(await file.download_as_bytearray()) == b"hello file"
    with pytest.raises(BadRequest, match="Wrong file identifier"):
        await bot.send_document(alice.id, "no-such-file-id")


async def test_photo_location_and_venue(bot: Bot, client: SandboxClient) -> None:
    alice = await client.user("Alice")
    png = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + (3).to_bytes(4, "big") + (2).to_bytes(4, "big") + b"\x08"
    photo = await bot.send_photo(alice.id, png, caption="pic")
    assert (photo.photo[-1].width, photo.photo[-1].height) == (3, 2)
    await bot.send_location(alice.id, 31.23, 121.47)
    await bot.send_venue(alice.id, 31.2, 121.4, "Bund", "Zhongshan Rd")
    await bot.send_chat_action(alice.id, "typing")
    messages = await alice.messages()
    assert messages[0].photo is not None and messages[0].text == "pic"
    assert messages[1].location == {"latitude": 31.23, "longitude": 121.47}
    assert messages[2].venue is not None and messages[2].venue["title"] == "Bund"


async def test_webhook_and_menu_button_and_get_chat(bot: Bot, client: SandboxClient) -> None:
    alice = await client.user("Alice", username="alice")
    assert await bot.delete_webhook()
    info = await bot.get_webhook_info()
    assert info.url == "" and info.pending_update_count == 0
    chat = await bot.get_chat(alice.id)
    assert chat.first_name == "Alice" and chat.username == "alice"
    assert (await bot.get_chat_menu_button(alice.id)).type == "commands"


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    assert message is not None and message.text is not None
    if message.text == "/phone":
        button = KeyboardButton("Share phone", request_contact=True)
        await message.reply_text("Your phone?", reply_markup=ReplyKeyboardMarkup([[button]], one_time_keyboard=True))
        return
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Again", callback_data="again")]])
    await message.reply_text(f"echo: {message.text}", reply_markup=keyboard)


async def on_contact(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    assert message is not None and message.contact is not None
    await message.reply_text(f"phone: {message.contact.phone_number}", reply_markup=ReplyKeyboardRemove())


async def on_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    assert message is not None and message.document is not None
    data = bytes(await (await message.document.get_file()).download_as_bytearray())
    await message.reply_document(data.upper(), filename=f"upper-{message.document.file_name}", caption="<b>done</b>")


async def again(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer("again!")
    await query.edit_message_text("pressed again")


def echo_application(sb: Sandbox) -> Application:
    builder = ApplicationBuilder().token(SANDBOX_TOKEN).base_url(sb.api_base_url).base_file_url(sb.file_base_url)
    app = builder.build()
    app.add_handler(MessageHandler(filters.TEXT, echo))
    app.add_handler(MessageHandler(filters.CONTACT, on_contact))
    app.add_handler(MessageHandler(filters.Document.ALL, on_document))
    app.add_handler(CallbackQueryHandler(again))
    return app


async def test_echo_application(sb: Sandbox, client: SandboxClient) -> None:
    app = echo_application(sb)
    await app.initialize()
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0)
    try:
        alice = await client.user("Alice")
        bob = await client.user("Bob")
        replies = await alice.send("hello")
        assert [m.text for m in replies] == ["echo: hello"]
        await bob.send("/start")
        assert (await bob.expect("echo: /start")).buttons == [["Again"]]
        edited = await alice.press("Again")
        assert [m.text for m in edited] == ["pressed again"]
        assert [a["text"] for a in await alice.callback_answers()] == ["again!"]
        assert [m.text for m in await bob.messages()] == ["echo: /start"]
        with pytest.raises(AssertionError, match="pressed again"):
            await alice.expect("never said", timeout=0.2)

        assert [m.text for m in await bob.send("/phone")] == ["Your phone?"]
        assert await bob.reply_keyboard() == [[{"text": "Share phone", "request_contact": True}]]
        assert [m.text for m in await bob.share_contact()] == [f"phone: +86138{bob.id:08d}"]
        assert await bob.reply_keyboard() is None

        (reply,) = await bob.send_document("note.txt", b"abc", caption="please")
        assert reply.document is not None and reply.document["file_name"] == "upper-note.txt"
        assert reply.text == "<b>done</b>"  # no parse_mode: sent literally
        assert await bob.download(reply.document["file_id"]) == b"ABC"
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
    assert sb.errors == []


async def test_the_organizer_role_takes_the_next_organizer_preset_id(sb: Sandbox, client: SandboxClient) -> None:
    first = await client.call("POST", "/users", json={"first_name": "组织者 Organizer", "role": "organizer"})
    second = await client.call("POST", "/users", json={"first_name": "组织者 Organizer", "role": "organizer"})
    plain = await client.user("Alice")
    assert [first["id"], second["id"]] == list(ORGANIZER_PRESET_IDS[:2])
    assert plain.id not in ORGANIZER_PRESET_IDS
    answer = await client.http.post("/sandbox/api/users", json={"first_name": "X", "role": "admin"})
    assert answer.status_code == 400


async def test_a_kept_world_comes_back_after_a_restart(tmp_path: Path) -> None:
    folder = tmp_path / "db.sqlite3.sandbox"
    first = Sandbox(keep_in=folder)
    await first.start()
    async with SandboxClient(first.url) as client, Bot(SANDBOX_TOKEN, base_url=first.api_base_url) as bot:
        alice, bob = await client.user("Alice"), await client.user("Bob", language_code="en")
        await client.call("POST", f"/chats/{alice.id}/send", json={"text": "hello"})  # nobody answers: no waiting
        keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Again", callback_data="again")]])
        await bot.send_message(alice.id, "<b>hi</b>", parse_mode=ParseMode.HTML, reply_markup=keyboard)
        sent = await bot.send_document(alice.id, b"%PDF-1.4 report", filename="report.pdf")
        await bot.set_my_commands([BotCommand("admin", "Admin")], scope=BotCommandScopeChat(alice.id))
        await bob.block()
        shown = await alice.state()
    last_update = first.next_update_id
    await first.stop()

    second = Sandbox(keep_in=folder)
    await second.start()
    try:
        async with SandboxClient(second.url) as client:
            kept = UserChat(client, second.users[alice.id])
            assert await kept.state() == shown
            assert await kept.download(sent.document.file_id) == b"%PDF-1.4 report"
            assert second.blocked == {bob.id} and second.next_update_id == last_update
            await client.call("POST", f"/chats/{alice.id}/send", json={"text": "after the restart"})
            assert second.updates[-1]["update_id"] == last_update
    finally:
        await second.stop()



async def test_bare_links_become_url_entities_as_in_telegram(bot: Bot, client: SandboxClient, sb: Sandbox) -> None:
    alice = await client.user("Alice")
    link = "https://t.me/finmatch_bot?start=inv_Ab-12"
    sent = await bot.send_message(alice.id, f"<b>邀请</b>：{link}。<code>https://not.a/link</code>",
                                  parse_mode=ParseMode.HTML)
    assert [(e.type, sent.parse_entity(e)) for e in sent.entities] == [
        ("bold", "邀请"), ("url", link), ("code", "https://not.a/link")]
    assert (await alice.messages())[-1].html == f'<b>邀请</b>：<a href="{link}">{link}</a>。<code>https://not.a/link</code>'
    await client.call("POST", f"/chats/{alice.id}/send", json={"text": f"/start 见 {link}"})
    (update,) = await bot.get_updates(timeout=0)
    assert update.message is not None
    assert [(e.type, update.message.parse_entity(e)) for e in update.message.entities] == [
        ("bot_command", "/start"), ("url", link)]
