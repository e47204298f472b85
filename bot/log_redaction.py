"""Keeping the bot token out of every log line, traceback and crash report.

PTB names a rejected token in its error text ("The token `123:AA…` was rejected"), httpx logs each request's
URL (`…/bot123:AA…/getMe`) and a traceback may carry either; PTB's DEBUG lines print whole updates, which
are replaced by their ids. `install_redaction(token)` wraps the logging
record factory, so every record is redacted when it is made, whatever handler (a file, journald, a test's
capture) writes it later, and replaces `sys.excepthook` for what escapes to the interpreter.
"""

from __future__ import annotations

import logging
import re
import sys
import traceback
from collections.abc import Callable
from types import TracebackType
from typing import Any

from telegram import Update

REDACTED = "<BOT_TOKEN>"
# bot<id>:<secret> in a URL path, and a bare token anywhere (Telegram's are <digits>:<35 characters>)
TOKEN_IN_URL = re.compile(r"bot\d+:[A-Za-z0-9_-]+")
BARE_TOKEN = re.compile(r"\d{5,}:[A-Za-z0-9_-]{30,}")

_tokens: set[str] = set()
_original_factory: Callable[..., logging.LogRecord] | None = None


def redact(text: str) -> str:
    """The text with every known token and every token-shaped string replaced."""
    for token in _tokens:
        text = text.replace(token, REDACTED)
    text = TOKEN_IN_URL.sub("bot" + REDACTED, text)
    return BARE_TOKEN.sub(REDACTED, text)


def _id_only(value: object) -> object:
    """An update stands in a log line by its id: its content (names, phones, texts) is the person's."""
    return f"<update {value.update_id}>" if isinstance(value, Update) else value


def _redacted_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
    assert _original_factory is not None
    record = _original_factory(*args, **kwargs)
    if isinstance(record.args, tuple):  # e.g. PTB's DEBUG "Processing update %s"
        record.args = tuple(_id_only(arg) for arg in record.args)
    try:
        message = record.getMessage()
    except Exception:  # a broken format string: let the handler report it as logging does
        return record
    record.msg, record.args = redact(message), None
    if record.exc_info and record.exc_info[0] is not None:
        record.exc_text = redact("".join(traceback.format_exception(*record.exc_info)).rstrip("\n"))
    if record.stack_info:
        record.stack_info = redact(record.stack_info)
    return record


def _excepthook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    sys.stderr.write(redact("".join(traceback.format_exception(kind, error, tb))))


def install_redaction(*tokens: str) -> None:
    """From now on no log record of this process shows these tokens (or any token-shaped string)."""
    global _original_factory
    _tokens.update(token for token in tokens if token)
    if _original_factory is None:
        _original_factory = logging.getLogRecordFactory()
        logging.setLogRecordFactory(_redacted_record)
        sys.excepthook = _excepthook
