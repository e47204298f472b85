"""Refusals a domain operation raises; `key` names the catalogue message shown to the person."""

from __future__ import annotations

from typing import Any


class Refused(Exception):
    def __init__(self, key: str, **args: Any) -> None:
        super().__init__(key)
        self.key = key
        self.args_for_text = args


class NotAllowed(Refused):
    """The acting person has no right to this operation; always logged."""

    def __init__(self, action: str) -> None:
        super().__init__("not-allowed", action=action)
        self.action = action
