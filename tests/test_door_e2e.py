"""Lists for the door and the desk, end to end through the sandbox (issue 9): who sees an event's sign-up
list, walk-ins counted as visits, and the organizers' directory of enterprises in /people."""

from __future__ import annotations

from datetime import timedelta

from models.clock import utcnow
from models.enums import FinancingKind, RegistrationStatus, Tier
from models.operations.signup_ops import enterprise_visits, sign_up
from models.tables.chains import Chain
from models.tables.enterprises import Enterprise
from models.tables.events import Event, Registration
from models.tables.institutions import Institution
from models.tables.intents import Intent
from sandbox.driver import UserChat
from tests.event_flows import enterprise_chat, facts, open_event, organizer_chat, person, staff_chat
from tests.excel_flows import code, received_file, sheets_of
from tests.flows import orm_enterprise
from tests.harness import Harness

SEATS = 2


async def _event_with_three_enterprises(harness: Harness) -> tuple[UserChat, Event, list[UserChat]]:
    org, organizer = await organizer_chat(harness)
    event = await open_event(organizer, facts(seats=SEATS))
    companies = [await enterprise_chat(harness, f"企业{name}有限公司", code(i)) for i, name in enumerate("甲乙丙")]
    for company in companies:
        await sign_up(await person(company), event.id, utcnow())
    return org, event, companies


async def test_organizers_see_the_whole_list_as_a_message_and_as_a_file(harness: Harness) -> None:
    org, event, _ = await _event_with_three_enterprises(harness)
    await org.press_data((await org.last()).message_id, f"ev:show:{event.id}")
    card = await org.expect("光谷金融港")
    await org.press("👥 报名名单", card)
    listing = await org.expect("报名名单：3 家，席位 2，已签到 0")
    assert "1. 企业甲有限公司 · 王小明 +8613800138000" in listing.text
    assert "候补第 1 位" in listing.text and listing.text.index("企业丙有限公司") > listing.text.index("企业乙有限公司")
    await org.press("📥 名单 Excel", listing)
    rows = sheets_of(await received_file(org, await org.expect("报名名单（3 行）")))["报名名单"]
    assert rows[0][:5] == ("序号", "参与方", "企业/机构", "代表", "联系电话")
    assert [r[2] for r in rows[1:]] == ["企业甲有限公司", "企业乙有限公司", "企业丙有限公司"]
    assert [r[7] for r in rows[1:]] == ["席位", "席位", "候补 1"]


async def test_staff_see_only_the_enterprises_they_deal_with_and_enterprises_see_none(harness: Harness) -> None:
    org, event, companies = await _event_with_three_enterprises(harness)
    banker = await staff_chat(harness, "李经理", "交通银行")
    bank = await Institution.get(name="交通银行")
    first = await Enterprise.get(uscc=code(0))
    await Intent.create(enterprise=first, institution=bank, kind=FinancingKind.loan, amount=10_000_000,
                        proposed_by=await person(banker))
    await banker.send(f"/signups {event.id}")
    listing = await banker.expect("报名名单：1 家")
    assert "企业甲有限公司" in listing.text and "+8613800138000" in listing.text
    assert "企业乙有限公司" not in listing.text and "企业丙有限公司" not in listing.text
    assert "仅显示与贵机构有往来的企业" in listing.text
    await banker.press("📥 名单 Excel", listing)
    rows = sheets_of(await received_file(banker, await banker.expect("（1 行）")))["报名名单"]
    assert [r[2] for r in rows[1:]] == ["企业甲有限公司"]
    await companies[0].send(f"/signups {event.id}")
    await companies[0].expect("没有权限")
    await companies[0].press_data((await companies[0].last()).message_id, f"sl:x:{event.id}")
    assert not [m for m in await companies[0].messages() if m.document]
    await org.send("/signups")
    picker = await org.expect("请选择活动")
    await org.press(picker.buttons[0][0], picker)
    await org.expect("报名名单：3 家")


async def _open_walk_in(org: UserChat, event: Event) -> None:
    await org.press_data((await org.last()).message_id, f"ev:show:{event.id}")
    card = await org.expect("光谷金融港")
    await org.press("🚶 临时到场登记", card)
    await org.expect("临时到场登记：请输入来访企业的名称")


