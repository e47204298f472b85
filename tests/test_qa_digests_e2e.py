"""QA round of issue 9 §1-2 and the group chat (SQLite and PostgreSQL): a digest subscribed in a group is
delivered into that group through the outbox once per period, with no personal data; the rules and periods
organizers really type; and the regressions this round found."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import cn2an
import matplotlib
import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.clock import travel_to
from models.enums import IntentStatus, TargetMetric
from models.parsers.periods import PeriodTooLong, ReversedPeriod, Span, parse_report_period
from models.reports.figures import CreditCurve, GroupFigure
from models.rules.digest_rules import DayOutOfRange, DigestRule, Frequency, RuleError, parse_rule
from models.tables.digests import DigestSubscription
from models.tables.intents import Intent, LedgerEntry
from models.tables.outbox import OutboxMessage
from models.tables.people import Person
from models.tables.running_totals import add_ledger_rows
from notices.charts import _rc, draw
from sandbox.driver import Message, UserChat
from schedules.jobs import scheduled_ids
from tests import digest_world as dw
from tests.harness import ORGANIZER_ID, Harness
from tests.test_reports_e2e import PNG, seed_june

PERSONAL = ("13800138000", "张三", "录入员", "王小明", "Olga", "Alice", str(ORGANIZER_ID))


async def _group_digests(group: UserChat, count: int) -> list[Message]:
    """The group's digest messages (chart photos and texts) once `count` chart photos have come."""
    for _ in range(400):
        found = [m for m in await group.messages() if m.photo or "融资对接简报" in m.text]
        if len([m for m in found if m.photo]) >= count and len(found) >= 2 * count:
            return found
        await asyncio.sleep(0.05)
    raise AssertionError(f"expected {count} digests in the group, got {[m.text[:40] for m in found]}")


async def test_a_group_digest_arrives_in_the_group_once_per_period_without_personal_data(harness: Harness) -> None:
    organizer = await harness.user("Olga", user_id=ORGANIZER_ID)
    await organizer.send("/start")
    alice = await harness.user("Alice")
    await alice.send("/start")
    await seed_june()
    group = await harness.client.group("经信局工作群")
    answer = (await group.send("/digest 每天 8:00", organizer))[0].text
    assert "已订阅：每天 08:00" in answer
    refused = (await group.send("/digest 每天 9:00", alice))[0].text  # a member who is no organizer
    assert "没有权限" in refused
    [sub] = await DigestSubscription.all()
    assert sub.chat_id == group.id and sub.chat_title == "经信局工作群"

    travel_to(datetime(2026, 6, 12, 0, 0, 30, tzinfo=UTC))  # Friday 08:00:30 in Wuhan
    await harness.restart()
    first = await _group_digests(group, 1)
    [photo] = [m for m in first if m.photo]
    assert "2026-06-11 08:00 至 2026-06-12 08:00" in photo.text
    assert (await group.download(photo.photo[-1]["file_id"])).startswith(PNG)
    text = "\n".join(m.text for m in first)
    assert "期间：2026-06-11 08:00 至 2026-06-12 08:00" in text and "交通银行" in text
    assert not [word for word in PERSONAL if word in text]
    assert not [m for m in await organizer.messages() if m.photo or "融资对接简报" in m.text]  # not privately
    rows = await OutboxMessage.filter(key__startswith=f"digest:{sub.id}:").values_list("chat_id", flat=True)
    assert rows and set(rows) == {group.id}

    await harness.restart()  # the same period is never sent twice
    await asyncio.sleep(0.5)
    assert len(await _group_digests(group, 1)) == len(first)
    travel_to(datetime(2026, 6, 13, 0, 1, tzinfo=UTC))  # the next morning: the next period, once
    await harness.restart()
    second = (await _group_digests(group, 2))[len(first):]
    assert "期间：2026-06-12 08:00 至 2026-06-13 08:00" in "\n".join(m.text for m in second)
    assert await OutboxMessage.filter(key__startswith=f"digest:{sub.id}:", method="sendPhoto").count() == 2
    assert scheduled_ids(harness.app)[f"digest:{sub.id}"] == datetime(2026, 6, 14, 0, 0, tzinfo=UTC)
    assert await Person.filter(tg_id=alice.id, is_organizer=False).exists()


