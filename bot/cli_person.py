"""`finmatch person export|erase <reference>`: the operator's side of privacy requests (PIPL).

A reference is what /person takes: a person's number, Telegram id, @username, phone or exact name. Export
writes the JSON document to stdout (or --out FILE, created 0600); erase asks to type the person's number
back unless --yes is given. Both refuse, in one line, a reference that matches nobody or several people.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from models.db import database
from models.errors import Refused
from models.operations.erasure import erase_person
from models.reports.person_data import export_person, find_people
from models.settings import get_settings
from notices.i18n import t

OPERATOR_LANGUAGE = "en"  # the command line speaks English, as the rest of `finmatch`


class PersonCommandFailed(Exception):
    """One line for the operator; exit code 1."""


def add_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    person = commands.add_parser("person", help="export or erase everything held about one person (PIPL)")
    person.add_argument("action", choices=["export", "erase"])
    person.add_argument("reference", help="the person's number, Telegram id, @username, phone or exact name")
    person.add_argument("--out", help="export: write the JSON here (0600) instead of printing it")
    person.add_argument("--yes", action="store_true", help="erase: do not ask for confirmation")


async def _the_one(reference: str) -> int:
    people = await find_people(None, reference)
    if not people:
        raise PersonCommandFailed(f"nobody matches {reference!r}")
    if len(people) > 1:
        listing = ", ".join(f"#{p.id} {p.full_name} (Telegram {p.tg_id})" for p in people)
        raise PersonCommandFailed(f"{len(people)} people match {reference!r}: {listing}; pass one number")
    return people[0].id


def _write(document: str, out: str | None) -> None:
    if out is None:
        print(document)
        return
    descriptor = os.open(out, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(document + "\n")
    print(f"written to {out}", file=sys.stderr)


def _confirmed(person_id: int) -> bool:
    print(f"Erase all personal data of person #{person_id}? Intents and figures stay, anonymised; this cannot "
          f"be undone. Type the number {person_id} to confirm: ", end="", file=sys.stderr, flush=True)
    return sys.stdin.readline().strip() == str(person_id)


async def run(args: argparse.Namespace) -> None:
    async with database(get_settings().database_url):
        person_id = await _the_one(args.reference)
        try:
            if args.action == "export":
                data = await export_person(None, person_id)
                _write(json.dumps(data, ensure_ascii=False, indent=2), args.out)
                return
            if not args.yes and not _confirmed(person_id):
                raise PersonCommandFailed("not confirmed: nothing was erased")
            erasure = await erase_person(None, person_id)
        except Refused as refusal:
            raise PersonCommandFailed(t(OPERATOR_LANGUAGE, refusal.key)) from None
    print(f"person #{erasure.person_id} erased: enterprise contact cleared: {erasure.contact_cleared}, "
          f"drafts {erasure.drafts}, messages {erasure.messages}, audit rows scrubbed {erasure.audit_rows_scrubbed}")
