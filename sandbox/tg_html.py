"""Telegram's HTML parse mode: parse to (text, entities) and render back.

The parser is deliberately as strict as Telegram: only the tags of the Bot API's
HTML style are accepted, every ``<`` must start a tag and every ``&`` must start
one of the supported entities (``&lt; &gt; &amp; &quot;`` or a numeric one).
Offsets and lengths of entities are counted in UTF-16 code units, like Telegram.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

TAG_TYPES: dict[str, str] = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}

_START_TAG = re.compile(
    r"<([a-zA-Z][a-zA-Z0-9-]*)"
    r"((?:\s+[a-zA-Z][a-zA-Z0-9_-]*(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?)*)"
    r"\s*/?>"
)
_END_TAG = re.compile(r"</\s*([a-zA-Z][a-zA-Z0-9-]*)\s*>")
_ATTR = re.compile(r"([a-zA-Z][a-zA-Z0-9_-]*)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?")
_ENTITY = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]*);")


class HTMLParseError(ValueError):
    """Raised for text that Telegram would refuse with "can't parse entities"."""


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


@dataclass
class _Open:
    tag: str
    start: int
    attrs: dict[str, str]
    byte_offset: int
    language: str | None = None


@dataclass
class _Parser:
    src: str
    out: list[str] = field(default_factory=list)
    length: int = 0
    stack: list[_Open] = field(default_factory=list)
    spans: list[tuple[int, int, dict[str, Any]]] = field(default_factory=list)

    def byte_offset(self, index: int) -> int:
        return len(self.src[:index].encode("utf-8"))

    def emit(self, text: str) -> None:
        self.out.append(text)
        self.length += len(text)

    def run(self) -> tuple[str, list[dict[str, Any]]]:
        i = 0
        while i < len(self.src):
            char = self.src[i]
            if char == "<":
                i = self.tag(i)
            elif char == "&":
                i = self.entity(i)
            else:
                self.emit(char)
                i += 1
        if self.stack:
            tag = self.stack[-1].tag
            raise HTMLParseError(f'Can\'t find end tag corresponding to start tag "{tag}"')
        return "".join(self.out), self.entities()

    def entity(self, i: int) -> int:
        match = _ENTITY.match(self.src, i)
        if not match:
            raise HTMLParseError(f"Character '&' is reserved and must be escaped at byte offset {self.byte_offset(i)}")
        name = match.group(1)
        if name.startswith("#"):
            digits = name[2:] if name[1:2] in ("x", "X") else name[1:]
            code = int(digits, 16 if name[1:2] in ("x", "X") else 10)
            if not 0 < code <= 0x10FFFF or 0xD800 <= code <= 0xDFFF:
                raise HTMLParseError(f"Invalid numeric entity at byte offset {self.byte_offset(i)}")
            self.emit(chr(code))
        elif name in NAMED_ENTITIES:
            self.emit(NAMED_ENTITIES[name])
        else:
            raise HTMLParseError(f'Unsupported HTML entity "&{name};" at byte offset {self.byte_offset(i)}')
        return match.end()

    def tag(self, i: int) -> int:
        if self.src.startswith("</", i):
            return self.end_tag(i)
        match = _START_TAG.match(self.src, i)
        if not match:
            raise HTMLParseError(f"Unclosed start tag at byte offset {self.byte_offset(i)}")
        name = match.group(1).lower()
        if name not in TAG_TYPES:
            raise HTMLParseError(f'Unsupported start tag "{name}" at byte offset {self.byte_offset(i)}')
        attrs = {
            key.lower(): html.unescape(value.strip("\"'")) if value else ""
            for key, value in _ATTR.findall(match.group(2))
        }
        if name == "span" and attrs.get("class") != "tg-spoiler":
            raise HTMLParseError('Tag "span" must have class "tg-spoiler"')
        self.stack.append(_Open(name, self.length, attrs, self.byte_offset(i)))
        return match.end()

    def end_tag(self, i: int) -> int:
        match = _END_TAG.match(self.src, i)
        if not match:
            raise HTMLParseError(f"Unclosed end tag at byte offset {self.byte_offset(i)}")
        name = match.group(1).lower()
        if not self.stack:
            raise HTMLParseError(f'Unexpected end tag "{name}" at byte offset {self.byte_offset(i)}')
        top = self.stack[-1]
        if top.tag != name:
            raise HTMLParseError(f'Can\'t find end tag corresponding to start tag "{top.tag}"')
        self.stack.pop()
        self.close(top)
        return match.end()

    def close(self, item: _Open) -> None:
        language = item.attrs.get("class", "")
        parent = self.stack[-1] if self.stack else None
        in_pre = parent is not None and parent.tag == "pre" and parent.start == item.start
        if item.tag == "code" and in_pre and language.startswith("language-"):
            assert parent is not None
            parent.language = language[len("language-") :]
            return
        extra = _entity_extra(item)
        if extra is not None and self.length > item.start:
            self.spans.append((item.start, self.length, extra))

    def entities(self) -> list[dict[str, Any]]:
        text = "".join(self.out)
        result = []
        for start, end, extra in self.spans:
            offset = utf16_len(text[:start])
            result.append({**extra, "offset": offset, "length": utf16_len(text[start:end])})
        result.sort(key=lambda e: (e["offset"], -e["length"]))
        return result


def _entity_extra(item: _Open) -> dict[str, Any] | None:
    kind = TAG_TYPES[item.tag]
    if kind == "text_link":
        href = item.attrs.get("href")
        if not href:
            return None
        if href.startswith("tg://user?id="):
            return {"type": "text_mention", "user": {"id": int(href.split("=", 1)[1] or 0)}}
        return {"type": "text_link", "url": href}
    if kind == "pre":
        return {"type": "pre", **({"language": item.language} if item.language else {})}
    if kind == "blockquote" and "expandable" in item.attrs:
        return {"type": "expandable_blockquote"}
    if kind == "custom_emoji":
        emoji_id = item.attrs.get("emoji-id")
        return {"type": "custom_emoji", "custom_emoji_id": emoji_id} if emoji_id else None
    return {"type": kind}


# Telegram links bare URLs itself (a "url" entity), outside code and links; trailing punctuation is not part
_URL = re.compile(r"(?:https?://|(?<![A-Za-z0-9_.@/])t\.me/)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")
_URL_TAIL = ".,;:!?'"
_NO_URL_INSIDE = {"url", "text_link", "code", "pre", "email", "text_mention", "custom_emoji"}


def with_urls(text: str, entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``entities`` plus a "url" entity for each bare link Telegram would detect in ``text``, ordered by offset."""
    taken = [(int(e.get("offset", 0)), int(e.get("offset", 0)) + int(e.get("length", 0)))
             for e in entities if e.get("type") in _NO_URL_INSIDE]
    found: list[dict[str, Any]] = []
    for match in _URL.finditer(text):
        url = _trim(match.group())
        start, length = utf16_len(text[: match.start()]), utf16_len(url)
        if not any(start < end and begin < start + length for begin, end in taken):
            found.append({"type": "url", "offset": start, "length": length})
    if not found:
        return entities
    return sorted([*entities, *found], key=lambda e: (int(e.get("offset", 0)), -int(e.get("length", 0))))


