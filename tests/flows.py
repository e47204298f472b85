"""Reusable journeys through the sandbox, as a person would make them."""

from __future__ import annotations

from sandbox.driver import UserChat

COMPANY = "武汉光谷精密制造有限公司"
USCC = "91330100799655058B"
OTHER_USCC = "914403001922038216"


async def register_enterprise(user: UserChat, *, name: str = COMPANY, uscc: str = USCC) -> None:
    """The shortest happy path of /register, in Chinese, with one financing need."""
    await user.send("/register")
    await user.expect("企业全称")
    await user.send(name)
    await user.expect("统一社会信用代码")
    await user.send(uscc)
    await user.expect("梯度")
    await user.press("专精特新中小企业")
    await user.expect("产业链")
    await user.press("光电子信息")
    await user.expect("所在区域")
    await user.press("东湖新技术开发区（光谷）")
    await user.expect("联系人姓名")
    await user.send("王小明")
    await user.expect("联系电话")
    await user.share_contact("+86 138 0013 8000")
    await user.expect("第 1 项融资需求")
    await user.send("5000万")
    await user.expect("融资方式")
    await user.press("贷款")
    await user.expect("期限")
    await user.send("3年")
    await user.expect("资金用途")
    await user.send("新产线建设")
    await user.expect("担保方式")
    await user.press("信用")
    await user.expect("还有其他融资需求吗")
    await user.press("没有了，去确认")
    await user.expect("请确认登记信息")
    await user.press("✅ 确认提交")
    await user.expect("登记完成")


# ---- issue 5 (intents, matching, meetings, targets): rows made directly through the ORM ----
# (imports inside, so this appended block leaves the top of the shared file alone)
from typing import Any  # noqa: E402

from models.clock import utcnow  # noqa: E402


async def orm_institution(name: str = "武汉示范银行", kind: str = "bank") -> Any:
    from models.enums import InstitutionKind
    from models.tables.institutions import Institution

    return await Institution.create(name=name, kind=InstitutionKind(kind))


async def orm_product(institution: Any, **overrides: Any) -> Any:
    from models.enums import FinancingKind
    from models.tables.institutions import Product

    values = {"name": "专精特新贷", "kind": FinancingKind.loan, "min_amount": 1_000_000, "max_amount": 100_000_000,
              "min_term_months": 6, "max_term_months": 60, "target_tiers": [], "target_chain_ids": [],
              "guarantees": [], "conditions": "纳税信用B级以上"}
    values.update(overrides)
    return await Product.create(institution=institution, **values)


async def orm_staff(institution: Any, tg_id: int, full_name: str = "银行客户经理") -> Any:
    """A verified staff member; a sandbox user with this tg_id is then this person."""
    from models.enums import StaffStatus
    from models.tables.people import Person

    person, _ = await Person.get_or_create(tg_id=tg_id, defaults={"full_name": full_name})
    person.institution_id, person.staff_status = institution.id, StaffStatus.verified
    await person.save(update_fields=["institution_id", "staff_status"])
    return person


async def orm_enterprise(name: str, uscc: str, *, tg_id: int | None = None, tier: str = "specialized",
                         chain_id: int | None = None) -> Any:
    """An enterprise with one open need (5000万 loan, 36 months, credit) and, with tg_id, its representative."""
    from models.enums import District, FinancingKind, Guarantee, Tier
    from models.tables.chains import Chain
    from models.tables.enterprises import Enterprise, FinancingNeed
    from models.tables.people import Person

    chain_id = chain_id or (await Chain.all().order_by("id").first()).id
    enterprise = await Enterprise.create(name=name, uscc=uscc, tier=Tier(tier), chain_id=chain_id,
                                         district=District.hongshan, contact_name="张三", phone="13800138000")
    await FinancingNeed.create(enterprise=enterprise, amount=50_000_000, kind=FinancingKind.loan, term_months=36,
                               purpose="新产线建设", guarantee=Guarantee.credit)
    if tg_id is not None:
        await Person.create(tg_id=tg_id, full_name=f"{name}代表", enterprise=enterprise)
    return enterprise


async def orm_event(title: str = "早餐汇·光电子信息专场", *, days_ahead: int = 7, chain_id: int | None = None,
                    status: str = "open", meeting_minutes: int = 15) -> Any:
    from datetime import timedelta
    from uuid import uuid4

    from models.enums import EventStatus, SeriesKind
    from models.tables.events import Event

    starts = utcnow().replace(microsecond=0, second=0) + timedelta(days=days_ahead)
    return await Event.create(kind=SeriesKind.breakfast, title=title, chain_id=chain_id, starts_at=starts,
                              ends_at=starts + timedelta(hours=2), deadline=starts - timedelta(hours=24),
                              status=EventStatus(status), checkin_code=uuid4().hex[:16],
                              meeting_minutes=meeting_minutes)


async def orm_signup(event: Any, person: Any, *, enterprise: Any = None, institution: Any = None,
                     status: str = "registered") -> Any:

    from models.enums import RegistrationStatus
    from models.tables.events import Registration

    party = f"e{enterprise.id}" if enterprise is not None else f"i{institution.id}"
    checked = utcnow() if status == "checked_in" else None
    return await Registration.create(event=event, person=person, enterprise=enterprise, institution=institution,
                                     status=RegistrationStatus(status), party_key=f"{event.id}:{party}",
                                     checked_in_at=checked)