@pytest.mark.parametrize(("raw", "rule"), [
    ("每周五下午5点", DigestRule(Frequency.weekly, time(17), weekday=4)),
    ("每天晚上8点", DigestRule(Frequency.daily, time(20))),
    ("每天 中午12点", DigestRule(Frequency.daily, time(12))),
    ("每天中午1点半", DigestRule(Frequency.daily, time(13, 30))),
    ("每周一早上八点", DigestRule(Frequency.weekly, time(8), weekday=0)),
    ("每周二十点", DigestRule(Frequency.weekly, time(10), weekday=1)),
    ("每天下午五点三十分", DigestRule(Frequency.daily, time(17, 30))),
    ("每月十五号 九点", DigestRule(Frequency.monthly, time(9), day=15)),
    ("每天 下午 17:00", DigestRule(Frequency.daily, time(17))),
    ("weekly fri 5pm", DigestRule(Frequency.weekly, time(17), weekday=4)),
    ("daily 8am", DigestRule(Frequency.daily, time(8))),
    ("every monday at 8:30 am", DigestRule(Frequency.weekly, time(8, 30), weekday=0)),
    ("daily 12pm", DigestRule(Frequency.daily, time(12))),
    ("daily 12am", DigestRule(Frequency.daily, time(0))),
    ("monthly 15 5pm", DigestRule(Frequency.monthly, time(17), day=15)),
])
def test_afternoons_and_chinese_numerals_in_digest_rules(raw: str, rule: DigestRule) -> None:
    assert parse_rule(raw) == rule


@pytest.mark.parametrize("raw", ["daily 13pm", "daily 0am", "每天晚上25点", "每周八 8:00"])
def test_impossible_afternoons_are_refused(raw: str) -> None:
    with pytest.raises(RuleError):
        parse_rule(raw)


async def test_rules_organizers_type_in_chat(harness: Harness) -> None:
    organizer = await harness.user("Olga", user_id=ORGANIZER_ID)
    await organizer.send("/start")
    answer = (await organizer.send("/digest 每周五下午5点"))[0].text
    assert "已订阅：每周五 17:00" in answer and "2026-06-12 17:00" in answer
    assert "已订阅：每天 20:00" in (await organizer.send("/digest 每天晚上8点"))[0].text
    for day in ("/digest 每月31日", "/digest 每月30号 9:00", "/digest monthly 31 9:00"):
        answer = (await organizer.send(day))[0].text
        assert "1–28" in answer and "没有看懂" not in answer, day
    answer = (await organizer.send("/digest 每天 25:00"))[0].text
    assert "没有看懂这个时间" in answer


def _upgrade_to_supergroup(harness: Harness, group: UserChat, supergroup: UserChat, user: UserChat) -> None:
    """What Telegram says when a group becomes a supergroup: a service message in each chat."""
    world = harness.sandbox
    for chat_id, content in ((group.id, {"migrate_to_chat_id": supergroup.id}),
                             (supergroup.id, {"migrate_from_chat_id": group.id})):
        chat = world.driver_chat(chat_id)
        message = world.new_message(chat, world.driver_user(chat_id, user.id), content)
        world.store(chat, message)
        world.push_update("message", message)


async def test_a_group_that_becomes_a_supergroup_keeps_its_digest(harness: Harness) -> None:
    organizer = await harness.user("Olga", user_id=ORGANIZER_ID)
    await organizer.send("/start")
    group = await harness.client.group("经信局工作群", kind="group")
    await group.send("/digest 每天 8:00", organizer)
    supergroup = await harness.client.group("经信局工作群", kind="supergroup")
    _upgrade_to_supergroup(harness, group, supergroup, organizer)
    await group.send("/digest", organizer)  # once this is answered, the service messages were read
    for _ in range(100):
        if (await DigestSubscription.get()).chat_id == supergroup.id:
            break
        await asyncio.sleep(0.05)
    assert (await DigestSubscription.get()).chat_id == supergroup.id
    travel_to(datetime(2026, 6, 12, 0, 0, 30, tzinfo=UTC))
    await harness.restart()
    assert await _group_digests(supergroup, 1)
    assert not [m for m in await group.messages() if m.photo]
    listing = (await supergroup.send("/digest", organizer))[0].text
    assert "每天 08:00（群：经信局工作群）" in listing


