"""Organizers manage people (/people, /organizers) and read the audit trail (/audit)."""

from __future__ import annotations

import pytest

from models.enums import Role, StaffStatus
from models.errors import Refused
from models.operations.staffing import change_person
from models.tables.audit import AuditEntry
from models.tables.institutions import Institution
from models.tables.people import Person
from tests.harness import ORGANIZER_ID, Harness
from tests.staff_flows import bank_with_staff, organizer


async def _open_person(org, name: str) -> None:
    await org.send("/people")
    listing = await org.expect("金融机构工作人员")
    await org.press(f"1. {name}", listing)
    await org.expect("Telegram ID")


async def test_organizers_verify_suspend_reinstate_and_revoke_staff(harness: Harness) -> None:
    org = await organizer(harness)
    staff = await bank_with_staff(harness, org, "李行长")
    await _open_person(org, "李行长")
    await org.press("✅ 确认工作人员")
    assert (await Person.get(tg_id=staff.id)).staff_status is StaffStatus.verified
    await org.press("⏸ 暂停")
    assert "register" in [c["command"] for c in await staff.commands()]
    await staff.send("/myinstitution")
    await staff.expect("没有权限")
    await org.press("▶️ 恢复")
    assert "myinstitution" in [c["command"] for c in await staff.commands()]
    await staff.send("/myinstitution")
    await staff.expect("交通银行")
    await org.press("⛔ 解除身份")
    person = await Person.get(tg_id=staff.id)
    assert person.staff_status is StaffStatus.revoked and person.role is Role.none
    await staff.send("/myinstitution")
    await staff.expect("没有权限")
    actions = await AuditEntry.filter(entity="person", entity_id=person.id).values_list("action", flat=True)
    assert set(actions) >= {"person.verify", "person.suspend", "person.reinstate", "person.revoke"}
    entry = await AuditEntry.get(action="person.suspend")
    assert entry.before["suspended"] is False and entry.after["suspended"] is True


async def test_organizers_promote_and_demote_but_never_the_last(harness: Harness) -> None:
    org = await organizer(harness)
    staff = await bank_with_staff(harness, org, "李行长")
    await _open_person(org, "李行长")
    await org.press("👑 设为组织方")
    assert "institutions" in [c["command"] for c in await staff.commands()]
    await staff.send("/organizers")
    listing = await staff.expect("组织方")
    assert listing.has_button("1. 李行长") and listing.has_button("2. 组织者")
    await staff.press("2. 组织者", listing)
    pinned = await staff.expect("Telegram ID")
    assert not pinned.has_button("取消组织方"), "organizers from ORGANIZER_IDS are not demoted in chat"
    await staff.press("1. 李行长", listing)
    await staff.expect("Telegram ID")
    await staff.press("取消组织方")
    assert "myinstitution" in [c["command"] for c in await staff.commands()]
    assert not (await Person.get(tg_id=staff.id)).is_organizer

    last = await Person.get(tg_id=ORGANIZER_ID)
    with pytest.raises(Refused) as refusal:
        await change_person(last, last.id, "demote", pinned_ids=[])
    assert refusal.value.key == "organizer-last"
    assert (await Person.get(tg_id=ORGANIZER_ID)).is_organizer


async def test_the_audit_trail_pages_stay_under_telegrams_limit(harness: Harness) -> None:
    org = await organizer(harness)
    await bank_with_staff(harness, org, "李行长")
    bank = await Institution.get(name="交通银行")
    organizer_person = await Person.get(tg_id=ORGANIZER_ID)
    for i in range(30):
        await AuditEntry.create(actor=organizer_person, action="institution.rename", entity="institution",
                                entity_id=bank.id, before={"name": "<b>" + "旧" * 300}, after={"name": f"新{i}"})
    await org.send(f"/audit i{bank.id}")
    page = await org.expect("操作记录 · 机构 交通银行")
    assert len(page.text) <= 4096 and "<b>旧" in page.text
    await org.press("下一页 ▶️", page)
    turned = await org.expect("操作记录")
    assert turned.message_id == page.message_id and turned.text != page.text
    await org.send("/audit x1")
    await org.expect("用法")
    await org.send("/audit e999")
    await org.expect("没有找到")
    await org.send("/audit")
    everything = await org.expect("操作记录（共 33 条）")
    assert "institution.rename" in everything.text


async def test_the_audit_trail_shows_amounts_and_times_as_people_read_them(harness: Harness) -> None:
    org = await organizer(harness)
    await bank_with_staff(harness, org, "李行长")
    bank = await Institution.get(name="交通银行")
    await AuditEntry.create(actor=await Person.get(tg_id=ORGANIZER_ID), action="intent.confirm", entity="institution",
                            entity_id=bank.id, before={"amount": 50_000_000, "starts_at": "2026-12-02T23:30:00+00:00"},
                            after={"amount": 30_000_000, "starts_at": "2026-12-03T00:30:00+00:00"})
    await org.send(f"/audit i{bank.id}")
    page = await org.expect("操作记录")
    assert "金额：5,000万元 → 3,000万元" in page.text
    assert "开始时间：2026-12-03 07:30 → 2026-12-03 08:30" in page.text  # Asia/Shanghai
