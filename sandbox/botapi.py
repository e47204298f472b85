"""Bot API methods of the sandbox, with Telegram's validation and error texts."""

from __future__ import annotations

import copy
import re
import struct
import time
from collections.abc import Awaitable, Callable
from typing import Any

from sandbox.params import Params, Upload
from sandbox.tg_html import HTMLParseError, parse_html
from sandbox.world import JSON, ApiError, Chat, Record, StoredFile, World

Handler = Callable[[World, Params], Any | Awaitable[Any]]
METHODS: dict[str, Handler] = {}

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
CONFLICT_POLL = "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
CONFLICT_WEBHOOK = (
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"
)
QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"
SCOPE_TYPES = (
    "default",
    "all_private_chats",
    "all_group_chats",
    "all_chat_administrators",
    "chat",
    "chat_administrators",
    "chat_member",
)
_COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")


def method(name: str) -> Callable[[Handler], Handler]:
    def register(func: Handler) -> Handler:
        METHODS[name.lower()] = func
        return func

    return register


# ------------------------------------------------------------------ text & markup


def format_text(p: Params, text_key: str, entities_key: str) -> tuple[str, list[JSON]]:
    """Plain text and entities of ``text_key`` according to parse_mode."""
    raw = p.text(text_key, "") or ""
    parse_mode = (p.text("parse_mode", "") or "").lower()
    if parse_mode == "html":
        try:
            return parse_html(raw)
        except HTMLParseError as exc:
            raise ApiError.bad(f"can't parse entities: {exc}") from None
    entities = p.obj(entities_key) or []
    return raw, [e for e in entities if isinstance(e, dict)]


def message_text(p: Params) -> tuple[str, list[JSON]]:
    text, entities = format_text(p, "text", "entities")
    if not text.strip():
        raise ApiError.bad("message text is empty")
    if len(text) > MAX_TEXT:
        raise ApiError.bad("message is too long")
    return text, entities


def caption_content(p: Params) -> JSON:
    if not p.has("caption"):
        return {}
    caption, entities = format_text(p, "caption", "caption_entities")
    if len(caption) > MAX_CAPTION:
        raise ApiError.bad("message caption is too long")
    content: JSON = {"caption": caption} if caption else {}
    if caption and entities:
        content["caption_entities"] = entities
    return content


