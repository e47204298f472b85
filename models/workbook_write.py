"""Writing sheets with XlsxWriter: bold frozen header row, an auto-filter, widths that fit the content,
amounts in 万元. Constant-memory mode: each row goes to a temporary file as soon as the next begins, so a
city's 1.8 million cells are never held as cell objects."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from itertools import chain
from typing import Any
from zoneinfo import ZoneInfo

from xlsxwriter import Workbook
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from models.workbook_columns import CLAIM_COLUMNS, NO, REPORT_COLUMNS, WAN, YES, Column

MAX_WIDTH = 60
MIN_WIDTH = 6
WIDTH_SAMPLE = 2_000  # rows looked at to size a column: a city roster is uniform enough
FORMATS = {"wan": "#,##0.####", "datetime": "yyyy-mm-dd hh:mm", "date": "yyyy-mm-dd", "percent": "0%"}
HEADER = {"bold": True, "pattern": 1, "bg_color": "#DDEBF7", "valign": "vcenter"}
OPTIONS = {
    "constant_memory": True,
    "in_memory": False,  # in_memory would turn constant_memory off
    "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
    "nan_inf_to_errors": True,  # a share of a zero target: #NUM! in the cell rather than no file
}


@dataclass
class Book:
    """A workbook being written into `buffer`, with its cell formats made once."""

    workbook: Workbook
    buffer: io.BytesIO
    formats: dict[str, Format]
    header: Format


def new_workbook() -> Book:
    buffer = io.BytesIO()
    workbook = Workbook(buffer, OPTIONS)
    formats = {kind: workbook.add_format({"num_format": code}) for kind, code in FORMATS.items()}
    return Book(workbook, buffer, formats, workbook.add_format(HEADER))


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


def _write_text(sheet: Worksheet, row: int, col: int, text: str, cell_format: Format | None = None) -> int:
    """Every text as a text (never a formula, not even "{=…}", nor a link); an empty one is no cell.
    0 whatever write_string says (-2: cut to Excel's 32,767 characters), so write_row goes on."""
    if text:
        sheet.write_string(row, col, text, cell_format)
    return 0


def _runs(formats: list[Format | None]) -> list[tuple[int, int, Format | None]]:
    """Neighbouring columns of one format, as (first, past the last, format): one write_row each."""
    runs: list[tuple[int, int, Format | None]] = []
    for index, cell_format in enumerate(formats):
        if runs and runs[-1][2] is cell_format:
            runs[-1] = (runs[-1][0], index + 1, cell_format)
        else:
            runs.append((index, index + 1, cell_format))
    return runs


def write_sheet(book: Book, title: str, columns: Iterable[Column], rows: list[dict[str, Any]],
                tz: ZoneInfo) -> Worksheet:
    columns = tuple(columns)
    sheet = book.workbook.add_worksheet(title)
    sheet.add_write_handler(str, _write_text)
    sample = [[cell_value(c, row.get(c.key), tz) for c in columns] for row in rows[:WIDTH_SAMPLE]]
    for index, column in enumerate(columns):
        widest = max([display_width(column.header), *(display_width(v[index]) for v in sample)])
        sheet.set_column(index, index, min(MAX_WIDTH, max(MIN_WIDTH, widest + 2)))
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, len(rows), max(len(columns) - 1, 0))
    sheet.write_row(0, 0, [c.header for c in columns], book.header)
    runs = _runs([book.formats.get(c.kind) for c in columns])
    rest = ([cell_value(c, row.get(c.key), tz) for c in columns] for row in rows[WIDTH_SAMPLE:])
    for number, values in enumerate(chain(sample, rest), 1):
        for first, end, cell_format in runs:
            sheet.write_row(number, first, values[first:end], cell_format)
    return sheet


def to_bytes(book: Book) -> bytes:
    book.workbook.close()
    return book.buffer.getvalue()


def single_sheet(title: str, columns: Iterable[Column], rows: list[dict[str, Any]], tz: ZoneInfo) -> bytes:
    book = new_workbook()
    write_sheet(book, title, columns, rows, tz)
    return to_bytes(book)


def report_workbook(rows: list[dict[str, Any]], tz: ZoneInfo) -> bytes:
    """An import's refused rows: sheet, row, the cell at fault, why."""
    return single_sheet("导入问题", REPORT_COLUMNS, rows, tz)


def claim_links_workbook(rows: list[dict[str, Any]], tz: ZoneInfo) -> bytes:
    return single_sheet("认领链接", CLAIM_COLUMNS, rows, tz)
