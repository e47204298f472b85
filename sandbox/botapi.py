"""Bot API methods of the sandbox, with Telegram's validation and error texts."""

from __future__ import annotations

import copy
import re
import time
from collections.abc import Awaitable, Callable
from typing import Any

from sandbox.params import Params
from sandbox.tg_html import HTMLParseError, parse_html, with_urls
from sandbox.world import JSON, ApiError, Chat, Record, World

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
            text, entities = parse_html(raw)
        except HTMLParseError as exc:
            raise ApiError.bad(f"can't parse entities: {exc}") from None
        return text, with_urls(text, entities)
    given = p.obj(entities_key) or []
    return raw, with_urls(raw, [e for e in given if isinstance(e, dict)])


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
        w.drop_pending_updates()
    return True


@method("deleteWebhook")
def delete_webhook(w: World, p: Params) -> bool:
    w.webhook = {"url": ""}
    if p.flag("drop_pending_updates"):
        w.drop_pending_updates()
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
        await w.wait_for(w.has_updates, timeout, poll)
        if poll.done():
            raise ApiError(409, CONFLICT_POLL)
        return w.take_updates(limit)
    finally:
        w.end_poll(poll)


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
