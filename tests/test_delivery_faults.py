"""Delivery when Telegram misbehaves, end to end through the sandbox on both databases.

- A reply to a person's answer that meets a 500, a 502, a hang, a dropped connection or a 429 is
  retried by the reply guard: the person gets the next question, once, and never only an excuse.
  Past the guard's bound they get the `error-delivery` message once Telegram answers again, and
  what they did is saved (/start takes them back to the question).
- A broadcast under faults: every recipient whose row is `sent` has exactly one copy, the `unsure`
  rows (the request left, no answer came) are counted and have at most one, nobody else is left out.
  A refused connection (nothing listens) is safe to send again, and is.
- An update delivered twice is applied once.
- A reply is not queued behind a running broadcast.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest
from telegram.error import NetworkError, RetryAfter
from telegram.ext import ExtBot

from bot.replies import ATTEMPTS, ReplyGuard
from models.drafts import current_draft
from notices.i18n import t
from sandbox.driver import UserChat
from sandbox.server import SANDBOX_TOKEN, Sandbox
from schedules.delivery import FloodGate
from tests.flows import COMPANY, USCC
from tests.harness import Harness

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
async def sandbox() -> Sandbox:
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
