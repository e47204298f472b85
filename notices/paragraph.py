"""The bureau's paragraph: the period's figures as a ready-to-paste sentence in the style of section 三
of the city's reply (组织“早餐汇”“一月一链”等融资对接活动N场，服务中小企业500余家次，促进融资超30亿元 …),
rounded the way such documents round, with the exact figures beneath for checking.

Rounding (documented in README):
- counts: below 10 exact; otherwise floored to two leading digits (tens below 100) with 余 when
  something was cut off: 53 → 50余, 523 → 520余, 50 → 50;
- 促进融资 (all institutions' confirmed credit, 股贷债保担) is floored with 超: 31.7亿 → 超31亿元,
  3.47亿 → 超3.4亿元, 3456万 → 超3400万元 (two leading digits: never more than 5% off); an exact
  value needs no 超;
- 授信金额 (banks' confirmed credit) is rounded half up with 约: 19.6亿 → 约20亿元, 2.36亿 → 约2.4亿元.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from models.reports.figures import PeriodFigures
from notices.i18n import Html, t

YI, WAN = 100_000_000, 10_000
NAMED = 5  # institutions named before 等


def count_phrase(n: int) -> str:
    if n < 10:
        return str(n)
    step = 10 if n < 100 else 10 ** (len(str(n)) - 2)
    floored = n // step * step
    return f"{floored}余" if floored != n else str(floored)


def _quantum(yuan: int) -> tuple[int, Decimal, str]:
    """(unit, step in that unit, unit text) for an amount's size."""
    if yuan >= 10 * YI:
        return YI, Decimal(1), "亿元"
    if yuan >= YI:
        return YI, Decimal("0.1"), "亿元"
    if yuan >= 1000 * WAN:
        return WAN, Decimal(100), "万元"
    if yuan >= 100 * WAN:
        return WAN, Decimal(10), "万元"
    if yuan >= 10 * WAN:
        return WAN, Decimal(1), "万元"
    return WAN, Decimal("0.1"), "万元"


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def amount_phrase(yuan: int, mode: str) -> str:
    """mode 'over' (超, floored) or 'about' (约, rounded half up); exact values need neither."""
    if yuan <= 0:
        return "0元"
    if yuan < WAN:
        return f"{yuan}元"
    unit, step, unit_text = _quantum(yuan)
    exact = Decimal(yuan) / unit
    rounding = ROUND_FLOOR if mode == "over" else ROUND_HALF_UP
    shown = (exact / step).quantize(Decimal(1), rounding=rounding) * step
    if shown == exact:
        return f"{_plain(shown)}{unit_text}"
    return f"{'超' if mode == 'over' else '约'}{_plain(shown)}{unit_text}"


@dataclass(frozen=True)
class Paragraph:
    text: str  # the paragraph itself, plain text (no markup): ready to paste
    exact: list[str]  # the exact figures, one line each (HTML)


def paragraph(figures: PeriodFigures, lang: str) -> Paragraph:
    institutions = figures.product_institutions
    if len(institutions) > NAMED:
        products = t("zh", "paragraph-products", names="、".join(institutions[:NAMED]), count=len(institutions))
    elif institutions:
        products = t("zh", "paragraph-products-few", names="、".join(institutions))
    else:
        products = ""
    text = t("zh", "paragraph-text", events=str(figures.events_held), visits=count_phrase(figures.check_ins),
             financing=amount_phrase(figures.confirmed_amount, "over"),
             firms=count_phrase(figures.bank_enterprises_with_intent),
             credit=amount_phrase(figures.bank_confirmed_amount, "about"), products=Html(products))
    exact = [
        t(lang, "paragraph-exact-events", value=str(figures.events_held)),
        t(lang, "paragraph-exact-visits", value=str(figures.check_ins)),
        t(lang, "paragraph-exact-financing", value=f"{figures.confirmed_amount:,}"),
        t(lang, "paragraph-exact-firms", value=str(figures.bank_enterprises_with_intent)),
        t(lang, "paragraph-exact-credit", value=f"{figures.bank_confirmed_amount:,}"),
        t(lang, "paragraph-exact-products", value="、".join(institutions) or "—"),
    ]
    return Paragraph(text, exact)