async def test_a_digest_for_a_group_upgraded_unseen_follows_it_to_the_supergroup(harness: Harness) -> None:
    """The bot missed the migration messages: Telegram refuses the old id with the new one, and the digest
    (and the subscription) go there instead of failing."""
    organizer = await harness.user("Olga", user_id=ORGANIZER_ID)
    await organizer.send("/start")
    group = await harness.client.group("经信局工作群", kind="group")
    await group.send("/digest 每天 8:00", organizer)
    supergroup = await harness.client.group("经信局工作群", kind="supergroup")
    harness.sandbox.migrated[group.id] = supergroup.id
    travel_to(datetime(2026, 6, 12, 0, 0, 30, tzinfo=UTC))
    await harness.restart()
    assert await _group_digests(supergroup, 1)
    assert (await DigestSubscription.get()).chat_id == supergroup.id
    assert not await OutboxMessage.filter(chat_id=group.id).exclude(status="sent").exists()
    refused = [e["description"] for e in harness.sandbox.errors]
    assert refused == ["Bad Request: group chat was upgraded to a supergroup chat"]  # once, then the new id
    harness.sandbox.errors.clear()  # that refusal is the point of this test, not a mistake of the bot


THURSDAY = date(2026, 6, 11)


@pytest.mark.parametrize(("raw", "first", "last"), [
    ("6月", date(2026, 6, 1), date(2026, 6, 30)),
    ("5月份", date(2026, 5, 1), date(2026, 5, 31)),
    ("11月", date(2025, 11, 1), date(2025, 11, 30)),  # November has not come yet this year: the last one
    ("十一月", date(2025, 11, 1), date(2025, 11, 30)),
    ("2026年六月", date(2026, 6, 1), date(2026, 6, 30)),
    ("2026年6月1日至6月30日", date(2026, 6, 1), date(2026, 6, 30)),
    ("2026.6.1-6.15", date(2026, 6, 1), date(2026, 6, 15)),
    ("2026-1-1~2026-6-9", date(2026, 1, 1), date(2026, 6, 9)),
    ("上半年", date(2026, 1, 1), date(2026, 6, 30)),
    ("今年上半年", date(2026, 1, 1), date(2026, 6, 30)),
    ("去年下半年", date(2025, 7, 1), date(2025, 12, 31)),
    ("2025年下半年", date(2025, 7, 1), date(2025, 12, 31)),
    ("二季度", date(2026, 4, 1), date(2026, 6, 30)),
    ("第一季度", date(2026, 1, 1), date(2026, 3, 31)),
    ("Q2", date(2026, 4, 1), date(2026, 6, 30)),
])
def test_periods_organizers_type(raw: str, first: date, last: date) -> None:
    assert parse_report_period(raw, THURSDAY) == Span(first, last)


def test_a_reversed_or_too_long_range_says_so() -> None:
    with pytest.raises(ReversedPeriod):
        parse_report_period("2026-06-30~2026-06-01", THURSDAY)
    with pytest.raises(PeriodTooLong):
        parse_report_period("2016-01-01~2026-06-30", THURSDAY)
    assert parse_report_period("2016-06-30~2026-06-30", THURSDAY).first == date(2016, 6, 30)  # ten years fit


