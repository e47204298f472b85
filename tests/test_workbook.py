"""The workbook itself (issue 9): export layout, export → import round trip, bad workbooks changing
nothing, upserts by credit code, and the 10,000-row roster (timed and printed, never asserted)."""

from __future__ import annotations

import io
import time
from datetime import date
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from models.enums import District, FinancingKind, Guarantee, InstitutionKind, TargetMetric, TargetScope, Tier
from models.tables.audit import AuditEntry
from models.tables.chains import Chain
from models.tables.enterprises import Enterprise, FinancingNeed
from models.tables.institutions import Institution, Product
from models.tables.intents import Intent, Target
from models.tables.people import Person
from models.workbook.export import export_workbook
from models.workbook.importer import import_workbook
from models.workbook.reader import MAX_BYTES
from tests.excel_flows import ROSTER_HEADER, code, roster, sheets_of, state, workbook_bytes
from tests.flows import orm_enterprise, orm_event, orm_institution, orm_signup

TZ = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.usefixtures("database_url")


async def _catalogue() -> None:
    """Institutions with a branch, products of every shape, enterprises with needs and awkward amounts."""
    chains = await Chain.all().order_by("id")
    bank = await Institution.create(name="交通银行", kind=InstitutionKind.bank)
    await Institution.create(name="交通银行武汉分行", kind=InstitutionKind.bank, parent=bank)
    fund = await Institution.create(name="光谷创投", kind=InstitutionKind.venture)
    await Product.create(institution=bank, name="专精特新贷", kind=FinancingKind.loan, min_amount=10_000_000,
                         max_amount=200_000_000, min_term_months=12, max_term_months=36, rate_text="LPR-20BP",
                         target_tiers=[Tier.specialized.value, Tier.little_giant.value],
                         target_chain_ids=[chains[0].id, chains[8].id], guarantees=[Guarantee.credit.value],
                         conditions="纳税信用B级以上\n成立满2年")
    await Product.create(institution=fund, name="投贷联动", kind=FinancingKind.equity, min_amount=12_345,
                         max_amount=5_000_000_001, active=False)
    for i, tier in enumerate(Tier):
        enterprise = await Enterprise.create(name=f"企业{i}", uscc=code(i), tier=tier, chain=chains[i],
                                             district=list(District)[i], contact_name="王小明" if i else "",
                                             phone="+8613800138000" if i else "027-87654321")
        await FinancingNeed.create(enterprise=enterprise, amount=50_000_000 + i, kind=FinancingKind.loan,
                                   term_months=36, purpose="扩产", guarantee=Guarantee.credit)


async def test_the_export_has_every_sheet_with_chinese_headers_frozen_filtered_and_sized() -> None:
    await _catalogue()
    enterprise = await Enterprise.get(uscc=code(1))
    event = await orm_event()
    organizer = await Person.create(tg_id=1, full_name="组织者", is_organizer=True)
    await orm_signup(event, organizer, enterprise=enterprise, status="checked_in")
    await Target.create(metric=TargetMetric.confirmed_amount, scope=TargetScope.programme, value=2_000_000_000,
                        starts_on=date(2026, 1, 1), deadline=date(2026, 12, 31))
    bank = await Institution.get(name="交通银行")
    intent = await Intent.create(enterprise=enterprise, institution=bank, kind=FinancingKind.loan,
                                 amount=123_456_789, proposed_by=organizer)
    await AuditEntry.create(actor=organizer, action="intent.confirm", entity="intent", entity_id=intent.id,
                            before={"status": "proposed"}, after={"status": "confirmed"})
    data = await export_workbook(organizer, TZ)
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["企业", "融资需求", "金融机构", "专项产品", "活动场次", "报名与签到", "融资意向",
                               "意向变更记录", "目标与进度", "本期数据"]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:"), sheet.title
        assert all(cell.font.bold for cell in sheet[1])
    enterprises = book["企业"]
    assert [c.value for c in enterprises[1]][:5] == ["企业名称", "统一社会信用代码", "梯度", "产业链", "所在区域"]
    assert enterprises.column_dimensions["B"].width >= 18  # the code fits
    needs = {row[0]: row for row in book["融资需求"].iter_rows(min_row=2, values_only=True)}
    assert needs[code(0)][2] == 5000 and needs[code(1)][2] == pytest.approx(5000.0001)  # 万元, exact to the yuan
    targets = list(book["目标与进度"].iter_rows(min_row=2, values_only=True))
    assert targets[0][:4] == ("意向授信金额", "全市", None, 200000) and targets[0][6] == "万元"
    visits = list(book["报名与签到"].iter_rows(min_row=2, values_only=True))
    assert visits[0][3] == "企业1" and visits[0][5] == "已签到"
    intents = list(book["融资意向"].iter_rows(min_row=2, values_only=True))
    assert intents[0][1:7] == ("企业1", code(1), "交通银行", None, "贷款", 12345.6789)
    history = list(book["意向变更记录"].iter_rows(min_row=2, values_only=True))
    assert (history[0][0], history[0][2], history[0][3]) == (intent.id, "组织者", "确认意向")
    assert history[0][5] == '{"status": "confirmed"}'
    figures = {row[1]: row for row in book["本期数据"].iter_rows(min_row=2, values_only=True)}
    assert figures["2026-06-01 至 2026-06-30"][0] == "期间"  # this month, at the tests' fixed clock
    assert figures["服务企业家次（签到）"][2:] == (1, "家次")


