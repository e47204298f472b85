"""Injected faults: the sandbox misbehaves like Telegram, over real HTTP, and PTB sees it as it would."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
import pytest_asyncio
from telegram import Bot
from telegram.error import NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.request import HTTPXRequest

from sandbox.driver import SandboxClient
from sandbox.server import SANDBOX_TOKEN, Sandbox
from schedules.delivery import retry_after_seconds
from tests.test_sandbox_api import echo_application


@pytest_asyncio.fixture
async def sb() -> AsyncIterator[Sandbox]:
    sandbox = Sandbox()
    await sandbox.start()
    yield sandbox
    await sandbox.stop()
    assert sandbox.errors == []  # injected faults are not calls Telegram would refuse


def make_bot(sb: Sandbox, read_timeout: float = 5.0) -> Bot:
    request = HTTPXRequest(read_timeout=read_timeout)
    return Bot(SANDBOX_TOKEN, base_url=sb.api_base_url, base_file_url=sb.file_base_url, request=request)


@pytest_asyncio.fixture
async def bot(sb: Sandbox) -> AsyncIterator[Bot]:
    async with make_bot(sb) as the_bot:
        yield the_bot


@pytest_asyncio.fixture
async def client(sb: Sandbox) -> AsyncIterator[SandboxClient]:
    the_client = SandboxClient(sb.url)
    yield the_client
    await the_client.aclose()


@pytest_asyncio.fixture
async def alice(sb: Sandbox) -> int:
    return int(sb.add_user({"first_name": "Alice"})["id"])


def texts(sb: Sandbox, chat_id: int) -> list[str]:
    return [m.get("text", "") for m in sb.bot_messages(chat_id)]


# ------------------------------------------------------------------ not performed


async def test_500_and_502_are_network_errors_and_not_performed(sb: Sandbox, bot: Bot, alice: int) -> None:
    fault = sb.add_fault("500", method="sendMessage")
    with pytest.raises(NetworkError, match=r"^Internal Server Error$") as raised:
        await bot.send_message(alice, "one")
    assert type(raised.value) is NetworkError and raised.value.__cause__ is None
    sb.add_fault("502", method="sendMessage")
    with pytest.raises(NetworkError, match=r"^Bad Gateway \(502\)\. Parsing the server response") as raised:
        await bot.send_message(alice, "two")
    assert type(raised.value.__cause__) is TelegramError  # PTB's "Invalid server response" from the HTML body
    assert texts(sb, alice) == [] and fault.hits == 1
    await bot.send_message(alice, "three")  # each fault fired once (times=1)
    assert texts(sb, alice) == ["three"]


async def test_500_and_502_raw_http(sb: Sandbox, alice: int) -> None:
    sb.add_fault("500")
    sb.add_fault("502")
    url = f"{sb.url}/bot{SANDBOX_TOKEN}/sendMessage"
    async with httpx.AsyncClient() as http:
        first = await http.post(url, json={"chat_id": alice, "text": "x"})
        second = await http.post(url, json={"chat_id": alice, "text": "x"})
    assert first.status_code == 500
    assert first.json() == {"ok": False, "error_code": 500, "description": "Internal Server Error"}
    assert second.status_code == 502 and second.headers["content-type"].startswith("text/html")
    assert "502 Bad Gateway" in second.text
    assert texts(sb, alice) == []


async def test_hang_times_out_and_is_not_performed(sb: Sandbox, alice: int) -> None:
    fault = sb.add_fault("hang", method="sendMessage", seconds=5)
    async with make_bot(sb, read_timeout=0.3) as impatient:
        with pytest.raises(TimedOut) as raised:
            await impatient.send_message(alice, "hi")
    assert isinstance(raised.value.__cause__, httpx.ReadTimeout)
    assert fault.hits == 1 and texts(sb, alice) == []


async def test_hang_shorter_than_timeout_ends_in_a_closed_connection(sb: Sandbox, bot: Bot, alice: int) -> None:
    sb.add_fault("hang", method="sendMessage", seconds=0.3)
    with pytest.raises(NetworkError, match="Server disconnected without sending a response") as raised:
        await bot.send_message(alice, "hi")
    assert not isinstance(raised.value, TimedOut)
    assert isinstance(raised.value.__cause__, httpx.RemoteProtocolError)
    assert texts(sb, alice) == []


@pytest.mark.parametrize("kind", ["refuse", "drop"])
async def test_dropped_connection_is_not_performed(sb: Sandbox, bot: Bot, alice: int, kind: str) -> None:
    sb.add_fault(kind, method="sendMessage")
    with pytest.raises(NetworkError, match=r"^httpx\.RemoteProtocolError: ") as raised:
        await bot.send_message(alice, "hi")
    assert isinstance(raised.value.__cause__, httpx.RemoteProtocolError)
    assert texts(sb, alice) == []
    await bot.send_message(alice, "again")  # the client recovers on a new connection
    assert texts(sb, alice) == ["again"]


# ------------------------------------------------------------------ performed, answer lost


async def test_late_answer_times_out_but_was_delivered(sb: Sandbox, alice: int) -> None:
    sb.add_fault("late", method="sendMessage", seconds=1.0)
    async with make_bot(sb, read_timeout=0.3) as impatient:
        with pytest.raises(TimedOut) as raised:
            await impatient.send_message(alice, "did it arrive?")
    assert isinstance(raised.value.__cause__, httpx.ReadTimeout)
    assert texts(sb, alice) == ["did it arrive?"]


async def test_late_answer_within_timeout_is_normal(sb: Sandbox, bot: Bot, alice: int) -> None:
    sb.add_fault("late", method="sendMessage", seconds=0.3)
    loop = asyncio.get_running_loop()
    started = loop.time()
    sent = await bot.send_message(alice, "slow")
    assert loop.time() - started >= 0.3
    assert sent.text == "slow" and texts(sb, alice) == ["slow"]


async def test_drop_after_was_delivered(sb: Sandbox, bot: Bot, alice: int) -> None:
    sb.add_fault("drop_after", method="sendMessage")
    with pytest.raises(NetworkError, match="Server disconnected without sending a response") as raised:
        await bot.send_message(alice, "sent anyway")
    assert isinstance(raised.value.__cause__, httpx.RemoteProtocolError)
    assert texts(sb, alice) == ["sent anyway"]


# ------------------------------------------------------------------ which requests


async def test_times_counts_and_forever_until_cleared(sb: Sandbox, bot: Bot, alice: int) -> None:
    twice = sb.add_fault("500", method="sendMessage", times=2)
    for _ in range(2):
        with pytest.raises(NetworkError):
            await bot.send_message(alice, "x")
    await bot.send_message(alice, "third")
    assert twice.hits == 2 and not twice.live
    forever = sb.add_fault("500", method="sendMessage", times=None)
    for _ in range(3):
        with pytest.raises(NetworkError):
            await bot.send_message(alice, "x")
    assert forever.hits == 3 and forever.live
    sb.clear_faults()
    await bot.send_message(alice, "fourth")
    assert texts(sb, alice) == ["third", "fourth"]


async def test_method_and_chat_filters(sb: Sandbox, bot: Bot, alice: int) -> None:
    bob = int(sb.add_user({"first_name": "Bob"})["id"])
    for_bob = sb.add_fault("500", method="SENDMESSAGE", chat_id=bob, times=None)
    await bot.send_message(alice, "to alice")
    await bot.send_location(bob, 31.2, 121.4)  # another method
    with pytest.raises(NetworkError):
        await bot.send_message(bob, "to bob")
    assert for_bob.hits == 1
    assert texts(sb, alice) == ["to alice"]
    assert [m.get("location") for m in sb.bot_messages(bob)] == [{"latitude": 31.2, "longitude": 121.4}]


async def test_first_matching_rule_fires(sb: Sandbox, bot: Bot, alice: int) -> None:
    first = sb.add_fault("500", times=1)
    second = sb.add_fault("502", method="getMe", times=1)
    with pytest.raises(NetworkError, match="Internal Server Error"):
        await bot.get_me()
    with pytest.raises(NetworkError, match="Bad Gateway"):
        await bot.get_me()
    assert (first.hits, second.hits) == (1, 1)


async def test_get_updates_only_when_named(sb: Sandbox, bot: Bot, alice: int) -> None:
    any_method = sb.add_fault("500", times=None)
    assert await bot.get_updates(timeout=0) == ()
    assert any_method.hits == 0
    sb.clear_faults()
    named = sb.add_fault("drop", method="getUpdates")
    with pytest.raises(NetworkError):
        await bot.get_updates(timeout=0)
    assert named.hits == 1


def test_bad_fault_rules() -> None:
    sandbox = Sandbox()
    with pytest.raises(ValueError, match="unknown fault kind"):
        sandbox.add_fault("404")
    with pytest.raises(ValueError, match="times"):
        sandbox.add_fault("500", times=0)
    with pytest.raises(ValueError, match="seconds"):
        sandbox.add_fault("late", seconds=-1)


# ------------------------------------------------------------------ driver API


async def test_faults_through_the_driver_api(sb: Sandbox, bot: Bot, client: SandboxClient, alice: int) -> None:
    rule = await client.add_fault("500", method="sendMessage", chat_id=alice, times=2)
    assert rule == {"kind": "500", "method": "sendMessage", "chat_id": alice, "times": 2, "seconds": 0.0, "hits": 0}
    with pytest.raises(NetworkError):
        await bot.send_message(alice, "x")
    assert [f["hits"] for f in await client.faults()] == [1]
    await client.clear_faults()
    assert await client.faults() == []
    await bot.send_message(alice, "ok")
    assert texts(sb, alice) == ["ok"]
    async with httpx.AsyncClient(base_url=sb.url) as http:
        bad = await http.post("/sandbox/api/faults", json={"kind": "teapot"})
        unknown_field = await http.post("/sandbox/api/faults", json={"kind": "500", "chat": 1})
        raw = await http.post("/sandbox/api/faults", json={"kind": "late", "seconds": 0.5, "times": None})
        cleared = await http.delete("/sandbox/api/faults")
    assert bad.status_code == 400 and "unknown fault kind" in bad.json()["error"]
    assert unknown_field.status_code == 400
    assert raw.json()["times"] is None and raw.json()["seconds"] == 0.5
    assert cleared.json() == {"cleared": 1} and sb.faults.rules == []


async def test_echo_application_survives_failing_polls(sb: Sandbox, client: SandboxClient) -> None:
    sb.add_fault("502", method="getUpdates")
    sb.add_fault("drop", method="getUpdates")
    app = echo_application(sb)
    await app.initialize()
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0)
    try:
        alice = await client.user("Alice")
        assert [m.text for m in await alice.send("hello?")] == ["echo: hello?"]
        assert alice.last_update_id is not None
        await client.redeliver(alice.last_update_id)  # a bot that does not deduplicate answers twice
        assert await sb.wait_for(lambda: len(sb.bot_messages(alice.id)) == 2, 5)
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
    assert [f.hits for f in sb.faults.rules] == [1, 1]


# ------------------------------------------------------------------ redelivery & counting


async def test_redelivery_repeats_the_update_id(sb: Sandbox, bot: Bot, client: SandboxClient, alice: int) -> None:
    sent = await client.call("POST", f"/chats/{alice}/send", json={"text": "/start"})
    (first,) = await bot.get_updates(timeout=0)
    assert first.update_id == sent["update_id"]
    assert await bot.get_updates(offset=first.update_id + 1, timeout=0) == ()  # confirmed
    again = await client.redeliver(first.update_id)
    assert again["update_id"] == first.update_id
    (second,) = await bot.get_updates(offset=first.update_id + 1, timeout=0)
    assert second.update_id == first.update_id and second.message is not None and second.message.text == "/start"
    assert await bot.get_updates(offset=first.update_id + 1, timeout=0) == ()  # delivered again once only
    assert [u["update_id"] for u in await client.recent_updates()] == [first.update_id]


async def test_redelivery_wakes_a_long_poll_and_comes_first(sb: Sandbox, bot: Bot, client: SandboxClient,
                                                            alice: int) -> None:
    await client.call("POST", f"/chats/{alice}/send", json={"text": "one"})
    (first,) = await bot.get_updates(timeout=0)
    poll = asyncio.create_task(bot.get_updates(offset=first.update_id + 1, timeout=10))
    assert await sb.wait_for(lambda: sb.polling, 5)
    sb.redeliver(first.update_id)  # in-process, on the World
    woke = await asyncio.wait_for(poll, 5)
    assert [u.update_id for u in woke] == [first.update_id]
    await client.call("POST", f"/chats/{alice}/send", json={"text": "two"})
    sb.redeliver(first.update_id)
    batch = await bot.get_updates(offset=first.update_id + 1, timeout=0)
    assert [u.update_id for u in batch] == [first.update_id, first.update_id + 1]


async def test_redeliver_unknown_update(client: SandboxClient) -> None:
    with pytest.raises(AssertionError, match="404"):
        await client.redeliver(123)


async def test_bot_messages_counts_every_kind(sb: Sandbox, bot: Bot, alice: int) -> None:
    await bot.send_message(alice, "text")
    await bot.send_document(alice, b"data", filename="a.txt")
    await bot.send_venue(alice, 31.2, 121.4, "Bund", "Zhongshan Rd")
    gone = await bot.send_message(alice, "deleted later")
    await bot.delete_message(alice, gone.message_id)
    edited = await bot.send_message(alice, "before")
    await bot.edit_message_text("after", alice, edited.message_id)
    messages = sb.bot_messages(alice)
    assert [m.get("text") for m in messages] == ["text", None, None, "after"]
    assert messages[1]["document"]["file_name"] == "a.txt" and messages[2]["venue"]["title"] == "Bund"
    with_deleted = sb.bot_messages(alice, deleted=True)
    assert [m.get("deleted", False) for m in with_deleted] == [False, False, False, True, False]


# ------------------------------------------------------------------ 429 and flood limits


async def test_429_fault_is_a_retry_after_and_not_performed(sb: Sandbox, bot: Bot, alice: int) -> None:
    sb.add_fault("429", method="sendMessage")
    sb.add_fault("429", method="sendMessage", seconds=3)
    with pytest.raises(RetryAfter) as first:
        await bot.send_message(alice, "one")
    with pytest.raises(RetryAfter) as second:
        await bot.send_message(alice, "two")
    assert (retry_after_seconds(first.value), retry_after_seconds(second.value)) == (1, 3)
    assert texts(sb, alice) == [] and sb.flood_refusals == 2
    await bot.send_message(alice, "three")
    assert texts(sb, alice) == ["three"]


async def test_flood_limits_through_the_driver_api(sb: Sandbox, bot: Bot, client: SandboxClient, alice: int) -> None:
    assert (await client.flood())["per_second"] is None  # off by default
    limits = await client.set_flood_limits(per_second=30, per_chat_seconds=1.0, group_per_minute=20, retry_after=2)
    assert limits == {"per_second": 30, "per_chat_seconds": 1.0, "group_per_minute": 20, "retry_after": 2,
                      "refusals": 0}
    await bot.send_message(alice, "one")
    with pytest.raises(RetryAfter):
        await bot.send_message(alice, "two")  # within a second of the first, in one chat
    assert (await client.flood())["refusals"] == 1
    off = await client.set_flood_limits(per_second=None, per_chat_seconds=None, group_per_minute=None)
    assert (off["per_second"], off["per_chat_seconds"], off["group_per_minute"]) == (None, None, None)
    await bot.send_message(alice, "three")
    assert texts(sb, alice) == ["one", "three"]
    async with httpx.AsyncClient(base_url=sb.url) as http:
        bad = await http.post("/sandbox/api/flood", json={"per_minute": 1})
        not_a_number = await http.post("/sandbox/api/flood", json={"per_second": "fast"})
    assert bad.status_code == 400 and not_a_number.status_code == 400


async def test_the_overall_limit_refuses_bulk_messages_not_answers(sb: Sandbox, bot: Bot, client: SandboxClient,
                                                                  alice: int) -> None:
    """Telegram's ~30 a second is its limit for bulk notifications: Alice just wrote, so the bot's
    messages to her are answers and pass it, though they count towards it; Bob never wrote."""
    bob = int(sb.add_user({"first_name": "Bob"})["id"])
    await client.call("POST", f"/chats/{alice}/send", json={"text": "你好"})
    await client.set_flood_limits(per_second=2, per_chat_seconds=None, group_per_minute=None)
    for text in ("one", "two", "three"):
        await bot.send_message(alice, text)
    with pytest.raises(RetryAfter):
        await bot.send_message(bob, "news")  # the answers filled the second
    assert texts(sb, alice) == ["one", "two", "three"] and texts(sb, bob) == []
    assert (await client.flood())["refusals"] == 1
