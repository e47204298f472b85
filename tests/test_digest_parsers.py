"""Issue 9's parsers and rules: digest rules and their occurrences, report periods, the paragraph's
rounding, and the chart (a real PNG, drawn with the shipped CJK font, no missing glyph)."""

from __future__ import annotations

import warnings
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.parsers.periods import PeriodError, Span, parse_report_period
from models.reports.figures import CreditCurve, GroupFigure
from models.rules.digest_rules import DigestRule, Frequency, RuleError, next_occurrence, parse_rule, previous_occurrence
from notices.charts import digest_chart, font_file, font_name
from notices.paragraph import amount_phrase, count_phrase

TZ = ZoneInfo("Asia/Shanghai")
THURSDAY = date(2026, 6, 11)


@pytest.mark.parametrize(("raw", "rule"), [
    ("每天 8:00", DigestRule(Frequency.daily, time(8))),
    ("每日8点", DigestRule(Frequency.daily, time(8))),
    ("每天", DigestRule(Frequency.daily, time(8))),
    ("daily 18:30", DigestRule(Frequency.daily, time(18, 30))),
    ("每周一 8:30", DigestRule(Frequency.weekly, time(8, 30), weekday=0)),
    ("每周日 7点半", DigestRule(Frequency.weekly, time(7, 30), weekday=6)),
    ("每星期五17:00", DigestRule(Frequency.weekly, time(17), weekday=4)),
    ("weekly mon 8:30", DigestRule(Frequency.weekly, time(8, 30), weekday=0)),
    ("every friday 17:00", DigestRule(Frequency.weekly, time(17), weekday=4)),
    ("每月 9:00", DigestRule(Frequency.monthly, time(9), day=1)),
    ("每月15日 9:00", DigestRule(Frequency.monthly, time(9), day=15)),
    ("monthly 28 9:00", DigestRule(Frequency.monthly, time(9), day=28)),
    ("ＤＡＩＬＹ　８：００", DigestRule(Frequency.daily, time(8))),  # full width
])
def test_digest_rules_as_typed(raw: str, rule: DigestRule) -> None:
    assert parse_rule(raw) == rule
    assert DigestRule.from_compact(rule.compact()) == rule


@pytest.mark.parametrize("raw", ["", "每天 25:00", "每天 8:61", "每月31日 9:00", "每月0日", "每周八 8:00",
                                 "hourly", "每天 8:00 和 9:00", "w9-0800"])
def test_odd_digest_rules_are_refused(raw: str) -> None:
    with pytest.raises(RuleError):
        parse_rule(raw)


@pytest.mark.parametrize("data", ["x", "d2500", "w7-0800", "m29-0900", "m1", "d0800-1"])
def test_forged_compact_rules_are_refused(data: str) -> None:
    with pytest.raises(RuleError):
        DigestRule.from_compact(data)


RULES = st.builds(
    lambda kind, hour, minute, weekday, day: DigestRule(
        kind, time(hour, minute), weekday=weekday if kind is Frequency.weekly else None,
        day=day if kind is Frequency.monthly else None),
    st.sampled_from(list(Frequency)), st.integers(0, 23), st.integers(0, 59), st.integers(0, 6), st.integers(1, 28))
MOMENTS = st.datetimes(datetime(2024, 1, 1), datetime(2030, 12, 31), timezones=st.just(UTC))


@given(RULES, MOMENTS)
def test_occurrences_bracket_every_moment(rule: DigestRule, at: datetime) -> None:
    before, after = previous_occurrence(rule, at, TZ), next_occurrence(rule, at, TZ)
    assert before <= at < after
    assert previous_occurrence(rule, after, TZ) == after  # the next one is an occurrence itself
    assert previous_occurrence(rule, after - timedelta(microseconds=1), TZ) == before  # none in between
    local = after.astimezone(TZ)
    assert local.time() == rule.at
    assert rule.weekday is None or local.weekday() == rule.weekday
    assert rule.day is None or local.day == rule.day


@pytest.mark.parametrize(("raw", "first", "last"), [
    ("今天", THURSDAY, THURSDAY),
    ("本周", date(2026, 6, 8), date(2026, 6, 14)),
    ("上周", date(2026, 6, 1), date(2026, 6, 7)),
    ("本月", date(2026, 6, 1), date(2026, 6, 30)),
    ("上月", date(2026, 5, 1), date(2026, 5, 31)),
    ("2026年11月", date(2026, 11, 1), date(2026, 11, 30)),
    ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
    ("2026-01-01~2026-06-30", date(2026, 1, 1), date(2026, 6, 30)),
    ("2026年1月1日至2026年3月31日", date(2026, 1, 1), date(2026, 3, 31)),
    ("本季度", date(2026, 4, 1), date(2026, 6, 30)),
    ("this quarter", date(2026, 4, 1), date(2026, 6, 30)),
    ("上季度", date(2026, 1, 1), date(2026, 3, 31)),
    ("2026年第四季度", date(2026, 10, 1), date(2026, 12, 31)),
    ("今年", date(2026, 1, 1), date(2026, 12, 31)),
    ("去年", date(2025, 1, 1), date(2025, 12, 31)),
    ("2025", date(2025, 1, 1), date(2025, 12, 31)),
    ("Last Month", date(2026, 5, 1), date(2026, 5, 31)),
])
def test_report_periods_as_typed(raw: str, first: date, last: date) -> None:
    assert parse_report_period(raw, THURSDAY) == Span(first, last)