async def test_export_then_import_restores_enterprises_institutions_and_products_exactly() -> None:
    await _catalogue()
    before = await state()
    exported = await export_workbook(None, TZ)
    again = await import_workbook(None, exported)  # onto the same data: nothing to do
    assert again.applied and not again.problems
    assert {k: (c.created, c.updated) for k, c in again.counts.items()} == {
        "institutions": (0, 0), "enterprises": (0, 0), "products": (0, 0)}
    assert await state() == before
    await Product.all().delete()
    await FinancingNeed.all().delete()
    await Enterprise.all().delete()
    await Institution.filter(parent_id__isnull=False).delete()
    await Institution.all().delete()
    restored = await import_workbook(None, exported)
    assert restored.applied, restored.problems
    after = await state()
    for table in ("enterprise", "institution", "product"):
        strip = {"id", "chain_id", "institution_id", "parent_id"}
        assert [{k: v for k, v in r.items() if k not in strip} for r in after[table]] == \
            [{k: v for k, v in r.items() if k not in strip} for r in before[table]], table
    sheets_before, sheets_after = sheets_of(exported), sheets_of(await export_workbook(None, TZ))
    for sheet in ("企业", "金融机构", "专项产品"):
        assert sheets_after[sheet] == sheets_before[sheet], sheet
    assert (await Institution.get(name="交通银行武汉分行").prefetch_related("parent")).parent.name == "交通银行"


def _problems(result: object) -> list[tuple[int, str]]:
    return [(p.row, p.key) for p in result.problems]  # type: ignore[attr-defined]


@pytest.mark.parametrize(("data", "expected"), [
    (b"", [(0, "empty-file")]),
    ("企业名称,统一社会信用代码\n测试,91330100799655058B\n".encode(), [(0, "not-xlsx")]),
    (b"PK\x03\x04" + b"\x00" * 200, [(0, "not-xlsx")]),
    (b"PK\x03\x04" + b"\x00" * (MAX_BYTES + 1), [(0, "too-large")]),
    (workbook_bytes([]), [(0, "no-sheet")]),
    (workbook_bytes([["企业名称", "统一社会信用代码", "梯度"]], title="企业"), [(0, "no-rows")]),
    (workbook_bytes([["名称", "地址"], ["某公司", "武汉"]], title="企业"), [(1, "missing-columns")]),
    (workbook_bytes([["名称", "地址"], ["某公司", "武汉"]]), [(0, "no-sheet")]),
])
async def test_a_bad_workbook_is_reported_and_changes_nothing(data: bytes, expected: list[tuple[int, str]]) -> None:
    await _catalogue()
    before, audit = await state(), await AuditEntry.all().count()
    result = await import_workbook(None, data)
    assert not result.applied and _problems(result) == expected
    assert await state() == before and await AuditEntry.all().count() == audit


async def test_every_bad_row_is_reported_and_the_good_ones_are_not_imported_either() -> None:
    rows = [ROSTER_HEADER,
            [1, "好企业甲", code(1), "专精特新", "洪山区", "光电子信息"],
            [2, "坏代码", "91420100000000001X", "专精特新", "洪山区", "光电子信息"],
            [3, "短", code(3), "专精特新", "洪山区", "光电子信息"],
            [4, "重复企业", code(1), "专精特新", "洪山区", "光电子信息"],
            [5, "未知梯度", code(5), "火星级", "洪山区", "光电子信息"],
            [6, "未知区", code(6), "小巨人", "上海", "光电子信息"],
            [7, "未知链", code(7), "小巨人", "光谷", "造船"],
            [8, "缺区域", code(8), "小巨人", "", "光电子信息"],
            [9, "太短码", "9142", "小巨人", "光谷", "光电子信息"],
            [10, "好企业乙", code(10), "单项冠军", "经开区", "集成电路"]]
    result = await import_workbook(None, workbook_bytes(rows))
    assert not result.applied
    assert _problems(result) == [(3, "uscc-check"), (4, "name-length"), (5, "duplicate"), (6, "unknown-tier"),
                                 (7, "unknown-district"), (8, "unknown-chain"), (9, "new-needs-district"),
                                 (10, "uscc-length")]
    assert result.problems[2].args == {"row": 2}
    assert await Enterprise.all().count() == 0


