"""Outbox payloads: JSON a row can store and the sender can turn back into a Bot API call.

A file travels inside the payload as {"__file__": base64, "filename": ..., "mime": ...} (small
files only: an .ics is about a kilobyte); the sender makes it an InputFile.
"""

from __future__ import annotations

import base64
from typing import Any

from telegram import InlineKeyboardMarkup, InputFile

FILE_MARK = "__file__"


def text_payload(text: str, keyboard: InlineKeyboardMarkup | None = None) -> dict[str, Any]:
    payload: dict[str, Any] = {"text": text, "parse_mode": "HTML", "link_preview_options": {"is_disabled": True}}
    if keyboard is not None:
        payload["reply_markup"] = keyboard.to_dict()
    return payload


def document_payload(data: bytes, filename: str, mime: str, caption: str,
                     keyboard: InlineKeyboardMarkup | None = None) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "document": {FILE_MARK: base64.b64encode(data).decode(), "filename": filename, "mime": mime},
        "caption": caption[:1024],
        "parse_mode": "HTML",
    }
    if keyboard is not None:
        payload["reply_markup"] = keyboard.to_dict()
    return payload


def photo_payload(png: bytes, filename: str, caption: str) -> dict[str, Any]:
    """A picture (sendPhoto), stored like a document; the caption is cut to Telegram's 1024."""
    return {"photo": {FILE_MARK: base64.b64encode(png).decode(), "filename": filename, "mime": "image/png"},
            "caption": caption[:1024], "parse_mode": "HTML"}


def venue_payload(latitude: float, longitude: float, title: str, address: str) -> dict[str, Any]:
    return {"latitude": latitude, "longitude": longitude, "title": title[:100], "address": address[:200]}


def to_api_kwargs(chat_id: int, payload: dict[str, Any]) -> dict[str, Any]:
    """The stored payload with files made uploadable again."""
    kwargs: dict[str, Any] = {"chat_id": chat_id}
    for name, value in payload.items():
        if isinstance(value, dict) and FILE_MARK in value:
            kwargs[name] = InputFile(base64.b64decode(value[FILE_MARK]), filename=value["filename"])
        else:
            kwargs[name] = value
    return kwargs
