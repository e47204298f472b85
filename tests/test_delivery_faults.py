"""Delivery when Telegram misbehaves, end to end through the sandbox on both databases.

- A reply to a person's answer that meets a 500, a 502, a hang, a dropped connection or a 429 is
  retried by the reply guard: the person gets the next question, once, and never only an excuse.
  A press whose answer or edit was performed but cut off goes on too; a cut-off send may show twice
  (replies are at least once). Past the guard's bound the person gets the `error-delivery` message
  once Telegram answers again, and what they did is saved (/start takes them back to the question).
- A broadcast under faults: every recipient whose row is `sent` has exactly one copy, the `unsure`
  rows (the request left, no answer came) are counted and have at most one, nobody else is left out.
  A refused connection (nothing listens) is safe to send again, and is.
- An update delivered twice is applied once.
- A reply is not queued behind a running broadcast, and under Telegram's overall limit the outbox
  leaves replies room (no 429). Not yet: a reply waiting out a 429 holds up everyone's (xfail).
"""
from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
from telegram import Bot
from telegram.error import NetworkError, RetryAfter
from telegram.ext import ExtBot

from bot.replies import ATTEMPTS, ReplyGuard
from models.enums import District, OutboxStatus, Tier
from models.tables.chains import Chain
from models.tables.drafts import current_draft
from models.tables.enterprises import Enterprise
from models.tables.events import Registration
from models.tables.outbox import OutboxMessage, enqueue_many
from models.tables.people import Person
from notices.i18n import t
from notices.payloads import text_payload
from sandbox.driver import UserChat
from sandbox.server import SANDBOX_TOKEN, Sandbox
from sandbox.world import JSON
from schedules.delivery import COUNTED_SECONDS, FloodGate
from schedules.sender import Sender
from tests.event_flows import USCCS, enterprise_chat, facts, open_event, organizer_chat, outbox_settled
from tests.flows import COMPANY, USCC
from tests.harness import Harness
from tests.processes import free_port

DELIVERY_ERROR = t("zh", "error-delivery")
GENERIC_ERROR = t("zh", "error-generic")
ASK_USCC = "统一社会信用代码"


def texts(sandbox: Sandbox, chat_id: int) -> list[str]:
    return [message.get("text", "") for message in sandbox.bot_messages(chat_id)]


def copies(sandbox: Sandbox, chat_id: int, fragment: str) -> int:
    return sum(fragment in text for text in texts(sandbox, chat_id))