async def test_report_periods_in_chat(harness: Harness) -> None:
    organizer = await harness.user("Olga", user_id=ORGANIZER_ID)
    await organizer.send("/start")
    await seed_june()
    for typed in ("/report 6月", "/report 2026-6-1~2026-6-9", "/report 2026年6月1日至6月30日", "/report 上半年"):
        report = "\n".join(m.text for m in await organizer.send(typed))
        assert "意向授信 6.57亿元" in report, typed
    answer = (await organizer.send("/report 2026-06-30~2026-06-01"))[0].text
    assert "开始日期 2026-06-30 晚于结束日期 2026-06-01" in answer
    answer = (await organizer.send("/paragraph 2016-01-01~2026-06-30"))[0].text
    assert "最长 10 年" in answer
    assert "没有看懂这个期间" in (await organizer.send("/report 胡说八道"))[0].text


def test_bars_without_any_figure_have_no_negative_axis_and_no_zero_label() -> None:
    curve = CreditCurve(datetime(2026, 6, 1, tzinfo=UTC), datetime(2026, 6, 11, tzinfo=UTC),
                        ((datetime(2026, 6, 1, tzinfo=UTC), 0), (datetime(2026, 6, 11, tzinfo=UTC), 0)), None)
    with matplotlib.rc_context(_rc()):
        figure = draw(curve, (), (), "zh", ZoneInfo("Asia/Shanghai"))
    for bars in figure.axes[1:]:
        assert bars.get_xlim()[0] >= 0
        assert [text.get_text() for text in bars.texts] == []
        assert [label.get_text() for label in bars.get_yticklabels()] == ["（暂无）"]


async def test_the_charts_caption_names_the_curves_span_and_the_bars_period(harness: Harness) -> None:
    organizer = await harness.user("Olga", user_id=ORGANIZER_ID)
    await organizer.send("/start")
    await seed_june()
    [photo] = await organizer.send("/chart 去年")
    assert photo.photo
    assert "累计意向授信与目标：2026-06-01 至 2026-06-11" in photo.text  # the curve: the programme so far
    assert "2025-01-01 至 2025-12-31" in photo.text  # the bars: the period asked for
    [overview] = await organizer.send("/chart")  # since the start: whole days, not the minutes up to now
    assert overview.photo and "2026-06-01 至 2026-06-11" in overview.text
    assert not re.search(r"\d{2}:\d{2}", overview.text), overview.text


async def test_a_group_digest_of_a_demoted_organizer_shows_stopped_and_another_organizer_takes_it_over(
        harness: Harness) -> None:
    olga = await harness.user("Olga", user_id=ORGANIZER_ID)
    await olga.send("/start")
    eve = await harness.user("Eve", user_id=9002, language_code="en")
    await eve.send("/start")
    await Person.filter(tg_id=9002).update(is_organizer=True)
    group = await harness.client.group("经信局工作群")
    await group.send("/digest 每天 8:00", olga)
    await Person.filter(tg_id=ORGANIZER_ID).update(is_organizer=False)  # Olga moved to another post
    listing = (await group.send("/digest", eve))[0]
    assert "stopped" in listing.text and "▶️ Resume #1" in listing.buttons[0]
    await harness.client.call("POST", f"/chats/{group.id}/press",
                              json={"message_id": listing.message_id, "text": "▶️ Resume #1", "user_id": eve.id})
    for _ in range(100):
        if (await DigestSubscription.get()).person_id != (await Person.get(tg_id=ORGANIZER_ID)).id:
            break
        await asyncio.sleep(0.05)
    sub = await DigestSubscription.get()
    assert sub.person_id == (await Person.get(tg_id=9002)).id and sub.chat_id == group.id
    travel_to(datetime(2026, 6, 12, 0, 0, 30, tzinfo=UTC))
    await harness.restart()
    assert await _group_digests(group, 1)


