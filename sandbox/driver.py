"""Python client of the sandbox's driver API, for tests that play the people.

Every action (send, press, ...) waits for the bot's reaction: the first bot event
after the action (up to ``REACTION_TIMEOUT`` seconds), then more until none arrives
for ``settle`` seconds. It returns the messages the bot sent or edited meanwhile,
in their current state.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

import httpx

from sandbox.world import BOT_EVENT_TYPES

REACTION_TIMEOUT = 10.0
JSON = dict[str, Any]


@dataclass
class Message:
    """A bot message's current state, viewed for assertions."""

    message_id: int
    text: str
    html: str
    buttons: list[list[str]] = field(default_factory=list)
    callback_data: list[list[str]] = field(default_factory=list)
    reply_markup: JSON | None = None
    document: JSON | None = None
    photo: list[JSON] | None = None
    location: JSON | None = None
    venue: JSON | None = None
    raw: JSON = field(default_factory=dict)

    @classmethod
    def from_raw(cls, raw: JSON) -> Message:
        markup = raw.get("reply_markup")
        rows = (markup or {}).get("inline_keyboard") or []
        return cls(
            message_id=raw["message_id"],
            text=raw.get("text", raw.get("caption", "")),
            html=raw.get("html", ""),
            buttons=[[b.get("text", "") for b in row] for row in rows],
            callback_data=[[b.get("callback_data", "") for b in row] for row in rows],
            reply_markup=markup,
            document=raw.get("document"),
            photo=raw.get("photo"),
            location=raw.get("location"),
            venue=raw.get("venue"),
            raw=raw,
        )

    @property
    def is_bot(self) -> bool:
        return bool(self.raw.get("from", {}).get("is_bot"))

    def button_data(self, label: str) -> str:
        for row_labels, row_data in zip(self.buttons, self.callback_data, strict=True):
            for text, data in zip(row_labels, row_data, strict=True):
                if text == label:
                    return data
        raise AssertionError(f"no button {label!r}; buttons: {self.buttons}")

    def has_button(self, label: str) -> bool:
        return any(label in row for row in self.buttons)

    def __str__(self) -> str:
        extra = f" buttons={self.buttons}" if self.buttons else ""
        return f"#{self.message_id}: {self.text!r}{extra}"


class SandboxClient:
    """Entry point: ``client = SandboxClient(sb.url); alice = await client.user("Alice")``."""

    def __init__(self, base_url: str, settle: float = 0.05) -> None:
        self.base_url = base_url.rstrip("/")
        self.settle = settle
        self.http = httpx.AsyncClient(base_url=self.base_url, timeout=90.0)

    async def call(self, method: str, path: str, **kwargs: Any) -> Any:
        response = await self.http.request(method, f"/sandbox/api{path}", **kwargs)
        if response.status_code >= 400:
            raise AssertionError(f"{method} {path} -> {response.status_code}: {response.text}")
        return response.json()

    async def user(
        self,
        first_name: str,
        *,
        user_id: int | None = None,
        language_code: str = "zh-hans",
        username: str | None = None,
        last_name: str | None = None,
    ) -> UserChat:
        body: JSON = {"first_name": first_name, "language_code": language_code}
        if user_id is not None:
            body["id"] = user_id
        if username:
            body["username"] = username
        if last_name:
            body["last_name"] = last_name
        user = await self.call("POST", "/users", json=body)
        return UserChat(self, user)

    async def users(self) -> list[JSON]:
        return list(await self.call("GET", "/users"))

    async def group(self, title: str, kind: str = "supergroup") -> GroupChat:
        """A group, supergroup or channel (``kind``) people write in with ``GroupChat.send(text, user)``."""
        chat = await self.call("POST", "/groups", json={"title": title, "type": kind})
        return GroupChat(self, chat)

    # ------------------------------------------------------------ misbehaving Telegram

    async def add_fault(
        self,
        kind: str,
        *,
        method: str | None = None,
        chat_id: int | None = None,
        times: int | None = 1,
        seconds: float = 0.0,
    ) -> JSON:
        """Make matching Bot API requests fail (see :mod:`sandbox.faults`); returns the rule."""
        body: JSON = {"kind": kind, "method": method, "chat_id": chat_id, "times": times, "seconds": seconds}
        return dict(await self.call("POST", "/faults", json=body))

    async def faults(self) -> list[JSON]:
        """Every fault rule, with how many times it fired (``hits``)."""
        return list(await self.call("GET", "/faults"))

    async def clear_faults(self) -> None:
        await self.call("DELETE", "/faults")

    async def set_flood_limits(self, **limits: float | None) -> JSON:
        """Telegram-like flood limits (see :meth:`sandbox.world.World.set_flood_limits`); returns them."""
        return dict(await self.call("POST", "/flood", json=limits))

    async def flood(self) -> JSON:
        """The flood limits in force and how many 429s were answered (``refusals``)."""
        return dict(await self.call("GET", "/flood"))

    async def recent_updates(self) -> list[JSON]:
        """The last updates pushed to the bot, oldest first."""
        return list(await self.call("GET", "/updates"))

    async def redeliver(self, update_id: int) -> JSON:
        """Have Telegram deliver an already sent update again, with the same update_id."""
        return dict(await self.call("POST", f"/updates/{update_id}/redeliver"))

    async def aclose(self) -> None:
        await self.http.aclose()

    async def __aenter__(self) -> SandboxClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()


