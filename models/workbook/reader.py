"""Reading an uploaded workbook: is it one, which sheets can be imported, where their header rows are and
which column is which (recognised by header, in any order, with the usual synonyms)."""

from __future__ import annotations

import io
import logging
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from models.workbook.columns import (
    ENTERPRISE_COLUMNS,
    INSTITUTION_COLUMNS,
    PRODUCT_COLUMNS,
    SHEETS,
    Column,
    header_lookup,
    sheet_kind,
)

log = logging.getLogger(__name__)
MAX_BYTES = 5 * 1024 * 1024  # a 10,000-row roster is well under 1 MB
MAX_ROWS = 50_000
MAX_UNPACKED = 200 * 1024 * 1024  # a zip bomb is refused before anything is inflated
HEADER_SCAN_ROWS = 10
IMPORTABLE: dict[str, tuple[Column, ...]] = {
    "institutions": INSTITUTION_COLUMNS, "enterprises": ENTERPRISE_COLUMNS, "products": PRODUCT_COLUMNS,
}
REQUIRED = {"enterprises": ("name", "uscc"), "institutions": ("name",), "products": ("institution", "name")}
EXPORT_ONLY = frozenset(set(SHEETS) - set(IMPORTABLE))
LOOKUPS = {kind: header_lookup(columns) for kind, columns in IMPORTABLE.items()}


@dataclass(frozen=True)
class Problem:
    """One reason for refusing: `key` is the catalogue message (`import-problem-<key>`), `args` its values."""

    sheet: str
    row: int  # 0: the sheet or the file as a whole
    value: str
    key: str
    args: dict[str, Any] = field(default_factory=dict)


class WorkbookRefused(Exception):
    """The file as a whole cannot be read as a workbook."""

    def __init__(self, key: str, **args: Any) -> None:
        super().__init__(key)
        self.key, self.details = key, args


@dataclass
class SheetRows:
    kind: str
    title: str
    columns: dict[str, int]  # column key -> index
    rows: list[tuple[int, list[Any]]]  # (row number in the sheet, cells)


@dataclass
class ReadBook:
    sheets: list[SheetRows] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # export-only sheets, left alone
    problems: list[Problem] = field(default_factory=list)


def cell_text(value: Any) -> str:
    """A cell as text: numbers without a trailing .0, dates as ISO; None as ''."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return " ".join(str(value).split())


def _open(data: bytes) -> Any:
    if not data:
        raise WorkbookRefused("empty-file")
    if len(data) > MAX_BYTES:
        raise WorkbookRefused("too-large", megabytes=MAX_BYTES // (1024 * 1024))
    if not data.startswith(b"PK\x03\x04"):
        raise WorkbookRefused("not-xlsx")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise WorkbookRefused("not-xlsx") from error
    if unpacked > MAX_UNPACKED:
        raise WorkbookRefused("too-large", megabytes=MAX_BYTES // (1024 * 1024))
    try:
        from openpyxl import load_workbook  # loaded with the first workbook read (with numpy: ~15 MB at start)

        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError, IndexError) as error:
        log.info("workbook refused: %s", error)
        raise WorkbookRefused("not-xlsx") from error


def _header_row(rows: list[tuple[Any, ...]], lookup: dict[str, str]) -> tuple[int, dict[str, int]]:
    """Of the first rows, the one naming most known columns: (its index, column key -> index)."""
    from models.workbook.columns import tidy

    best: tuple[int, dict[str, int]] = (-1, {})
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        found: dict[str, int] = {}
        for position, value in enumerate(row):
            key = lookup.get(tidy(cell_text(value))) if value is not None else None
            if key is not None and key not in found:
                found[key] = position
        if len(found) > len(best[1]):
            best = (index, found)
    return best


def _guess_kind(rows: list[tuple[Any, ...]]) -> str | None:
    """A sheet named otherwise (a city list's "Sheet1"): judged by the columns it has."""
    scores = {kind: _header_row(rows, lookup)[1] for kind, lookup in LOOKUPS.items()}
    if "uscc" in scores["enterprises"]:
        return "enterprises"
    if {"institution", "name", "kind"} <= set(scores["products"]):
        return "products"
    if {"name", "kind"} <= set(scores["institutions"]):
        return "institutions"
    return None


def read_workbook(data: bytes) -> ReadBook:
    book = _open(data)
    result = ReadBook()
    try:
        for sheet in book.worksheets:
            _read_sheet(sheet, result)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:  # a part that only breaks when read
        raise WorkbookRefused("not-xlsx") from error
    finally:
        book.close()
    if not result.sheets and not result.problems:
        result.problems.append(Problem("", 0, "", "no-sheet", {"skipped": len(result.skipped)}))
    return result


def _read_sheet(sheet: Any, result: ReadBook) -> None:
    rows = [tuple(row) for row in sheet.iter_rows(values_only=True, max_row=MAX_ROWS + HEADER_SCAN_ROWS + 1)]
    named = sheet_kind(sheet.title)
    if named in EXPORT_ONLY:
        result.skipped.append(sheet.title)
        return
    kind = named or _guess_kind(rows)
    if kind is None:
        if any(any(v is not None for v in row) for row in rows):
            result.skipped.append(sheet.title)
        return
    header_index, columns = _header_row(rows, LOOKUPS[kind])
    missing = [key for key in REQUIRED[kind] if key not in columns]
    if missing:
        headers = "、".join(_header_of(kind, key) for key in missing)
        result.problems.append(Problem(sheet.title, header_index + 1, "", "missing-columns", {"columns": headers}))
        return
    body = [(number, list(row)) for number, row in enumerate(rows[header_index + 1:], header_index + 2)
            if any(cell_text(v) for v in row)]
    if len(body) > MAX_ROWS:
        result.problems.append(Problem(sheet.title, 0, "", "too-many-rows", {"maximum": MAX_ROWS}))
        return
    result.sheets.append(SheetRows(kind, sheet.title, columns, body))


def _header_of(kind: str, key: str) -> str:
    return next(c.header for c in IMPORTABLE[kind] if c.key == key)


def value_of(sheet: SheetRows, cells: list[Any], key: str) -> Any:
    index = sheet.columns.get(key)
    return cells[index] if index is not None and index < len(cells) else None