async def test_a_group_that_removed_the_bot_gets_no_more_digests_until_resumed(harness: Harness) -> None:
    olga = await harness.user("Olga", user_id=ORGANIZER_ID)
    await olga.send("/start")
    group = await harness.client.group("经信局工作群")
    await group.send("/digest 每天 8:00", olga)
    world = harness.sandbox
    bot = {k: world.bot_user[k] for k in ("id", "is_bot", "first_name", "username")}
    world.push_update("my_chat_member", {
        "chat": world.chat_object(group.id), "from": world.users[olga.id], "date": 1_780_000_000,
        "old_chat_member": {"status": "member", "user": bot}, "new_chat_member": {"status": "kicked", "user": bot,
                                                                                  "until_date": 0}})
    for _ in range(100):
        if (await DigestSubscription.get()).paused:
            break
        await asyncio.sleep(0.05)
    sub = await DigestSubscription.get()
    assert sub.paused and f"digest:{sub.id}" not in scheduled_ids(harness.app)
    travel_to(datetime(2026, 6, 12, 0, 0, 30, tzinfo=UTC))
    await harness.restart()
    await asyncio.sleep(0.5)
    assert not await OutboxMessage.filter(chat_id=group.id).exists()
    listing = (await olga.send("/digest"))[0]
    assert "#1 每天 08:00（群：经信局工作群）· 已暂停" in listing.text
    audit = (await olga.send("/audit"))[0].text  # the automatic pause, in words
    assert "暂停简报" in audit and "原因：— → 机器人已被移出该群" in audit and "removed" not in audit


async def test_a_first_digest_after_downtime_covers_every_missed_week(harness: Harness) -> None:
    olga = await harness.user("Olga", user_id=ORGANIZER_ID)
    await olga.send("/start")
    await seed_june()  # credit confirmed on June 5th
    await olga.send("/digest 每周一 8:30")  # Thursday June 11th; the first Monday would be June 15th
    travel_to(datetime(2026, 6, 29, 1, 0, tzinfo=UTC))  # the bot was down until Monday June 29th, 09:00
    await harness.restart()
    [photo] = [m for m in await _wait_photos(olga, 1)]
    assert "2026-06-08 08:30 至 2026-06-29 08:30" in photo.text  # not only the last week
    await harness.restart()
    await asyncio.sleep(0.5)
    assert len([m for m in await olga.messages() if m.photo]) == 1


async def _wait_photos(user: UserChat, count: int) -> list[Message]:
    for _ in range(400):
        found = [m for m in await user.messages() if m.photo]
        if len(found) >= count:
            return found
        await asyncio.sleep(0.05)
    raise AssertionError(f"expected {count} photos")


def test_long_english_names_on_bars_stay_readable_and_values_fit() -> None:
    curve = CreditCurve(datetime(2026, 6, 1, tzinfo=UTC), datetime(2026, 6, 11, tzinfo=UTC),
                        ((datetime(2026, 6, 1, tzinfo=UTC), 0), (datetime(2026, 6, 11, tzinfo=UTC), 5 * 10**8)), None)
    chains = (GroupFigure(1, "Optoelectronics & information", 5 * 10**8, 0, 0, 2),
              GroupFigure(2, "New-energy & connected vehicles", 157 * 10**6, 0, 0, 1))
    banks = (GroupFigure(3, "中国工商银行股份有限公司武汉东湖开发区支行", 5 * 10**8, 0, 0, 2),)
    with matplotlib.rc_context(_rc()):
        figure = draw(curve, banks, chains, "en", ZoneInfo("Asia/Shanghai"))
    institutions, by_chain = figure.axes[1], figure.axes[2]
    labels = [label.get_text() for label in by_chain.get_yticklabels()]
    assert any("Optoelectronics" in label for label in labels) and any("connected" in label for label in labels)
    [bank] = [label.get_text() for label in institutions.get_yticklabels()]
    assert bank.startswith("中国工商银行") and bank.endswith("…") and len(bank) <= 13
    for axes in (institutions, by_chain):
        assert axes.get_xlim()[1] >= 1.1 * max(patch.get_width() for patch in axes.patches)  # room for "5.00"


@pytest.mark.parametrize(("raw", "first"), [
    ("今年以来", date(2026, 1, 1)),
    ("年初至今", date(2026, 1, 1)),
    ("year to date", date(2026, 1, 1)),
    ("2026年3月1日至今", date(2026, 3, 1)),
    ("2026-03-01~今", date(2026, 3, 1)),
    ("2026-03-01 至今天", date(2026, 3, 1)),
    ("本月以来", date(2026, 6, 1)),
])
def test_periods_until_today(raw: str, first: date) -> None:
    assert parse_report_period(raw, THURSDAY) == Span(first, THURSDAY)


