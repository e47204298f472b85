"""Closed vocabularies of the programme. Labels live in the locale catalogues (notices/locales)."""

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


class InstitutionKind(StrEnum):
    bank = "bank"
    venture = "venture"  # 创投
    guarantor = "guarantor"  # 担保
    insurer = "insurer"  # 保险


class StaffStatus(StrEnum):
    """Staff: invited (joined through a code) -> verified by an organizer -> revoked / suspended."""

    invited = "invited"
    verified = "verified"
    suspended = "suspended"
    revoked = "revoked"


class SeriesKind(StrEnum):
    breakfast = "breakfast"  # 早餐汇
    chain_month = "chain_month"  # 一月一链


class EventStatus(StrEnum):
    draft = "draft"
    open = "open"
    closed = "closed"
    held = "held"
    archived = "archived"
    cancelled = "cancelled"


class RegistrationStatus(StrEnum):
    registered = "registered"
    waitlisted = "waitlisted"
    checked_in = "checked_in"
    no_show = "no_show"
    cancelled = "cancelled"


class OutboxStatus(StrEnum):
    pending = "pending"
    sending = "sending"  # claimed by the sender just before the Bot API call (at most once)
    sent = "sent"
    failed = "failed"
    blocked = "blocked"  # the person blocked the bot
    dropped = "dropped"  # no longer useful (e.g. a reminder after the event started)
    unsure = "unsure"  # the request left but no answer came (timeout, cut connection, crash): not resent


class IntentStatus(StrEnum):
    proposed = "proposed"
    confirmed = "confirmed"
    approved = "approved"  # 授信批复
    disbursed = "disbursed"  # 放款 (fully or in parts)
    rejected = "rejected"
    withdrawn = "withdrawn"
    expired = "expired"


class MeetingStatus(StrEnum):
    requested = "requested"
    accepted = "accepted"
    declined = "declined"
    cancelled = "cancelled"


class TargetMetric(StrEnum):
    confirmed_amount = "confirmed_amount"
    enterprises_with_intent = "enterprises_with_intent"
    enterprise_visits = "enterprise_visits"
    approved_amount = "approved_amount"
    disbursed_amount = "disbursed_amount"


class TargetScope(StrEnum):
    programme = "programme"
    series = "series"
    event = "event"
    chain = "chain"
    institution = "institution"


class ProposerSide(StrEnum):
    """Who put an intent on the table; the other party answers it (an organizer speaks for the enterprise)."""

    enterprise = "enterprise"
    institution = "institution"
    organizer = "organizer"
