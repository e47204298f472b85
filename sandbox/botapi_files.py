"""Bot API methods that carry files: sendDocument, sendPhoto, getFile."""

from __future__ import annotations

import struct

from sandbox.botapi import caption_content, method, reply_markup, send
from sandbox.params import Params, Upload
from sandbox.world import JSON, ApiError, StoredFile, World


@method("sendDocument")
def send_document(w: World, p: Params) -> JSON:
    w.bot_chat(p.values.get("chat_id"))
    stored = input_file(w, p, "document", "document")
    content = {"document": document_object(stored), **caption_content(p)}
    return send(w, p, content, reply_markup(p))


@method("sendPhoto")
def send_photo(w: World, p: Params) -> JSON:
    w.bot_chat(p.values.get("chat_id"))
    stored = input_file(w, p, "photo", "photo")
    content = {"photo": photo_sizes(stored), **caption_content(p)}
    return send(w, p, content, reply_markup(p))


def input_file(w: World, p: Params, name: str, kind: str) -> StoredFile:
    """A freshly uploaded file, an ``attach://`` part, or a known file_id."""
    upload = p.files.get(name)
    value = p.text(name)
    if upload is None and value and value.startswith("attach://"):
        upload = p.files.get(value[len("attach://") :])
    if upload is not None:
        return _store_upload(w, upload, kind)
    if value and value in w.files:
        return w.files[value]
    if not value:
        raise ApiError.bad(f"there is no {name} in the request")
    raise ApiError.bad("wrong file identifier/HTTP URL specified")


def _store_upload(w: World, upload: Upload, kind: str) -> StoredFile:
    if not upload.data:
        raise ApiError.bad("file must be non-empty")
    if kind == "photo" and image_size(upload.data) is None:
        raise ApiError.bad("IMAGE_PROCESS_FAILED")
    mime = upload.content_type or "application/octet-stream"
    return w.add_file(upload.data, upload.filename or "file", mime, kind)


def document_object(stored: StoredFile) -> JSON:
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_name": stored.file_name,
        "mime_type": stored.mime_type,
        "file_size": len(stored.data),
    }


def photo_sizes(stored: StoredFile) -> list[JSON]:
    width, height = image_size(stored.data) or (1, 1)
    return [
        {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "width": width,
            "height": height,
            "file_size": len(stored.data),
        }
    ]


def image_size(data: bytes) -> tuple[int, int] | None:
    """Width and height of a PNG, GIF or JPEG image, else None."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        width, height = struct.unpack("<HH", data[6:10])
        return int(width), int(height)
    if data[:2] == b"\xff\xd8":
        return _jpeg_size(data)
    return None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    index = 2
    while index + 9 < len(data):
        if data[index] != 0xFF:
            return None
        marker = data[index + 1]
        length = struct.unpack(">H", data[index + 2 : index + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2):
            height, width = struct.unpack(">HH", data[index + 5 : index + 9])
            return int(width), int(height)
        index += 2 + length
    return None


@method("getFile")
def get_file(w: World, p: Params) -> JSON:
    stored = w.files.get(p.text("file_id", "") or "")
    if stored is None:
        raise ApiError.bad("invalid file_id")
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": len(stored.data),
        "file_path": stored.file_path,
    }