async def test_a_roster_updates_by_credit_code_and_an_empty_cell_keeps_what_is_known() -> None:
    existing = await orm_enterprise("旧名称有限公司", code(1), tier="innovative")
    rows = [["统一社会信用代码", "企业名称", "梯度", "联系人"],  # any order; no chain or district column
            [code(1).lower(), "新名称有限公司", '专精特新"小巨人"', ""]]
    result = await import_workbook(None, workbook_bytes(rows))
    assert result.applied and result.counts["enterprises"].updated == 1
    row = await Enterprise.get(id=existing.id)
    assert (row.name, row.tier, row.contact_name, row.district) == ("新名称有限公司", Tier.little_giant, "张三",
                                                                    District.hongshan)
    entry = await AuditEntry.get(action="enterprise.import", entity_id=existing.id)
    assert entry.before == {"name": "旧名称有限公司", "tier": "innovative"}


async def test_institutions_and_products_import_and_refuse_what_they_cannot_place() -> None:
    await orm_institution("恒丰银行")
    good = workbook_bytes([["机构名称", "产品名称", "融资方式", "最低金额（万元）", "最高金额（万元）", "目标梯度"],
                           ["恒丰银行", "科创贷", "贷款", 100, "2000", "小巨人、单项冠军"]], title="专项产品")
    result = await import_workbook(None, good)
    assert result.applied, result.problems
    product = await Product.get(name="科创贷")
    assert (product.min_amount, product.max_amount, product.target_tiers) == (1_000_000, 20_000_000,
                                                                             ["little_giant", "champion"])
    bad = workbook_bytes([["机构名称", "产品名称", "融资方式", "最低金额（万元）", "最高金额（万元）"],
                          ["不存在银行", "甲产品", "贷款", 1, 2], ["恒丰银行", "乙产品", "贷款", 5, 1],
                          ["恒丰银行", "丙产品", "贷款", "很多", 1]], title="专项产品")
    assert _problems(await import_workbook(None, bad)) == [(2, "unknown-institution"), (3, "range-reversed"),
                                                           (4, "bad-amount")]


async def test_a_ten_thousand_row_roster_imports_in_bulk(capsys: pytest.CaptureFixture[str]) -> None:
    data = roster(10_000)
    started = time.perf_counter()
    result = await import_workbook(None, data)
    first = time.perf_counter() - started
    started = time.perf_counter()
    again = await import_workbook(None, data)
    second = time.perf_counter() - started
    assert result.applied and result.counts["enterprises"].created == 10_000
    assert again.counts["enterprises"].unchanged == 10_000
    assert await Enterprise.filter(tier=Tier.specialized, district=District.hongshan).count() == 10_000
    assert await AuditEntry.filter(action="enterprise.import").count() == 10_000
    with capsys.disabled():
        print(f"\n10,000-row roster: imported in {first:.2f} s, re-imported (no change) in {second:.2f} s")


async def test_a_workbook_that_fails_while_applied_leaves_nothing_half_imported(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Another process creates one of the roster's enterprises between the check and the write."""
    from models.workbook import importer as workbook_import
    checked = workbook_import._check_new_enterprises

    async def racing(plan: workbook_import.Plan, problems: list) -> None:
        await checked(plan, problems)
        await orm_enterprise("抢先登记的企业", code(7))

    monkeypatch.setattr(workbook_import, "_check_new_enterprises", racing)
    book = workbook_bytes([["机构名称", "机构类型"], ["新银行", "银行"]], title="金融机构")
    rows = [[i, f"企业{i}", code(i), "专精特新", "洪山区", "光电子信息"] for i in range(10)]
    workbook = load_workbook(io.BytesIO(book))
    roster_sheet = workbook.create_sheet("企业")
    for row in [ROSTER_HEADER, *rows]:
        roster_sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = await import_workbook(None, buffer.getvalue())
    assert not result.applied and _problems(result) == [(0, "conflict")]
    assert await Enterprise.all().values_list("name", flat=True) == ["抢先登记的企业"]
    assert not await Institution.exists(name="新银行")
    assert not await AuditEntry.filter(action__endswith=".import").exists()


async def test_a_zip_bomb_is_refused_before_it_is_inflated() -> None:
    import zipfile

    buffer = io.BytesIO()
    chunk = b"x" * (1024 * 1024)
    with (zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
          archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as member):
        for _ in range(300):
            member.write(chunk)
    assert len(buffer.getvalue()) < MAX_BYTES
    result = await import_workbook(None, buffer.getvalue())
    assert _problems(result) == [(0, "too-large")]


def test_the_history_sheet_words_actions_as_the_chats_audit_does() -> None:
    from models.workbook.columns import INTENT_ACTIONS
    from notices.i18n import message_ids, t

    audited = {key for key in message_ids("zh") if key.startswith("audit-action-intent-")}
    assert {f"audit-action-{action.replace('.', '-')}" for action in INTENT_ACTIONS} == audited
    assert all(t("zh", f"audit-action-{action.replace('.', '-')}") == word for action, word in INTENT_ACTIONS.items())
