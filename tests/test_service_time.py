"""The service time of a proposal: the digest's overdue list sums in SQL what is surely overdue and checks the
rest one by one; both together say what the working-day rule says of every proposal."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from models.enums import IntentStatus
from models.reports.figures import overdue_by_institution
from models.rules.service_time import add_working_days, calendar_days_at_most, overdue
from tests import digest_world as dw

TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 6, 11, 2, 0, tzinfo=UTC)  # a Thursday


@pytest.mark.parametrize("working_days", range(0, 16))
def test_no_span_of_working_days_takes_more_calendar_days_than_the_bound(working_days: int) -> None:
    starts = [datetime(2026, 6, 1, tzinfo=UTC) + timedelta(hours=5 * i) for i in range(14 * 24 // 5)]
    longest = max(add_working_days(start.astimezone(TZ), working_days) - start for start in starts)
    assert longest <= timedelta(days=calendar_days_at_most(working_days))


async def test_the_overdue_list_counts_exactly_the_proposals_past_their_service_time(database_url: str) -> None:
    world = await dw.base_world(NOW - timedelta(days=60))
    bank, branch, fund = world.banks
    expected: dict[str, list[int]] = {}
    for k in range(120):  # one proposal every 7 hours over the last 35 days, spread over the institutions
        created = NOW - timedelta(hours=7 * k)
        institution = (bank, branch, fund)[k % 3]
        amount = 1_000_000 * (k + 1)
        await dw.intent(world, world.enterprises[k % 4], institution, amount, IntentStatus.proposed, created, None)
        if overdue(created, NOW, 3, TZ):
            top = fund.name if institution is fund else bank.name  # the branch folds into its bank
            expected.setdefault(top, []).append(amount)
    found = {o.institution: (o.count, o.amount) for o in await overdue_by_institution(NOW, 3, TZ)}
    assert found == {name: (len(amounts), sum(amounts)) for name, amounts in expected.items()}
