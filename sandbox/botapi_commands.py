"""Bot API methods about commands, menus and chats."""

from __future__ import annotations

import copy
import re
from typing import Any

from sandbox.botapi import Handler, method
from sandbox.params import Params
from sandbox.world import JSON, ApiError, World

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