async def test_walk_ins_known_and_new_are_checked_in_and_counted_as_visits(harness: Harness) -> None:
    org, organizer = await organizer_chat(harness)
    start = (utcnow() + timedelta(hours=1)).replace(second=0, microsecond=0)
    event = await open_event(organizer, facts(starts_in=timedelta(hours=1), deadline=start - timedelta(minutes=30)))
    known = await orm_enterprise("武汉光谷精密制造有限公司", code(1))
    await _open_walk_in(org, event)
    await org.send("光谷精密")
    pick = await org.expect("找到以下企业")
    await org.press(f"武汉光谷精密制造有限公司 · {code(1)[-6:]}", pick)
    await org.expect("临时到场参加")
    await org.press("✅ 确认签到")
    await org.expect("已登记「武汉光谷精密制造有限公司」临时到场并签到。本场已签到企业 1 家次")
    registration = await Registration.get(enterprise_id=known.id, event_id=event.id)
    assert registration.status is RegistrationStatus.checked_in and registration.walk_in

    await _open_walk_in(org, event)
    await org.send(code(50).lower())
    await org.expect("企业全称")
    await org.send("武汉新来科技有限公司")
    await org.expect("来访人（联系人）姓名")
    await org.send("李四")
    await org.expect("来访人联系电话")
    await org.send("139 0013 9000")
    await org.expect("所在区域")
    await org.press("洪山区")
    summary = await org.expect("请确认登记新企业")
    assert code(50) in summary.text and "+8613900139000" in summary.text
    await org.press("✅ 确认签到", summary)
    await org.expect("本场已签到企业 2 家次")
    newcomer = await Enterprise.get(uscc=code(50))
    assert (newcomer.name, newcomer.tier, newcomer.contact_name) == ("武汉新来科技有限公司", Tier.other, "李四")
    assert newcomer.chain_id == (await Chain.filter(active=True).first()).id
    assert await enterprise_visits() == 2

    await _open_walk_in(org, event)
    await org.send(code(1))
    await org.press(f"武汉光谷精密制造有限公司 · {code(1)[-6:]}")
    await org.press("✅ 确认签到")
    await org.expect("本场已签到，无需重复登记")
    assert await enterprise_visits() == 2


async def test_a_walk_in_is_refused_long_before_the_event(harness: Harness) -> None:
    org, organizer = await organizer_chat(harness)
    event = await open_event(organizer, facts(starts_in=timedelta(days=3)))
    await org.press_data((await org.last()).message_id, f"ev:show:{event.id}")
    card = await org.expect("光谷金融港")
    await org.press("🚶 临时到场登记", card)
    answers = await org.callback_answers()
    assert "活动开始前 3 小时起" in answers[-1]["text"]
    assert not await Registration.exists(event_id=event.id)


async def test_people_lists_and_searches_enterprises_by_company_name(harness: Harness) -> None:
    org, _ = await organizer_chat(harness)
    for i in range(12):
        await orm_enterprise(f"光谷企业{i:02d}有限公司", code(i), tg_id=7000 + i)
    await orm_enterprise("汉阳机械有限公司", code(1, prefix="91420600"))
    await org.send("/people 光谷")
    listing = await org.expect("企业搜索「光谷」：12 家")
    assert "1. 光谷企业00有限公司" in listing.text and "11." not in listing.text
    await org.press("下一页 ▶️", listing)
    page = await org.expect("11. 光谷企业10有限公司")
    assert "12. 光谷企业11有限公司" in page.text and "汉阳" not in page.text
    await org.send("/people 91420600")
    found = await org.expect("：1 家")
    assert "汉阳机械有限公司" in found.text
    await org.send("/people 没有这家")
    await org.expect("没有找到匹配的企业")

    await org.send("/people")
    staff_tab = await org.expect("金融机构工作人员")
    await org.press("企业", staff_tab)
    directory = await org.expect("按企业名称排序")
    assert "（共 13 家" in directory.text and "代表" not in directory.text  # company names, not Telegram names
    await org.press("1. 光谷企业00有限公司", directory)
    card = await org.expect("Telegram 联系人")
    assert "光谷企业00有限公司代表" in card.text and not card.has_button("🔗 生成认领链接")
    await org.press("光谷企业00有限公司代表", card)
    await org.expect("Telegram ID")

    company = await harness.user("光谷企业01有限公司代表", user_id=7001)
    await company.send("/people 光谷")
    await company.expect("没有权限")


async def test_a_long_list_is_split_into_messages_telegram_accepts(harness: Harness) -> None:
    org, organizer = await organizer_chat(harness)
    event = await open_event(organizer, facts(seats=80))
    for i in range(80):
        enterprise = await orm_enterprise(f"武汉第{i:02d}号专精特新示范企业股份有限公司", code(i))
        await Registration.create(event=event, enterprise=enterprise, person=organizer, party_key=f"{event.id}:e{i}",
                                  status=RegistrationStatus.registered, signed_up_at=utcnow())
    reply = await org.send(f"/signups {event.id}")
    assert len(reply) >= 2 and all(len(m.text) <= 4096 for m in reply)
    text = "\n".join(m.text for m in reply)
    assert "报名名单：80 家" in text and "80. 武汉第79号专精特新示范企业股份有限公司" in text
    assert reply[-1].has_button("📥 名单 Excel") and not reply[0].has_button("📥 名单 Excel")
