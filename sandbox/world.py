"""State of the sandbox: users, chats, messages, the event log, updates and files.

Nothing in here speaks HTTP. :mod:`sandbox.botapi` implements the Bot API methods
on top of it, :mod:`sandbox.driverapi` the driver (people) side, and
:mod:`sandbox.server` serves both.
"""

from __future__ import annotations

import asyncio
import bisect
import copy
import json
import secrets
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sandbox.faults import Fault, FaultRules
from sandbox.flood import FloodLimits
from sandbox.tg_html import render_html

JSON = dict[str, Any]
BOT_EVENT_TYPES = ("message", "edit", "delete", "callback_answer")
DEFAULT_EXCLUDED_UPDATES = ("chat_member", "message_reaction", "message_reaction_count")
FIRST_USER_ID = 10001
# The people the page's 组织者 / Organizer preset adds ({"role": "organizer"}): `finmatch run` in sandbox mode
# makes these ids organizers, as ORGANIZER_IDS does in production.
ORGANIZER_PRESET_IDS = range(9001, 9010)
RECENT_UPDATES = 1000


class ApiError(Exception):
    """An error answered to the bot in Telegram's shape."""

    def __init__(self, code: int, description: str, parameters: JSON | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters

    @classmethod
    def bad(cls, detail: str) -> ApiError:
        return cls(400, f"Bad Request: {detail}")


class DriverError(Exception):
    """An error answered to the driver (the people side)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class Record:
    """A message as currently shown in its chat."""

    message: JSON
    html: str

    def view(self) -> JSON:
        return {**copy.deepcopy(self.message), "html": self.html}


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    data: bytes
    file_name: str
    mime_type: str
    file_path: str


@dataclass
class Chat:
    id: int
    messages: dict[int, Record] = field(default_factory=dict)
    next_message_id: int = 1
    reply_keyboard: JSON | None = None
    menu_button: JSON | None = None


class World:
    """Everything the fake Telegram knows, plus waiting primitives."""

    def __init__(self, token: str, bot_username: str) -> None:
        self.token = token
        self.bot_user: JSON = {
            "id": int(token.split(":", 1)[0]),
            "is_bot": True,
            "first_name": "FinMatch",
            "username": bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }
        self.users: dict[int, JSON] = {}
        self.blocked: set[int] = set()
        self.chats: dict[int, Chat] = {}
        self.group_chats: dict[int, JSON] = {}  # groups and channels (sandbox.driverapi_odd), by chat id
        self.migrated: dict[int, int] = {}  # a group upgraded to a supergroup: old id -> new id
        self.events: list[JSON] = []
        self.seq = 0
        self.errors: list[JSON] = []
        self.updates: list[JSON] = []
        self.recent_updates: deque[JSON] = deque(maxlen=RECENT_UPDATES)
        self.redeliveries: list[JSON] = []
        self.next_update_id = 500000001
        self.allowed_updates: list[str] = []
        self.webhook: JSON = {"url": ""}
        self.files: dict[str, StoredFile] = {}
        self.commands: dict[tuple[str, str], list[JSON]] = {}
        self.callbacks: dict[str, int] = {}
        self.bot_texts: dict[tuple[str, str], str] = {}
        self.default_menu_button: JSON = {"type": "commands"}
        self.closing = False
        self._waiters: set[asyncio.Future[None]] = set()
        self._poll: asyncio.Future[None] | None = None
        self.flood = FloodLimits()
        self.faults = FaultRules()

    # ------------------------------------------------------------ waiting

    def notify(self) -> None:
        """Wake every waiter so it re-checks its condition."""
        for waiter in list(self._waiters):
            if not waiter.done():
                waiter.set_result(None)

    async def wait_for(
        self,
        predicate: Callable[[], bool],
        wait: float,
        cancel: asyncio.Future[None] | None = None,
    ) -> bool:
        """Wait until ``predicate()`` holds, ``wait`` seconds pass or ``cancel`` resolves."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + max(0.0, wait)
        while not predicate():
            remaining = deadline - loop.time()
            if remaining <= 0 or self.closing or (cancel is not None and cancel.done()):
                return predicate()
            waiter: asyncio.Future[None] = loop.create_future()
            self._waiters.add(waiter)
            waits: set[asyncio.Future[None]] = {waiter} if cancel is None else {waiter, cancel}
            try:
                await asyncio.wait(waits, timeout=remaining, return_when=asyncio.FIRST_COMPLETED)
            finally:
                self._waiters.discard(waiter)
        return True

    def supersede_poll(self) -> asyncio.Future[None]:
        """Terminate a getUpdates that is still waiting; register the new one."""
        if self._poll is not None and not self._poll.done():
            self._poll.set_result(None)
        self._poll = asyncio.get_running_loop().create_future()
        self.notify()
        return self._poll

    @property
    def polling(self) -> bool:
        """Whether a getUpdates request is currently waiting."""
        return self._poll is not None and not self._poll.done()

    def end_poll(self, poll: asyncio.Future[None]) -> None:
        if self._poll is poll:
            self._poll = None

    # ------------------------------------------------------------ flood hook

    def set_flood_limits(self, *, per_second: float | None = 30, per_chat_seconds: float | None = 1.0,
                         group_per_minute: int | None = 20, retry_after: int = 1) -> None:
        """Telegram-like limits (off by default): over them a send is answered 429 with retry_after."""
        self.flood = self.flood.renewed(per_second, per_chat_seconds, group_per_minute, retry_after)

    @property
    def flood_refusals(self) -> int:
        return self.flood.refusals

    @flood_refusals.setter
    def flood_refusals(self, value: int) -> None:
        self.flood.refusals = value

    def _check_flood(self, chat_id: int) -> None:
        """Single place for rate limits: raise ``ApiError(429, ...)`` to throttle."""
        if not self.flood.admits(chat_id):
            retry = self.flood.retry_after
            raise ApiError(429, f"Too Many Requests: retry after {retry}", {"retry_after": retry})

    # ------------------------------------------------------------ faults

    def add_fault(self, kind: str, *, method: str | None = None, chat_id: int | None = None,
                  times: int | None = 1, seconds: float = 0.0) -> Fault:
        """Make matching Bot API requests fail as ``kind`` (see :mod:`sandbox.faults`) ``times`` times."""
        return self.faults.add(Fault.create(kind, method=method, chat_id=chat_id, times=times, seconds=seconds))

    def clear_faults(self) -> None:
        """Remove every fault rule: Telegram behaves again."""
        self.faults.clear()

    def take_fault(self, method: str, chat_id: Any) -> Fault | None:
        """The fault that hits this request, if any (counted in its ``hits``)."""
        return self.faults.take(method, chat_id)

    # ------------------------------------------------------------ events & updates

    def emit(self, chat_id: int, kind: str, **data: Any) -> JSON:
        self.seq += 1
        event = {"seq": self.seq, "type": kind, "chat_id": chat_id, **copy.deepcopy(data)}
        self.events.append(event)
        self.notify()
        return event

    def events_after(self, after: int) -> list[JSON]:
        """Events with seq > ``after``, found by bisection: a long run (a 10,000-message broadcast)
        keeps every event, and pollers ask many times a second."""
        return self.events[bisect.bisect_right(self.events, after, key=_seq):]

    def chat_events(self, chat_id: int, after: int) -> list[JSON]:
        return [e for e in self.events_after(after) if e["chat_id"] == chat_id]

    def update_allowed(self, kind: str) -> bool:
        if self.allowed_updates:
            return kind in self.allowed_updates
        return kind not in DEFAULT_EXCLUDED_UPDATES

    def push_update(self, kind: str, payload: JSON) -> JSON | None:
        if not self.update_allowed(kind):
            return None
        update = {"update_id": self.next_update_id, kind: copy.deepcopy(payload)}
        self.flood.heard_from(payload)
        self.next_update_id += 1
        self.updates.append(update)
        self.recent_updates.append(update)
        self.notify()
        return update

    def confirm_updates(self, offset: int) -> None:
        if offset < 0:
            self.updates = self.updates[offset:]
        else:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]

    def redeliver(self, update_id: int) -> JSON:
        """Deliver an already sent update again, same update_id, with the next getUpdates.

        Like Telegram after a webhook retry or when another poller takes over: the copy
        ignores the offset the bot already confirmed, and is delivered once.
        """
        update = next((u for u in self.recent_updates if u["update_id"] == update_id), None)
        if update is None:
            raise DriverError(404, f"no recent update {update_id}")
        self.redeliveries.append(copy.deepcopy(update))
        self.notify()
        return copy.deepcopy(update)

    def drop_pending_updates(self) -> None:
        self.updates.clear()
        self.redeliveries.clear()

    def has_updates(self) -> bool:
        return bool(self.updates or self.redeliveries)

    def take_updates(self, limit: int) -> list[JSON]:
        """Updates for one getUpdates answer: redeliveries first (handed out once), then the queue."""
        again, self.redeliveries = self.redeliveries[:limit], self.redeliveries[limit:]
        queued = [u for u in self.updates if self.update_allowed(_update_kind(u))]
        return copy.deepcopy(again + queued[: limit - len(again)])

    # ------------------------------------------------------------ users & chats

    def add_user(self, data: JSON) -> JSON:
        first_name = str(data.get("first_name") or "").strip()
        if not first_name:
            raise DriverError(400, "first_name is required")
        try:
            user_id = int(data["id"]) if data.get("id") not in (None, "") else self._free_user_id(data.get("role"))
        except (TypeError, ValueError):
            raise DriverError(400, "id must be an integer") from None
        user: JSON = {"id": user_id, "is_bot": False, "first_name": first_name}
        for key in ("last_name", "username"):
            if data.get(key):
                user[key] = str(data[key])
        user["language_code"] = str(data.get("language_code") or "zh-hans")
        self.users[user_id] = user
        self.chats.setdefault(user_id, Chat(user_id))
        return dict(user)

    def _free_user_id(self, role: Any = None) -> int:
        """The next id nobody has; for ``role="organizer"`` one of ORGANIZER_PRESET_IDS."""
        if role == "organizer":
            free = [user_id for user_id in ORGANIZER_PRESET_IDS if user_id not in self.users]
            if not free:
                raise DriverError(409, f"all {len(ORGANIZER_PRESET_IDS)} organizer ids are taken")
            return free[0]
        if role not in (None, ""):
            raise DriverError(400, f"unknown role {role!r} (organizer, or none)")
        user_id = FIRST_USER_ID
        while user_id in self.users:
            user_id += 1
        return user_id

    def chat_object(self, chat_id: int) -> JSON:
        if chat_id in self.group_chats:
            return dict(self.group_chats[chat_id])
        user = self.users[chat_id]
        chat: JSON = {"id": chat_id, "type": "private", "first_name": user["first_name"]}
        for key in ("last_name", "username"):
            if key in user:
                chat[key] = user[key]
        return chat

    def bot_chat(self, chat_id: Any) -> Chat:
        """The chat the bot addresses, with Telegram's errors for unknown/blocked."""
        try:
            numeric = int(chat_id)
        except (TypeError, ValueError):
            if chat_id in (None, ""):
                raise ApiError.bad("chat_id is empty") from None
            raise ApiError.bad("chat not found") from None
        if numeric not in self.users and numeric not in self.group_chats:
            raise ApiError.bad("chat not found")
        if numeric in self.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        if numeric in self.migrated:
            raise ApiError(400, "Bad Request: group chat was upgraded to a supergroup chat",
                           {"migrate_to_chat_id": self.migrated[numeric]})
        return self.chats[numeric]

    def driver_chat(self, chat_id: int) -> Chat:
        if chat_id not in self.chats:
            raise DriverError(404, f"no chat {chat_id}; create the user first")
        return self.chats[chat_id]

    def driver_user(self, chat_id: int, user_id: int | None) -> JSON:
        user = self.users.get(user_id if user_id is not None else chat_id)
        if user is None:
            raise DriverError(404, f"no user {user_id}")
        if user["id"] in self.blocked:
            raise DriverError(409, "this user blocked the bot; unblock first")
        return user

    def set_blocked(self, user_id: int, blocked: bool) -> None:
        if user_id not in self.users:
            raise DriverError(404, f"no user {user_id}")
        if blocked == (user_id in self.blocked):
            return
        old, new = ("member", "kicked") if blocked else ("kicked", "member")
        (self.blocked.add if blocked else self.blocked.discard)(user_id)
        bot = {k: self.bot_user[k] for k in ("id", "is_bot", "first_name", "username")}
        self.push_update(
            "my_chat_member",
            {
                "chat": self.chat_object(user_id),
                "from": self.users[user_id],
                "date": int(time.time()),
                "old_chat_member": _member(old, bot),
                "new_chat_member": _member(new, bot),
            },
        )

    # ------------------------------------------------------------ messages

    def new_message(self, chat: Chat, sender: JSON, content: JSON) -> JSON:
        message = {
            "message_id": chat.next_message_id,
            "from": dict(sender),
            "chat": self.chat_object(chat.id),
            "date": int(time.time()),
            **content,
        }
        chat.next_message_id += 1
        return message

    def store(self, chat: Chat, message: JSON) -> Record:
        record = Record(message, message_html(message))
        chat.messages[message["message_id"]] = record
        return record

    def find_message(self, chat: Chat, message_id: Any, missing: str) -> Record:
        try:
            record = chat.messages.get(int(message_id))
        except (TypeError, ValueError):
            record = None
        if record is None:
            raise ApiError.bad(missing)
        return record

    # ------------------------------------------------------------ files

    def add_file(self, data: bytes, file_name: str, mime_type: str, kind: str) -> StoredFile:
        number = len(self.files) + 1
        prefix = "AgAC" if kind == "photo" else "BQAC"
        file_id = f"{prefix}SbX{number}{secrets.token_hex(12)}"
        suffix = "." + file_name.rsplit(".", 1)[-1] if "." in file_name else ""
        stored = StoredFile(
            file_id=file_id,
            file_unique_id=f"AQAD{number}{secrets.token_hex(4)}",
            data=data,
            file_name=file_name,
            mime_type=mime_type,
            file_path=f"{kind}s/file_{number}{suffix}",
        )
        self.files[file_id] = stored
        return stored

    def file_by_path(self, file_path: str) -> StoredFile | None:
        return next((f for f in self.files.values() if f.file_path == file_path), None)

    # ------------------------------------------------------------ commands

    def commands_for(self, chat_id: int, language_code: str | None = None) -> list[JSON]:
        """Commands a private chat sees, resolved in Telegram's order of scopes."""
        if language_code is None:
            language_code = self.users.get(chat_id, {}).get("language_code", "")
        langs = _language_candidates(language_code or "")
        for scope in (f"chat:{chat_id}", "all_private_chats", "default"):
            for lang in langs:
                if (scope, lang) in self.commands:
                    return copy.deepcopy(self.commands[(scope, lang)])
        return []

    # ------------------------------------------------------------ driver views

    def state(self, chat_id: int) -> JSON:
        chat = self.driver_chat(chat_id)
        return {
            "chat_id": chat_id,
            "user": dict(self.users.get(chat_id) or self.group_chats[chat_id]),
            "blocked": chat_id in self.blocked,
            "messages": [record.view() for record in chat.messages.values()],
            "reply_keyboard": copy.deepcopy(chat.reply_keyboard),
            "commands": self.commands_for(chat_id),
            "menu_button": copy.deepcopy(chat.menu_button or self.default_menu_button),
            "last": self.seq,
        }

    def bot_messages(self, chat_id: int, *, deleted: bool = False) -> list[JSON]:
        """What the bot sent in a chat, in order, as currently shown (any kind: text, document, venue...).

        With ``deleted``, messages the bot deleted since are included too, as sent, marked ``"deleted": True``.
        """
        chat = self.driver_chat(chat_id)
        sent: list[JSON] = []
        for event in self.chat_events(chat_id, 0):
            if event["type"] != "message":
                continue
            record = chat.messages.get(event["message"]["message_id"])
            if record is not None:
                sent.append(record.view())
            elif deleted:
                sent.append({**copy.deepcopy(event["message"]), "deleted": True})
        return sent


def _seq(event: JSON) -> int:
    return int(event["seq"])


def _member(status: str, user: JSON) -> JSON:
    member: JSON = {"status": status, "user": user}
    if status == "kicked":
        member["until_date"] = 0
    return member


def _language_candidates(language_code: str) -> list[str]:
    langs = [language_code]
    short = language_code.split("-", 1)[0]
    if short != language_code:
        langs.append(short)
    if "" not in langs:
        langs.append("")
    return langs


def _update_kind(update: JSON) -> str:
    return next(key for key in update if key != "update_id")


def message_html(message: JSON) -> str:
    """HTML of a message's text or caption, for the page."""
    if "text" in message:
        return render_html(message["text"], message.get("entities"))
    return render_html(message.get("caption", ""), message.get("caption_entities"))


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False)
