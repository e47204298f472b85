"""The workbook format: sheets, their Chinese headers (with the synonyms an import recognises) and the
words of the closed vocabularies as the city's lists write them. A file format, like a CSV schema: the
chat's texts stay in the catalogues."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from models.enums import (
    District,
    EventStatus,
    FinancingKind,
    Guarantee,
    InstitutionKind,
    IntentStatus,
    RegistrationStatus,
    SeriesKind,
    TargetMetric,
    TargetScope,
    Tier,
)

WAN = 10_000
LIST_SEPARATORS = re.compile(r"[、,，;；/|]+")


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: str = "text"  # text | wan (万元) | int | datetime | date | bool | label | percent
    synonyms: tuple[str, ...] = ()


def col(key: str, header: str, kind: str = "text", *synonyms: str) -> Column:
    return Column(key, header, kind, synonyms)


ENTERPRISE_COLUMNS = (
    col("name", "企业名称", "text", "单位名称", "公司名称", "企业全称", "名称"),
    col("uscc", "统一社会信用代码", "text", "信用代码", "社会信用代码", "统一代码", "企业信用代码"),
    col("tier", "梯度", "label", "企业梯度", "培育层级", "层级", "类别", "认定类别"),
    col("chain", "产业链", "text", "所属产业链", "重点产业链"),
    col("district", "所在区域", "label", "区域", "所在区", "区", "辖区", "所属区", "行政区"),
    col("contact_name", "联系人", "text", "联系人姓名"),
    col("phone", "联系电话", "text", "电话", "手机", "手机号", "联系方式"),
    col("suspended", "已暂停", "bool"),
    col("representatives", "Telegram代表人数", "int"),
)
NEED_COLUMNS = (
    col("uscc", "统一社会信用代码"), col("enterprise", "企业名称"), col("amount", "金额（万元）", "wan"),
    col("kind", "融资方式", "label"), col("term_months", "期限（月）", "int"), col("purpose", "资金用途"),
    col("guarantee", "担保方式", "label"), col("open", "有效", "bool"),
)
INSTITUTION_COLUMNS = (
    col("name", "机构名称", "text", "金融机构", "金融机构名称", "银行名称"),
    col("kind", "机构类型", "label", "类型"),
    col("parent", "上级机构", "text", "总行", "所属机构"),
    col("suspended", "已暂停", "bool"),
)
PRODUCT_COLUMNS = (
    col("institution", "机构名称", "text", "金融机构", "所属机构", "银行名称"),
    col("name", "产品名称", "text", "产品"),
    col("kind", "融资方式", "label", "产品类型", "方式"),
    col("min_amount", "最低金额（万元）", "wan", "最低额度", "额度下限"),
    col("max_amount", "最高金额（万元）", "wan", "最高额度", "额度上限"),
    col("min_term_months", "最短期限（月）", "int", "期限下限"),
    col("max_term_months", "最长期限（月）", "int", "期限上限"),
    col("rate_text", "利率/费率", "text", "利率", "费率"),
    col("target_tiers", "目标梯度", "label"),
    col("target_chains", "目标产业链", "text"),
    col("guarantees", "接受担保方式", "label", "担保方式"),
    col("conditions", "申请条件", "text", "条件"),
    col("active", "在售", "bool", "有效"),
)
EVENT_COLUMNS = (
    col("id", "场次编号", "int"), col("title", "标题"), col("kind", "类型", "label"), col("chain", "产业链"),
    col("starts_at", "开始时间", "datetime"), col("ends_at", "结束时间", "datetime"), col("venue", "地点"),
    col("seats_enterprise", "企业席位", "int"), col("seats_institution", "机构席位", "int"),
    col("deadline", "报名截止", "datetime"), col("status", "状态", "label"), col("target_visits", "目标到场", "int"),
)
REGISTRATION_COLUMNS = (
    col("event_id", "场次编号", "int"), col("event", "场次"), col("party", "参与方"), col("name", "名称"),
    col("uscc", "统一社会信用代码"), col("status", "状态", "label"), col("signed_up_at", "报名时间", "datetime"),
    col("checked_in_at", "签到时间", "datetime"), col("walk_in", "临时到场", "bool"), col("rating", "评分", "int"),
)
INTENT_COLUMNS = (
    col("id", "意向编号", "int"), col("enterprise", "企业名称"), col("uscc", "统一社会信用代码"),
    col("institution", "机构名称"), col("product", "产品名称"), col("kind", "融资方式", "label"),
    col("amount", "意向金额（万元）", "wan"), col("term_months", "期限（月）", "int"),
    col("approved_amount", "批复金额（万元）", "wan"), col("disbursed_amount", "放款金额（万元）", "wan"),
    col("status", "状态", "label"), col("event_id", "场次编号", "int"), col("created_at", "提出时间", "datetime"),
    col("confirmed_at", "确认时间", "datetime"),
)
HISTORY_COLUMNS = (
    col("intent_id", "意向编号", "int"), col("at", "时间", "datetime"), col("actor", "操作人"),
    col("action", "操作"), col("before", "变更前"), col("after", "变更后"),
)
# the history sheet's 操作, as the chat's /audit words them (an unknown action is written as recorded)
INTENT_ACTIONS = {
    "intent.propose": "提出融资意向", "intent.offer": "机构向企业提出意向", "intent.record": "记录并确认意向",
    "intent.confirm": "确认意向", "intent.reject": "不予受理 / 婉拒", "intent.approve": "授信批复",
    "intent.disburse": "放款", "intent.withdraw": "撤回意向", "intent.expire": "意向过期",
    "intent.route": "转给分支机构",
}
TARGET_COLUMNS = (
    col("metric", "指标", "label"), col("scope", "范围", "label"), col("scope_name", "范围对象"),
    col("value", "目标值"), col("current", "当前值"), col("percent", "完成率", "percent"),
    col("unit", "单位"), col("starts_on", "开始日期", "date"), col("deadline", "截止日期", "date"),
)
FIGURE_COLUMNS = (col("group", "类别"), col("name", "指标"), col("value", "数值"), col("unit", "单位"))
REPORT_COLUMNS = (col("sheet", "工作表"), col("row", "行号", "int"), col("value", "内容"), col("reason", "原因"))
SIGNUP_LIST_COLUMNS = (
    col("number", "序号", "int"), col("party", "参与方"), col("name", "企业/机构"), col("contact_name", "代表"),
    col("phone", "联系电话"), col("tier", "梯度", "label"), col("chain", "产业链"), col("place", "席位/候补"),
    col("status", "状态", "label"), col("checked_in_at", "签到时间", "datetime"), col("walk_in", "临时到场", "bool"),
)
CLAIM_COLUMNS = (col("name", "企业名称"), col("uscc", "统一社会信用代码"), col("link", "认领链接"),
                 col("expires_at", "有效期至", "datetime"))

SHEETS = {
    "enterprises": "企业", "needs": "融资需求", "institutions": "金融机构", "products": "专项产品",
    "events": "活动场次", "registrations": "报名与签到", "intents": "融资意向", "history": "意向变更记录",
    "targets": "目标与进度", "figures": "本期数据",
}
SHEET_SYNONYMS = {"enterprises": ("企业名单", "专精特新企业", "名单", "企业库"), "institutions": ("机构",),
                  "products": ("产品",)}

# The words of each vocabulary: the first is what an export writes, all are read back.
WORDS: dict[type[StrEnum], dict[str, tuple[str, ...]]] = {
    Tier: {
        "innovative": ("创新型中小企业", "创新型", "创新型企业"),
        "specialized": ("专精特新中小企业", "专精特新", "专精特新企业", "省级专精特新", "市级专精特新"),
        "little_giant": ('专精特新"小巨人"', "小巨人", "专精特新小巨人", "国家级小巨人", "国家级专精特新小巨人"),
        "champion": ("单项冠军", "制造业单项冠军", "单项冠军企业"),
        "other": ("其他",),
    },
    District: {
        "jiangan": ("江岸区", "江岸"), "jianghan": ("江汉区", "江汉"), "qiaokou": ("硚口区", "硚口"),
        "hanyang": ("汉阳区", "汉阳"), "wuchang": ("武昌区", "武昌"), "qingshan": ("青山区", "青山"),
        "hongshan": ("洪山区", "洪山"), "dongxihu": ("东西湖区", "东西湖"), "hannan": ("汉南区", "汉南"),
        "caidian": ("蔡甸区", "蔡甸"), "jiangxia": ("江夏区", "江夏"), "huangpi": ("黄陂区", "黄陂"),
        "xinzhou": ("新洲区", "新洲"),
        "east_lake_hitech": ("东湖新技术开发区（光谷）", "东湖新技术开发区", "东湖高新区", "光谷", "东湖高新"),
        "wuhan_econ_dev": ("武汉经济技术开发区", "经开区", "武汉经开区", "汉南区（经开区）"),
        "east_lake_scenic": ("东湖生态旅游风景区", "东湖风景区"), "changjiang_new": ("长江新区",),
    },
    FinancingKind: {"equity": ("股权", "股"), "loan": ("贷款", "贷"), "bond": ("债券", "债"),
                    "insurance": ("保险", "保"), "guarantee": ("担保", "担")},
    Guarantee: {"credit": ("信用",), "mortgage": ("抵押",), "pledge": ("质押",), "surety": ("保证",),
                "other": ("其他",)},
    InstitutionKind: {"bank": ("银行",), "venture": ("创投", "创业投资", "基金"), "guarantor": ("担保", "担保机构"),
                      "insurer": ("保险", "保险机构")},
    SeriesKind: {"breakfast": ("早餐汇",), "chain_month": ("一月一链",)},
    EventStatus: {"draft": ("草稿",), "open": ("报名中",), "closed": ("报名截止",), "held": ("已举行",),
                  "archived": ("已归档",), "cancelled": ("已取消",)},
    RegistrationStatus: {"registered": ("已报名",), "waitlisted": ("候补",), "checked_in": ("已签到",),
                         "no_show": ("未到场",), "cancelled": ("已取消",)},
    IntentStatus: {"proposed": ("待确认",), "confirmed": ("已确认",), "approved": ("已授信批复",),
                   "disbursed": ("已放款",), "rejected": ("未受理",), "withdrawn": ("已撤回",), "expired": ("已过期",)},
    TargetMetric: {"confirmed_amount": ("意向授信金额", "授信意向金额"),
                   "enterprises_with_intent": ("达成意向企业数", "有意向企业数"),
                   "enterprise_visits": ("服务企业家次",), "approved_amount": ("授信批复金额",),
                   "disbursed_amount": ("放款金额",)},
    TargetScope: {"programme": ("全市",), "series": ("系列",), "event": ("场次",), "chain": ("产业链",),
                  "institution": ("机构",)},
}
YES, NO = "是", "否"
TRUE_WORDS = frozenset({"是", "y", "yes", "true", "1", "√", "✓", "有效", "在售"})
FALSE_WORDS = frozenset({"否", "n", "no", "false", "0", "×", "", "无效", "停售"})


def tidy(text: str) -> str:
    """Full-width to half-width, no spaces, no quotes of any kind: how headers and words are compared."""
    folded = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in folded if not ch.isspace() and ch not in "\"'“”‘’「」").casefold()


def word(member: StrEnum) -> str:
    """What the workbook writes for a member of a vocabulary."""
    return WORDS[type(member)][member.value][0]


def words_by_value(enum: type[StrEnum]) -> dict[str, str]:
    """word() for every raw value of a vocabulary, for sheets of many rows."""
    return {value: words[0] for value, words in WORDS[enum].items()}


def _lookup(enum: type[StrEnum]) -> dict[str, str]:
    table: dict[str, str] = {}
    for value, words in WORDS[enum].items():
        for text in (value, *words):
            table[tidy(text)] = value
    return table


_LOOKUPS = {enum: _lookup(enum) for enum in WORDS}


def read_word(enum: type[StrEnum], raw: str) -> str | None:
    """The member value a cell names (its word, a synonym, or the code's own value); None if none."""
    return _LOOKUPS[enum].get(tidy(raw))


def split_list(raw: str) -> list[str]:
    return [part.strip() for part in LIST_SEPARATORS.split(raw) if part.strip()]


def header_lookup(columns: tuple[Column, ...]) -> dict[str, str]:
    """Every accepted header (tidied, with or without a unit in brackets) -> column key."""
    table: dict[str, str] = {}
    for column in columns:
        for text in (column.header, *column.synonyms):
            table[tidy(text)] = column.key
            table[tidy(re.sub(r"[（(].*?[)）]", "", text))] = column.key
    return table


def sheet_kind(title: str) -> str | None:
    wanted = tidy(title)
    for kind, name in SHEETS.items():
        if wanted in {tidy(name), tidy(kind), *(tidy(s) for s in SHEET_SYNONYMS.get(kind, ()))}:
            return kind
    return None
