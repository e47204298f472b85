"""Privacy requests (PIPL): an organizer exports everything held about a person and erases it on request;
their intents and figures stay, anonymised; the operator does the same with `finmatch person`."""

from __future__ import annotations

import asyncio
import json
import stat
import sys
from pathlib import Path

import pytest

from models.enums import FinancingKind
from models.errors import NotAllowed
from models.operations.staffing import list_people
from models.reports.person_data import find_people
from models.tables.audit import AuditEntry
from models.tables.drafts import Draft, start_draft
from models.tables.enterprises import Enterprise
from models.tables.intents import Intent
from models.tables.outbox import OutboxMessage, enqueue
from models.tables.people import Person
from tests.flows import COMPANY, USCC, orm_enterprise, orm_institution, register_enterprise
from tests.harness import ORGANIZER_ID, Harness
from tests.processes import PROJECT, environment
from tests.staff_flows import organizer

PHONE_STORED = "+8613800138000"


async def _trail() -> str:
    rows = await AuditEntry.all().values_list("before", "after")
    return json.dumps(rows, ensure_ascii=False)


async def test_an_organizer_exports_then_erases_a_person_who_then_starts_fresh(harness: Harness) -> None:
    org = await organizer(harness)
    rep = await harness.user("王经理", username="wangjl")
    await rep.send("/start")
    await register_enterprise(rep)  # contact 王小明, +86 138 0013 8000
    person, enterprise = await Person.get(tg_id=rep.id), await Enterprise.get(uscc=USCC)
    intent = await Intent.create(enterprise=enterprise, institution=await orm_institution(), kind=FinancingKind.loan,
                                 amount=30_000_000, proposed_by=person)
    await start_draft(rep.id, "need", "amount", {"kind": "loan"})
    await enqueue("test:reminder", rep.id, {"text": "明天 7:30 早餐汇"})

    await rep.send(f"/person {person.id}")
    await rep.expect("没有权限")
    await rep.press_data((await rep.last()).message_id, f"pv:y:{person.id}")  # a forged erase button
    assert (await Person.get(id=person.id)).erased_at is None

    await org.send("/person 138-0013-8000")
    card = await org.expect("个人信息（《个人信息保护法》）")
    assert card.has_button("📤 导出") and card.has_button("🗑 删除") and "王小明" in card.text
    await org.press("📤 导出", card)
    document = await org.expect("「王经理」的个人信息")
    assert document.document is not None and document.document["file_name"] == f"person-{person.id}.json"
    data = json.loads(await org.download(document.document["file_id"]))
    assert (data["person"]["tg_id"], data["person"]["username"]) == (rep.id, "wangjl")
    assert (data["enterprise"]["contact_name"], data["enterprise"]["phone"]) == ("王小明", PHONE_STORED)
    assert [i["amount"] for i in data["intents_proposed"]] == [30_000_000]
    assert data["unfinished_form"]["form"] == "need"
    assert "明天 7:30 早餐汇" in [m["text"] for m in data["messages_to_them"]]
    assert "enterprise.register" in [entry["action"] for entry in data["audit"]]
    assert await AuditEntry.exists(action="person.export", entity_id=person.id, actor__tg_id=ORGANIZER_ID)

    await org.press("🗑 删除", card)
    confirm = await org.expect("确定删除「王经理」")
    assert "企业联系人姓名及电话" in confirm.text
    await org.press("🗑 确认删除", confirm)
    await org.expect("已删除此人的个人信息")

    erased = await Person.get(id=person.id)
    assert erased.erased_at is not None and erased.tg_id < 0
    assert (erased.full_name, erased.username, erased.enterprise_id) == ("", None, None)
    company = await Enterprise.get(id=enterprise.id)
    assert (company.name, company.contact_name, company.phone) == (COMPANY, "", "")
    kept = await Intent.get(id=intent.id)
    assert (kept.amount, kept.proposed_by_id, kept.enterprise_id) == (30_000_000, person.id, enterprise.id)
    assert not await Draft.exists(tg_id=rep.id) and not await OutboxMessage.exists(chat_id=rep.id)
    trail = await _trail()
    assert "13800138000" not in trail and "王小明" not in trail and "wangjl" not in trail
    erasure = await AuditEntry.get(action="person.erase")
    assert erasure.entity_id == person.id and erasure.actor_id == (await Person.get(tg_id=ORGANIZER_ID)).id
    assert erasure.after["enterprise_contact_cleared"] is True and erasure.before is None

    await rep.send("/start")  # the same Telegram account writes again: someone new
    await rep.expect("发送 /register 开始企业登记")
    newcomer = await Person.get(tg_id=rep.id)
    assert newcomer.id != person.id and newcomer.enterprise_id is None
    await org.send("/person 13800138000")
    await org.expect("没有找到")
    await org.press_data(confirm.message_id, f"pv:y:{person.id}")  # the old confirmation again: nobody to erase
    assert "已被删除" in (await org.callback_answers())[-1]["text"]
    assert (await AuditEntry.filter(action="person.erase").count()) == 1
    others, _ = await list_people(await Person.get(tg_id=ORGANIZER_ID), "other", 0, 50)
    assert person.id not in [p.id for p in others] and newcomer.id in [p.id for p in others]


