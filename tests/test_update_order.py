"""Updates of one chat are handled in the order they came; another chat's go on meanwhile."""

from __future__ import annotations

import asyncio

from telegram import Chat, Message, Update, User
from telegram.constants import ChatType

from bot.update_order import PerChatOrder

PERSON_A, PERSON_B = 101, 202


def update_from(chat_id: int, update_id: int) -> Update:
    user = User(chat_id, "someone", is_bot=False)
    message = Message(update_id, None, Chat(chat_id, ChatType.PRIVATE), from_user=user)  # type: ignore[arg-type]
    return Update(update_id, message=message)


async def test_one_chat_in_order_other_chats_alongside() -> None:
    processor = PerChatOrder()
    done: list[str] = []
    first_may_end = asyncio.Event()

    async def handle(name: str, wait: asyncio.Event | None = None) -> None:
        if wait is not None:
            await wait.wait()
        done.append(name)

    tasks = [asyncio.create_task(processor.process_update(update_from(PERSON_A, 1), handle("a1", first_may_end))),
             asyncio.create_task(processor.process_update(update_from(PERSON_A, 2), handle("a2"))),
             asyncio.create_task(processor.process_update(update_from(PERSON_B, 3), handle("b1")))]
    await asyncio.sleep(0.05)
    assert done == ["b1"]  # A's second waits behind A's first; B is not held up
    first_may_end.set()
    await asyncio.gather(*tasks)
    assert done == ["b1", "a1", "a2"]
    assert processor._chats == {}  # nothing kept for chats with nothing running
