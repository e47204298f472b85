"""The people side of the sandbox: what users do and what they see."""

from __future__ import annotations

import re
import secrets
from typing import Any

from sandbox.botapi_files import document_object
from sandbox.tg_html import with_urls
from sandbox.world import JSON, Chat, DriverError, World

_COMMAND = re.compile(r"^/[A-Za-z0-9_]{1,32}(@[A-Za-z0-9_]{3,32})?")
MAX_EVENT_WAIT = 60.0


def default_phone(user_id: int) -> str:
    """A stable fake mainland-China mobile number for a user."""
    return f"+86138{user_id % 10**8:08d}"


def _post(w: World, chat_id: int, user_id: int | None, content: JSON) -> JSON:
    chat = w.driver_chat(chat_id)
    user = w.driver_user(chat_id, user_id)
    message = w.new_message(chat, user, content)
    record = w.store(chat, message)
    _use_keyboard(chat)
    update = w.push_update("message", message)
    event = w.emit(chat.id, "user_message", message=record.view())
    return {"message": record.view(), "seq": event["seq"], "update_id": _update_id(update)}


def _update_id(update: JSON | None) -> int | None:
    return None if update is None else int(update["update_id"])


def _use_keyboard(chat: Chat) -> None:
    if chat.reply_keyboard and chat.reply_keyboard.get("one_time_keyboard"):
        chat.reply_keyboard = None


def send_text(w: World, chat_id: int, body: JSON) -> JSON:
    text = str(body.get("text") or "")
    if not text.strip():
        raise DriverError(400, "text is required")
    content: JSON = {"text": text}
    match = _COMMAND.match(text)
    entities = with_urls(text, [{"type": "bot_command", "offset": 0, "length": match.end()}] if match else [])
    if entities:
        content["entities"] = entities
    return _post(w, chat_id, _user_id(body), content)


def send_contact(w: World, chat_id: int, body: JSON) -> JSON:
    user = w.driver_user(chat_id, _user_id(body))
    contact: JSON = {
        "phone_number": str(body.get("phone_number") or default_phone(user["id"])),
        "first_name": str(body.get("first_name") or user["first_name"]),
        "user_id": user["id"],
    }
    if user.get("last_name") and not body.get("first_name"):
        contact["last_name"] = user["last_name"]
    return _post(w, chat_id, user["id"], {"contact": contact})


def send_location(w: World, chat_id: int, body: JSON) -> JSON:
    try:
        location = {"latitude": float(body["latitude"]), "longitude": float(body["longitude"])}
    except (KeyError, TypeError, ValueError):
        raise DriverError(400, "latitude and longitude are required numbers") from None
    return _post(w, chat_id, _user_id(body), {"location": location})


def send_document(w: World, chat_id: int, upload: tuple[str, str, bytes], caption: str, user_id: int | None) -> JSON:
    w.driver_user(chat_id, user_id)
    filename, mime, data = upload
    if not data:
        raise DriverError(400, "file is empty")
    stored = w.add_file(data, filename, mime or "application/octet-stream", "document")
    content: JSON = {"document": document_object(stored)}
    if caption:
        content["caption"] = caption
    return _post(w, chat_id, user_id, content)


def press(w: World, chat_id: int, body: JSON) -> JSON:
    chat = w.driver_chat(chat_id)
    user = w.driver_user(chat_id, _user_id(body))
    try:
        record = chat.messages[int(body["message_id"])]
    except (KeyError, TypeError, ValueError):
        raise DriverError(404, f"no message {body.get('message_id')} in chat {chat_id}") from None
    if body.get("callback_data") is not None:
        data = str(body["callback_data"])
    else:
        button = _find_button(record.message, str(body.get("text", "")))
        if "callback_data" not in button:
            return {"url": button.get("url"), "seq": w.seq}
        data = button["callback_data"]
    query_id = str(secrets.randbits(62))
    w.callbacks[query_id] = chat.id
    query = {
        "id": query_id,
        "from": user,
        "message": record.message,
        "chat_instance": str(4_200_000_000_000 + chat.id),
        "data": data,
    }
    update = w.push_update("callback_query", query)
    return {"callback_query_id": query_id, "seq": w.seq, "update_id": _update_id(update)}


