"""The people an intent's notice goes to, read in one query, are those the three separate queries listed."""

from __future__ import annotations

from models.enums import StaffStatus
from models.rules.rights import contacts_visible
from models.tables.people import Person, reachable_parties, reachable_representatives, reachable_staff
from tests.flows import orm_enterprise, orm_institution, orm_staff


async def test_one_query_lists_the_representatives_the_staff_and_the_proposer(database_url: str) -> None:
    bank = await orm_institution("甲银行")
    other = await orm_institution("乙银行")
    enterprise = await orm_enterprise("甲企业", "USCC00000000000001", tg_id=501)
    await orm_enterprise("乙企业", "USCC00000000000002", tg_id=502)
    await Person.create(tg_id=503, full_name="代表二", enterprise=enterprise)
    await Person.create(tg_id=504, full_name="停用代表", enterprise=enterprise, suspended=True)
    await Person.create(tg_id=505, full_name="屏蔽代表", enterprise=enterprise, blocked_bot=True)
    staff = [await orm_staff(bank, 600 + n) for n in range(3)]
    await orm_staff(other, 610)
    await Person.filter(id=staff[1].id).update(staff_status=StaffStatus.revoked)
    await Person.filter(id=staff[2].id).update(blocked_bot=True)
    invited = await Person.create(tg_id=611, full_name="受邀", institution=bank, staff_status=StaffStatus.invited)
    organizer = await Person.create(tg_id=612, full_name="组织者", is_organizer=True, suspended=True)
    for proposer in (organizer.id, staff[0].id, (await Person.get(tg_id=501)).id, staff[2].id, None):
        separately = [*await reachable_representatives(enterprise_id=enterprise.id).order_by("id"),
                      *await reachable_staff(institution_id=bank.id).order_by("id"),
                      *await Person.filter(id=proposer or 0, blocked_bot=False)]
        together = await reachable_parties(enterprise_id=enterprise.id, institution_id=bank.id, person_id=proposer)
        assert [p.id for p in together] == [p.id for p in separately], proposer
    assert invited.id in {p.id for p in together}


async def test_contact_rights_do_not_depend_on_the_order_relations_are_asked(database_url: str) -> None:
    from models.enums import FinancingKind
    from models.operations.intent_ops import Proposal, propose

    bank = await orm_institution("甲银行")
    enterprise = await orm_enterprise("甲企业", "USCC00000000000001", tg_id=501)
    stranger = await orm_enterprise("乙企业", "USCC00000000000002", tg_id=502)
    clerk = await orm_staff(bank, 600)
    await propose(await Person.get(tg_id=501), Proposal(enterprise.id, bank.id, FinancingKind.loan, 10_000_000, 12),
                  max_amount=10**11)
    assert await contacts_visible(clerk, [enterprise.id, stranger.id]) == {enterprise.id}