def _trim(url: str) -> str:
    """Without trailing punctuation, nor a closing parenthesis that closes text around the link."""
    url = url.rstrip(_URL_TAIL)
    while url.endswith(")") and url.count(")") > url.count("("):
        url = url[:-1].rstrip(_URL_TAIL)
    return url


def parse_html(src: str) -> tuple[str, list[dict[str, Any]]]:
    """Parse Telegram HTML into plain text and a list of MessageEntity dicts."""
    return _Parser(src).run()


def strip_html(src: str) -> str:
    """Plain text of Telegram HTML (raises :class:`HTMLParseError` when invalid)."""
    return parse_html(src)[0]


# ---------------------------------------------------------------- rendering

_SIMPLE_TAGS = {
    "bold": "b",
    "italic": "i",
    "underline": "u",
    "strikethrough": "s",
    "spoiler": "tg-spoiler",
    "code": "code",
    "blockquote": "blockquote",
}


def _open_tag(entity: dict[str, Any], text: str) -> tuple[str, str] | None:
    kind = entity.get("type", "")
    if kind in _SIMPLE_TAGS:
        tag = _SIMPLE_TAGS[kind]
        return f"<{tag}>", f"</{tag}>"
    if kind == "expandable_blockquote":
        return "<blockquote expandable>", "</blockquote>"
    if kind == "pre":
        lang = entity.get("language")
        if lang:
            return f'<pre><code class="language-{html.escape(lang)}">', "</code></pre>"
        return "<pre>", "</pre>"
    if kind == "text_link":
        return f'<a href="{html.escape(entity.get("url", ""))}">', "</a>"
    if kind == "text_mention":
        return f'<a href="tg://user?id={entity.get("user", {}).get("id", 0)}">', "</a>"
    if kind == "url":
        href = text if "://" in text else f"https://{text}"
        return f'<a href="{html.escape(href)}">', "</a>"
    if kind == "custom_emoji":
        return f'<tg-emoji emoji-id="{html.escape(entity.get("custom_emoji_id", ""))}">', ("</tg-emoji>")
    return None


def _to_index(units: list[int], offset: int) -> int:
    """Python string index for a UTF-16 offset (``units`` = cumulative unit counts)."""
    for index, count in enumerate(units):
        if count >= offset:
            return index
    return len(units) - 1


def render_html(text: str, entities: list[dict[str, Any]] | None) -> str:
    """Render plain text plus entities as canonical Telegram HTML."""
    if not entities:
        return html.escape(text, quote=False)
    units = [0]
    for char in text:
        units.append(units[-1] + (2 if ord(char) > 0xFFFF else 1))
    opens: dict[int, list[tuple[int, str, str]]] = {}
    for entity in entities:
        start = _to_index(units, int(entity.get("offset", 0)))
        end = _to_index(units, int(entity.get("offset", 0)) + int(entity.get("length", 0)))
        tags = _open_tag(entity, text[start:end])
        if tags and end > start:
            opens.setdefault(start, []).append((end, *tags))
    return _render(text, opens)


def _render(text: str, opens: dict[int, list[tuple[int, str, str]]]) -> str:
    out: list[str] = []
    stack: list[tuple[int, str, str]] = []
    for index in range(len(text) + 1):
        _close_until(index, stack, out)
        for item in sorted(opens.get(index, []), key=lambda o: -o[0]):
            out.append(item[1])
            stack.append(item)
        if index < len(text):
            out.append(html.escape(text[index], quote=False))
    return "".join(out)


def _close_until(index: int, stack: list[tuple[int, str, str]], out: list[str]) -> None:
    """Close every open tag that ends at ``index``, reopening overlapping ones."""
    if not any(end <= index for end, _, _ in stack):
        return
    reopen: list[tuple[int, str, str]] = []
    while any(end <= index for end, _, _ in stack):
        item = stack.pop()
        out.append(item[2])
        if item[0] > index:
            reopen.append(item)
    for item in reversed(reopen):
        out.append(item[1])
        stack.append(item)
