"""An event's sign-up list for the door and the desk: who comes, with whom to call, seat or waitlist
place, checked in. Organizers see every party; institution staff only the enterprises whose contacts
they may see; nobody else sees it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from models.enums import RegistrationStatus, Role, Tier
from models.errors import Refused
from models.rules.rights import contacts_visible, refuse
from models.tables.chains import Chain
from models.tables.enterprises import Enterprise
from models.tables.events import Event, Registration
from models.tables.institutions import Institution
from models.tables.people import Person
from models.workbook.columns import SIGNUP_LIST_COLUMNS, word
from models.workbook.writer import single_sheet

SHOWN = (RegistrationStatus.registered, RegistrationStatus.waitlisted, RegistrationStatus.checked_in,
         RegistrationStatus.no_show)


@dataclass(frozen=True)
class SignupLine:
    number: int
    is_enterprise: bool
    name: str
    contact_name: str
    phone: str
    tier: Tier | None
    chain: Chain | None
    waitlist_place: int | None  # None: a seat
    status: RegistrationStatus
    checked_in_at: datetime | None
    walk_in: bool


async def signup_list(actor: Person, event_id: int) -> tuple[Event, list[SignupLine]]:
    if actor.role not in (Role.organizer, Role.staff):
        raise refuse(actor, "event.signups")
    event = await Event.get_or_none(id=event_id)
    if event is None:
        raise Refused("event-not-found")
    rows = await (Registration.filter(event_id=event_id, status__in=list(SHOWN))
                  .order_by("signed_up_at", "id").prefetch_related("person"))
    enterprises = {e.id: e for e in await Enterprise.filter(
        id__in=[r.enterprise_id for r in rows if r.enterprise_id]).prefetch_related("chain")}
    institutions = {i.id: i for i in await Institution.filter(
        id__in=[r.institution_id for r in rows if r.institution_id])}
    visible = await contacts_visible(actor, enterprises)
    lines: list[SignupLine] = []
    places = {True: 0, False: 0}
    for registration in rows:
        enterprise = enterprises.get(registration.enterprise_id) if registration.enterprise_id else None
        place = None
        if registration.status is RegistrationStatus.waitlisted:
            places[enterprise is not None] += 1
            place = places[enterprise is not None]
        if actor.role is not Role.organizer and (enterprise is None or enterprise.id not in visible):
            continue
        lines.append(_line(len(lines) + 1, registration, enterprise, institutions, place))
    return event, lines


def _line(number: int, registration: Registration, enterprise: Enterprise | None,
          institutions: dict[int, Institution], place: int | None) -> SignupLine:
    if enterprise is not None:
        return SignupLine(number, True, enterprise.name, enterprise.contact_name, enterprise.phone,
                          enterprise.tier, enterprise.chain, place, registration.status, registration.checked_in_at,
                          registration.walk_in)
    institution = institutions[registration.institution_id]
    return SignupLine(number, False, institution.name, registration.person.full_name, "", None, None, place,
                      registration.status, registration.checked_in_at, registration.walk_in)


def _sheet_row(line: SignupLine) -> dict[str, Any]:
    return {"number": line.number, "party": "企业" if line.is_enterprise else "机构", "name": line.name,
            "contact_name": line.contact_name, "phone": line.phone, "tier": word(line.tier) if line.tier else "",
            "chain": line.chain.name if line.chain else "",
            "place": f"候补 {line.waitlist_place}" if line.waitlist_place else "席位",
            "status": word(line.status), "checked_in_at": line.checked_in_at, "walk_in": line.walk_in}


def signup_workbook(lines: list[SignupLine], tz: ZoneInfo) -> bytes:
    """The list as the door's and the desk's spreadsheet."""
    return single_sheet("报名名单", SIGNUP_LIST_COLUMNS, [_sheet_row(line) for line in lines], tz)
