"""One transaction per domain operation, with the side effects of its domain events inside it.

A domain operation opens `unit_of_work()`, changes state and `emit()`s what happened (an event
opened, a seat freed, an intent confirmed). Before the transaction commits, every subscribed
handler runs on the same connection: the notices layer renders its messages into outbox rows there,
so a change and the messages it causes commit together or not at all (the transactional outbox).
After the commit, the commit hooks run: the running bot wakes its sender and re-derives its jobs.

This module knows no handler: the rooms above subscribe (cosmicpython's message bus, turned
around so that `models/` imports nothing above it).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TypeVar

from tortoise.transactions import in_transaction

from models.tables import processed_updates

log = logging.getLogger(__name__)


class DomainEvent:
    """Something that happened to the programme's state; subclasses are frozen dataclasses."""

    reschedules = False  # True when the scheduled jobs derived from the database may have changed


@dataclass
class UnitOfWork:
    events: list[DomainEvent] = field(default_factory=list)
    handled: list[DomainEvent] = field(default_factory=list)
    outbox_rows: int = 0

    @property
    def reschedules(self) -> bool:
        return any(event.reschedules for event in self.handled)

    async def handle_events(self) -> None:
        while self.events:
            event = self.events.pop(0)
            for handler in _handlers.get(type(event), []):
                await handler(event)
            self.handled.append(event)


E = TypeVar("E", bound=DomainEvent)
Handler = Callable[[DomainEvent], Awaitable[None]]
CommitHook = Callable[[UnitOfWork], Awaitable[None]]
_handlers: dict[type[DomainEvent], list[Handler]] = {}
_commit_hooks: list[CommitHook] = []
_current: ContextVar[UnitOfWork | None] = ContextVar("unit_of_work", default=None)


def subscribe(kind: type[E], handler: Callable[[E], Awaitable[None]]) -> None:
    """Run `handler` for every `kind` event, inside the transaction that emitted it (once per handler)."""
    handlers = _handlers.setdefault(kind, [])
    if handler not in handlers:
        handlers.append(handler)  # type: ignore[arg-type]


def unsubscribe(kind: type[E], handler: Callable[[E], Awaitable[None]]) -> None:
    if handler in _handlers.get(kind, []):
        _handlers[kind].remove(handler)  # type: ignore[arg-type]


def add_commit_hook(hook: CommitHook) -> Callable[[], None]:
    """Run `hook` after each commit of a unit of work; returns the function that removes it."""
    _commit_hooks.append(hook)
    return lambda: _commit_hooks.remove(hook) if hook in _commit_hooks else None


def emit(event: DomainEvent) -> None:
    uow = _current.get()
    if uow is None:
        raise RuntimeError(f"{type(event).__name__} raised outside a unit of work: its effects would be lost")
    uow.events.append(event)


def count_outbox_rows(rows: int) -> None:
    """The outbox tells the unit of work it queued messages (so the sender is woken after the commit)."""
    uow = _current.get()
    if uow is not None:
        uow.outbox_rows += rows


@asynccontextmanager
async def unit_of_work() -> AsyncIterator[UnitOfWork]:
    """A transaction whose domain events are handled before it commits; nested ones join the outer one."""
    outer = _current.get()
    if outer is not None:
        mark = len(outer.events)
        try:
            async with in_transaction():
                yield outer
        except BaseException:
            del outer.events[mark:]  # what the rolled-back part raised did not happen
            raise
        return
    uow = UnitOfWork()
    token = _current.set(uow)
    try:
        async with in_transaction():
            await processed_updates.record_in_transaction()
            yield uow
            await uow.handle_events()
    finally:
        _current.reset(token)
    processed_updates.committed()
    await _after_commit(uow)


async def _after_commit(uow: UnitOfWork) -> None:
    for hook in list(_commit_hooks):
        try:
            await hook(uow)
        except Exception:  # the change is committed; a failing hook must not turn it into an error
            log.exception("commit hook %s failed", hook)
