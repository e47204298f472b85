"""Typed access to Bot API parameters however they arrived.

PTB sends a urlencoded form or multipart where numbers are strings and nested
objects (reply_markup, scope, commands, ...) are JSON strings; other clients send
a JSON body with real types. :class:`Params` hides the difference.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sandbox.world import ApiError


@dataclass
class Upload:
    filename: str
    content_type: str
    data: bytes


@dataclass
class Params:
    values: dict[str, Any] = field(default_factory=dict)
    files: dict[str, Upload] = field(default_factory=dict)

    def has(self, name: str) -> bool:
        return self.values.get(name) is not None or name in self.files

    def text(self, name: str, default: str | None = None) -> str | None:
        value = self.values.get(name)
        return default if value is None else str(value)

    def integer(self, name: str, default: int | None = None) -> int | None:
        value = self.values.get(name)
        if value is None or value == "":
            return default
        try:
            return int(value)
        except (TypeError, ValueError):
            raise ApiError.bad(f"invalid {name} specified") from None

    def number(self, name: str, default: float | None = None) -> float | None:
        value = self.values.get(name)
        if value is None or value == "":
            return default
        try:
            return float(value)
        except (TypeError, ValueError):
            raise ApiError.bad(f"invalid {name} specified") from None

    def flag(self, name: str) -> bool:
        return self.values.get(name) in (True, 1, "true", "True", "1")

    def obj(self, name: str) -> Any:
        """A nested object, decoding it when it came as a JSON string."""
        value = self.values.get(name)
        if not isinstance(value, str):
            return value
        try:
            return json.loads(value)
        except ValueError:
            raise ApiError.bad(f"can't parse {name} JSON object") from None

    def loggable(self) -> dict[str, Any]:
        out = dict(self.values)
        for name, upload in self.files.items():
            out[name] = f"<file {upload.filename} {len(upload.data)} bytes>"
        return out