def test_a_start_after_today_until_today_is_reversed() -> None:
    with pytest.raises(ReversedPeriod):
        parse_report_period("2026-07-01至今", THURSDAY)


@pytest.mark.parametrize("raw", ["每月最后一天", "每月底 9:00", "月末", "monthly last day"])
def test_the_months_end_is_refused_with_the_reason(raw: str) -> None:
    with pytest.raises(DayOutOfRange):
        parse_rule(raw)


async def test_a_renamed_group_is_listed_by_its_new_name(harness: Harness) -> None:
    olga = await harness.user("Olga", user_id=ORGANIZER_ID)
    await olga.send("/start")
    group = await harness.client.group("融资对接群")
    await group.send("/digest 每天 8:00", olga)
    harness.sandbox.group_chats[group.id]["title"] = "经信局融资对接工作群"
    assert "（群：经信局融资对接工作群）" in (await group.send("/digest", olga))[0].text
    assert "（群：经信局融资对接工作群）" in (await olga.send("/digest"))[0].text  # and in the private listing


async def test_a_past_months_paragraph_keeps_its_firms_when_an_intent_is_taken_back_later(harness: Harness) -> None:
    """May: a bank confirmed 3亿 for one enterprise; June 5th: the bank rejected it after all. May's paragraph
    said (and must keep saying) 1 enterprise and 3亿; it said 0 enterprises beside 3亿 of credit."""
    olga = await harness.user("Olga", user_id=ORGANIZER_ID)
    await olga.send("/start")
    world = await dw.base_world(datetime(2026, 5, 1, tzinfo=UTC))
    bank = world.banks[0]
    may = datetime(2026, 5, 10, 2, 0, tzinfo=UTC)
    intent = await dw.intent(world, world.enterprises[0], bank, 300_000_000, IntentStatus.confirmed, may, may)
    await Intent.filter(id=intent.id).update(status=IntentStatus.rejected)
    taken_back = datetime(2026, 6, 5, 2, 0, tzinfo=UTC)
    await LedgerEntry.create(intent=intent, metric=TargetMetric.confirmed_amount, delta=-300_000_000, at=taken_back)
    await add_ledger_rows(intent, [(TargetMetric.confirmed_amount, -300_000_000)], taken_back)
    await olga.send("/paragraph 2026年5月")
    may_text = (await olga.expect("工作总结段落")).text
    assert "推动1家企业与银行达成融资意向，授信金额3亿元" in may_text
    await olga.send("/paragraph 2026年6月")
    june_text = [m.text for m in await olga.messages() if "工作总结段落" in m.text][-1]
    assert "推动0家企业与银行达成融资意向" in june_text


@pytest.mark.parametrize(("raw", "rule"), [
    ("weekly on monday at 8:30", DigestRule(Frequency.weekly, time(8, 30), weekday=0)),
    ("every friday at 5pm", DigestRule(Frequency.weekly, time(17), weekday=4)),
    ("every month on the 15th at 9am", DigestRule(Frequency.monthly, time(9), day=15)),
    ("monthly on the 1st", DigestRule(Frequency.monthly, time(8), day=1)),
    ("every day at 7:45", DigestRule(Frequency.daily, time(7, 45))),
])
def test_english_rules_as_written(raw: str, rule: DigestRule) -> None:
    assert parse_rule(raw) == rule


def test_english_lines_read_as_english() -> None:
    from notices.i18n import t
    line = t("en", "report-group", rank="1", name="Bank", confirmed="a", approved="b", disbursed="c", firms=1)
    assert line.endswith("· 1 enterprise")
    listing = t("en", "digest-line", id="2", rule="every Friday 17:00", where=t("en", "digest-where-private"),
                paused=t("en", "digest-paused-mark"))
    assert listing == "#2 every Friday 17:00 (private chat) · paused"
    assert t("en", "report-funnel-step", step="attended", count="3") + t("en", "report-funnel-rate", rate="75") \
        == "attended 3 (75%)"


