"""Helpers of the Excel, door-list and directory tests (issue 9): rosters, valid credit codes, snapshots."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook, load_workbook

from models.parsers.uscc import check_character
from models.tables.enterprises import Enterprise, FinancingNeed
from models.tables.institutions import Institution, Product
from sandbox.driver import Message, UserChat

ROSTER_HEADER = ["序号", "单位名称", "统一社会信用代码", "认定类别", "所属区", "重点产业链"]


def code(number: int, prefix: str = "91420100") -> str:
    """A valid 统一社会信用代码 (GB 32100-2015 check character) for each number."""
    first = prefix + f"{number:0{17 - len(prefix)}d}"
    return first + check_character(first)


def workbook_bytes(rows: list[list[Any]], *, title: str = "Sheet1", above: list[list[Any]] | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in [*(above or []), *rows]:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def roster(count: int, *, start: int = 0, tier: str = "专精特新", district: str = "洪山区",
           chain: str = "光电子信息", name: str = "武汉测试企业{}有限公司") -> bytes:
    """The city's kind of list: a title row, then headers in their own words and order."""
    rows = [[i + 1, name.format(i), code(i), tier, district, chain] for i in range(start, start + count)]
    return workbook_bytes([ROSTER_HEADER, *rows], above=[["2026年武汉市专精特新中小企业名单"]])


def sheets_of(data: bytes) -> dict[str, list[tuple[Any, ...]]]:
    book = load_workbook(io.BytesIO(data))
    return {sheet.title: [tuple(row) for row in sheet.iter_rows(values_only=True)] for sheet in book.worksheets}


async def state() -> dict[str, list[dict[str, Any]]]:
    """What an import may change: enterprises, needs, institutions, products (ids and times left out)."""
    leave_out = {"created_at", "updated_at"}

    async def rows(model: Any, order: str) -> list[dict[str, Any]]:
        return [{k: v for k, v in row.items() if k not in leave_out} for row in
                await model.all().order_by(order).values()]

    return {"enterprise": await rows(Enterprise, "uscc"), "need": await rows(FinancingNeed, "id"),
            "institution": await rows(Institution, "name"), "product": await rows(Product, "name")}


async def send_xlsx(user: UserChat, filename: str, data: bytes) -> list[Message]:
    return await user.send_document(filename, data)


async def received_file(user: UserChat, message: Message) -> bytes:
    assert message.document, f"not a document: {message}"
    return await user.download(message.document["file_id"])


async def last_document(user: UserChat) -> Message:
    documents = [m for m in await user.messages() if m.document]
    assert documents, "the bot sent no file"
    return documents[-1]