def _find_button(message: JSON, label: str) -> JSON:
    rows = (message.get("reply_markup") or {}).get("inline_keyboard") or []
    for row in rows:
        for button in row:
            if button.get("text") == label:
                return dict(button)
    labels = [b.get("text") for row in rows for b in row]
    raise DriverError(400, f"no inline button {label!r} on message; buttons: {labels}")


async def events(w: World, chat_id: int, after: int, wait: float) -> JSON:
    w.driver_chat(chat_id)
    await w.wait_for(lambda: bool(w.chat_events(chat_id, after)), min(wait, MAX_EVENT_WAIT))
    return {"events": w.chat_events(chat_id, after), "last": w.seq}


async def all_events(w: World, after: int, wait: float) -> JSON:
    """Events of every chat: one long poll for the web page, whatever its number of panes."""
    await w.wait_for(lambda: w.seq > after, min(wait, MAX_EVENT_WAIT))
    return {"events": w.events_after(after), "last": w.seq}


def add_fault(w: World, body: JSON) -> JSON:
    """``{kind, method?, chat_id?, times?, seconds?}``: see :meth:`World.add_fault`."""
    unknown = set(body) - {"kind", "method", "chat_id", "times", "seconds"}
    if unknown:
        raise DriverError(400, f"unknown fault fields: {sorted(unknown)}")
    if not body.get("kind"):
        raise DriverError(400, "kind is required")
    options = {key: body[key] for key in ("method", "chat_id", "seconds") if body.get(key) is not None}
    try:
        fault = w.add_fault(str(body["kind"]), times=body.get("times", 1), **options)
    except (TypeError, ValueError) as exc:
        raise DriverError(400, str(exc)) from None
    return fault.view()


def list_faults(w: World) -> list[JSON]:
    return [fault.view() for fault in w.faults.rules]


def clear_faults(w: World) -> JSON:
    cleared = len(w.faults.rules)
    w.clear_faults()
    return {"cleared": cleared}


FLOOD_FIELDS = ("per_second", "per_chat_seconds", "group_per_minute", "retry_after")


def flood_limits(w: World) -> JSON:
    """The flood limits in force (None: that limit is off) and the 429s answered so far."""
    limits = w.flood
    return {"per_second": limits.per_second, "per_chat_seconds": limits.per_chat_seconds,
            "group_per_minute": limits.group_per_minute, "retry_after": limits.retry_after,
            "refusals": limits.refusals}


def set_flood_limits(w: World, body: JSON) -> JSON:
    """``{per_second?, per_chat_seconds?, group_per_minute?, retry_after?}``: Telegram-like limits;
    a field left out takes :meth:`World.set_flood_limits`' default, a null turns that limit off."""
    unknown = set(body) - set(FLOOD_FIELDS)
    if unknown:
        raise DriverError(400, f"unknown flood fields: {sorted(unknown)}")
    try:
        limits = {key: _number_or_none(body[key]) for key in FLOOD_FIELDS if key in body}
        if "group_per_minute" in limits and limits["group_per_minute"] is not None:
            limits["group_per_minute"] = int(limits["group_per_minute"])
        if "retry_after" in limits:
            limits["retry_after"] = int(limits["retry_after"] or 1)
    except (TypeError, ValueError):
        raise DriverError(400, "flood limits must be numbers or null") from None
    w.set_flood_limits(**limits)
    return flood_limits(w)


def _number_or_none(value: Any) -> float | None:
    return None if value is None else float(value)


def recent_updates(w: World) -> list[JSON]:
    """The last updates pushed to the bot, oldest first (those :meth:`World.redeliver` can repeat)."""
    return [dict(update) for update in w.recent_updates]


def _user_id(body: JSON) -> int | None:
    value: Any = body.get("user_id")
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise DriverError(400, "user_id must be an integer") from None
