"""Closed vocabularies of the programme. Labels live in the locale catalogues (bot/locales)."""

from __future__ import annotations

from enum import StrEnum


class Tier(StrEnum):
    """梯度: the city's ladder of specialised SMEs, lowest first."""

    innovative = "innovative"  # 创新型中小企业
    specialized = "specialized"  # 专精特新中小企业
    little_giant = "little_giant"  # 专精特新"小巨人"
    champion = "champion"  # 单项冠军
    other = "other"


class FinancingKind(StrEnum):
    """股/贷/债/保/担."""

    equity = "equity"
    loan = "loan"
    bond = "bond"
    insurance = "insurance"
    guarantee = "guarantee"


class Guarantee(StrEnum):
    """How a loan is secured: 信用, 抵押, 质押, 保证, other."""

    credit = "credit"
    mortgage = "mortgage"
    pledge = "pledge"
    surety = "surety"
    other = "other"


class District(StrEnum):
    """Wuhan's 13 districts and the 4 zones the city also reports by."""

    jiangan = "jiangan"
    jianghan = "jianghan"
    qiaokou = "qiaokou"
    hanyang = "hanyang"
    wuchang = "wuchang"
    qingshan = "qingshan"
    hongshan = "hongshan"
    dongxihu = "dongxihu"
    hannan = "hannan"
    caidian = "caidian"
    jiangxia = "jiangxia"
    huangpi = "huangpi"
    xinzhou = "xinzhou"
    east_lake_hitech = "east_lake_hitech"  # 东湖新技术开发区 (光谷)
    wuhan_econ_dev = "wuhan_econ_dev"  # 武汉经济技术开发区
    east_lake_scenic = "east_lake_scenic"  # 东湖生态旅游风景区
    changjiang_new = "changjiang_new"  # 长江新区


class Role(StrEnum):
    none = "none"
    enterprise = "enterprise"
    staff = "staff"
    organizer = "organizer"


class Language(StrEnum):
    zh = "zh"
    en = "en"
