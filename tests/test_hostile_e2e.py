"""Hostile and odd input end to end (issue 10 §4): groups and channels, edits, media, invisible text."""

from __future__ import annotations

import logging

import pytest

from bot import chat_scope
from models.tables.drafts import current_draft
from models.tables.enterprises import Enterprise
from models.tables.people import Person
from notices.i18n import t
from tests.harness import Harness

PRIVATE_ONLY_ZH = "请在私聊中与我对话"
PRIVATE_ONLY_EN = "Please talk to me in a private chat"


def errors_logged(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.levelno >= logging.ERROR]


async def test_groups_and_channels_get_no_conversation(harness: Harness, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    alice = await harness.user("Alice")
    bob = await harness.user("Bob", language_code="en")
    await alice.send("/register")
    await alice.expect("企业全称")
    await alice.send("武汉光谷精密制造有限公司")
    await alice.expect("统一社会信用代码")
    channel = await harness.client.group("光谷新闻", kind="channel")
    for text in ("/start", "/register", "hello", "91330100799655058B"):
        await channel.send(text, expect_reply=False)
    await channel.send_media("photo", caption="/help", expect_reply=False)
    group = await harness.client.group("融资对接群")
    # An ordinary message, an answer to Alice's unfinished form, a command for another bot: all ignored.
    for text in ("大家好", "91330100799655058B", "/help@SomeOtherBot", "13800138000"):
        await group.send(text, alice, expect_reply=False)
    await group.send_media("sticker", user=alice, expect_reply=False)
    posted = await harness.client.call("POST", f"/chats/{group.id}/post", json={"text": "hi", "user_id": alice.id})
    await harness.client.call("POST", f"/chats/{group.id}/edit",
                              json={"message_id": posted["message"]["message_id"], "text": "/register"})
    replies = await group.send("/profile", alice)
    assert [m.text for m in replies] == [f"{PRIVATE_ONLY_ZH}：https://t.me/{harness.app.bot.username}"]
    replies = await group.send(f"/register@{harness.app.bot.username}", bob)
    assert len(replies) == 1 and replies[0].text.startswith(PRIVATE_ONLY_EN)
    shown = [m.text for m in await group.messages()]
    assert len(shown) == 2 and not any("138" in text or "9133" in text for text in shown)
    assert await channel.messages() == []
    # Alice's form is where she left it, and nobody who only wrote in a group became a person.
    draft = await current_draft(alice.id)
    assert draft is not None and draft.step == "uscc"
    assert await Person.filter(tg_id=bob.id).count() == 0
    assert await Enterprise.all().count() == 0
    assert errors_logged(caplog) == []


async def test_a_command_allowed_in_groups_reaches_its_handler(harness: Harness,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chat_scope, "GROUP_COMMANDS", set())
    chat_scope.allow_in_groups(commands=("lang",))
    alice = await harness.user("Alice")
    group = await harness.client.group("融资对接群", kind="group")
    replies = await group.send("/lang", alice)
    assert len(replies) == 1 and replies[0].buttons  # the /lang handler answered in the group
    replies = await group.send("/help", alice)
    assert replies[0].text.startswith(PRIVATE_ONLY_ZH)


async def test_menus_offer_groups_only_what_works_there(harness: Harness, monkeypatch: pytest.MonkeyPatch) -> None:
    from telegram import BotCommandScopeAllGroupChats, BotCommandScopeAllPrivateChats, BotCommandScopeDefault

    bot = harness.app.bot
    in_groups = await bot.get_my_commands(scope=BotCommandScopeAllGroupChats())
    assert [c.command for c in in_groups] == ["chart", "digest", "paragraph", "report"]
    assert await bot.get_my_commands(scope=BotCommandScopeDefault()) == ()
    private = await bot.get_my_commands(scope=BotCommandScopeAllPrivateChats(), language_code="en")
    assert [c.command for c in private][:2] == ["start", "register"]
    monkeypatch.setattr(chat_scope, "GROUP_COMMANDS", set())
    await chat_scope.set_group_menus(bot, "zh")
    assert await bot.get_my_commands(scope=BotCommandScopeAllGroupChats()) == ()
    chat_scope.allow_in_groups(commands=("lang",))
    await chat_scope.set_group_menus(bot, "zh")
    in_groups = await bot.get_my_commands(scope=BotCommandScopeAllGroupChats())
    assert [(c.command, c.description) for c in in_groups] == [("lang", t("zh", "cmd-lang"))]


async def test_edits_media_and_forwards_in_a_form(harness: Harness, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    alice = await harness.user("Alice")
    await alice.send("/register")
    await alice.expect("企业全称")
    for media in ("sticker", "photo", "voice", "video", "animation", "audio", "video_note", "dice"):
        replies = await alice.send_media(media)
        assert len(replies) == 1 and "图片、贴纸、语音、位置和文件都无法作为回答" in replies[0].text, media
        assert "企业全称" in replies[0].text
    sent = await alice.client.call("GET", f"/chats/{alice.id}/state")
    first_text = next(m for m in sent["messages"] if not m["from"]["is_bot"] and m.get("text") == "/register")
    replies = await alice.edit(first_text["message_id"], "武汉某某有限公司")
    assert len(replies) == 1 and "修改过的消息不会被读取" in replies[0].text
    assert (await current_draft(alice.id)).step == "name"
    replies = await alice.forward("武汉转发科技有限公司", from_name="同事")
    assert "统一社会信用代码" in replies[-1].text
    draft = await current_draft(alice.id)
    assert draft.data["name"] == "武汉转发科技有限公司"
    assert errors_logged(caplog) == []


@pytest.mark.parametrize("name", ["\u200b\u200b\u200b", "\u3164\u3164", "\u202e\u202d\u202c", "\x00\x00", "😀😀",
                                  "\x1b[2J\x1b[H", "⠀⠀⠀"])
async def test_invisible_or_emoji_contact_names_are_refused(harness: Harness, name: str) -> None:
    alice = await harness.user("Alice")
    await alice.send("/register")
    await alice.expect("企业全称")
    replies = await alice.send(name)
    assert "请用汉字或字母书写" in replies[0].text
    assert (await current_draft(alice.id)).step == "name"


async def test_nul_in_names_and_answers_never_reaches_the_database(harness: Harness) -> None:
    alice = await harness.user("Al\x00ice\u202e", last_name="\x00")
    await alice.send("/register")
    await alice.expect("企业全称")
    replies = await alice.send("武汉\x00光谷\u200b科技有限公司")
    assert "统一社会信用代码" in replies[-1].text
    person = await Person.get(tg_id=alice.id)
    assert person.full_name == "Alice"
    draft = await current_draft(alice.id)
    assert draft.data["name"] == "武汉光谷科技有限公司"


async def test_forged_buttons_for_other_peoples_objects_change_nothing(harness: Harness,
                                                                        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    from models.tables.enterprises import FinancingNeed
    from tests.flows import OTHER_USCC, USCC, orm_enterprise

    alice = await harness.user("Alice")
    await orm_enterprise("武汉甲公司", USCC, tg_id=alice.id)
    theirs = await orm_enterprise("武汉乙公司", OTHER_USCC)
    their_need = await FinancingNeed.get(enterprise_id=theirs.id)
    await alice.send("/profile")
    card = await alice.last()
    before = await alice.callback_answers()
    for data in (f"p:close:{their_need.id}", f"p:closeok:{their_need.id}", f"mx:e:{theirs.id}", f"au:e:{theirs.id}:0",
                 f"pc:{theirs.id}", "p:closeok:\u19da", "p:close:99999999999999999999", f"i:rec:{their_need.id}:0",
                 "pc:999999999999", "p:close:999999999999", "i:v:2147483648", "mt:a:9999999999"):
        await alice.press_data(card.message_id, data)
    answers = (await alice.callback_answers())[len(before):]
    assert len(answers) == 12 and all(answer["text"] for answer in answers)
    assert (await FinancingNeed.get(id=their_need.id)).open
    assert not any("处理时出现了问题" in m.text for m in await alice.messages())
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []


def test_ids_past_a_postgresql_integer_are_no_ids() -> None:
    from models.parsers.numbers import ascii_int

    assert ascii_int("2147483647") == 2**31 - 1
    assert ascii_int("2147483648") is None and ascii_int("99999999999") is None


async def test_html_and_markdown_in_a_company_name_are_shown_as_typed(harness: Harness) -> None:
    from tests.flows import register_enterprise

    alice = await harness.user("Alice")
    name = "<b>武汉</b> & *光谷* [公司](http://x.example) \u200b有限公司"
    await register_enterprise(alice, name=name)
    saved = await Enterprise.get()
    assert saved.name == "<b>武汉</b> & *光谷* [公司](http://x.example) 有限公司"
    await alice.send("/profile")
    card = await alice.expect("统一社会信用代码")
    assert saved.name in card.text  # shown as typed, not as markup (the harness fails on refused HTML)


async def test_the_digest_commands_work_in_a_group_and_nothing_else(harness: Harness) -> None:
    from models.tables.digests import DigestSubscription
    from tests.harness import ORGANIZER_ID

    organizer = await harness.user("Olga", user_id=ORGANIZER_ID)
    alice = await harness.user("Alice")
    group = await harness.client.group("经信局工作群")
    replies = await group.send("/digest weekly mon 8:30", organizer)
    assert replies and not replies[0].text.startswith(PRIVATE_ONLY_ZH)
    subscription = await DigestSubscription.get()
    assert subscription.chat_id == group.id
    replies = await group.send("/people", organizer)
    assert [m.text for m in replies] == [f"{PRIVATE_ONLY_ZH}：https://t.me/{harness.app.bot.username}"]
    replies = await group.send("/digest", alice)  # not an organizer: refused by the digest's own rights
    assert replies and PRIVATE_ONLY_ZH not in replies[0].text and "9001" not in replies[0].text
    harness.sandbox.users[alice.id]["is_bot"] = True  # an anonymous admin, as Telegram presents one
    replies = await group.send("/report", alice)
    assert [m.text for m in replies] == [f"{PRIVATE_ONLY_ZH}：https://t.me/{harness.app.bot.username}"]
