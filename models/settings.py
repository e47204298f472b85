"""Typed settings read from the environment and `.env` (documented in `.env.example`)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from models.parsers.numbers import ascii_int

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE_URL = f"sqlite://{PROJECT_ROOT / 'data' / 'finmatch.sqlite3'}"


HEALTH_OFF = {"off", "none", "no", "false", "0"}  # an empty value means the default, as for every setting


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore", env_ignore_empty=True)

    bot_token: str = ""
    database_url: str = DEFAULT_SQLITE_URL
    timezone: str = "Asia/Shanghai"
    default_language: str = "zh"
    organizer_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    telegram_api_base_url: str = ""
    webhook_url: str = ""
    webhook_secret: str = ""
    webhook_listen: str = "127.0.0.1:8443"  # behind the reverse proxy; 0.0.0.0 only on purpose
    health_listen: str = "127.0.0.1:8090"  # GET /health on host:port; "off" serves none
    sandbox_host: str = "127.0.0.1"
    sandbox_port: int = 8081
    industry_chains: Annotated[list[str], NoDecode] = Field(default_factory=list)
    min_amount_yuan: int = 10_000  # below 1万 is not a financing need
    max_amount_yuan: int = 100_000_000_000  # above 1000亿 is a typo
    invite_ttl_days: int = Field(default=7, ge=1, le=365)  # staff invitations expire after this
    claim_ttl_days: int = Field(default=30, ge=1, le=365)  # links for imported enterprises to claim their record
    intent_expiry_days: int = 30  # a proposed intent nobody answered expires after this many days
    intent_service_days: int = 3  # staff are nudged when a proposal waits this many working days
    reminder_leads_hours: Annotated[list[int], NoDecode] = Field(default_factory=lambda: [24, 2])
    followup_delay_minutes: int = 30  # after an event ends: no-shows marked, follow-ups sent
    sender_per_second: float = 29.5  # outbox sender: messages per second overall (Telegram caps bulk near 30)
    sender_per_chat_seconds: float = 1.05  # outbox sender: seconds between two messages to one chat
    log_level: str = "INFO"

    @field_validator("organizer_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return [int(part) for part in value.replace(";", ",").split(",") if part.strip()]
        return value

    @field_validator("reminder_leads_hours", mode="before")
    @classmethod
    def _split_leads(cls, value: object) -> object:
        if isinstance(value, str):
            return sorted({int(part) for part in value.replace(";", ",").split(",") if part.strip()}, reverse=True)
        return value

    @field_validator("industry_chains", mode="before")
    @classmethod
    def _split_chains(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.replace("；", ";").split(";") if part.strip()]
        return value

    @field_validator("health_listen")
    @classmethod
    def _health_address(cls, value: str) -> str:
        value = value.strip()
        if value.lower() in HEALTH_OFF:
            return ""
        host, _, port = value.rpartition(":")
        if not host or ascii_int(port, max_digits=5) is None or not 0 < int(port) < 65536:
            raise ValueError("HEALTH_LISTEN must be host:port (e.g. 127.0.0.1:8090) or off")
        return value

    @field_validator("default_language")
    @classmethod
    def _known_language(cls, value: str) -> str:
        if value not in ("zh", "en"):
            raise ValueError("DEFAULT_LANGUAGE must be zh or en")
        return value

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def health_address(self) -> tuple[str, int] | None:
        """Where GET /health is served; None when HEALTH_LISTEN is off."""
        if not self.health_listen:
            return None
        host, _, port = self.health_listen.rpartition(":")
        return host.strip("[]"), int(port)

    @property
    def uses_sandbox(self) -> bool:
        return not self.bot_token


@lru_cache
def get_settings() -> Settings:
    """Read once, before the database starts: tortoise overwrites os.environ["TIMEZONE"] with its own."""
    return Settings()