async def test_an_organizer_is_not_erased_and_a_colleague_keeps_the_enterprise_contact(harness: Harness) -> None:
    org = await organizer(harness)
    await org.send(f"/person {ORGANIZER_ID}")
    card = await org.expect("个人信息（《个人信息保护法》）")
    await org.press("🗑 删除", card)
    answers = await org.callback_answers()
    assert "不能直接删除组织方" in answers[-1]["text"]

    enterprise = await orm_enterprise("甲企业", "91330100799655058B", tg_id=7001)  # contact 张三
    colleague = await Person.create(tg_id=7002, full_name="李四", enterprise=enterprise)
    await org.send("/person 李四")
    card = await org.expect("个人信息（《个人信息保护法》）")
    await org.press("🗑 删除", card)
    confirm = await org.expect("确定删除「李四」")
    assert "企业联系人" not in confirm.text
    await org.press("🗑 确认删除", confirm)
    await org.expect("已删除此人的个人信息")
    assert (await Enterprise.get(id=enterprise.id)).contact_name == "张三"  # not theirs: it stays
    assert (await Person.get(id=colleague.id)).erased_at is not None


async def test_people_are_found_by_number_telegram_id_username_phone_or_name(database_url: str) -> None:
    organizer_person = await Person.create(tg_id=ORGANIZER_ID, full_name="组织者", is_organizer=True)
    enterprise = await orm_enterprise("甲企业", "91330100799655058B", tg_id=7001)
    await Enterprise.filter(id=enterprise.id).update(phone=PHONE_STORED)
    rep = await Person.get(tg_id=7001)
    await Person.filter(id=rep.id).update(username="JiaRep")
    for reference in (str(rep.id), "7001", "@jiarep", "+86 138 0013 8000", "13800138000", "甲企业代表", "张三"):
        assert [p.id for p in await find_people(organizer_person, reference)] == [rep.id], reference
    for reference in ("", "@nobody", "13900000000", "王五", "99999"):
        assert await find_people(organizer_person, reference) == [], reference
    with pytest.raises(NotAllowed):
        await find_people(rep, "7001")


async def _person_command(database_url: str, *args: str) -> tuple[int, str]:
    """`finmatch person ...` as the operator types it; nothing answers its question (stdin is empty)."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "person", *args, cwd=PROJECT, env=environment(DATABASE_URL=database_url),
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    output = (await asyncio.wait_for(process.communicate(), 60))[0].decode()
    return process.returncode or 0, output


async def test_the_operator_exports_and_erases_from_the_command_line(database_url: str, tmp_path: Path) -> None:
    enterprise = await orm_enterprise("甲企业", "91330100799655058B", tg_id=7001)  # contact 张三, 13800138000
    rep = await Person.get(tg_id=7001)
    code, output = await _person_command(database_url, "export", "7001")
    assert code == 0, output
    exported = json.loads(output)
    assert (exported["person"]["full_name"], exported["enterprise"]["phone"]) == ("甲企业代表", "13800138000")
    code, output = await _person_command(database_url, "export", "@nobody-here", "--out", str(tmp_path / "x.json"))
    assert code == 1 and "nobody matches '@nobody-here'" in output and not (tmp_path / "x.json").exists()
    code, output = await _person_command(database_url, "export", str(rep.id), "--out", str(tmp_path / "rep.json"))
    assert code == 0 and stat.S_IMODE((tmp_path / "rep.json").stat().st_mode) == 0o600, output
    assert json.loads((tmp_path / "rep.json").read_text(encoding="utf-8"))["person"]["id"] == rep.id

    code, output = await _person_command(database_url, "erase", "7001")  # no terminal answers: not confirmed
    assert code == 1 and "not confirmed: nothing was erased" in output
    assert (await Person.get(id=rep.id)).erased_at is None
    code, output = await _person_command(database_url, "erase", "7001", "--yes")
    assert code == 0 and f"person #{rep.id} erased" in output, output
    assert (await Person.get(id=rep.id)).full_name == ""
    assert (await Enterprise.get(id=enterprise.id)).phone == ""
    assert (await AuditEntry.get(action="person.erase")).actor_id is None
    code, output = await _person_command(database_url, "export", "7001")
    assert code == 1 and "nobody matches '7001'" in output