@pytest.mark.parametrize(("raw", "days"), [("最近7天", 7), ("近30天", 30), ("过去三十天", 30), ("近一周", 7),
                                           ("last 7 days", 7), ("近 14 日", 14)])
def test_the_last_days(raw: str, days: int) -> None:
    assert parse_report_period(raw, THURSDAY) == Span(THURSDAY - timedelta(days=days - 1), THURSDAY)


@given(hour=st.integers(0, 23), minute=st.integers(0, 59), weekday=st.integers(0, 6))
def test_chinese_numerals_read_as_digits(hour: int, minute: int, weekday: int) -> None:
    day = "一二三四五六日"[weekday]
    spoken = f"每周{day} {cn2an.an2cn(hour)}点{cn2an.an2cn(minute) if minute else ''}"
    assert parse_rule(spoken) == parse_rule(f"每周{day} {hour}:{minute:02d}") \
        == DigestRule(Frequency.weekly, time(hour, minute), weekday=weekday)


@given(hour=st.integers(1, 11), minute=st.integers(0, 59))
def test_afternoon_words_add_twelve_hours(hour: int, minute: int) -> None:
    expected = DigestRule(Frequency.daily, time(hour + 12, minute))
    assert parse_rule(f"每天下午{hour}:{minute:02d}") == parse_rule(f"daily {hour}:{minute:02d}pm") == expected


@given(today=st.dates(date(2000, 1, 1), date(2090, 12, 31)), days=st.integers(1, 3000))
def test_the_last_n_days_end_today_and_last_n_days(today: date, days: int) -> None:
    span = parse_report_period(f"近{days}天", today)
    assert span.last == today and (span.last - span.first).days == days - 1


@given(today=st.dates(date(2000, 1, 1), date(2090, 12, 31)), month=st.integers(1, 12))
def test_a_month_without_its_year_is_the_latest_that_has_begun(today: date, month: int) -> None:
    span = parse_report_period(f"{month}月", today)
    assert span.first.month == month and span.first <= today and (today - span.first).days < 366


async def test_no_digest_is_drawn_for_an_organizer_who_blocked_the_bot_and_it_comes_back_after(
        harness: Harness) -> None:
    olga = await harness.user("Olga", user_id=ORGANIZER_ID)
    await olga.send("/start")
    await olga.send("/digest 每天 8:00")
    await olga.block()
    for _ in range(100):
        if await Person.filter(tg_id=ORGANIZER_ID, blocked_bot=True).exists():
            break
        await asyncio.sleep(0.05)
    travel_to(datetime(2026, 6, 12, 0, 0, 30, tzinfo=UTC))
    await harness.restart()
    for _ in range(100):
        if (await DigestSubscription.get()).covered_until is not None:
            break
        await asyncio.sleep(0.05)
    assert (await DigestSubscription.get()).covered_until == datetime(2026, 6, 12, 0, 0, tzinfo=UTC)
    assert not await OutboxMessage.filter(chat_id=olga.id, key__startswith="digest:").exists()
    await olga.block(False)
    await olga.send("/start")
    travel_to(datetime(2026, 6, 13, 0, 0, 30, tzinfo=UTC))
    await harness.restart()
    [photo] = await _wait_photos(olga, 1)
    assert "2026-06-12 08:00 至 2026-06-13 08:00" in photo.text


async def test_a_past_periods_report_says_its_overdue_list_is_current(harness: Harness) -> None:
    olga = await harness.user("Olga", user_id=ORGANIZER_ID)
    await olga.send("/start")
    await seed_june()
    report = "\n".join(m.text for m in await olga.send("/report 去年"))
    assert "期间：2025-01-01 至 2025-12-31" in report
    assert "当前超过服务时限" in report and "当前各状态" in report  # today's lists, not 2025's
