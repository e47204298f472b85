"""QA round 2: real users in Chinese, typing what people really type (each test was red before its fix)."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.enums import District, Tier
from models.tables.drafts import Draft
from models.tables.enterprises import Enterprise, FinancingNeed
from models.tables.events import Event
from models.tables.institutions import Product
from models.tables.intents import Intent
from sandbox.driver import UserChat
from tests.event_flows import enterprise_chat, organizer_chat
from tests.flows import USCC, orm_enterprise, orm_institution, orm_product
from tests.harness import Harness
from tests.staff_flows import bank_with_staff, organizer


async def _register_typing_everything(user: UserChat) -> None:
    """/register answered by typing, with the words people use rather than the exact labels."""
    await user.send("/register")
    await user.expect("企业全称")
    await user.send("武汉光谷精密制造有限公司")
    await user.expect("统一社会信用代码")
    await user.send(USCC)
    await user.expect("梯度")
    await user.send("专精特新小巨人")  # the label is 专精特新"小巨人": people type it without the quotes
    await user.expect("产业链")
    await user.send("光电子")
    await user.expect("所在区域")
    await user.send("光谷")  # the label is 东湖新技术开发区（光谷）
    await user.expect("联系人姓名")
    await user.send("王小明")
    await user.expect("联系电话")
    await user.send("13800138000")
    await user.expect("第 1 项融资需求")
    await user.send("五千万")
    await user.expect("融资方式")
    await user.send("贷")
    await user.expect("期限")
    await user.send("三年")
    await user.expect("资金用途")
    await user.send("新产线建设")
    await user.expect("担保方式")
    await user.send("信用")
    await user.expect("还有其他融资需求吗")
    await user.send("没有了")
    await user.expect("请确认登记信息")
    await user.send("确认")
    await user.expect("登记完成")


async def test_a_typed_part_of_a_label_names_it(harness: Harness) -> None:
    user = await harness.user("王经理")
    await _register_typing_everything(user)
    enterprise = await Enterprise.get()
    assert (enterprise.tier, enterprise.district) == (Tier.little_giant, District.east_lake_hitech)


async def _event_until_start(org: UserChat) -> None:
    await org.send("/newevent")
    await org.expect("活动类型")
    await org.send("早餐汇")
    await org.expect("活动标题")
    await org.send("早餐汇·光电子专场")
    await org.expect("产业链")
    await org.send("光电子信息")
    await org.expect("开始时间")


async def test_event_times_typed_with_chinese_numerals(harness: Harness) -> None:
    org, _ = await organizer_chat(harness)
    await _event_until_start(org)
    await org.send("6月11日 9:00")  # today (the clock stands at 10:00): it has passed, it is not next year's
    refusal = await org.expect("已经过去")
    assert "明年" not in refusal.text, refusal.text
    await org.send("明早七点半")
    await org.expect("结束时间")
    await org.send("九点")
    await org.expect("活动地点")
    await org.send("光谷金融港B1栋")
    await org.expect("地图位置")
    await org.send("-")
    await org.expect("企业名额")
    await org.send("二十")
    await org.expect("金融机构名额")
    await org.send("5")
    await org.expect("报名截止")
    await org.send("今晚八点")
    await org.expect("活动简介")
    await org.send("-")
    await org.expect("公告对象")
    await org.send("-")
    await org.expect("目标")
    await org.send("-")
    await org.expect("请确认活动信息")
    await org.send("确认")
    await org.expect("已保存")
    event = await Event.get()
    assert event.starts_at == datetime(2026, 6, 11, 23, 30, tzinfo=UTC)  # 07:30 on the 12th in Wuhan
    assert event.ends_at == datetime(2026, 6, 12, 1, 0, tzinfo=UTC)
    assert event.deadline == datetime(2026, 6, 11, 12, 0, tzinfo=UTC)


async def test_a_press_on_an_older_copy_of_a_multi_select_keeps_the_selection(harness: Harness) -> None:
    org = await organizer(harness)
    staff = await bank_with_staff(harness, org, "李行长")
    await staff.send("/myinstitution")
    await staff.press("➕ 新增产品", await staff.expect("工作人员"))
    await staff.expect("产品名称")
    await staff.send("科创贷")
    await staff.expect("融资方式")
    await staff.send("贷款")
    await staff.expect("额度范围")
    await staff.send("1000万-2亿")
    await staff.expect("期限范围")
    await staff.send("6-36个月")
    await staff.expect("利率或费率")
    await staff.send("LPR+30BP")
    first = await staff.expect("适用梯度")
    await staff.send("小巨人")  # typed: chosen, and the question is asked again below
    second = await staff.expect("适用梯度")
    assert second.message_id != first.message_id and second.has_button('✅ 专精特新"小巨人"'), second
    await staff.press("专精特新中小企业", second)
    await staff.press("专精特新中小企业", first)  # the same item, pressed again on the first copy
    await staff.press("✔️ 完成", second)
    chains = await staff.expect("适用产业链")
    await staff.press("✔️ 完成", chains)
    await staff.press("✔️ 完成", await staff.expect("担保方式"))
    await staff.expect("申请条件")
    await staff.send("成立满2年")
    await staff.expect("请确认产品信息")
    await staff.send("确认")
    await staff.expect("已保存")
    product = await Product.get()
    assert sorted(product.target_tiers) == [Tier.little_giant.value, Tier.specialized.value]


def test_when_reads_what_organizers_type() -> None:
    from zoneinfo import ZoneInfo

    from models.parsers.when import parse_end, parse_when

    tz, now = ZoneInfo("Asia/Shanghai"), datetime(2026, 6, 11, 2, 0, tzinfo=UTC)
    local = {text: parse_when(text, tz, now).astimezone(tz).strftime("%m-%d %H:%M") for text in (
        "明天早上7点半", "明早七点半", "明天上午七点半", "十二月三日 七点半", "下周二 七点", "今晚8点",
        "明晚七点", "大后天 8:00", "明天早上7点半开始", "明天8点整", "周日十点", "明天7点5分")}
    assert local == {
        "明天早上7点半": "06-12 07:30", "明早七点半": "06-12 07:30", "明天上午七点半": "06-12 07:30",
        "十二月三日 七点半": "12-03 07:30", "下周二 七点": "06-16 07:00", "今晚8点": "06-11 20:00",
        "明晚七点": "06-12 19:00", "大后天 8:00": "06-14 08:00", "明天早上7点半开始": "06-12 07:30",
        "明天8点整": "06-12 08:00", "周日十点": "06-14 10:00", "明天7点5分": "06-12 07:05"}
    start = parse_when("明早七点半", tz, now)
    assert parse_end("九点", start, tz).astimezone(tz).strftime("%H:%M") == "09:00"


async def test_an_english_user_confirms_a_summary_by_typing(harness: Harness) -> None:
    user = await enterprise_chat(harness, "武汉光谷精密制造有限公司", USCC)
    await user.send("/lang")
    await user.press("English")
    await user.expect("Switched to English")
    await user.send("/need")
    await user.expect("how much")
    await user.send("50 million")  # as the English texts show amounts: CNY 50 million
    await user.expect("Kind of financing")
    await user.send("loan")
    await user.expect("Term in months")
    await user.send("3 years")
    await user.expect("Purpose")
    await user.send("new production line")
    await user.expect("Security")
    await user.send("credit")
    await user.expect("Please check the financing need")
    await user.send("confirm")  # the button says Submit; people type confirm, yes, ok
    await user.expect("saved")
    assert await FinancingNeed.filter(amount=50_000_000, term_months=36).count() == 1


async def test_a_form_started_again_resumes_and_another_form_says_it_replaced_it(harness: Harness) -> None:
    org, _ = await organizer_chat(harness)
    await _event_until_start(org)
    await org.send("明天早上7点半到9点")  # a span typed as the start: its start is taken, the end is asked
    await org.expect("结束时间")
    await org.send("/newevent")  # pressed again from the menu: the answers so far are kept
    resumed = await org.expect("继续上次未完成的填写")
    assert "结束时间" in resumed.text and "/cancel" in resumed.text, resumed.text
    await org.send("9点")
    await org.expect("活动地点")
    await org.send("/targets")
    await org.press("➕ 设置新目标", await org.expect("目标"))
    await org.expect("之前未完成的填写已放弃")


async def test_an_offered_amount_is_taken_when_its_words_are_typed(harness: Harness) -> None:
    user = await harness.user("王经理")
    await orm_product(await orm_institution())
    await orm_enterprise("武汉光谷精密制造有限公司", USCC, tg_id=user.id)
    await user.send("/matches")
    await user.press("💡 提出意向 1", await user.expect("匹配"))
    await user.expect("意向金额")
    await user.send("按需求")  # the start of the button 按需求：5,000万元
    await user.expect("期限")
    await user.send("按需求")
    await user.expect("请确认融资意向")
    await user.send("确认")
    await user.expect("已提交")
    intent = await Intent.get()
    assert (intent.amount, intent.term_months) == (50_000_000, 36)


async def test_an_english_organizer_types_times_in_english(harness: Harness) -> None:
    org, _ = await organizer_chat(harness)
    await org.send("/lang")
    await org.press("English")
    await org.expect("Switched to English")
    await org.send("/newevent")
    await org.expect("Which kind")
    await org.press((await org.last()).buttons[0][0])
    await org.expect("Title")
    await org.send("Breakfast · Optics Valley")
    await org.press((await org.expect("Industry chain")).buttons[-1][-1])  # no particular chain
    await org.expect("Start")
    await org.send("next Tuesday 7:30am")
    await org.expect("End")
    await org.send("9am")
    await org.expect("Venue")
    event_start = "2026-06-15 23:30"  # Tuesday 16 June, 07:30 in Wuhan
    draft = (await Draft.get()).data
    assert (draft["starts_at"][:16].replace("T", " "), draft["ends_at"][11:16]) == (event_start, "01:00")


def test_when_reads_english() -> None:
    from zoneinfo import ZoneInfo

    from models.parsers.when import parse_end, parse_when

    tz, now = ZoneInfo("Asia/Shanghai"), datetime(2026, 6, 11, 2, 0, tzinfo=UTC)
    local = {text: parse_when(text, tz, now).astimezone(tz).strftime("%m-%d %H:%M") for text in (
        "tomorrow 7:30", "tomorrow at 7:30am", "next Tuesday 7:30", "Tue 3pm", "Dec 3 7:30", "3 December 7:30",
        "December 3rd, 7:30 am", "tomorrow 12pm", "tonight 8pm", "tomorrow 7:30 p.m.", "yesterday 7:30")}
    assert local == {
        "tomorrow 7:30": "06-12 07:30", "tomorrow at 7:30am": "06-12 07:30", "next Tuesday 7:30": "06-16 07:30",
        "Tue 3pm": "06-16 15:00", "Dec 3 7:30": "12-03 07:30", "3 December 7:30": "12-03 07:30",
        "December 3rd, 7:30 am": "12-03 07:30", "tomorrow 12pm": "06-12 12:00", "tonight 8pm": "06-11 20:00",
        "tomorrow 7:30 p.m.": "06-12 19:30", "yesterday 7:30": "06-10 07:30"}  # read, then refused as past
    start = parse_when("tomorrow 7:30am", tz, now)
    assert parse_end("1pm", start, tz).astimezone(tz).strftime("%H:%M") == "13:00"


WORDS = ["tomorrow", "next", "tue", "dec", "3", "7:30", "am", "pm", "at", "明早", "七点半", "到", "十二月", "开始",
         "12", "~", " ", "半", "点", "周二", "tonight", "3rd", ",", "零", "两"]


@given(st.lists(st.sampled_from(WORDS), max_size=8))
def test_typed_times_only_ever_raise_when_error(words: list[str]) -> None:
    from zoneinfo import ZoneInfo

    from models.parsers.when import WhenError, parse_when, range_start

    with contextlib.suppress(WhenError):
        parse_when(" ".join(words), ZoneInfo("Asia/Shanghai"), datetime(2026, 6, 11, 2, 0, tzinfo=UTC))
    assert range_start("".join(words)) is None or "到" in words or "~" in words


async def test_a_target_period_typed_as_people_say_it(harness: Harness) -> None:
    from models.tables.intents import Target

    org, _ = await organizer_chat(harness)
    await org.send("/targets")
    await org.press("➕ 设置新目标", await org.expect("目标"))
    await org.expect("指标")
    await org.send("意向授信金额")
    await org.expect("统计范围")
    await org.send("全市")
    await org.expect("目标值")
    await org.send("十亿")
    await org.expect("统计期间")
    await org.send("年底")
    await org.expect("目标已设置")
    target = await Target.get()
    assert (target.value, str(target.deadline)) == (1_000_000_000, "2026-12-31")


def test_target_periods_without_a_year() -> None:
    from datetime import date

    from models.parsers.when import parse_period

    today = date(2026, 6, 11)
    assert parse_period("12月31日", today) == (today, date(2026, 12, 31))
    assert parse_period("明年底", today) == (today, date(2027, 12, 31))
    assert parse_period("3月31日", today) == (today, date(2027, 3, 31))  # past this year: the coming one
    assert parse_period("1月1日至12月31日", today) == (date(2026, 1, 1), date(2026, 12, 31))


async def test_an_audience_typed_as_people_name_it(harness: Harness) -> None:
    org, _ = await organizer_chat(harness)
    await _event_until_start(org)
    for answer, then in (("下周二 7:30", "结束时间"), ("9:00", "活动地点"), ("光谷金融港B1栋", "地图位置"),
                         ("-", "企业名额"), ("20", "金融机构名额"), ("5", "报名截止"), ("-", "活动简介"),
                         ("-", "公告对象")):
        await org.send(answer)
        await org.expect(then)
    await org.send("专精特新小巨人，洪山，光谷")  # labels typed without their quotes and brackets
    await org.expect("目标")
    await org.send("-")
    await org.expect("请确认活动信息")
    await org.send("确认")
    await org.expect("已保存")
    event = await Event.get()
    assert (event.tiers, event.districts) == ([Tier.little_giant.value],
                                              [District.hongshan.value, District.east_lake_hitech.value])


@pytest.mark.parametrize(("typed", "yuan"), [("50 million", 50_000_000), ("CNY 50 million", 50_000_000),
                                            ("1.2 billion", 1_200_000_000), ("500k", 500_000), ("0.5bn", 500_000_000)])
def test_amounts_typed_in_english(typed: str, yuan: int) -> None:
    from models.parsers.money import parse_amount

    assert parse_amount(typed, maximum=10**11) == yuan


async def test_cancel_typed_inside_a_form_says_how_to_cancel(harness: Harness) -> None:
    user = await harness.user("王经理")
    await user.send("/register")
    await user.expect("企业全称")
    await user.send("武汉光谷精密制造有限公司")
    await user.expect("统一社会信用代码")
    await user.send("取消")  # not a credit code: the person wants out
    await user.expect("/cancel")
    await user.send(USCC)
    await user.expect("梯度")
    await user.send("算了")
    hint = await user.expect("/cancel")
    assert hint.buttons, hint  # the question stays answerable with its buttons
    await user.send("/cancel")
    await user.expect("已取消")



async def test_a_double_tap_on_add_product_keeps_what_was_typed(harness: Harness) -> None:
    org = await organizer(harness)
    staff = await bank_with_staff(harness, org, "李行长")
    await staff.send("/myinstitution")
    card = await staff.expect("工作人员")
    await staff.press("➕ 新增产品", card)
    await staff.expect("产品名称")
    await staff.send("科创贷")
    await staff.expect("融资方式")
    await staff.press("➕ 新增产品", card)  # the same button again: the form goes on where it was
    again = await staff.expect("继续上次未完成的填写")
    assert "融资方式" in again.text, again.text
    await staff.send("贷款")
    await staff.expect("额度范围")
