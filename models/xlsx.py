"""A minimal .xlsx writer (Office Open XML, as Excel, WPS and LibreOffice read it): sheets of values with a
styled frozen header row, column widths, an auto-filter and a few number formats.

Written by hand because the export writes ~1.5 million cells: openpyxl (write-only) and XlsxWriter
(constant memory) spend 10-20 µs on each, one f-string here spends about 2. Strings are written in-line
(no shared-string table to hold), each sheet is streamed into the zip as it is made."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from xml.sax.saxutils import quoteattr

from openpyxl.utils import get_column_letter

HEADER, WAN, DATETIME, DATE, PERCENT = 1, 2, 3, 4, 5  # indexes into STYLES' cellXfs
CHUNK_ROWS = 2_000  # rows joined into one write to the zip

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_FONT = '<sz val="11"/><name val="Calibri"/><family val="2"/><scheme val="minor"/>'
STYLES = (
    f'{_DECLARATION}<styleSheet xmlns="{_MAIN}">'
    '<numFmts count="3"><numFmt numFmtId="164" formatCode="#,##0.####"/>'
    '<numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm"/><numFmt numFmtId="166" formatCode="yyyy-mm-dd"/></numFmts>'
    f'<fonts count="2"><font>{_FONT}</font><font><b/>{_FONT}</font></fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="00DDEBF7"/><bgColor indexed="64"/></patternFill></fill>'
    '</fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="6">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1" applyAlignment="1">'
    '<alignment vertical="center"/></xf>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="9" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
)
# XML 1.0 cannot hold most control characters: Excel's own escape for them is _xHHHH_
_ESCAPES = {ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;", ord("\r"): "&#13;"} | {
    c: f"_x{c:04X}_" for c in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20))}
_NEEDS_ESCAPE = re.compile(r"[&<>\x00-\x08\x0b-\x1f]")


def text(value: str) -> str:
    """A string as the content of an XML element."""
    return value.translate(_ESCAPES) if _NEEDS_ESCAPE.search(value) else value


def string_cell(ref: str, value: str, style: str) -> str:
    space = ' xml:space="preserve"' if value[:1].isspace() or value[-1:].isspace() else ""
    return f'<c r="{ref}"{style} t="inlineStr"><is><t{space}>{text(value)}</t></is></c>'


def style_attribute(style: int) -> str:
    return f' s="{style}"' if style else ""


class Sheet:
    """A sheet being written: `rows` (already cell XML) go straight into the zip."""

    def __init__(self, book: Book, title: str, widths: Sequence[int], header: Sequence[str]) -> None:
        self.title, self.width, self.rows = title, len(header), 1
        self.book = book
        self.stream = book.zip.open(f"xl/worksheets/sheet{len(book.sheets) + 1}.xml", "w")
        book.sheets.append(self)
        cols = "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, w in enumerate(widths, 1))
        cols = f"<cols>{cols}</cols>" if cols else ""  # an empty <cols> is invalid
        selected = ' tabSelected="1"' if len(book.sheets) == 1 else ""
        heading = "".join(string_cell(f"{get_column_letter(i)}1", h, style_attribute(HEADER))
                          for i, h in enumerate(header, 1))
        self._write(
            f'{_DECLARATION}<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}"><sheetViews><sheetView{selected} '
            'workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
            f'<sheetFormatPr defaultRowHeight="15"/>{cols}<sheetData><row r="1">{heading}</row>')

    def _write(self, xml: str) -> None:
        self.stream.write(xml.encode())

    def add_rows(self, rows: Iterable[str]) -> None:
        """Each item the cells of one row (`<c>` elements whose references name row self.rows + 1, …)."""
        chunk: list[str] = []
        for cells in rows:
            self.rows += 1
            chunk.append(f'<row r="{self.rows}">{cells}</row>')
            if len(chunk) == CHUNK_ROWS:
                self._write("".join(chunk))
                chunk.clear()
        self._write("".join(chunk))

    @property
    def ref(self) -> str:
        return f"A1:{get_column_letter(self.width)}{self.rows}"

    def close(self) -> None:
        self._write(f'</sheetData><autoFilter ref="{self.ref}"/><pageMargins left="0.75" right="0.75" top="1" '
                    'bottom="1" header="0.5" footer="0.5"/></worksheet>')
        self.stream.close()


class Book:
    def __init__(self) -> None:
        self.buffer = io.BytesIO()
        self.zip = zipfile.ZipFile(self.buffer, "w", zipfile.ZIP_DEFLATED)
        self.sheets: list[Sheet] = []

    def sheet(self, title: str, widths: Sequence[int], header: Sequence[str]) -> Sheet:
        if self.sheets:
            self.sheets[-1].close()
        return Sheet(self, title, widths, header)

    def to_bytes(self) -> bytes:
        if self.sheets:
            self.sheets[-1].close()
        count = len(self.sheets)
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.worksheet+xml"/>' for n in range(1, count + 1))
        parts = {
            "[Content_Types].xml": f'{_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
            '"/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.'
            'main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
            f'officedocument.spreadsheetml.styles+xml"/>{overrides}</Types>',
            "_rels/.rels": f'{_DECLARATION}<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1" Type="{_REL}/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>',
            "xl/_rels/workbook.xml.rels": f'{_DECLARATION}<Relationships xmlns="{_PKG_REL}">' + "".join(
                f'<Relationship Id="rId{n}" Type="{_REL}/worksheet" Target="worksheets/sheet{n}.xml"/>'
                for n in range(1, count + 1))
            + f'<Relationship Id="rId{count + 1}" Type="{_REL}/styles" Target="styles.xml"/></Relationships>',
            "xl/workbook.xml": self._workbook(),
            "xl/styles.xml": STYLES,
        }
        for name, xml in parts.items():
            self.zip.writestr(name, xml)
        self.zip.close()
        return self.buffer.getvalue()

    def _workbook(self) -> str:
        sheets = "".join(f'<sheet name={quoteattr(s.title)} sheetId="{n}" r:id="rId{n}"/>'
                         for n, s in enumerate(self.sheets, 1))
        # the filter's range as a defined name, as Excel itself keeps it
        names = "".join(
            f'<definedName name="_xlnm._FilterDatabase" localSheetId="{n}" hidden="1">'
            f"{text(_quoted(s.title))}!{_absolute(s.ref)}</definedName>" for n, s in enumerate(self.sheets))
        defined = f"<definedNames>{names}</definedNames>" if names else ""
        return (f'{_DECLARATION}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><bookViews><workbookView/></bookViews>'
                f"<sheets>{sheets}</sheets>{defined}</workbook>")


def _quoted(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


def _absolute(ref: str) -> str:
    return ":".join("$" + re.sub(r"(\d+)", r"$\1", part) for part in ref.split(":"))
