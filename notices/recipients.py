"""Whom a notice goes to: chat ids with the language each person reads."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from models.tables.events import Registration
from models.tables.people import Person
from notices.config import language_of


@dataclass(frozen=True)
class Recipient:
    chat_id: int
    lang: str


def recipients(people: Iterable[Person], *, skip: int | None = None) -> list[Recipient]:
    """One per person (not `skip`, the one who acted), in the order given."""
    unique = {p.id: p for p in people if p.id != skip and not p.blocked_bot}
    return [Recipient(p.tg_id, language_of(p.language)) for p in unique.values()]


async def of_registration(registration: Registration) -> Recipient | None:
    """The person who signed the party up, unless they blocked the bot."""
    person = await Person.get_or_none(id=registration.person_id)
    if person is None or person.blocked_bot:
        return None
    return Recipient(person.tg_id, language_of(person.language))
