"""Excel in chat, end to end through the sandbox (issue 9): /export, importing an .xlsx sent to the bot,
the report of a refused workbook, and claim links for imported enterprises."""

from __future__ import annotations

import re

from models.enums import Role, Tier
from models.tables.claims import ClaimLink
from models.tables.enterprises import Enterprise
from models.tables.people import Person
from tests.event_flows import enterprise_chat
from tests.excel_flows import (
    ROSTER_HEADER,
    code,
    received_file,
    roster,
    send_xlsx,
    sheets_of,
    state,
    workbook_bytes,
)
from tests.harness import Harness
from tests.staff_flows import organizer

CLAIM = re.compile(r"https://t\.me/\w+\?start=(cl_[\w-]+)")


async def test_export_sends_the_workbook_to_organizers_only(harness: Harness) -> None:
    org = await organizer(harness)
    company = await enterprise_chat(harness, "武汉光谷精密制造有限公司", code(1))
    await org.send("/export")
    message = await org.expect("全部数据导出")
    assert message.document["file_name"].endswith(".xlsx")
    sheets = sheets_of(await received_file(org, message))
    assert sheets["企业"][0][:2] == ("企业名称", "统一社会信用代码")
    assert sheets["企业"][1][:3] == ("武汉光谷精密制造有限公司", code(1), "专精特新中小企业")
    await org.send("/export 去年")
    last_year = sheets_of(await received_file(org, await org.expect("全部数据导出")))["本期数据"]
    assert last_year[1][:2] == ("期间", "2025-01-01 至 2025-12-31")
    await org.send("/export 火星")
    await org.expect("用法：/export")
    await company.send("/export")
    await company.expect("没有权限")
    assert not [m for m in await company.messages() if m.document]


async def test_an_organizer_imports_a_roster_and_enterprises_claim_their_records(harness: Harness) -> None:
    org = await organizer(harness)
    await send_xlsx(org, "2026专精特新名单.xlsx", roster(3, tier="小巨人", district="光谷"))
    done = await org.expect("导入完成")
    assert "企业：新增 3，更新 0，未变 0" in done.text
    assert await Enterprise.filter(tier=Tier.little_giant).count() == 3
    await org.press("🔗 生成认领链接表", done)
    sheet = sheets_of(await received_file(org, await org.expect("3 家企业的认领链接")))["认领链接"]
    assert [row[1] for row in sheet[1:]] == [code(0), code(1), code(2)]
    payload = CLAIM.search(sheet[1][2])[1]

    boss = await harness.user("王总")
    await boss.send(f"/start {payload}")
    await boss.expect("您已成为「武汉测试企业0有限公司」的联系人")
    person = await Person.get(tg_id=boss.id)
    assert person.role is Role.enterprise and person.enterprise_id == (await Enterprise.get(uscc=code(0))).id
    assert "profile" in [c["command"] for c in await boss.commands()]
    intruder = await harness.user("路人")
    await intruder.send(f"/start {payload}")
    await intruder.expect("已被使用")
    assert (await Person.get(tg_id=intruder.id)).enterprise_id is None
    assert await ClaimLink.filter(used_by_id__isnull=False).count() == 1


async def test_a_claim_link_from_the_enterprise_card_and_who_may_not_use_one(harness: Harness) -> None:
    org = await organizer(harness)
    await send_xlsx(org, "roster.xlsx", roster(1))
    await org.expect("导入完成")
    await org.send("/people 武汉测试企业0")
    listing = await org.expect("企业搜索")
    await org.press("1. 武汉测试企业0有限公司", listing)
    card = await org.expect("尚无 Telegram 联系人")
    await org.press("🔗 生成认领链接", card)
    first = CLAIM.search((await org.expect("认领链接")).text)[1]
    await org.press("🔗 生成认领链接", card)
    second = CLAIM.search((await org.expect("认领链接")).text)[1]
    company = await enterprise_chat(harness, "别家公司", code(99))
    await company.send(f"/start {second}")
    await company.expect("您已登记企业")
    stranger = await harness.user("陌生人")
    await stranger.send(f"/start {first}")
    await stranger.expect("已被作废")  # a newer link voids the older one
    await stranger.send(f"/start {second}")
    await stranger.expect("联系人")
    assert (await Person.get(tg_id=stranger.id)).role is Role.enterprise


async def test_a_bad_workbook_gets_a_report_file_and_changes_nothing(harness: Harness) -> None:
    org = await organizer(harness)
    await send_xlsx(org, "good.xlsx", roster(2))
    await org.expect("导入完成")
    before = await state()
    rows = [ROSTER_HEADER, [1, "新企业甲", code(10), "专精特新", "洪山区", "光电子信息"],
            [2, "坏代码企业", "91420100000000001X", "专精特新", "洪山区", "光电子信息"],
            [3, "新企业甲副本", code(10), "专精特新", "洪山区", "光电子信息"]]
    await send_xlsx(org, "bad.xlsx", workbook_bytes(rows))
    refused = await org.expect("未导入：发现 2 个问题")
    assert "「Sheet1」第 3 行「91420100000000001X」：统一社会信用代码校验位不正确" in refused.text
    assert "与本文件第 2 行重复" in refused.text
    report = sheets_of(await received_file(org, await org.expect("导入问题清单")))["导入问题"]
    assert report[0] == ("工作表", "行号", "内容", "原因")
    assert [row[1] for row in report[1:]] == [3, 4]
    assert await state() == before


async def test_files_that_are_not_workbooks_are_refused_before_anything_is_read(harness: Harness) -> None:
    org = await organizer(harness)
    before = await state()
    await send_xlsx(org, "roster.xlsx", "企业名称,统一社会信用代码\n某公司,91330100799655058B\n".encode())
    await org.expect("不是有效的 .xlsx 工作簿")
    await send_xlsx(org, "roster.csv", b"a,b\n")
    await org.expect("请发送 Excel 工作簿")
    await send_xlsx(org, "huge.xlsx", b"PK\x03\x04" + bytes(10 * 1024 * 1024))
    await org.expect("文件超过 5 MB")
    await send_xlsx(org, "empty.xlsx", workbook_bytes([ROSTER_HEADER]))
    await org.expect("没有数据行")
    await send_xlsx(org, "other.xlsx", workbook_bytes([["姓名", "年龄"], ["张三", 30]]))
    await org.expect("没有找到可导入的工作表")
    assert await state() == before


async def test_only_organizers_import(harness: Harness) -> None:
    company = await enterprise_chat(harness, "武汉光谷精密制造有限公司", code(1))
    await send_xlsx(company, "roster.xlsx", roster(2))
    await company.expect("没有理解这条消息")
    assert await Enterprise.all().count() == 1
    assert not [m for m in await company.messages() if m.document]
