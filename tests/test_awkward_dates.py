"""Series and deadlines at dates where calendars trip: a month's end, a Sunday, 31 December into
1 January, 29 February. Expected sessions are worked out here by walking the calendar day by day."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from models.clock import travel_to, utcnow
from models.enums import SeriesKind
from models.operations.event_ops import default_deadline
from models.operations.series_ops import SeriesFacts, create_series
from models.parsers.recurrence import parse_recurrence
from models.tables.people import Person
from schedules.jobs import rebuild_jobs, scheduled_ids
from tests.harness import ORGANIZER_ID, Harness

TZ = ZoneInfo("Asia/Shanghai")
DATES = {
    "month-end": datetime(2026, 1, 31, 14, 0, tzinfo=UTC),  # Saturday 22:00
    "sunday": datetime(2026, 3, 1, 1, 0, tzinfo=UTC),  # 09:00
    "new-years-eve": datetime(2026, 12, 31, 15, 30, tzinfo=UTC),  # Thursday 23:30
    "leap-day": datetime(2028, 2, 29, 2, 0, tzinfo=UTC),  # Tuesday 10:00
}


def next_local(weekday: int, at: time, after: datetime, *, skip: int = 0) -> datetime:
    """The `skip`+1-th local `weekday` at `at` strictly after `after`, found by walking the calendar."""
    day: date = after.astimezone(TZ).date()
    found = []
    while len(found) <= skip:
        moment = datetime.combine(day, at, tzinfo=TZ)
        if day.isoweekday() == weekday and moment > after:
            found.append(moment)
        day += timedelta(days=1)
    return found[-1]


@pytest.mark.parametrize("moment", DATES.values(), ids=DATES.keys())
async def test_a_weekly_series_creates_the_right_sessions_and_plans_the_next(harness: Harness,
                                                                             moment: datetime) -> None:
    travel_to(moment)
    organizer = await Person.create(tg_id=ORGANIZER_ID, full_name="组织者", is_organizer=True)
    rule = parse_recurrence("每周一 7:30").canonical()
    created = await create_series(organizer, SeriesFacts(SeriesKind.breakfast, "早餐汇", rule, days_ahead=6),
                                  utcnow(), TZ)
    first, second = next_local(1, time(7, 30), moment), next_local(1, time(7, 30), moment, skip=1)
    assert [event.starts_at for event in created.events] == [first]
    day_before = first - timedelta(hours=24)
    # sign-up closes a day before; a session created later than that (Sunday 09:00 for Monday 07:30) an hour before
    assert created.events[0].deadline == (day_before if day_before > moment else first - timedelta(hours=1))
    assert created.events[0].deadline > moment
    assert harness.app is not None
    await rebuild_jobs(harness.app)
    jobs = scheduled_ids(harness.app)
    assert jobs[f"series:{created.series.id}"] == second - timedelta(days=6)
    reminder = jobs[f"remind:{created.events[0].id}:24"]
    if day_before > moment:
        assert reminder == day_before
    else:  # created after its day-before moment (Sunday 09:00 for Monday 07:30): the reminder goes now
        assert abs(reminder - utcnow()) < timedelta(seconds=10)


@pytest.mark.parametrize("moment", DATES.values(), ids=DATES.keys())
def test_a_session_added_at_short_notice_gets_a_deadline_still_ahead(moment: datetime) -> None:
    tomorrow_morning = datetime.combine(moment.astimezone(TZ).date() + timedelta(days=1), time(7, 30), tzinfo=TZ)
    deadline = default_deadline(tomorrow_morning, moment)
    assert moment < deadline < tomorrow_morning
    assert default_deadline(moment + timedelta(minutes=30), moment) == moment + timedelta(minutes=30)
    assert default_deadline(moment + timedelta(days=3), moment) == moment + timedelta(days=2)
