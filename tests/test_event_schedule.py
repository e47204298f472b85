"""Reminders (.ics, venue, buttons), jobs derived from the database across restarts, check-in with
the QR link, no-shows and follow-ups. Jobs run deterministically: `execute(job, now=...)`."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from models.clock import travel_to, utcnow
from models.enums import EventStatus, OutboxStatus, RegistrationStatus
from models.operations.signup_ops import enterprise_visits, sign_up
from models.tables.events import Event, Registration
from models.tables.outbox import OutboxMessage
from sandbox.driver import UserChat
from schedules.jobs import PlannedJob, execute, planned_jobs, rebuild_jobs, scheduled_ids
from tests.event_flows import USCCS, enterprise_chat, facts, open_event, organizer_chat, person, staff_chat
from tests.harness import Harness

CHECKIN_LINK = re.compile(r"start=(ci_[0-9a-f]+)")
# The scheduling tests run at the suite's ordinary Thursday and at dates where calendars trip: a month's
# last evening, a Sunday, New Year's Eve just before midnight, a leap day (all in Wuhan's time).
AWKWARD_DATES = {
    "month-end": datetime(2026, 1, 31, 14, 0, tzinfo=UTC),
    "sunday": datetime(2026, 3, 1, 1, 0, tzinfo=UTC),
    "new-years-eve": datetime(2026, 12, 31, 15, 30, tzinfo=UTC),
    "leap-day": datetime(2028, 2, 29, 2, 0, tzinfo=UTC),
}


@pytest.fixture(autouse=True, params=["ordinary", *AWKWARD_DATES])
def scheduling_date(request: pytest.FixtureRequest, fixed_clock: datetime) -> datetime:
    moment = AWKWARD_DATES.get(request.param, fixed_clock)
    travel_to(moment)
    return moment


def remind(event: Event, lead: int) -> PlannedJob:
    return PlannedJob(f"remind:{event.id}:{lead}", event.starts_at - timedelta(hours=lead), "remind", event.id, lead)


async def run(harness: Harness, job: PlannedJob, now) -> int:  # type: ignore[no-untyped-def]
    assert harness.app is not None
    queued = await execute(job, harness.settings, now)
    harness.app.bot_data["sender"].wake()
    return queued


async def venue_of(user: UserChat) -> dict[str, Any]:
    for _ in range(200):
        venues = [m.venue for m in await user.messages() if m.venue]
        if venues:
            return venues[0]
        await asyncio.sleep(0.05)
    raise AssertionError("no venue message")


async def test_jobs_are_derived_with_stable_ids_and_survive_restarts(harness: Harness) -> None:
    _, organizer = await organizer_chat(harness)
    event = await open_event(organizer, facts(starts_in=timedelta(hours=30)))
    assert harness.app is not None
    await rebuild_jobs(harness.app)
    await harness.restart()
    await rebuild_jobs(harness.app)
    jobs = scheduled_ids(harness.app)
    assert jobs == {
        f"remind:{event.id}:24": event.starts_at - timedelta(hours=24),
        f"remind:{event.id}:2": event.starts_at - timedelta(hours=2),
        f"after:{event.id}": event.ends_at + timedelta(minutes=30),
    }
    missed = await planned_jobs(harness.settings, event.starts_at - timedelta(hours=20))
    assert [j.id for j in missed if j.kind == "remind"] == [f"remind:{event.id}:24", f"remind:{event.id}:2"]
    late = await planned_jobs(harness.settings, event.starts_at - timedelta(hours=1))
    assert [j.id for j in late if j.kind == "remind"] == [f"remind:{event.id}:2"]  # only the latest missed one
    started = await planned_jobs(harness.settings, event.starts_at + timedelta(minutes=1))
    assert [j.id for j in started if j.kind == "remind"] == []  # a reminder after the start is dropped


async def test_reminders_bring_an_ics_a_venue_and_buttons_once_across_a_restart(harness: Harness) -> None:
    _, organizer = await organizer_chat(harness)
    event = await open_event(organizer, facts(starts_in=timedelta(hours=30)))
    guest = await enterprise_chat(harness, "甲科技", USCCS[0])
    waiting = await enterprise_chat(harness, "乙制造", USCCS[1])
    other = await enterprise_chat(harness, "丙材料", USCCS[2])
    await sign_up(await person(guest), event.id, utcnow())
    await sign_up(await person(other), event.id, utcnow())
    await sign_up(await person(waiting), event.id, utcnow())  # two seats: waitlisted, no reminder

    assert await run(harness, remind(event, 24), event.starts_at - timedelta(hours=24)) == 4  # .ics and venue, 2 each
    reminder = await guest.expect("活动提醒")
    assert reminder.document is not None and reminder.document["file_name"] == f"event-{event.id}.ics"
    ics = (await guest.download(reminder.document["file_id"])).decode()
    assert "BEGIN:VEVENT" in ics and event.starts_at.strftime("DTSTART:%Y%m%dT%H%M00Z") in ics
    venue = await venue_of(guest)  # the venue with its map location, a second after the reminder
    assert venue["title"] == event.title and venue["location"]["latitude"] == event.latitude

    await harness.restart()  # the job fires again after a restart: nobody gets it twice
    assert await run(harness, remind(event, 24), event.starts_at - timedelta(hours=23)) == 0
    await guest.press("✅ 确认参加", reminder)
    await guest.expect("已确认参加")
    registration = await Registration.get(person__tg_id=guest.id)
    assert registration.confirmed_at is not None
    for user, count in ((guest, 1), (other, 1), (waiting, 0)):
        reminders = [m for m in await user.messages() if "活动提醒" in m.text]
        assert len(reminders) == count
    assert await run(harness, remind(event, 2), event.starts_at + timedelta(minutes=1)) == 0

    await other.press("✖️ 取消报名")  # from the reminder: the waitlisted one moves up
    await waiting.expect("有名额空出")


async def test_check_in_with_the_qr_link_then_no_shows_and_follow_ups(harness: Harness) -> None:
    organizer_user, organizer = await organizer_chat(harness)
    event = await open_event(organizer, facts(starts_in=timedelta(hours=1), deadline=utcnow() + timedelta(minutes=30)))
    came = await enterprise_chat(harness, "甲科技", USCCS[0])
    absent = await enterprise_chat(harness, "乙制造", USCCS[1])
    banker = await staff_chat(harness, "交行小李", "交通银行")
    for user in (came, absent, banker):
        await sign_up(await person(user), event.id, utcnow())

    await organizer_user.send("/events")
    await organizer_user.press(next(label for row in (await organizer_user.last()).buttons for label in row))
    await organizer_user.press("🔳 签到二维码")
    qr = await organizer_user.expect("签到二维码")
    assert qr.photo and qr.photo[0]["width"] > 100
    payload = CHECKIN_LINK.search(qr.text)
    assert payload is not None
    for user in (came, banker):
        await user.send(f"/start {payload[1]}")
        await user.expect("签到成功")
    await came.send(f"/start {payload[1]}")  # a second scan changes nothing, and says so
    await came.expect("无需重复签到")
    await absent.send("/start ci_0000000000000000")
    await absent.expect("签到码无效")
    stranger = await harness.user("路人")
    await stranger.send(f"/start {payload[1]}")
    await stranger.expect("签到需要先登记")

    job = PlannedJob(f"after:{event.id}", event.ends_at, "after", event.id)
    assert await run(harness, job, event.ends_at + timedelta(minutes=30)) == 2
    statuses = {r.enterprise_id: r.status for r in await Registration.filter(enterprise_id__isnull=False)}
    assert statuses == {(await person(came)).enterprise_id: RegistrationStatus.checked_in,
                        (await person(absent)).enterprise_id: RegistrationStatus.no_show}
    assert (await Event.get(id=event.id)).status is EventStatus.held
    assert await enterprise_visits() == 1

    followup = await banker.expect("本场签到的企业")
    assert "甲科技" in followup.text and "乙制造" not in followup.text
    assert followup.button_data("📝 登记融资意向") == f"i:new:{event.id}"
    await came.expect("请为本场活动打分")
    await came.press("5⭐")
    await came.expect("感谢您的评分")
    assert (await Registration.get(enterprise_id=(await person(came)).enterprise_id)).rating == 5
    assert await run(harness, job, event.ends_at + timedelta(hours=1)) == 0  # once only
    assert not [m for m in await absent.messages() if "打分" in m.text]
    assert await OutboxMessage.filter(status=OutboxStatus.failed).count() == 0


async def test_a_reminder_missed_while_the_bot_was_down_fires_once_at_start(harness: Harness) -> None:
    _, organizer = await organizer_chat(harness)
    event = await open_event(organizer, facts(starts_in=timedelta(minutes=90),
                                              deadline=utcnow() + timedelta(minutes=30)))
    guest = await enterprise_chat(harness, "甲科技", USCCS[0])
    await guest.send(f"/start ev_{event.id}")
    await guest.press("✍️ 报名")
    await guest.expect("报名成功")
    await harness.restart()  # start-up rebuilds the jobs: the 2 h reminder is due, the 24 h one is not run
    await guest.expect("活动提醒")
    await harness.restart()
    assert harness.app is not None
    assert f"remind:{event.id}:2" not in scheduled_ids(harness.app)  # it ran: not planned again
    keys = await OutboxMessage.filter(key__startswith=f"remind:{event.id}:").values_list("key", flat=True)
    assert sorted(keys) == [f"remind:{event.id}:2:{guest.id}", f"remind:{event.id}:2:{guest.id}:venue"]
