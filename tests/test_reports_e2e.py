"""/report, /chart, /paragraph and the overview, end to end through the sandbox (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime

from models.enums import EventStatus, FinancingKind, IntentStatus, RegistrationStatus
from tests import digest_world as dw
from tests.event_flows import organizer_chat
from tests.harness import Harness

JUNE = datetime(2026, 6, 3, 1, 0, tzinfo=UTC)
PNG = b"\x89PNG\r\n\x1a\n"


async def seed_june() -> dw.World:
    """One held event (3 check-ins, 1 no-show), three confirmed intents (two with the bank and its branch, one
    with a fund), one proposal waiting since June 1st, products of the bank and the fund."""
    world = await dw.base_world(JUNE)
    bank, branch, fund = world.banks
    ev = await dw.event(world, JUNE, EventStatus.held)
    for firm in world.enterprises[:3]:
        await dw.signup(world, ev, firm, RegistrationStatus.checked_in, JUNE, checked_in_at=JUNE)
    await dw.signup(world, ev, world.enterprises[3], RegistrationStatus.no_show, JUNE)
    confirmed = datetime(2026, 6, 5, 3, 0, tzinfo=UTC)
    await dw.intent(world, world.enterprises[0], bank, 300_000_000, IntentStatus.confirmed, JUNE, confirmed)
    await dw.intent(world, world.enterprises[1], branch, 157_000_000, IntentStatus.confirmed, JUNE, confirmed)
    await dw.intent(world, world.enterprises[2], fund, 200_000_000, IntentStatus.confirmed, JUNE, confirmed,
                    kind=FinancingKind.equity)
    await dw.intent(world, world.enterprises[3], branch, 50_000_000, IntentStatus.proposed,
                    datetime(2026, 6, 1, 1, 0, tzinfo=UTC))
    await dw.product(bank, "专精特新贷", JUNE)
    await dw.product(fund, "投贷联动基金", JUNE)
    return world


async def test_report_paragraph_and_chart_of_a_month(harness: Harness) -> None:
    organizer, _ = await organizer_chat(harness)
    await seed_june()
    report = "\n".join(m.text for m in await organizer.send("/report 本月"))
    assert "2026-06-01 至 2026-06-30" in report
    assert "意向授信 6.57亿元" in report
    assert "举办活动 1 场" in report and "签到 3 家次" in report and "缺席 1 次" in report
    assert "1. 交通银行：意向 4.57亿元 · 批复 0元 · 放款 0元 · 2 家企业" in report  # the branch folds into its bank
    assert "交通银行：1 项，合计 5,000万元" in report  # the proposal waiting past the service time
    # each rate: the share of the step before's enterprises that went on (all 3 who came proposed; the no-show too)
    assert "报名 4 → 签到 3（75%） → 提出意向 4（100%） → 确认意向 3（75%）" in report
    await organizer.press("📝 生成工作总结段落")
    text = (await organizer.expect("工作总结段落")).text + "\n" + (await organizer.expect("核对用精确数字")).text
    assert ("组织“早餐汇”“一月一链”等融资对接活动1场，服务中小企业3家次，促进融资超6.5亿元，"
            "推动2家企业与银行达成融资意向，授信金额约4.6亿元。"
            "交通银行、光谷创投针对专精特新企业设立了专项服务产品。") in text
    assert "促进融资：657,000,000 元" in text and "银行授信金额：457,000,000 元" in text
    await organizer.send("/chart 2026-06-01~2026-06-30")
    photo = await organizer.expect("2026-06-01 至 2026-06-30")
    assert photo.photo
    data = await organizer.download(photo.photo[-1]["file_id"])
    assert data.startswith(PNG) and len(data) > 10_000


async def test_paragraph_by_command_and_odd_periods(harness: Harness) -> None:
    organizer, _ = await organizer_chat(harness)
    assert "还没有任何记录" in (await organizer.send("/report"))[0].text
    await seed_june()
    for odd in ("/report 下下周", "/report 2026-13", "/paragraph 明年春天"):
        answer = (await organizer.send(odd))[0].text
        assert "没有看懂这个期间" in answer, odd
    assert "晚于结束日期" in (await organizer.send("/report 2026-06-30~2026-06-01"))[0].text
    await organizer.send("/paragraph 2026年6月")
    text = (await organizer.expect("工作总结段落")).text
    assert "2026-06-01 至 2026-06-30" in text and "促进融资超6.5亿元" in text
    quarter = "\n".join(m.text for m in await organizer.send("/report 本季度"))
    assert "2026-04-01 至 2026-06-30" in quarter and "意向授信 6.57亿元" in quarter


async def test_overview_needs_no_target_and_progress_shows_it(harness: Harness) -> None:
    organizer, _ = await organizer_chat(harness)
    await seed_june()
    overview = "\n".join(m.text for m in await organizer.send("/report"))
    assert "项目累计概况" in overview and "自 2026-06-01 项目启动以来" in overview
    assert "意向授信 6.57亿元" in overview
    await organizer.send("/progress")
    assert "还没有设置目标" in (await organizer.expect("目标进度")).text
    assert "意向授信 6.57亿元" in (await organizer.expect("项目累计概况")).text


async def test_only_organizers_get_figures(harness: Harness) -> None:
    await seed_june()
    stranger = await harness.user("路人")
    await stranger.send("/start")
    for command in ("/report", "/chart", "/paragraph 本月", "/digest 每天 8:00"):
        answer = (await stranger.send(command))[0].text
        assert "没有权限" in answer or "无权" in answer or "not allowed" in answer.lower(), (command, answer)
