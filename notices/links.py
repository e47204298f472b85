"""Deep links (t.me/<bot>?start=<prefix>_<argument>), as messages and QR codes carry them."""

from __future__ import annotations


def link(bot_username: str, prefix: str, argument: str) -> str:
    payload = f"{prefix}_{argument}"
    assert len(payload) <= 64, "Telegram caps start payloads at 64 characters"
    return f"https://t.me/{bot_username}?start={payload}"
