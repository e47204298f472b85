"""The corpus of odd inputs (tests/corpus/odd_inputs.json) through the forms, on both backends.

Every input is sent to the form step (or the group / channel) its entry names, by a Chinese- or an
English-speaking person in turn, in one sandbox session. Each must get a clear answer in that
person's language (or, in a group or channel, exactly what the entry expects), crash nothing (no
error logged, no Bot API call Telegram would refuse) and store nothing it should not: the step
stays where it was unless the entry is accepted, and after the run no table holds a control or
invisible character and nothing but drafts and people was written.
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from tortoise import Tortoise

from models.parsers.terms import MAX_TERM_MONTHS
from models.parsers.text import FILLERS
from models.settings import Settings
from models.tables.drafts import current_draft, start_draft
from models.tables.people import Person
from notices.i18n import t
from sandbox.driver import GroupChat, Message, UserChat
from tests.harness import ORGANIZER_ID, Harness

CORPUS = json.loads((Path(__file__).parent / "corpus" / "odd_inputs.json").read_text(encoding="utf-8"))
CJK = re.compile(r"[\u3400-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")
TABLES_A_FORM_MAY_WRITE = {"draft", "person", "processed_update", "wrong_invite_code"}  # guessed invitations count


def test_the_corpus_is_big_and_well_formed() -> None:
    inputs = CORPUS["inputs"]
    assert len(inputs) >= 300
    sends = {"text", "media", "document", "location", "contact", "edit", "forward", "press"}
    expects = {"accept", "refuse", "either", "ignored", "private-only"}
    for entry in inputs:
        assert entry["target"] in CORPUS["targets"] and entry["send"] in sends and entry["expect"] in expects, entry
    kinds = " ".join(entry["kind"] for entry in inputs)
    for wanted in ("invisible", "emoji", "RTL", "NUL", "HTML", "Markdown", "4096+", "full-width", "Arabic-Indic",
                   "sticker", "photo", "voice", "document", "edited", "forwarded", "group", "channel", "stale",
                   "forged", "huge", "tiny", "wrong unit"):
        assert wanted in kinds, wanted


def text_of(entry: dict[str, Any], bot_username: str) -> str:
    return (entry["input"] * entry.get("repeat", 1)).replace("{bot}", bot_username)


def in_language(text: str, language: str) -> bool:
    """Written for this person: Chinese reads as Chinese, English as mostly Latin letters."""
    cjk, latin = len(CJK.findall(text)), len(LATIN.findall(text))
    return cjk >= 4 if language == "zh" else latin >= 10 and cjk * 2 < latin


def sane(step: str, value: Any, settings: Settings) -> bool:
    """What an "either" input may be stored as, when it is accepted."""
    if step == "amount":
        return isinstance(value, int) and settings.min_amount_yuan <= value <= settings.max_amount_yuan
    if step == "term_months":
        return isinstance(value, int) and 1 <= value <= MAX_TERM_MONTHS
    if step == "seats_enterprise":
        return isinstance(value, int) and 1 <= value <= 100_000
    if step == "location":
        return value is None or (isinstance(value, list) and -90 <= value[0] <= 90 and -180 <= value[1] <= 180)
    return isinstance(value, str) and clean(value)


def clean(value: Any) -> bool:
    """No control, format or filler character anywhere in a stored value (line breaks and emoji joiners aside)."""
    if isinstance(value, dict):
        return all(clean(key) and clean(item) for key, item in value.items())
    if isinstance(value, list | tuple):
        return all(clean(item) for item in value)
    if not isinstance(value, str):
        return True
    return not any(char in FILLERS or (unicodedata.category(char) in ("Cc", "Cf") and char not in "\n\u200d")
                   for char in value)


@dataclass
class Run:
    harness: Harness
    people: dict[tuple[str, str], UserChat]
    group: GroupChat
    channel: GroupChat
    failures: list[str] = field(default_factory=list)
    private_only: int = 0
    channel_post: int | None = None

    @property
    def bot_username(self) -> str:
        assert self.harness.app is not None
        return self.harness.app.bot.username

    def fail(self, entry: dict[str, Any], why: str) -> None:
        self.failures.append(f"{entry['target']} / {entry['kind']} ({entry['input'][:40]!r}): {why}")

    async def send(self, user: UserChat, entry: dict[str, Any]) -> list[Message]:
        send, value = entry["send"], text_of(entry, self.bot_username)
        if send == "text":
            return await user.send(value)
        if send == "media":
            return await user.send_media(value)
        if send == "document":
            return await user.send_document(value, b"%PDF-1.4 odd input")
        if send == "location":
            latitude, longitude = (float(part) for part in value.split(","))
            return await user.send_location(latitude, longitude)
        if send == "contact":
            return await user.share_contact(value)
        if send == "forward":
            return await user.forward(value)
        if send == "edit":
            state = await user.state()
            mine = [m for m in state["messages"] if not m["from"]["is_bot"] and "text" in m]
            return await user.edit(mine[-1]["message_id"], value)
        last = await user.last()
        await user.press_data(last.message_id, value)
        return []


async def setup(harness: Harness) -> Run:
    assert harness.client is not None
    people = {("enterprise", "zh"): await harness.user("Alice"),
              ("enterprise", "en"): await harness.user("Bob", language_code="en"),
              ("organizer", "zh"): await harness.user("Olga", user_id=ORGANIZER_ID),
              ("organizer", "en"): await harness.user("Oscar", language_code="en")}
    for user in people.values():
        await user.send("/help")  # each becomes a person, and has a message of their own to edit
    await Person.filter(tg_id=people["organizer", "en"].id).update(is_organizer=True)
    group = await harness.client.group("融资对接群")
    channel = await harness.client.group("光谷新闻", kind="channel")
    return Run(harness, people, group, channel)


async def private_entry(run: Run, index: int, entry: dict[str, Any]) -> None:
    target = CORPUS["targets"][entry["target"]]
    language = entry.get("lang") or ("zh", "en")[index % 2]
    user = run.people[target["who"], language]
    draft = await current_draft(user.id)
    if draft is None or (draft.form, draft.step) != (target["form"], target["step"]):
        draft = await start_draft(user.id, target["form"], target["step"])
    before = dict(draft.data)
    seq = user.action_seq
    replies = await run.send(user, entry)
    events = (await user.events(seq))["events"] if entry["send"] == "press" else []
    answers = [event["text"] for event in events if event["type"] == "callback_answer" and event["text"]]
    texts = [m.text for m in replies] + answers
    if not texts:
        run.fail(entry, "no answer")
    for text in texts:
        if not in_language(text, language):
            run.fail(entry, f"not in {language}: {text[:80]!r}")
        if text in (t(language, "error-generic"), t(language, "not-understood")):
            run.fail(entry, f"no clear answer: {text[:80]!r}")
    after = await current_draft(user.id)
    moved = after is None or (after.form, after.step) != (target["form"], target["step"])
    check_outcome(run, entry, target["step"], before, after, moved)


def check_outcome(run: Run, entry: dict[str, Any], step: str, before: dict[str, Any], after: Any, moved: bool) -> None:
    expect, stored = entry["expect"], after.data.get(step) if after is not None else None
    if expect == "refuse" and (moved or after is None or after.data != before):
        run.fail(entry, f"refused input changed the draft: {after and (after.step, after.data)}")
    elif expect == "accept" and not moved:
        run.fail(entry, "not accepted")
    elif expect == "accept" and "stored" in entry and stored != entry["stored"]:
        run.fail(entry, f"stored {stored!r}, expected {entry['stored']!r}")
    elif expect == "either" and moved and not sane(step, stored, run.harness.settings):
        run.fail(entry, f"accepted as {stored!r}")
    elif expect == "either" and not moved and after is not None and after.data != before:
        run.fail(entry, "refused input changed the draft")


async def group_entry(run: Run, index: int, entry: dict[str, Any]) -> None:
    language = ("zh", "en")[index % 2]
    user = run.people["enterprise", language]
    value = text_of(entry, run.bot_username)
    if entry["expect"] == "ignored":
        if entry["send"] == "media":
            await run.group.send_media(value, user=user, expect_reply=False)
        else:
            await run.group.send(value, user, expect_reply=False)
        return
    replies = await run.group.send(value, user)
    run.private_only += 1
    wanted = t(language, "group-private-only", link=f"https://t.me/{run.bot_username}")
    if [m.text for m in replies] != [wanted]:
        run.fail(entry, f"answered {[m.text for m in replies]}")


async def channel_entry(run: Run, entry: dict[str, Any]) -> None:
    value = text_of(entry, run.bot_username)
    if entry["send"] == "edit":
        assert run.channel_post is not None
        await run.harness.client.call("POST", f"/chats/{run.channel.id}/edit",
                                      json={"message_id": run.channel_post, "text": value})
        return
    body = {"media": value} if entry["send"] == "media" else {"text": value}
    posted = await run.harness.client.call("POST", f"/chats/{run.channel.id}/post", json=body)
    if entry["send"] == "text":
        run.channel_post = posted["message"]["message_id"]


async def table_rows() -> dict[str, list[dict[str, Any]]]:
    return {model._meta.db_table: await model.all().values() for model in Tortoise.apps["finmatch"].values()}


async def test_odd_inputs_get_clear_answers_and_store_nothing(harness: Harness,
                                                              caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    run = await setup(harness)
    rows_before = await table_rows()
    for index, entry in enumerate(CORPUS["inputs"]):
        if entry["target"] == "channel":
            await channel_entry(run, entry)
        elif entry["target"] == "group":
            await group_entry(run, index, entry)
        else:
            await private_entry(run, index, entry)
    # The last word in the group comes after everything ignored there (one chat's updates keep their order).
    await group_entry(run, 0, {"target": "group", "kind": "marker", "send": "text", "input": "/help",
                               "expect": "private-only"})
    assert run.failures == [], "\n".join(run.failures)
    assert len(await run.group.messages()) == run.private_only
    assert await run.channel.messages() == []
    rows_after = await table_rows()
    for table, rows in rows_after.items():
        assert clean(rows), f"{table} holds a control or invisible character"
        if table not in TABLES_A_FORM_MAY_WRITE:
            assert len(rows) == len(rows_before[table]), f"{table} was written: {rows[len(rows_before[table]):]}"
    assert len(rows_after["person"]) == len(run.people)  # writing in a group or channel makes nobody a person
    errors = [record.getMessage() for record in caplog.records if record.levelno >= logging.ERROR]
    assert errors == []
