"""The benchmarks still run (no figure is asserted: timings are never a test's business)."""

from __future__ import annotations

import subprocess
import sys
from zoneinfo import ZoneInfo

from bench.generate import REPRESENTATIVE_TG, generate
from models.enums import IntentStatus
from models.reports.targets import progress_report
from models.tables.intents import Intent, LedgerEntry
from models.tables.people import Person
from tests.processes import PROJECT


async def test_the_generator_makes_a_city_of_every_shape(database_url: str) -> None:
    city = await generate(database_url, 0.002)
    statuses = set(await Intent.all().values_list("status", flat=True))
    assert statuses == set(IntentStatus)
    assert await LedgerEntry.all().count() > 0
    amounts = await Intent.all().values_list("amount", flat=True)
    assert all(1_000_000 <= amount <= 500_000_000 for amount in amounts)
    representative = await Person.get(tg_id=REPRESENTATIVE_TG + 1)
    assert representative.enterprise_id == 1
    organizer = await Person.get(tg_id=city.organizers[0])
    assert len(await progress_report(organizer, ZoneInfo("Asia/Shanghai"), "zh")) > 10
    assert (await Person.create(tg_id=1, full_name="after the generated ids")).id > len(city.staff)


def test_one_step_runs_against_the_echo_bot_and_finmatch() -> None:
    done = subprocess.run([sys.executable, "-m", "bench.steps", "--rounds", "1", "--people", "5", "--no-burst",
                           "--step", "register", "--scale", "0.002", "--backend", "sqlite"],
                          cwd=PROJECT, capture_output=True, text=True, timeout=170)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "register: 1/CPU per update vs echo" in done.stdout, done.stdout
    assert "finmatch left 0 unanswered" in done.stdout, done.stdout
