"""The people side of the sandbox, beyond typing: groups and channels, stickers, photos, voice,
edits and forwards, as Telegram delivers them to a bot.

- ``POST /sandbox/api/groups`` ``{title, type: group|supergroup|channel}`` makes a chat the people
  (any user, given by ``user_id``) can write in; the bot can send there like Telegram allows.
- ``POST /sandbox/api/chats/{chat_id}/post`` ``{text? | media?, caption?, user_id?, forward_from?}``
  sends one message: ``media`` is one of :data:`MEDIA`; ``forward_from`` (a name) makes it a
  forward from a hidden user; in a channel it is a ``channel_post`` signed by the channel.
- ``POST /sandbox/api/chats/{chat_id}/edit`` ``{message_id, text}`` edits a person's message:
  the bot gets an ``edited_message`` (``edited_channel_post`` in a channel).
"""

from __future__ import annotations

import secrets
import time
from typing import Any

from aiohttp import web

from sandbox.driverapi import _COMMAND as COMMAND
from sandbox.tg_html import with_urls
from sandbox.world import JSON, Chat, DriverError, World

GROUP_TYPES = ("group", "supergroup", "channel")
MEDIA = ("sticker", "photo", "voice", "video", "video_note", "animation", "audio", "dice")


def add_group(w: World, body: JSON) -> JSON:
    kind = str(body.get("type") or "group")
    if kind not in GROUP_TYPES:
        raise DriverError(400, f"type must be one of {GROUP_TYPES}")
    title = str(body.get("title") or "").strip()
    if not title:
        raise DriverError(400, "title is required")
    number = len(w.group_chats) + 1
    chat_id = -(1_000_000_000_000 + number) if kind != "group" else -(4_000_000 + number)
    w.group_chats[chat_id] = {"id": chat_id, "type": kind, "title": title}
    w.chats[chat_id] = Chat(chat_id)
    return dict(w.group_chats[chat_id])


def post(w: World, chat_id: int, body: JSON) -> JSON:
    chat = w.driver_chat(chat_id)
    content = _content(w, body)
    if body.get("forward_from"):
        content["forward_origin"] = {"type": "hidden_user", "sender_user_name": str(body["forward_from"]),
                                     "date": int(time.time()) - 3600}
    if _is_channel(w, chat_id):
        message = {"message_id": chat.next_message_id, "sender_chat": w.chat_object(chat_id),
                   "chat": w.chat_object(chat_id), "date": int(time.time()), **content}
        chat.next_message_id += 1
        kind = "channel_post"
    else:
        message = w.new_message(chat, _sender(w, chat_id, body), content)
        kind = "message"
    record = w.store(chat, message)
    update = w.push_update(kind, message)
    event = w.emit(chat.id, "user_message", message=record.view())
    return {"message": record.view(), "seq": event["seq"], "update_id": None if update is None else update["update_id"]}


def edit(w: World, chat_id: int, body: JSON) -> JSON:
    chat = w.driver_chat(chat_id)
    text = str(body.get("text") or "")
    try:
        record = chat.messages[int(body["message_id"])]
    except (KeyError, TypeError, ValueError):
        raise DriverError(404, f"no message {body.get('message_id')} in chat {chat_id}") from None
    if record.message.get("from", {}).get("is_bot") or "text" not in record.message or not text.strip():
        raise DriverError(400, "only a person's text message can be edited, to a text")
    record.message.update({"text": text, "edit_date": int(time.time())})
    record.message.pop("entities", None)
    kind = "edited_channel_post" if _is_channel(w, chat_id) else "edited_message"
    update = w.push_update(kind, record.message)
    event = w.emit(chat.id, "user_edit", message=record.view())
    return {"message": record.view(), "seq": event["seq"], "update_id": None if update is None else update["update_id"]}


def _is_channel(w: World, chat_id: int) -> bool:
    return w.group_chats.get(chat_id, {}).get("type") == "channel"


def _sender(w: World, chat_id: int, body: JSON) -> JSON:
    user_id = body.get("user_id")
    if chat_id < 0 and user_id in (None, ""):
        raise DriverError(400, "user_id is required to write in a group")
    return w.driver_user(chat_id, None if user_id in (None, "") else int(user_id))


def _content(w: World, body: JSON) -> JSON:
    media = body.get("media")
    if media is None:
        text = str(body.get("text") or "")
        if not text:
            raise DriverError(400, "text or media is required")
        entities = _command_entity(text)
        return {"text": text, **({"entities": with_urls(text, entities)} if entities or "t.me" in text else {})}
    if media not in MEDIA:
        raise DriverError(400, f"media must be one of {MEDIA}")
    content = {media: _media_object(w, str(media))}
    if body.get("caption") and media not in ("sticker", "video_note", "dice"):
        content["caption"] = str(body["caption"])
    return content


def _command_entity(text: str) -> list[JSON]:
    match = COMMAND.match(text)
    return [{"type": "bot_command", "offset": 0, "length": match.end()}] if match else []


def _media_object(w: World, media: str) -> Any:
    if media == "dice":
        return {"emoji": "🎲", "value": 1 + secrets.randbelow(6)}
    stored = w.add_file(secrets.token_bytes(64), f"{media}.bin", "application/octet-stream", media)
    file: JSON = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id, "file_size": len(stored.data)}
    if media == "photo":
        return [{**file, "width": 90, "height": 60}, {**file, "width": 1280, "height": 853}]
    if media == "sticker":
        return {**file, "width": 512, "height": 512, "is_animated": False, "is_video": False, "type": "regular",
                "emoji": "😀"}
    if media in ("video", "animation"):
        return {**file, "width": 640, "height": 360, "duration": 3}
    if media == "video_note":
        return {**file, "length": 240, "duration": 3}
    return {**file, "duration": 3}  # voice, audio


def add_routes(app: web.Application, run: Any) -> None:
    """Routes for these actions; ``run(func, *args)`` calls ``func(world, *args)`` as the other driver routes do."""

    async def add_group_route(request: web.Request) -> web.Response:
        return await run(add_group, await _read(request))

    async def post_route(request: web.Request) -> web.Response:
        return await run(post, _chat_id(request), await _read(request))

    async def edit_route(request: web.Request) -> web.Response:
        return await run(edit, _chat_id(request), await _read(request))

    app.router.add_post("/sandbox/api/groups", add_group_route)
    app.router.add_post("/sandbox/api/chats/{chat_id}/post", post_route)
    app.router.add_post("/sandbox/api/chats/{chat_id}/edit", edit_route)


def _chat_id(request: web.Request) -> int:
    try:
        return int(request.match_info["chat_id"])
    except ValueError:
        raise web.HTTPBadRequest(text="chat_id must be an integer") from None


async def _read(request: web.Request) -> JSON:
    if not request.can_read_body:
        return {}
    try:
        body = await request.json()
    except ValueError:
        raise web.HTTPBadRequest(text="the body must be JSON") from None
    return body if isinstance(body, dict) else {}