class UserChat:
    """One person and their private chat with the bot."""

    def __init__(self, client: SandboxClient, user: JSON) -> None:
        self.client = client
        self.user = user
        self.id: int = int(user["id"])
        self.action_seq = 0
        self.last_update_id: int | None = None

    def __repr__(self) -> str:
        return f"UserChat({self.id}, {self.user.get('first_name')!r})"

    # ------------------------------------------------------------ actions

    async def _act(self, path: str, **kwargs: Any) -> list[Message]:
        result = await self.client.call("POST", f"/chats/{self.id}{path}", **kwargs)
        self.action_seq = int(result.get("seq", self.action_seq))
        self.last_update_id = result.get("update_id", self.last_update_id)
        return await self.reaction(self.action_seq)

    async def send(self, text: str) -> list[Message]:
        return await self._act("/send", json={"text": text})

    async def share_contact(self, phone: str | None = None) -> list[Message]:
        body = {"phone_number": phone} if phone else {}
        return await self._act("/contact", json=body)

    async def send_location(self, latitude: float, longitude: float) -> list[Message]:
        return await self._act("/location", json={"latitude": latitude, "longitude": longitude})

    async def press(self, label: str, message: Message | int | None = None) -> list[Message]:
        message_id = await self._message_with_button(label, message)
        return await self._act("/press", json={"message_id": message_id, "text": label})

    async def press_data(self, message_id: int, data: str) -> list[Message]:
        return await self._act("/press", json={"message_id": message_id, "callback_data": data})

    async def send_document(self, filename: str, content: bytes, caption: str | None = None) -> list[Message]:
        files = {"file": (filename, content, _guess_mime(filename))}
        data = {"caption": caption} if caption else {}
        return await self._act("/document", files=files, data=data)

    async def send_media(self, media: str, caption: str | None = None) -> list[Message]:
        """A sticker, photo, voice, video, video_note, animation, audio or dice."""
        return await self._act("/post", json={"media": media, **({"caption": caption} if caption else {})})

    async def forward(self, text: str, from_name: str = "someone") -> list[Message]:
        """A text message forwarded from another (hidden) user."""
        return await self._act("/post", json={"text": text, "forward_from": from_name})

    async def edit(self, message_id: int, text: str) -> list[Message]:
        """Edit one of this person's messages: the bot gets an edited_message."""
        return await self._act("/edit", json={"message_id": message_id, "text": text})

    async def block(self, blocked: bool = True) -> None:
        result = await self.client.call("POST", f"/users/{self.id}/block", json={"blocked": blocked})
        self.action_seq = int(result.get("seq", self.action_seq))

    async def _message_with_button(self, label: str, message: Message | int | None) -> int:
        if isinstance(message, Message):
            return message.message_id
        if isinstance(message, int):
            return message
        for candidate in reversed(await self.messages()):
            if candidate.has_button(label):
                return candidate.message_id
        shown = [str(m) for m in await self.messages() if m.buttons]
        raise AssertionError(f"no bot message with button {label!r}; keyboards: {shown}")

    # ------------------------------------------------------------ waiting

    async def events(self, after: int, wait: float = 0.0) -> JSON:
        params = {"after": after, "timeout": round(wait, 3)}
        return dict(await self.client.call("GET", f"/chats/{self.id}/events", params=params))

    async def reaction(self, after: int) -> list[Message]:
        """Bot messages sent or edited after seq ``after``, once the bot went quiet."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + REACTION_TIMEOUT
        cursor, touched = after, []
        while True:
            quiet = self.client.settle if touched else max(0.0, deadline - loop.time())
            if not touched and quiet <= 0:
                return []
            batch = await self.events(cursor, quiet)
            bot_events = [e for e in batch["events"] if e["type"] in BOT_EVENT_TYPES]
            cursor = max([cursor, *(e["seq"] for e in batch["events"])])
            if not bot_events and touched:
                break
            touched.extend(bot_events)
        return await self._current(touched)

    async def _current(self, events: list[JSON]) -> list[Message]:
        ids: list[int] = []
        for event in events:
            if event["type"] in ("message", "edit"):
                message_id = event["message"]["message_id"]
                if message_id not in ids:
                    ids.append(message_id)
        current = {m.message_id: m for m in await self.messages()}
        return [current[i] for i in ids if i in current]

    async def expect(self, fragment: str, timeout: float = 10.0) -> Message:  # noqa: ASYNC109
        """A bot message sent/edited since the last action whose text contains ``fragment``."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        cursor, seen = self.action_seq, []
        while True:
            batch = await self.events(cursor, max(0.0, deadline - loop.time()))
            for event in batch["events"]:
                cursor = max(cursor, event["seq"])
                if event["type"] in ("message", "edit"):
                    seen.append(Message.from_raw(event["message"]))
            found = await self._match(seen, fragment)
            if found is not None:
                return found
            if loop.time() >= deadline:
                raise AssertionError(self._describe(fragment, seen, await self.messages()))

    async def _match(self, seen: list[Message], fragment: str) -> Message | None:
        for snapshot in seen:
            if fragment in snapshot.text:
                current = {m.message_id: m for m in await self.messages()}
                return current.get(snapshot.message_id, snapshot)
        return None

    def _describe(self, fragment: str, seen: list[Message], current: list[Message]) -> str:
        lines = [f"{self!r}: no bot message containing {fragment!r} since the last action."]
        lines.append("Received since the last action:")
        lines.extend([f"  {m}" for m in seen] or ["  (nothing)"])
        lines.append("All bot messages in the chat now:")
        lines.extend([f"  {m}" for m in current] or ["  (none)"])
        return "\n".join(lines)

    # ------------------------------------------------------------ views

    async def state(self) -> JSON:
        return dict(await self.client.call("GET", f"/chats/{self.id}/state"))

    async def messages(self) -> list[Message]:
        state = await self.state()
        return [Message.from_raw(m) for m in state["messages"] if m.get("from", {}).get("is_bot")]

    async def last(self) -> Message:
        messages = await self.messages()
        if not messages:
            raise AssertionError(f"{self!r}: the bot has sent no message")
        return messages[-1]

    async def reply_keyboard(self) -> list[list[JSON]] | None:
        keyboard = (await self.state())["reply_keyboard"]
        return None if keyboard is None else list(keyboard["keyboard"])

    async def commands(self) -> list[JSON]:
        return list((await self.state())["commands"])

    async def callback_answers(self) -> list[JSON]:
        batch = await self.events(0)
        return [e for e in batch["events"] if e["type"] == "callback_answer"]

    async def download(self, file_id: str) -> bytes:
        response = await self.client.http.get(f"/sandbox/files/{file_id}")
        if response.status_code != 200:
            raise AssertionError(f"download {file_id} -> {response.status_code}")
        return response.content


