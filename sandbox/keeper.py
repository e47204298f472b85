"""Keeping the sandbox's world across restarts, in a folder next to the database.

`finmatch run` in sandbox mode keeps its people, their chats (messages as shown, keyboards, menus), the
files sent and the next update id, so a restart of the bot loses no conversation the database still
remembers. Tests' in-memory sandboxes keep nothing unless they pass ``keep_in``.

    <folder>/world.json       everything but file contents, rewritten (atomically) after changes
    <folder>/files/<file_id>  each file's bytes, written once

The event log (what the page and the driver wait on) is not kept; its sequence number is, so waiting
clients carry on. Saves are debounced: the first change schedules one ``delay`` seconds later, and
``close()`` saves at once.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import shutil
from pathlib import Path
from typing import Any

from sandbox.world import JSON, Chat, Record, StoredFile, World

log = logging.getLogger(__name__)
FORMAT = 1
SAVE_DELAY = 0.5


def snapshot(world: World) -> JSON:
    """What the world file holds (file contents aside)."""
    return {
        "format": FORMAT,
        "seq": world.seq,
        "next_update_id": world.next_update_id,
        "users": list(world.users.values()),
        "blocked": sorted(world.blocked),
        "chats": [_chat_view(chat) for chat in world.chats.values()],
        "groups": list(world.group_chats.values()),
        "commands": [{"scope": scope, "language": language, "commands": commands}
                     for (scope, language), commands in world.commands.items()],
        "updates": world.updates,
        "files": [_file_view(stored) for stored in world.files.values()],
    }


def _chat_view(chat: Chat) -> JSON:
    return {"id": chat.id, "next_message_id": chat.next_message_id, "reply_keyboard": chat.reply_keyboard,
            "menu_button": chat.menu_button, "messages": [record.view() for record in chat.messages.values()]}


def _file_view(stored: StoredFile) -> JSON:
    return {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id, "file_name": stored.file_name,
            "mime_type": stored.mime_type, "file_path": stored.file_path}


def restore(world: World, data: JSON, files: Path) -> None:
    """Put a snapshot back into a fresh world; a file whose bytes are missing is left out."""
    world.seq = int(data["seq"])
    world.next_update_id = int(data["next_update_id"])
    world.users = {int(user["id"]): user for user in data["users"]}
    world.blocked = {int(user_id) for user_id in data["blocked"]}
    world.chats = {int(chat["id"]): _chat(chat) for chat in data["chats"]}
    world.group_chats = {int(group["id"]): group for group in data.get("groups", [])}
    world.commands = {(item["scope"], item["language"]): item["commands"] for item in data["commands"]}
    world.updates = list(data["updates"])
    for view in data["files"]:
        path = files / view["file_id"]
        if path.is_file():
            world.files[view["file_id"]] = StoredFile(data=path.read_bytes(), **view)


def _chat(view: JSON) -> Chat:
    messages = {}
    for shown in view["messages"]:
        message = {key: value for key, value in shown.items() if key != "html"}
        messages[int(message["message_id"])] = Record(message, shown.get("html", ""))
    return Chat(int(view["id"]), messages, int(view["next_message_id"]), view.get("reply_keyboard"),
                view.get("menu_button"))


class WorldKeeper:
    """Loads a world from its folder, and saves it there shortly after changes and on close."""

    def __init__(self, world: World, folder: Path, delay: float = SAVE_DELAY) -> None:
        self.world, self.folder, self.delay = world, folder, delay
        self.file = folder / "world.json"
        self.files = folder / "files"
        self._pending: asyncio.TimerHandle | None = None

    def load(self) -> bool:
        """Restore the kept world; False when there is none (or it cannot be read: it is set aside)."""
        if not self.file.is_file():
            return False
        try:
            data: Any = json.loads(self.file.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT:
                raise ValueError(f"format {data.get('format')!r}, not {FORMAT}")
            restore(self.world, data, self.files)
        except (OSError, ValueError, KeyError, TypeError) as error:
            aside = self.file.with_name("world.unreadable.json")
            self.file.replace(aside)
            log.warning("the sandbox's kept world %s cannot be read (%s): set aside as %s; starting empty",
                        self.file, error, aside.name)
            return False
        log.info("the sandbox keeps %d people and their chats from %s", len(self.world.users), self.file)
        return True

    def changed(self) -> None:
        """Something changed: save within ``delay`` seconds (one save for a burst of changes)."""
        if self._pending is None:
            self._pending = asyncio.get_running_loop().call_later(self.delay, self._save_due)

    def _save_due(self) -> None:
        self._pending = None
        self.save()

    def save(self) -> None:
        try:
            self._write()
        except OSError as error:  # a full disk must not stop the sandbox; the next change tries again
            log.warning("the sandbox's world could not be kept in %s: %s", self.folder, error)

    def _write(self) -> None:
        self.files.mkdir(parents=True, exist_ok=True)
        for stored in self.world.files.values():
            path = self.files / stored.file_id
            if not path.exists():
                path.write_bytes(stored.data)
        partial = self.file.with_suffix(".json.partial")
        partial.write_text(json.dumps(snapshot(self.world), ensure_ascii=False), encoding="utf-8")
        os.replace(partial, self.file)

    def close(self) -> None:
        """Save now (a pending save is done at once)."""
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None
        self.save()

    def forget(self) -> None:
        """Delete the kept world (a new database starts with nobody)."""
        shutil.rmtree(self.folder, ignore_errors=True)