def test_last_month_and_quarter_in_january() -> None:
    assert parse_report_period("上月", date(2027, 1, 15)) == Span(date(2026, 12, 1), date(2026, 12, 31))
    assert parse_report_period("上季度", date(2027, 1, 15)) == Span(date(2026, 10, 1), date(2026, 12, 31))


@pytest.mark.parametrize("raw", ["", "下下周", "2026-13", "2026-02-30", "2026-06-30~2026-06-01", "明年春天",
                                 "2026-01-01~2046-01-01", "0000"])
def test_odd_periods_are_refused(raw: str) -> None:
    with pytest.raises(PeriodError):
        parse_report_period(raw, THURSDAY)


def test_a_period_is_whole_local_days_and_fits_callback_data() -> None:
    span = Span(date(2026, 1, 1), date(2026, 6, 30))
    assert span.bounds(TZ) == (datetime(2025, 12, 31, 16, tzinfo=UTC), datetime(2026, 6, 30, 16, tzinfo=UTC))
    assert Span.from_compact(span.compact()) == span and len(f"rp:p:{span.compact()}") <= 64
    with pytest.raises(PeriodError):
        Span.from_compact("20260230-20260301")


@pytest.mark.parametrize(("n", "phrase"), [(0, "0"), (7, "7"), (10, "10"), (53, "50余"), (50, "50"), (99, "90余"),
                                           (100, "100"), (523, "520余"), (1530, "1500余"), (12345, "12000余")])
def test_counts_round_as_documents_do(n: int, phrase: str) -> None:
    assert count_phrase(n) == phrase


@pytest.mark.parametrize(("yuan", "over", "about"), [
    (3_170_000_000, "超31亿元", "约32亿元"),
    (3_000_000_000, "30亿元", "30亿元"),
    (1_960_000_000, "超19亿元", "约20亿元"),
    (347_000_000, "超3.4亿元", "约3.5亿元"),
    (236_000_000, "超2.3亿元", "约2.4亿元"),
    (100_000_000, "1亿元", "1亿元"),
    (34_560_000, "超3400万元", "约3500万元"),
    (5_000_000, "500万元", "500万元"),
    (5_005_000, "超500万元", "约500万元"),
    (523_456, "超52万元", "约52万元"),
    (12_340, "超1.2万元", "约1.2万元"),
    (0, "0元", "0元"),
])
def test_amounts_round_as_documents_do(yuan: int, over: str, about: str) -> None:
    assert amount_phrase(yuan, "over") == over
    assert amount_phrase(yuan, "about") == about


@given(st.integers(10_000, 10**12))
def test_over_never_claims_more_and_about_stays_close(yuan: int) -> None:
    def value(phrase: str) -> float:
        number = phrase.lstrip("超约").removesuffix("元")
        return float(number[:-1]) * (1e8 if number.endswith("亿") else 1e4)

    assert value(amount_phrase(yuan, "over")) <= yuan
    assert abs(value(amount_phrase(yuan, "about")) - yuan) <= 0.05 * yuan


def test_the_chart_is_a_png_drawn_with_the_shipped_font_without_missing_glyphs() -> None:
    from matplotlib import font_manager

    start = datetime(2026, 1, 1, tzinfo=UTC)
    curve = CreditCurve(start, datetime(2026, 12, 31, tzinfo=UTC),
                        tuple((start + timedelta(days=7 * i), i * 10_000_000) for i in range(20)), 2_000_000_000)
    groups = (GroupFigure(1, "交通银行", 900_000_000, 0, 0, 3), GroupFigure(2, "邮储银行", 100_000_000, 0, 0, 1))
    chains = (GroupFigure(1, "新能源与智能网联汽车", 500_000_000, 0, 0, 2),)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png = digest_chart(curve, groups, chains, "zh", TZ)
    assert not [w for w in caught if "missing from" in str(w.message) or "Glyph" in str(w.message)]
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 20_000
    assert "site-packages" in str(font_file()) or "pylopdf_fonts_zh_cn" in str(font_file())
    found = font_manager.findfont(font_manager.FontProperties(family=font_name()), fallback_to_default=False)
    assert Path(found) == font_file()
    assert not str(found).startswith("/usr/share/fonts")


def test_a_string_with_every_chinese_label_renders_with_the_font() -> None:
    """matplotlib warns "Glyph … missing from font(s)" for a character the font lacks: none for ours."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure()
    FigureCanvasAgg(figure)
    figure.text(0.1, 0.5, "累计意向授信与目标 按金融机构 按产业链 亿元 股贷债保担 早餐汇 一月一链",
                fontproperties=font_manager_props())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        figure.canvas.draw()
    assert not [w for w in caught if "missing" in str(w.message)]
    with warnings.catch_warnings(record=True) as caught:  # the check can fail: a font without 汉字 warns
        warnings.simplefilter("always")
        from matplotlib import font_manager

        other = Figure()
        FigureCanvasAgg(other)
        other.text(0.1, 0.5, "亿元", fontproperties=font_manager.FontProperties(family="DejaVu Sans"))
        other.canvas.draw()
    assert [w for w in caught if "missing" in str(w.message)]


def font_manager_props():  # type: ignore[no-untyped-def]
    from matplotlib import font_manager

    return font_manager.FontProperties(fname=str(font_file()))
