"""What the notices need to know of the running bot: its settings and its @username (for links)."""

from __future__ import annotations

from dataclasses import dataclass

from models.settings import Settings, get_settings


@dataclass(frozen=True)
class NoticeConfig:
    settings: Settings
    bot_username: str


_config: NoticeConfig | None = None


def configure(settings: Settings, bot_username: str) -> None:
    global _config
    _config = NoticeConfig(settings, bot_username)


def config() -> NoticeConfig:
    """The running bot's; before it starts (a CLI command), the settings of the environment."""
    return _config if _config is not None else NoticeConfig(get_settings(), "")


def language_of(person_language: object) -> str:
    return str(person_language or config().settings.default_language)