class GroupChat(UserChat):
    """A group or channel: people write in it (``send(text, user)``); its messages are everyone's.

    ``expect_reply=False`` returns at once: for what the bot should ignore (a later action's
    reaction then shows anything it did say)."""

    async def send(self, text: str, user: UserChat | None = None,  # type: ignore[override]
                   *, expect_reply: bool = True) -> list[Message]:
        return await self._post({"text": text, **self._by(user)}, expect_reply)

    async def send_media(self, media: str, caption: str | None = None,  # type: ignore[override]
                         user: UserChat | None = None, *, expect_reply: bool = True) -> list[Message]:
        return await self._post({"media": media, **({"caption": caption} if caption else {}), **self._by(user)},
                                expect_reply)

    async def _post(self, body: JSON, expect_reply: bool) -> list[Message]:
        if not expect_reply:
            await self.client.call("POST", f"/chats/{self.id}/post", json=body)
            return []
        return await self._act("/post", json=body)

    def _by(self, user: UserChat | None) -> JSON:
        return {} if user is None else {"user_id": user.id}


def _guess_mime(filename: str) -> str:
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    return {
        "pdf": "application/pdf",
        "txt": "text/plain",
        "csv": "text/csv",
        "png": "image/png",
        "jpg": "image/jpeg",
        "jpeg": "image/jpeg",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }.get(ext, "application/octet-stream")
