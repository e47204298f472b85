"""The hand-written .xlsx (models/xlsx.py through models/workbook_write.py), read back by openpyxl: values,
number formats, widths, the frozen styled header, the filter, and texts that XML or Excel treat specially."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from openpyxl import load_workbook

from models.workbook_columns import col
from models.workbook_write import new_workbook, to_bytes, write_sheet

TZ = ZoneInfo("Asia/Shanghai")
COLUMNS = (col("name", "名称"), col("amount", "金额（万元）", "wan"), col("at", "时间", "datetime"),
           col("on", "日期", "date"), col("share", "完成率", "percent"), col("open", "有效", "bool"),
           col("n", "数量", "int"))


def _book(rows: list[dict[str, object]]) -> bytes:
    book = new_workbook()
    write_sheet(book, "第一页", COLUMNS, rows, TZ)
    write_sheet(book, "空表", COLUMNS, [], TZ)
    return to_bytes(book)


def test_values_formats_and_layout_read_back() -> None:
    rows = [{"name": "武汉甲 & <乙> 公司", "amount": 123_456_789, "at": datetime(2026, 3, 1, 16, 30, 59, 900, UTC),
             "on": date(2026, 12, 31), "share": 0.25, "open": True, "n": 7},
            {"name": "", "amount": 50_000_000, "at": None, "open": False, "n": 0}]
    book = load_workbook(io.BytesIO(_book(rows)))
    assert book.sheetnames == ["第一页", "空表"]
    sheet = book["第一页"]
    assert [c.value for c in sheet[1]] == [c.header for c in COLUMNS]
    assert all(c.font.bold and c.fill.fgColor.rgb == "00DDEBF7" for c in sheet[1])
    assert (sheet.freeze_panes, sheet.auto_filter.ref) == ("A2", "A1:G3")
    assert book["空表"].auto_filter.ref == "A1:G1"
    first = [c.value for c in sheet[2]]
    assert first == ["武汉甲 & <乙> 公司", 12345.6789, datetime(2026, 3, 2, 0, 30, 59), datetime(2026, 12, 31), 0.25,
                     "是", 7]
    assert [c.number_format for c in sheet[2]][1:5] == ["#,##0.####", "yyyy-mm-dd hh:mm", "yyyy-mm-dd", "0%"]
    assert [c.value for c in sheet[3]] == [None, 5000, None, None, None, "否", 0]
    assert sheet.column_dimensions["A"].width == 2 + len("武汉甲 & <乙> 公司".encode("gbk"))
    assert sheet.column_dimensions["D"].width == 12


def test_texts_excel_or_xml_would_misread_stay_texts() -> None:
    names = ["=SUM(A1:A9)", "  leading and trailing  ", "line one\nline two", "bell\x07 and\r return", "'quoted'"]
    sheet = load_workbook(io.BytesIO(_book([{"name": n} for n in names])))["第一页"]
    read = [row[0] for row in sheet.iter_rows(min_row=2, max_col=1, values_only=True)]
    assert read[:3] + read[4:] == names[:3] + names[4:]
    assert read[3] == "bell_x0007_ and\r return"  # Excel shows the control character's escape as the character
    assert sheet["A2"].data_type == "s"
