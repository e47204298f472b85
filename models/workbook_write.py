"""Writing sheets: bold frozen header row, an auto-filter, widths that fit the content, amounts in 万元
(the file itself by models/xlsx.py)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel

from models.workbook_columns import CLAIM_COLUMNS, NO, REPORT_COLUMNS, WAN, YES, Column
from models.xlsx import DATE, DATETIME, PERCENT, Book, Sheet, string_cell, style_attribute
from models.xlsx import WAN as WAN_STYLE

MAX_WIDTH = 60
MIN_WIDTH = 6
WIDTH_SAMPLE = 2_000  # rows looked at to size a column: a city roster is uniform enough
STYLES = {"wan": WAN_STYLE, "datetime": DATETIME, "date": DATE, "percent": PERCENT}


def new_workbook() -> Book:
    return Book()


def wan(yuan: int | None) -> int | float | None:
    """Yuan as 万元: a whole number when it is one, else exact to the yuan (four decimals)."""
    if yuan is None:
        return None
    return yuan // WAN if yuan % WAN == 0 else float(Decimal(yuan) / WAN)


def cell_value(column: Column, value: Any, tz: ZoneInfo) -> Any:
    if value is None:
        return None
    if column.kind == "wan":
        return wan(int(value))
    if column.kind == "bool":
        return YES if value else NO
    if column.kind == "datetime" and isinstance(value, datetime):
        return value.astimezone(tz).replace(tzinfo=None, microsecond=0)
    return value


def display_width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 10
    text = str(value)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def cell_xml(ref: str, value: Any, style: str) -> str:
    """One cell: text in-line, numbers as they are, dates and times as Excel's serial days."""
    if isinstance(value, str):
        return string_cell(ref, value, style)
    if isinstance(value, bool):
        return f'<c r="{ref}"{style} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float | Decimal):
        return f'<c r="{ref}"{style}><v>{value:.16g}</v></c>'  # as openpyxl wrote numbers
    if isinstance(value, date):  # datetimes too
        return f'<c r="{ref}"{style}><v>{to_excel(value):.16g}</v></c>'
    raise TypeError(f"cannot write {type(value).__name__} to a cell ({ref})")


def _row_cells(values: Iterable[list[Any]], letters: list[str], styles: list[str], start: int) -> Iterator[str]:
    # an empty text is an empty cell, as openpyxl wrote it
    for number, row in enumerate(values, start):
        yield "".join([cell_xml(f"{letter}{number}", value, style)
                       for letter, value, style in zip(letters, row, styles, strict=True)
                       if value is not None and value != ""])


def write_sheet(book: Book, title: str, columns: Iterable[Column], rows: list[dict[str, Any]],
                tz: ZoneInfo) -> Sheet:
    columns = tuple(columns)
    sample = [[cell_value(c, row.get(c.key), tz) for c in columns] for row in rows[:WIDTH_SAMPLE]]
    widths = [min(MAX_WIDTH, max(MIN_WIDTH, max([display_width(column.header),
                                                   *(display_width(v[index]) for v in sample)]) + 2))
              for index, column in enumerate(columns)]
    sheet = book.sheet(title, widths, [c.header for c in columns])
    letters = [get_column_letter(n) for n in range(1, len(columns) + 1)]
    styles = [style_attribute(STYLES.get(c.kind, 0)) for c in columns]
    rest = ([cell_value(c, row.get(c.key), tz) for c in columns] for row in rows[WIDTH_SAMPLE:])
    sheet.add_rows(_row_cells(sample, letters, styles, sheet.rows + 1))
    sheet.add_rows(_row_cells(rest, letters, styles, sheet.rows + 1))
    return sheet


def to_bytes(book: Book) -> bytes:
    return book.to_bytes()


def single_sheet(title: str, columns: Iterable[Column], rows: list[dict[str, Any]], tz: ZoneInfo) -> bytes:
    book = new_workbook()
    write_sheet(book, title, columns, rows, tz)
    return to_bytes(book)


def report_workbook(rows: list[dict[str, Any]], tz: ZoneInfo) -> bytes:
    """An import's refused rows: sheet, row, the cell at fault, why."""
    return single_sheet("导入问题", REPORT_COLUMNS, rows, tz)


def claim_links_workbook(rows: list[dict[str, Any]], tz: ZoneInfo) -> bytes:
    return single_sheet("认领链接", CLAIM_COLUMNS, rows, tz)