def reply_markup(p: Params, inline_only: bool = False) -> JSON | None:
    markup = p.obj("reply_markup")
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise ApiError.bad("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        _check_inline_keyboard(markup["inline_keyboard"])
    elif inline_only:
        raise ApiError.bad("inline keyboard expected")
    elif "keyboard" in markup:
        _check_reply_keyboard(markup)
    elif not ({"remove_keyboard", "force_reply"} & markup.keys()):
        raise ApiError.bad("can't parse reply keyboard markup JSON object")
    return markup


def _check_inline_keyboard(rows: Any) -> None:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise ApiError.bad('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array')
    for row in rows:
        for button in row:
            _check_inline_button(button)


def _check_inline_button(button: Any) -> None:
    if not isinstance(button, dict) or not str(button.get("text", "")).strip():
        raise ApiError.bad("BUTTON_TEXT_INVALID")
    if "callback_data" in button:
        data = str(button["callback_data"]).encode("utf-8")
        if not 1 <= len(data) <= MAX_CALLBACK_DATA:
            raise ApiError.bad("BUTTON_DATA_INVALID")
    elif "url" in button:
        if not re.match(r"^(https?|tg)://\S+$", str(button["url"])):
            raise ApiError.bad("BUTTON_URL_INVALID")
    elif len(button) == 1:
        raise ApiError.bad("text buttons are unallowed in the inline keyboard")


def _check_reply_keyboard(markup: JSON) -> None:
    rows = markup["keyboard"]
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise ApiError.bad('field "keyboard" of the ReplyKeyboardMarkup must be an Array')
    for index, row in enumerate(rows):
        row[:] = [{"text": b} if isinstance(b, str) else b for b in row]
        rows[index] = row
        if any(not str(b.get("text", "")).strip() for b in row):
            raise ApiError.bad("KEYBOARD_BUTTON_TEXT_INVALID")


def apply_keyboard(chat: Chat, markup: JSON | None) -> None:
    """Track the chat's reply keyboard the way the Telegram client shows it."""
    if not markup:
        return
    if "keyboard" in markup:
        chat.reply_keyboard = copy.deepcopy(markup)
    elif markup.get("remove_keyboard"):
        chat.reply_keyboard = None


def reply_to(p: Params, chat: Chat) -> JSON:
    params = p.obj("reply_parameters") or {}
    target = params.get("message_id") if isinstance(params, dict) else None
    target = target if target is not None else p.integer("reply_to_message_id")
    if target is None:
        return {}
    record = chat.messages.get(int(target))
    if record is None:
        if params.get("allow_sending_without_reply") or p.flag("allow_sending_without_reply"):
            return {}
        raise ApiError.bad("message to be replied not found")
    return {"reply_to_message": copy.deepcopy(record.message)}


def send(w: World, p: Params, content: JSON, markup: JSON | None) -> JSON:
    """Common tail of every send* method: store, log and return the message."""
    chat = w.bot_chat(p.values.get("chat_id"))
    w._check_flood(chat.id)
    content = {**content, **reply_to(p, chat)}
    if markup and "inline_keyboard" in markup:
        content["reply_markup"] = markup
    for key in ("link_preview_options",):
        if p.obj(key):
            content[key] = p.obj(key)
    message = w.new_message(chat, w.bot_user, content)
    record = w.store(chat, message)
    apply_keyboard(chat, markup)
    event_markup = {"sent_reply_markup": markup} if markup else {}
    w.emit(chat.id, "message", message=record.view(), **event_markup)
    return message


def target_chat(w: World, p: Params) -> Chat:
    if p.has("inline_message_id"):
        raise ApiError.bad("inline messages are not supported by the sandbox")
    return w.bot_chat(p.values.get("chat_id"))


# ------------------------------------------------------------------ basic methods


@method("getMe")
def get_me(w: World, p: Params) -> JSON:
    return dict(w.bot_user)


@method("logOut")
@method("close")
def log_out(w: World, p: Params) -> bool:
    return True


@method("setWebhook")
def set_webhook(w: World, p: Params) -> bool:
    w.webhook = {"url": p.text("url", "") or "", "params": p.loggable()}
    if p.has("allowed_updates"):
        w.allowed_updates = list(p.obj("allowed_updates") or [])
    if p.flag("drop_pending_updates"):
        w.updates.clear()
    return True


@method("deleteWebhook")
def delete_webhook(w: World, p: Params) -> bool:
    w.webhook = {"url": ""}
    if p.flag("drop_pending_updates"):
        w.updates.clear()
    return True


@method("getWebhookInfo")
def get_webhook_info(w: World, p: Params) -> JSON:
    info: JSON = {
        "url": w.webhook.get("url", ""),
        "has_custom_certificate": False,
        "pending_update_count": len(w.updates),
    }
    if w.allowed_updates:
        info["allowed_updates"] = list(w.allowed_updates)
    return info


@method("getUpdates")
async def get_updates(w: World, p: Params) -> list[JSON]:
    if w.webhook.get("url"):
        raise ApiError(409, CONFLICT_WEBHOOK)
    poll = w.supersede_poll()
    try:
        offset = p.integer("offset")
        if offset:
            w.confirm_updates(offset)
        if p.has("allowed_updates"):
            w.allowed_updates = list(p.obj("allowed_updates") or [])
        limit = min(max(p.integer("limit", 100) or 100, 1), 100)
        timeout = p.number("timeout", 0) or 0
        await w.wait_for(lambda: bool(w.updates), timeout, poll)
        if poll.done():
            raise ApiError(409, CONFLICT_POLL)
        allowed = [u for u in w.updates if w.update_allowed(_update_kind(u))]
        return copy.deepcopy(allowed[:limit])
    finally:
        w.end_poll(poll)


def _update_kind(update: JSON) -> str:
    return next(key for key in update if key != "update_id")


# ------------------------------------------------------------------ sending


@method("sendMessage")
def send_message(w: World, p: Params) -> JSON:
    w.bot_chat(p.values.get("chat_id"))
    text, entities = message_text(p)
    markup = reply_markup(p)
    content: JSON = {"text": text, **({"entities": entities} if entities else {})}
    return send(w, p, content, markup)


@method("sendLocation")
def send_location(w: World, p: Params) -> JSON:
    w.bot_chat(p.values.get("chat_id"))
    location = _location(p)
    return send(w, p, {"location": location}, reply_markup(p))


@method("sendVenue")
def send_venue(w: World, p: Params) -> JSON:
    w.bot_chat(p.values.get("chat_id"))
    location = _location(p)
    title, address = p.text("title", "") or "", p.text("address", "") or ""
    if not title or not address:
        raise ApiError.bad("venue title and address must be non-empty")
    venue = {"location": location, "title": title, "address": address}
    return send(w, p, {"venue": venue, "location": location}, reply_markup(p))


def _location(p: Params) -> JSON:
    lat, lon = p.number("latitude"), p.number("longitude")
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ApiError.bad("wrong latitude/longitude specified")
    return {"latitude": lat, "longitude": lon}


@method("sendChatAction")
def send_chat_action(w: World, p: Params) -> bool:
    w.bot_chat(p.values.get("chat_id"))
    if not p.text("action"):
        raise ApiError.bad("action is empty")
    return True


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


# ------------------------------------------------------------------ editing


def editable(w: World, p: Params) -> tuple[Chat, Record]:
    chat = target_chat(w, p)
    record = w.find_message(chat, p.values.get("message_id"), "message to edit not found")
    if not record.message["from"].get("is_bot"):
        raise ApiError.bad("message can't be edited")
    return chat, record


def apply_edit(w: World, chat: Chat, record: Record, changes: JSON, drop: list[str]) -> JSON:
    new = {k: v for k, v in record.message.items() if k not in drop}
    new.update(changes)
    if _content(new) == _content(record.message):
        raise ApiError.bad(NOT_MODIFIED)
    new["edit_date"] = int(time.time())
    record = w.store(chat, new)
    w.emit(chat.id, "edit", message=record.view())
    return copy.deepcopy(new)


def _content(message: JSON) -> tuple[Any, ...]:
    keys = ("text", "entities", "caption", "caption_entities", "reply_markup")
    return tuple(message.get(key) or None for key in keys)


@method("editMessageText")
def edit_message_text(w: World, p: Params) -> JSON:
    chat, record = editable(w, p)
    if "text" not in record.message:
        raise ApiError.bad("there is no text in the message to edit")
    text, entities = message_text(p)
    markup = reply_markup(p, inline_only=True)
    changes: JSON = {"text": text}
    changes.update({"entities": entities} if entities else {})
    changes.update({"reply_markup": markup} if markup else {})
    return apply_edit(w, chat, record, changes, ["entities", "reply_markup"])


@method("editMessageCaption")
def edit_message_caption(w: World, p: Params) -> JSON:
    chat, record = editable(w, p)
    if "text" in record.message or not _has_media(record.message):
        raise ApiError.bad("there is no caption in the message to edit")
    p.values.setdefault("caption", "")
    changes = caption_content(p)
    markup = reply_markup(p, inline_only=True)
    changes.update({"reply_markup": markup} if markup else {})
    return apply_edit(w, chat, record, changes, ["caption", "caption_entities", "reply_markup"])


def _has_media(message: JSON) -> bool:
    return any(k in message for k in ("document", "photo", "video", "audio", "animation"))


@method("editMessageReplyMarkup")
def edit_message_reply_markup(w: World, p: Params) -> JSON:
    chat, record = editable(w, p)
    markup = reply_markup(p, inline_only=True)
    changes = {"reply_markup": markup} if markup else {}
    return apply_edit(w, chat, record, changes, ["reply_markup"])


@method("deleteMessage")
def delete_message(w: World, p: Params) -> bool:
    chat = target_chat(w, p)
    record = w.find_message(chat, p.values.get("message_id"), "message to delete not found")
    del chat.messages[record.message["message_id"]]
    w.emit(chat.id, "delete", message_id=record.message["message_id"])
    return True


@method("deleteMessages")
def delete_messages(w: World, p: Params) -> bool:
    chat = target_chat(w, p)
    for message_id in p.obj("message_ids") or []:
        if chat.messages.pop(int(message_id), None) is not None:
            w.emit(chat.id, "delete", message_id=int(message_id))
    return True


@method("answerCallbackQuery")
def answer_callback_query(w: World, p: Params) -> bool:
    query_id = p.text("callback_query_id", "") or ""
    chat_id = w.callbacks.pop(query_id, None)
    if chat_id is None:
        raise ApiError.bad(QUERY_TOO_OLD)
    if len(p.text("text", "") or "") > 200:
        raise ApiError.bad("MESSAGE_TOO_LONG")
    answer = {
        "callback_query_id": query_id,
        "text": p.text("text"),
        "show_alert": p.flag("show_alert"),
        "url": p.text("url"),
    }
    w.emit(chat_id, "callback_answer", **answer)
    return True


# ------------------------------------------------------------------ commands & chat


def scope_key(scope: Any) -> str:
    scope = scope or {"type": "default"}
    kind = scope.get("type", "default") if isinstance(scope, dict) else None
    if kind not in SCOPE_TYPES:
        raise ApiError.bad("wrong scope type specified")
    if kind in ("chat", "chat_administrators"):
        return f"{kind}:{_scope_chat(scope)}"
    if kind == "chat_member":
        return f"chat_member:{_scope_chat(scope)}:{scope.get('user_id')}"
    return str(kind)


def _scope_chat(scope: JSON) -> int:
    try:
        return int(scope.get("chat_id"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ApiError.bad("chat not found") from None


def command_key(p: Params) -> tuple[str, str]:
    lang = p.text("language_code", "") or ""
    if lang and not re.match(r"^[a-z]{2}$", lang):
        raise ApiError.bad("invalid language code specified")
    return scope_key(p.obj("scope")), lang


@method("setMyCommands")
def set_my_commands(w: World, p: Params) -> bool:
    key = command_key(p)
    commands = p.obj("commands")
    if not isinstance(commands, list) or len(commands) > 100:
        raise ApiError.bad("commands must be an array of at most 100 BotCommand")
    clean = [_check_command(c) for c in commands]
    if clean:
        w.commands[key] = clean
    else:
        w.commands.pop(key, None)
    return True


def _check_command(command: Any) -> JSON:
    if not isinstance(command, dict) or not _COMMAND.match(str(command.get("command", ""))):
        raise ApiError.bad("BOT_COMMAND_INVALID")
    description = str(command.get("description", ""))
    if not 1 <= len(description) <= 256:
        raise ApiError.bad("BOT_COMMAND_DESCRIPTION_INVALID")
    return {"command": command["command"], "description": description}


@method("getMyCommands")
def get_my_commands(w: World, p: Params) -> list[JSON]:
    return copy.deepcopy(w.commands.get(command_key(p), []))


@method("deleteMyCommands")
def delete_my_commands(w: World, p: Params) -> bool:
    w.commands.pop(command_key(p), None)
    return True


@method("setChatMenuButton")
def set_chat_menu_button(w: World, p: Params) -> bool:
    button = p.obj("menu_button") or {"type": "default"}
    if p.has("chat_id"):
        w.bot_chat(p.values["chat_id"]).menu_button = button
    else:
        w.default_menu_button = button
    return True


@method("getChatMenuButton")
def get_chat_menu_button(w: World, p: Params) -> JSON:
    if p.has("chat_id"):
        chat = w.bot_chat(p.values["chat_id"])
        return copy.deepcopy(chat.menu_button or w.default_menu_button)
    return copy.deepcopy(w.default_menu_button)


@method("getChat")
def get_chat(w: World, p: Params) -> JSON:
    chat = w.bot_chat(p.values.get("chat_id"))
    gifts = ("unlimited_gifts", "limited_gifts", "unique_gifts", "premium_subscription")
    return {
        **w.chat_object(chat.id),
        "accent_color_id": 0,
        "max_reaction_count": 11,
        "accepted_gift_types": {**dict.fromkeys(gifts, True), "gifts_from_channels": True},
    }


@method("getChatMember")
def get_chat_member(w: World, p: Params) -> JSON:
    w.bot_chat(p.values.get("chat_id"))
    user = w.users.get(p.integer("user_id") or 0)
    if user is None:
        raise ApiError.bad("user not found")
    return {"status": "member", "user": dict(user)}


def _bot_text(name: str, key: str) -> tuple[Handler, Handler]:
    def setter(w: World, p: Params) -> bool:
        w.bot_texts[(key, p.text("language_code", "") or "")] = p.text(key, "") or ""
        return True

    def getter(w: World, p: Params) -> JSON:
        lang = p.text("language_code", "") or ""
        return {key: w.bot_texts.get((key, lang), w.bot_texts.get((key, ""), ""))}

    return method(f"setMy{name}")(setter), method(f"getMy{name}")(getter)


_bot_text("Name", "name")
_bot_text("Description", "description")
_bot_text("ShortDescription", "short_description")
