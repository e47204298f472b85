"""The workbook as models/workbook/writer.py writes it (rust_xlsxwriter), read back by openpyxl:
values, number formats, widths, the frozen styled header, the filter, and texts that XML or Excel treat
specially."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from models.workbook.columns import col
from models.workbook.writer import WIDTH_SAMPLE, Sheet, single_sheet, workbook

TZ = ZoneInfo("Asia/Shanghai")
COLUMNS = (col("name", "名称"), col("amount", "金额（万元）", "wan"), col("at", "时间", "datetime"),
           col("on", "日期", "date"), col("share", "完成率", "percent"), col("open", "有效", "bool"),
           col("n", "数量", "int"))


def _book(rows: list[dict[str, object]]) -> bytes:
    return workbook([Sheet("第一页", COLUMNS, rows), Sheet("空表", COLUMNS, [])], TZ)


def test_values_formats_and_layout_read_back() -> None:
    rows = [{"name": "武汉甲 & <乙> 公司", "amount": 123_456_789, "at": datetime(2026, 3, 1, 16, 30, 59, 900, UTC),
             "on": date(2026, 12, 31), "share": 0.25, "open": True, "n": 7},
            {"name": "", "amount": 50_000_000, "at": None, "open": False, "n": 0}]
    book = load_workbook(io.BytesIO(_book(rows)))
    assert book.sheetnames == ["第一页", "空表"]
    sheet = book["第一页"]
    assert [c.value for c in sheet[1]] == [c.header for c in COLUMNS]
    assert all(c.font.bold and c.fill.fill_type == "solid" and c.fill.fgColor.rgb[-6:] == "DDEBF7"
               and c.alignment.vertical == "center" for c in sheet[1])
    assert (sheet.freeze_panes, sheet.auto_filter.ref) == ("A2", "A1:G3")
    empty = book["空表"]  # the header alone; its filter reaches the first (empty) row, as Excel's own does
    assert (empty.freeze_panes, empty.auto_filter.ref, empty.max_row) == ("A2", "A1:G2", 1)
    assert [c.value for c in empty[1]] == [c.header for c in COLUMNS]
    first = [c.value for c in sheet[2]]
    assert first == ["武汉甲 & <乙> 公司", 12345.6789, datetime(2026, 3, 2, 0, 30, 59), datetime(2026, 12, 31), 0.25,
                     "是", 7]
    assert [c.number_format for c in sheet[2]] == ["General", "#,##0.####", "yyyy-mm-dd hh:mm", "yyyy-mm-dd", "0%",
                                                   "General", "General"]
    assert [c.value for c in sheet[3]] == [None, 5000, None, None, None, "否", 0]
    assert sheet["A3"].data_type != "s"  # an empty text is no text cell
    assert sheet["B3"].number_format == "#,##0.####"
    assert _widths(sheet) == [2 + len("武汉甲 & <乙> 公司".encode("gbk")), 14, 18, 12, 8, 6, 6]


def _widths(sheet: Worksheet) -> list[int]:
    """Each column's width as Excel shows it: the writer keeps in the file the few pixels of padding Excel
    adds (12 is written 12.71), and one <col> for neighbours of one width."""
    widths = {}
    for dimension in sheet.column_dimensions.values():
        for index in range(dimension.min, dimension.max + 1):
            widths[index] = int(dimension.width)
    return [widths[index] for index in range(1, sheet.max_column + 1)]


def test_texts_excel_or_xml_would_misread_stay_texts() -> None:
    names = ["=SUM(A1:A9)", "{=SUM(A1:A9)}", "https://example.com/a", "mailto:a@b.cn", "00123", "1e5",
             "  leading and trailing  ", "line one\nline two", "'quoted'", "bell\x07 and\x00 nul", "_x0041_"]
    sheet = load_workbook(io.BytesIO(_book([{"name": n} for n in names])))["第一页"]
    read = [row[0] for row in sheet.iter_rows(min_row=2, max_col=1, values_only=True)]
    assert read[:9] == names[:9]
    # control characters, which XML cannot hold, in Excel's escape (Excel shows the character), and a text
    # that looks like that escape escaped in turn (Excel shows it as it was)
    assert read[9:] == ["bell_x0007_ and_x0000_ nul", "_x005F_x0041_"]
    assert all(sheet.cell(row, 1).data_type == "s" for row in range(2, len(names) + 2))
    assert not sheet._hyperlinks


def test_texts_longer_than_a_cell_holds_are_cut_and_the_row_goes_on() -> None:
    sheet = load_workbook(io.BytesIO(_book([{"name": "长" * 40_000, "n": 3}])))["第一页"]
    assert sheet["A2"].value == "长" * 32_767
    assert sheet["G2"].value == 3


def test_rows_past_the_width_sample_are_written_in_order() -> None:
    rows = [{"name": f"企业{i}", "amount": i * 10_000, "n": i} for i in range(WIDTH_SAMPLE + 5)]
    sheet = load_workbook(io.BytesIO(_book(rows)), read_only=True)["第一页"]
    read = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(read) == len(rows)
    assert read[-1] == (f"企业{WIDTH_SAMPLE + 4}", WIDTH_SAMPLE + 4, None, None, None, None, WIDTH_SAMPLE + 4)


def test_single_sheet_workbook() -> None:
    data = single_sheet("认领链接", (col("name", "企业名称"), col("link", "链接")),
                        [{"name": "某公司", "link": "https://t.me/bot?start=abc"}], TZ)
    sheet = load_workbook(io.BytesIO(data))["认领链接"]
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [["企业名称", "链接"],
                                                                   ["某公司", "https://t.me/bot?start=abc"]]
