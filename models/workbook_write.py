"""Writing sheets: bold frozen header row, an auto-filter, widths that fit the content, amounts in 万元."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from models.workbook_columns import CLAIM_COLUMNS, NO, REPORT_COLUMNS, WAN, YES, Column

MAX_WIDTH = 60
MIN_WIDTH = 6
WIDTH_SAMPLE = 2_000  # rows looked at to size a column: a city roster is uniform enough
FORMATS = {"wan": "#,##0.####", "datetime": "yyyy-mm-dd hh:mm", "date": "yyyy-mm-dd", "percent": "0%"}
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def new_workbook() -> Workbook:
    return Workbook(write_only=True)


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


def write_sheet(book: Workbook, title: str, columns: Iterable[Column], rows: list[dict[str, Any]],
                tz: ZoneInfo) -> WriteOnlyWorksheet:
    columns = tuple(columns)
    sheet = book.create_sheet(title)
    values = [[cell_value(c, row.get(c.key), tz) for c in columns] for row in rows]
    for index, column in enumerate(columns):
        widest = max([display_width(column.header), *(display_width(v[index]) for v in values[:WIDTH_SAMPLE])])
        sheet.column_dimensions[get_column_letter(index + 1)].width = min(MAX_WIDTH, max(MIN_WIDTH, widest + 2))
    sheet.freeze_panes = "A2"
    last = f"{get_column_letter(len(columns))}{len(values) + 1}"
    sheet.auto_filter.ref = f"A1:{last}"
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=column.header)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(vertical="center")
        header.append(cell)
    sheet.append(header)
    formats = [FORMATS.get(c.kind) for c in columns]
    if not any(formats):
        for row in values:
            sheet.append(row)
        return sheet
    for row in values:
        sheet.append([_formatted(sheet, value, fmt) for value, fmt in zip(row, formats, strict=True)])
    return sheet


def _formatted(sheet: WriteOnlyWorksheet, value: Any, fmt: str | None) -> Any:
    if fmt is None or value is None:
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = fmt
    return cell


def to_bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def single_sheet(title: str, columns: Iterable[Column], rows: list[dict[str, Any]], tz: ZoneInfo) -> bytes:
    book = new_workbook()
    write_sheet(book, title, columns, rows, tz)
    return to_bytes(book)


def report_workbook(rows: list[dict[str, Any]], tz: ZoneInfo) -> bytes:
    """An import's refused rows: sheet, row, the cell at fault, why."""
    return single_sheet("导入问题", REPORT_COLUMNS, rows, tz)


def claim_links_workbook(rows: list[dict[str, Any]], tz: ZoneInfo) -> bytes:
    return single_sheet("认领链接", CLAIM_COLUMNS, rows, tz)