async def until(condition: Callable[[], bool | Awaitable[bool]], seconds: float = 20.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while True:
        result = condition()
        if await result if isinstance(result, Awaitable) else result:
            return
        assert loop.time() < deadline, "the condition did not come true in time"
        await asyncio.sleep(0.02)


async def post(user: UserChat, text: str) -> None:
    """Send a message without waiting for the bot's reaction (UserChat.send waits up to 10 s for one)."""
    answer = await user.client.call("POST", f"/chats/{user.id}/send", json={"text": text})
    user.action_seq, user.last_update_id = int(answer["seq"]), answer["update_id"]


async def step_of(chat_id: int) -> str | None:
    draft = await current_draft(chat_id)
    return None if draft is None else draft.step


# ------------------------------------------------------------------ form replies under faults

FORM_FAULTS = [("500", 0.0), ("502", 0.0), ("hang", 1.0), ("drop", 0.0), ("429", 1.0)]


@pytest.mark.parametrize(("kind", "seconds"), FORM_FAULTS, ids=[kind for kind, _ in FORM_FAULTS])
async def test_an_answer_whose_reply_meets_a_fault_still_gets_the_next_question(
    harness: Harness, kind: str, seconds: float
) -> None:
    user = await harness.user("王经理")
    await user.send("/register")
    await user.expect("企业全称")
    fault = harness.sandbox.add_fault(kind, method="sendMessage", chat_id=user.id, seconds=seconds)
    await user.send(COMPANY)
    await user.expect(ASK_USCC)
    assert fault.hits == 1  # the first try of the reply met the fault, the retry got through
    assert copies(harness.sandbox, user.id, ASK_USCC) == 1
    assert DELIVERY_ERROR not in texts(harness.sandbox, user.id)
    draft = await current_draft(user.id)
    assert draft is not None and (draft.step, draft.data["name"]) == ("uscc", COMPANY)
    await user.send(USCC)  # and the form goes on
    await user.expect("梯度")


async def test_two_replies_in_a_row_over_the_per_chat_flood_limit_both_arrive(harness: Harness) -> None:
    """Sharing the phone answers twice at once (recorded + next question): Telegram-like limits
    refuse the second with a 429, which the guard obeys before sending it again."""
    user = await harness.user("王经理")
    await user.send("/register")
    for answer, question in [(COMPANY, ASK_USCC), (USCC, "梯度")]:
        await user.send(answer)
        await user.expect(question)
    for label, question in [("专精特新中小企业", "产业链"), ("光电子信息", "所在区域"), ("洪山区", "联系人姓名")]:
        await user.press(label)
        await user.expect(question)
    await user.send("王小明")
    await user.expect("联系电话")
    harness.sandbox.set_flood_limits(per_second=None, per_chat_seconds=1.0, group_per_minute=None, retry_after=1)
    await user.share_contact("+86 138 0013 8000")
    await user.expect("第 1 项融资需求")
    assert harness.sandbox.flood_refusals >= 1
    received = texts(harness.sandbox, user.id)
    assert copies(harness.sandbox, user.id, "第 1 项融资需求") == 1
    assert sum("+8613800138000" in text for text in received) == 1 and DELIVERY_ERROR not in received
    assert await step_of(user.id) == "amount"


@pytest.mark.parametrize("method", ["answerCallbackQuery", "editMessageText", "sendMessage"])
async def test_a_press_whose_answers_meet_faults_still_gets_the_next_question(harness: Harness, method: str) -> None:
    user = await harness.user("王经理")
    await user.send("/register")
    for answer, question in [(COMPANY, ASK_USCC), (USCC, "梯度")]:
        await user.send(answer)
        await user.expect(question)
    chat_id = None if method == "answerCallbackQuery" else user.id  # its request names no chat
    fault = harness.sandbox.add_fault("502", method=method, chat_id=chat_id)
    await user.press("专精特新中小企业")
    await user.expect("产业链")
    assert fault.hits == 1 and copies(harness.sandbox, user.id, "产业链") == 1
    assert "› 专精特新中小企业" in texts(harness.sandbox, user.id)[-2]  # the pressed question shows the choice
    assert await step_of(user.id) == "chain_id"


@pytest.mark.parametrize("method", ["answerCallbackQuery", "editMessageText"])
async def test_a_press_whose_answer_was_performed_but_cut_off_still_gets_the_next_question(
    harness: Harness, method: str
) -> None:
    """Telegram performs the answer (or edit) and the connection is cut: the guard sends it again,
    Telegram refuses the repeat ("query is too old", "message is not modified"), and the press goes
    on to the next question instead of stopping there."""
    user = await harness.user("王经理")
    await user.send("/register")
    for answer, question in [(COMPANY, ASK_USCC), (USCC, "梯度")]:
        await user.send(answer)
        await user.expect(question)
    chat_id = None if method == "answerCallbackQuery" else user.id
    fault = harness.sandbox.add_fault("drop_after", method=method, chat_id=chat_id)
    await user.press("专精特新中小企业")
    await user.expect("产业链")
    assert fault.hits == 1 and copies(harness.sandbox, user.id, "产业链") == 1
    assert await step_of(user.id) == "chain_id"
    harness.sandbox.errors.clear()  # the refused repeat is the point of this test, not a mistake of the bot


async def test_a_reply_performed_but_cut_off_is_sent_again_at_least_once(harness: Harness) -> None:
    """Replies are delivered at least once: Telegram cannot tell whether a cut-off send arrived, so
    the guard sends it again and the person may see the question twice, never none."""
    user = await harness.user("王经理")
    await user.send("/register")
    await user.expect("企业全称")
    fault = harness.sandbox.add_fault("drop_after", method="sendMessage", chat_id=user.id)
    await user.send(COMPANY)
    await user.expect(ASK_USCC)
    await until(lambda: copies(harness.sandbox, user.id, ASK_USCC) == 2)  # performed, then sent again
    assert fault.hits == 1 and DELIVERY_ERROR not in texts(harness.sandbox, user.id)
    assert await step_of(user.id) == "uscc"


async def test_past_the_bound_the_person_is_told_once_telegram_answers_again(harness: Harness) -> None:
    """Telegram fails every reply to this person: the guard gives up after its attempts, the error
    handler's excuse waits too, and arrives once Telegram answers; the answer itself was saved."""
    user = await harness.user("王经理")
    await user.send("/register")
    await user.expect("企业全称")
    outage = harness.sandbox.add_fault("500", method="sendMessage", chat_id=user.id, times=None)
    await post(user, COMPANY)
    await until(lambda: outage.hits > ATTEMPTS)  # the reply's attempts, then the excuse's first one
    harness.sandbox.clear_faults()
    await user.expect(DELIVERY_ERROR)
    received = texts(harness.sandbox, user.id)
    assert received.count(DELIVERY_ERROR) == 1 and GENERIC_ERROR not in received
    assert copies(harness.sandbox, user.id, ASK_USCC) == 0  # that reply was given up
    assert await step_of(user.id) == "uscc"  # what they did is saved
    await user.send("/start")  # as the excuse says
    await user.expect(ASK_USCC)
    assert copies(harness.sandbox, user.id, "继续上次未完成的填写") == 1


# ------------------------------------------------------------------ the guard's bound, unit level


async def _guarded_bot(sandbox: Sandbox, guard: ReplyGuard) -> ExtBot[None]:
    bot: ExtBot[None] = ExtBot(SANDBOX_TOKEN, base_url=sandbox.api_base_url, rate_limiter=guard)
    await bot.initialize()
    return bot


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    world = Sandbox()
    await world.start()
    yield world
    await world.stop()


async def test_the_guard_gives_up_at_its_bound_and_keeps_its_attempts(sandbox: Sandbox) -> None:
    person = int(sandbox.add_user({"first_name": "Alice"})["id"])
    guard = ReplyGuard(FloodGate(), attempts=50, bound=1.0, backoff=0.1)
    bot = await _guarded_bot(sandbox, guard)
    try:
        hanging = sandbox.add_fault("hang", method="sendMessage", times=None, seconds=0.3)
        with pytest.raises(NetworkError):
            await bot.send_message(person, "lost")
        assert 2 <= hanging.hits < 50  # stopped by the bound, not by the number of attempts
        sandbox.clear_faults()
        sandbox.add_fault("500", method="sendMessage", times=2)
        await bot.send_message(person, "third time lucky")  # within the bound: retried
        assert texts(sandbox, person) == ["third time lucky"]
    finally:
        await bot.shutdown()


async def test_a_retry_after_longer_than_the_bound_is_not_waited_for_but_holds_the_chat(sandbox: Sandbox) -> None:
    person = int(sandbox.add_user({"first_name": "Alice"})["id"])
    gate = FloodGate()
    bot = await _guarded_bot(sandbox, ReplyGuard(gate, bound=1.0))
    try:
        refusal = sandbox.add_fault("429", method="sendMessage", seconds=5)
        with pytest.raises(RetryAfter):
            await bot.send_message(person, "too soon")
        assert refusal.hits == 1 and texts(sandbox, person) == []
        assert gate.chat_wait(person) > 3 and gate.outbox_wait() > 3  # the whole process obeys Telegram
    finally:
        await bot.shutdown()


async def test_a_reply_is_not_held_to_the_overall_limit_but_counted_for_the_outbox(sandbox: Sandbox) -> None:
    """Fifty messages already left this second; a reply still leaves at once (it is no bulk message),
    and the gate counts it, so the outbox keeps waiting for room."""
    person = int(sandbox.add_user({"first_name": "Alice"})["id"])
    gate = FloodGate()
    for _ in range(50):
        gate.note_sent()
    bot = await _guarded_bot(sandbox, ReplyGuard(gate))
    try:
        await bot.send_message(person, "at once")
        assert texts(sandbox, person) == ["at once"]
        assert gate.sent_last_second() == 51  # the earlier fifty had not aged out: it did not wait for them
        assert gate.replying() and gate.room_wait(27.5) > 0
    finally:
        await bot.shutdown()


# ------------------------------------------------------------------ broadcasts under faults

SEED_USCC = "SEED"


async def seed_representatives(sandbox: Sandbox, count: int, first_tg: int = 300_000,
                               chain_name: str = "光电子信息") -> list[int]:
    """`count` enterprises of one chain, each with a representative who talks to the sandbox."""
    chain = await Chain.get(name=chain_name)
    codes = [f"{SEED_USCC}{n:014d}" for n in range(count)]
    await Enterprise.bulk_create([Enterprise(name=f"种子企业{n:05d}", uscc=code, tier=Tier.specialized,
                                             chain_id=chain.id, district=District.hongshan, contact_name="张三",
                                             phone="+8613800138000") for n, code in enumerate(codes)], batch_size=500)
    ids = dict(await Enterprise.filter(uscc__startswith=SEED_USCC).values_list("uscc", "id"))
    chats = [first_tg + n for n in range(count)]
    await Person.bulk_create([Person(tg_id=chat, full_name=f"代表{n}", enterprise_id=ids[code])
                              for n, (chat, code) in enumerate(zip(chats, codes, strict=True))], batch_size=500)
    for n, chat in enumerate(chats):
        sandbox.add_user({"id": chat, "first_name": f"代表{n}"})
    return chats


async def test_a_broadcast_under_faults_loses_nobody_and_sends_nobody_two(harness: Harness) -> None:
    """500 ×3, 502 ×2, a dropped connection ×2, one performed but cut off, one 429: every row ends
    sent (exactly one copy) or unsure (the request left, no answer came: at most one, not resent)."""
    sb = harness.sandbox
    _, organizer = await organizer_chat(harness)
    chats = await seed_representatives(sb, 50)
    faults = [sb.add_fault(kind, method="sendMessage", times=times)
              for kind, times in [("500", 3), ("502", 2), ("drop", 2), ("drop_after", 1), ("429", 1)]]
    event = await open_event(organizer, facts())
    await outbox_settled(seconds=60)
    assert [fault.hits for fault in faults] == [3, 2, 2, 1, 1]

    rows = await OutboxMessage.filter(broadcast=f"event:{event.id}:announce")
    assert sorted(row.chat_id for row in rows) == chats
    received = {row.chat_id: copies(sb, row.chat_id, event.title) for row in rows}
    sent = [row.chat_id for row in rows if row.status is OutboxStatus.sent]
    unsure = [row.chat_id for row in rows if row.status is OutboxStatus.unsure]
    lost = [chat for chat, count in received.items() if count == 0 and chat not in unsure]
    duplicated = [chat for chat, count in received.items() if count > 1]
    assert (len(sent), len(unsure), lost, duplicated) == (47, 3, [], [])
    assert all(received[chat] == 1 for chat in sent)
    assert sorted(received[chat] for chat in unsure) == [0, 0, 1]  # dropped before / performed, then cut
    sender: Sender = harness.app.bot_data["sender"]  # type: ignore[union-attr]
    assert (sender.unsure, sender.retry_afters, sb.flood_refusals) == (3, 1, 1)


@pytest.fixture
async def quiet_sandbox(database_url: str) -> AsyncIterator[Sandbox]:
    """A sandbox and an open database, no bot: for the sender on its own."""
    world = Sandbox()
    await world.start()
    yield world
    await world.stop()


async def test_a_refused_connection_is_sent_again_once_telegram_is_back(quiet_sandbox: Sandbox) -> None:
    """Nothing listens where the bot sends (connection refused): nothing can have been delivered,
    so the rows wait and are retried, neither failed nor unsure; then each arrives once."""
    chats = [int(quiet_sandbox.add_user({"first_name": f"p{n}"})["id"]) for n in range(5)]
    await enqueue_many([OutboxMessage(key=f"refused:{chat}", chat_id=chat, payload=text_payload("hello"))
                        for chat in chats])
    nowhere = Bot(SANDBOX_TOKEN, base_url=f"http://127.0.0.1:{free_port()}/bot")
    await nowhere.request.initialize()  # no getMe: nothing answers there
    refused = Sender(nowhere, retry_wait=0.01)
    refused.start()
    await until(lambda: _all_tried(len(chats)))
    await refused.stop()
    await nowhere.request.shutdown()
    rows = await OutboxMessage.all()
    assert {row.status for row in rows} == {OutboxStatus.pending} and refused.unsure == 0
    assert all("connect" in row.last_error.lower() for row in rows)
    async with Bot(SANDBOX_TOKEN, base_url=quiet_sandbox.api_base_url) as bot:
        back = Sender(bot)
        back.start()
        await until(lambda: _all_sent(len(chats)), seconds=30)
        await back.stop()
    assert all(texts(quiet_sandbox, chat) == ["hello"] for chat in chats)


async def _all_tried(count: int) -> bool:
    return await OutboxMessage.filter(status=OutboxStatus.pending, attempts__gte=1).count() == count


async def _all_sent(count: int) -> bool:
    return await OutboxMessage.filter(status=OutboxStatus.sent).count() == count


# ------------------------------------------------------------------ updates delivered twice


async def test_a_registration_answer_delivered_twice_advances_the_form_once(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    user = await harness.user("王经理")
    await user.send("/register")
    await user.expect("企业全称")
    await user.send(COMPANY)
    await user.expect(ASK_USCC)
    assert user.last_update_id is not None
    await harness.client.redeliver(user.last_update_id)  # type: ignore[union-attr]
    await until(lambda: not harness.sandbox.redeliveries)  # handed to the bot, ahead of what follows
    await user.send(USCC)  # updates are handled in order: the copy came first
    await user.expect("梯度")
    received = texts(harness.sandbox, user.id)
    assert copies(harness.sandbox, user.id, ASK_USCC) == 1 and not any("应为 18 位" in text for text in received)
    draft = await current_draft(user.id)
    assert draft is not None and (draft.step, draft.data["name"], draft.data["uscc"]) == ("tier", COMPANY, USCC)
    assert f"update {user.last_update_id - 1} delivered again: skipped" in caplog.text


async def test_a_sign_up_press_delivered_twice_is_answered_once(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    _, organizer = await organizer_chat(harness)
    event = await open_event(organizer, facts(seats=2))
    user = await enterprise_chat(harness, "甲科技", USCCS[0])
    await user.send(f"/start ev_{event.id}")
    await user.press("✍️ 报名")
    await user.expect("报名成功")
    pressed = user.last_update_id
    assert pressed is not None
    await harness.client.redeliver(pressed)  # type: ignore[union-attr]
    await until(lambda: not harness.sandbox.redeliveries)
    await user.send("/help")
    await user.expect("企业可用命令")
    assert copies(harness.sandbox, user.id, "报名成功") == 1
    assert len(await user.callback_answers()) == 1
    assert not any("您已报名" in text for text in texts(harness.sandbox, user.id))
    assert await Registration.filter(event_id=event.id).count() == 1
    assert f"update {pressed} delivered again: skipped" in caplog.text


# ------------------------------------------------------------------ a reply during a big broadcast


def _messages_after(sandbox: Sandbox, seq: int, chats: set[int]) -> list[JSON]:
    return [e for e in sandbox.events if e["type"] == "message" and e["seq"] > seq and e["chat_id"] in chats]


def _reply_after(sandbox: Sandbox, chat_id: int, seq: int, fragment: str) -> JSON | None:
    found = (e for e in _messages_after(sandbox, seq, {chat_id}) if fragment in e["message"].get("text", ""))
    return next(found, None)


async def test_a_reply_is_not_queued_behind_a_2000_recipient_broadcast(harness: Harness) -> None:
    """While 2,000 announcements drain at Telegram's pace, /help is answered ahead of the broadcast's
    next few messages: replies do not wait in the outbox's line (sandbox event order, no timings)."""
    sb = harness.sandbox
    _, organizer = await organizer_chat(harness)
    writer = await enterprise_chat(harness, "甲科技", USCCS[0])  # a recipient too
    recipients = set(await seed_representatives(sb, 2000))
    await open_event(organizer, facts())
    await until(lambda: len(_messages_after(sb, 0, recipients)) >= 30, seconds=60)  # the outbox is draining
    behind = []
    for _ in range(3):
        await writer.send("/help")
        asked = writer.action_seq
        await until(lambda asked=asked: _reply_after(sb, writer.id, asked, "企业可用命令") is not None, seconds=30)
        reply = _reply_after(sb, writer.id, asked, "企业可用命令")
        assert reply is not None
        behind.append(sum(e["seq"] < reply["seq"] for e in _messages_after(sb, asked, recipients)))
    # about a second of the broadcast at most (the time to handle /help on a busy machine); queued
    # behind it, the reply would come after well over a thousand
    assert max(behind) < 30, f"broadcast messages sent between a /help and its reply: {behind}"
    assert await OutboxMessage.filter(status=OutboxStatus.pending).exists()  # still draining


def test_the_gate_counts_the_last_second_of_messages_and_says_when_there_is_room() -> None:
    gate = FloodGate()
    assert gate.room_wait(3) == 0
    for _ in range(3):
        gate.note_sent()
    assert gate.sent_last_second() == 3
    assert gate.room_wait(4) == 0  # a reply's higher ceiling still has room
    assert 1.0 < gate.room_wait(3) <= COUNTED_SECONDS  # the outbox waits for the oldest to age out


async def test_a_broadcast_leaves_room_for_replies_under_telegrams_overall_limit(harness: Harness) -> None:
    """Telegram's overall limit (30 a second for the whole bot, replies included): while 150 announcements
    drain, five people write /help about every 1.2 s. The sender counts their replies and leaves them
    room: no 429 for anyone, every /help answered once, every recipient told once."""
    sb = harness.sandbox
    _, organizer = await organizer_chat(harness)
    writers = [await enterprise_chat(harness, f"写者{n}", USCCS[0][:-1] + str(n), chain="高端装备") for n in range(5)]
    recipients = await seed_representatives(sb, 150)
    sb.set_flood_limits(per_second=30, per_chat_seconds=None, group_per_minute=None, retry_after=1)  # overall only
    event = await open_event(organizer, facts(chain_id=(await Chain.get(name="光电子信息")).id))
    draining = asyncio.create_task(outbox_settled(seconds=60))
    asked = Counter[int]()

    async def keep_asking(writer: UserChat) -> None:
        while not draining.done():
            await writer.send("/help")
            asked[writer.id] += 1
            await asyncio.sleep(1.2)

    await asyncio.gather(draining, *(keep_asking(writer) for writer in writers))
    assert sb.flood_refusals == 0
    assert all(copies(sb, writer.id, "企业可用命令") == asked[writer.id] for writer in writers)
    assert all(copies(sb, chat, event.title) == 1 for chat in recipients)
    assert sum(asked.values()) >= 5 * 3  # the replies did come during the broadcast


async def test_a_reply_waiting_out_a_429_does_not_hold_up_another_persons_reply(harness: Harness) -> None:
    sb = harness.sandbox
    held = await enterprise_chat(harness, "甲科技", USCCS[0])
    other = await enterprise_chat(harness, "乙制造", USCCS[1])
    refusal = sb.add_fault("429", method="sendMessage", chat_id=held.id, seconds=3)
    await post(held, "/help")
    await until(lambda: refusal.hits == 1)  # the guard now waits 3 s, as Telegram said
    await other.send("/help")
    await until(lambda: _reply_after(sb, held.id, held.action_seq, "企业可用命令") is not None)
    theirs = _reply_after(sb, other.id, other.action_seq, "企业可用命令")
    held_back = _reply_after(sb, held.id, held.action_seq, "企业可用命令")
    assert theirs is not None and held_back is not None and theirs["seq"] < held_back["seq"]
