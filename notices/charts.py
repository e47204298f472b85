"""The digest's chart: cumulative confirmed credit against the target line, and bars by institution
and by chain, as a PNG. Drawn with matplotlib's Agg canvas (no pyplot, no global figure state).

Chinese needs a CJK font that no fresh machine has: the font is Noto Sans SC from the
`pylopdf-fonts-zh-cn` package (a dependency, OFL-1.1), registered with matplotlib by its file path
and named explicitly on every text, so the system's fonts are never asked.
"""

from __future__ import annotations

import importlib
import io
import textwrap
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from models.reports.figures import CreditCurve, GroupFigure
from notices.i18n import t

if TYPE_CHECKING:
    from matplotlib.figure import Figure

YI = 100_000_000
TOP = 8  # bars per chart
CJK_WIDTH, LATIN_WIDTH = 12, 18  # a bar's name: characters (Chinese), columns per line (Latin)


@cache
def font_file() -> Path:
    """The shipped CJK font (raises when the package is missing: a chart of boxes is worse than none)."""
    fonts = importlib.import_module("pylopdf_fonts_zh_cn")
    path = Path(fonts.sans_path())
    if not path.is_file():
        raise FileNotFoundError(path)
    return path


@cache
def font_name() -> str:
    """The family name matplotlib knows the shipped font by (registered once, by path)."""
    path = str(font_file())
    from matplotlib import font_manager  # matplotlib loads with the first chart: ~40 MB and 0.5 s not paid at start

    font_manager.fontManager.addfont(path)
    return font_manager.FontProperties(fname=path).get_name()


def _rc() -> dict[str, object]:
    return {"font.family": "sans-serif", "font.sans-serif": [font_name()], "axes.unicode_minus": False}


def _yi(value: int) -> float:
    return value / YI


def _curve(ax: object, curve: CreditCurve, lang: str, tz: ZoneInfo) -> None:
    xs = [moment.astimezone(tz) for moment, _ in curve.points]
    ys = [_yi(total) for _, total in curve.points]
    ax.plot(xs, ys, color="#1f6feb", linewidth=2.2, label=t(lang, "chart-cumulative"))  # type: ignore[attr-defined]
    if curve.target:
        ax.axhline(_yi(curve.target), color="#d1242f", linestyle="--", linewidth=1.5,  # type: ignore[attr-defined]
                   label=t(lang, "chart-target"))
        ax.plot([curve.start.astimezone(tz), curve.end.astimezone(tz)], [0, _yi(curve.target)],  # type: ignore[attr-defined]
                color="#999999", linestyle=":", linewidth=1.2, label=t(lang, "chart-plan"))
    ax.set_title(t(lang, "chart-title-credit"))  # type: ignore[attr-defined]
    ax.set_ylabel(t(lang, "chart-yi"))  # type: ignore[attr-defined]
    top = max([*ys, _yi(curve.target or 0), 0.01])
    ax.set_ylim(0, top * 1.25)  # type: ignore[attr-defined]  # headroom: the target line is not the frame
    ax.legend(loc="best")  # type: ignore[attr-defined]  # not on top of the target line
    ax.grid(alpha=0.3)  # type: ignore[attr-defined]
    from matplotlib.dates import DateFormatter

    ax.xaxis.set_major_formatter(DateFormatter("%Y-%m-%d", tz=tz))  # type: ignore[attr-defined]
    ax.tick_params(axis="x", labelrotation=20)  # type: ignore[attr-defined]


def _label(name: str) -> str:
    """A bar's name: Chinese cut at 12 characters with …; a Latin name wrapped on two lines at word ends
    (cutting "Optoelectronics & information" at 12 left "Optoelectron")."""
    if name.isascii():
        return "\n".join(textwrap.wrap(name, LATIN_WIDTH, max_lines=2, placeholder="…")) or name
    return name if len(name) <= CJK_WIDTH else name[:CJK_WIDTH] + "…"


def _bars(ax: object, groups: tuple[GroupFigure, ...], title: str, lang: str) -> None:
    top = list(groups[:TOP])[::-1]
    if not top:  # nothing to draw: the words say so, on an axis that starts at 0 (not -0.04 … 0.04)
        ax.barh([t(lang, "chart-none")], [0.0])  # type: ignore[attr-defined]
        ax.set_xlim(0, 1)  # type: ignore[attr-defined]
        ax.set_xticks([])  # type: ignore[attr-defined]
    names = [_label(g.name) for g in top]
    values = [_yi(g.confirmed) for g in top]
    if top:
        ax.barh(names, values, color="#2da44e")  # type: ignore[attr-defined]
        ax.set_xlim(0, max(max(values), 0.01) * 1.18)  # type: ignore[attr-defined]  # room for the value labels
    for index, value in enumerate(values):
        ax.text(value, index, f" {value:.2f}", va="center", fontsize=9)  # type: ignore[attr-defined]
    ax.set_title(title)  # type: ignore[attr-defined]
    ax.set_xlabel(t(lang, "chart-yi"))  # type: ignore[attr-defined]


def draw(curve: CreditCurve, by_institution: tuple[GroupFigure, ...], by_chain: tuple[GroupFigure, ...],
         lang: str, tz: ZoneInfo) -> Figure:
    """Three panels: the credit curve on top, institutions and chains below (call inside `_rc()`)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(11, 9), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    grid = figure.add_gridspec(2, 2)
    _curve(figure.add_subplot(grid[0, :]), curve, lang, tz)
    _bars(figure.add_subplot(grid[1, 0]), by_institution, t(lang, "chart-title-institutions"), lang)
    _bars(figure.add_subplot(grid[1, 1]), by_chain, t(lang, "chart-title-chains"), lang)
    return figure


def digest_chart(curve: CreditCurve, by_institution: tuple[GroupFigure, ...], by_chain: tuple[GroupFigure, ...],
                 lang: str, tz: ZoneInfo) -> bytes:
    """The chart as a PNG."""
    import matplotlib

    with matplotlib.rc_context(_rc()):
        figure = draw(curve, by_institution, by_chain, lang, tz)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
    return buffer.getvalue()
