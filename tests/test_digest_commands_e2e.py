"""Managing digests by typing and by their buttons, in chat (SQLite and PostgreSQL): pause, resume and remove
typed with or without a number (without one: the chat's only digest, never a group's from a private chat), and a
quick button pressed again for a digest that exists."""

from __future__ import annotations

from models.tables.digests import DigestSubscription
from tests.harness import ORGANIZER_ID, Harness


async def test_pause_resume_and_remove_can_be_typed(harness: Harness) -> None:
    olga = await harness.user("Olga", user_id=ORGANIZER_ID)
    await olga.send("/start")
    await olga.send("/digest 每天 8:00")
    [sub] = await DigestSubscription.all()
    assert "已暂停" in (await olga.send(f"/digest 暂停 #{sub.id}"))[0].text
    assert (await DigestSubscription.get()).paused
    assert "已恢复" in (await olga.send(f"/digest 恢复 {sub.id}"))[0].text
    assert "已取消订阅" in (await olga.send(f"/digest 取消 #{sub.id}"))[0].text
    assert not await DigestSubscription.exists()
    assert "已不存在" in (await olga.send(f"/digest 取消 #{sub.id}"))[0].text  # typed twice
    assert "还没有简报订阅" in (await olga.send("/digest 取消"))[0].text  # no number and nothing here


async def test_an_action_typed_without_a_number_acts_on_the_chats_one_subscription_or_asks_which(
        harness: Harness) -> None:
    olga = await harness.user("Olga", user_id=ORGANIZER_ID)
    await olga.send("/start")
    await olga.send("/digest 每天 8:00")
    assert "已暂停" in (await olga.send("/digest 暂停"))[0].text
    assert (await DigestSubscription.get()).paused
    await olga.send("/digest 每周一 8:30")
    answer = (await olga.send("/digest 恢复"))[0].text
    assert "2 份简报订阅" in answer and "#" in answer and "每周一" in answer  # which one? listed with numbers
    assert (await DigestSubscription.get(frequency="daily")).paused  # nothing changed


async def test_an_action_typed_without_a_number_in_private_never_touches_a_groups_digest(harness: Harness) -> None:
    olga = await harness.user("Olga", user_id=ORGANIZER_ID)
    await olga.send("/start")
    group = await harness.client.group("区金融局工作群")
    await group.send("/digest 每天 8:00", olga)
    assert "还没有简报订阅" in (await olga.send("/digest 取消"))[0].text  # her private chat has none of its own
    assert await DigestSubscription.exists()


async def test_the_same_quick_button_pressed_again_says_the_subscription_exists(harness: Harness) -> None:
    olga = await harness.user("Olga", user_id=ORGANIZER_ID)
    await olga.send("/start")
    listing = (await olga.send("/digest"))[-1]
    assert "已订阅：每天 08:00" in (await olga.press("➕ 每天 8:00", listing))[0].text
    answered = len(await olga.callback_answers())
    assert not await olga.press("➕ 每天 8:00", listing)  # no new message ...
    [again] = (await olga.callback_answers())[answered:]
    assert "已经有相同时间的简报订阅" in str(again.get("text"))  # ... the press itself is answered
    assert await DigestSubscription.all().count() == 1
    assert not harness.api_errors()  # the press was answered once
