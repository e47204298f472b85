"""People who talk to the bot, and the role each one holds."""

from __future__ import annotations

from tortoise import fields
from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.models import Model
from tortoise.queryset import QuerySet

from models.enums import Language, Role, StaffStatus
from models.parsers.text import clean_name
from models.stamps import StampField

# Staff act for their institution while invited (until an organizer verifies them) or verified.
ACTIVE_STAFF = (StaffStatus.invited, StaffStatus.verified)


class Person(Model):
    id = fields.IntField(primary_key=True)
    tg_id = fields.BigIntField(unique=True)
    full_name = fields.CharField(max_length=128, default="")
    username = fields.CharField(max_length=64, null=True)
    language = fields.CharEnumField(Language, max_length=2, null=True)
    is_organizer = fields.BooleanField(default=False)
    enterprise = fields.ForeignKeyField("finmatch.Enterprise", related_name="representatives", null=True)
    institution = fields.ForeignKeyField("finmatch.Institution", related_name="staff", null=True)
    staff_status = fields.CharEnumField(StaffStatus, max_length=12, null=True)
    suspended = fields.BooleanField(default=False)
    blocked_bot = fields.BooleanField(default=False)
    created_at = StampField(auto_now_add=True)
    erased_at = fields.DatetimeField(null=True)  # personal data erased on request (models/operations/erasure.py)

    class Meta:
        table = "person"

    @property
    def is_active_staff(self) -> bool:
        return self.institution_id is not None and self.staff_status in ACTIVE_STAFF and not self.suspended

    @property
    def role(self) -> Role:
        if self.is_organizer:
            return Role.organizer
        if self.suspended:
            return Role.none
        if self.is_active_staff:
            return Role.staff
        if self.enterprise_id is not None:
            return Role.enterprise
        return Role.none


async def ensure_person(
    tg_id: int, full_name: str, username: str | None, *, organizer_ids: list[int], language_code: str | None = None,
    known: Person | None = None,
) -> Person:
    """The person behind a Telegram user, created on first contact; bootstrap organizers from config.

    Someone whose Telegram speaks English starts in English; everyone else in the default language.
    """
    full_name, username = clean_name(full_name, 128), clean_name(username, 64) or None  # no NUL reaches the database
    person = known or await Person.get_or_none(tg_id=tg_id)  # no get_or_create transaction on the hot path
    created = person is None
    if person is None:
        person = await _first_contact(tg_id, full_name, username, organizer_ids, language_code)
    changed: list[str] = []
    if not created and (person.full_name != full_name[:128] or person.username != username):
        person.full_name, person.username = full_name[:128], username
        changed += ["full_name", "username"]
    if tg_id in organizer_ids and not person.is_organizer:
        person.is_organizer = True
        changed.append("is_organizer")
    if changed:
        await person.save(update_fields=changed)
    return person


async def _first_contact(tg_id: int, full_name: str, username: str | None, organizer_ids: list[int],
                         language_code: str | None) -> Person:
    first_language = Language.en if (language_code or "").startswith("en") else None
    try:
        return await Person.create(tg_id=tg_id, full_name=full_name[:128], username=username,
                                   is_organizer=tg_id in organizer_ids, language=first_language)
    except IntegrityError:  # the same person's other update created the row meanwhile
        return await Person.get(tg_id=tg_id)


async def set_language(person: Person, language: Language) -> None:
    person.language = language
    await person.save(update_fields=["language"])


async def set_blocked(tg_id: int, blocked: bool) -> None:
    """Telegram told us the person blocked (or unblocked) the bot: stop or resume proactive messages."""
    await Person.filter(tg_id=tg_id).update(blocked_bot=blocked)


def active_staff(**where: object) -> QuerySet[Person]:
    """Staff who act for their institution now (of one institution: `institution_id=...`)."""
    return Person.filter(institution_id__isnull=False, staff_status__in=ACTIVE_STAFF, suspended=False, **where)


def reachable_staff(**where: object) -> QuerySet[Person]:
    """Active staff who have not blocked the bot: whom a notice for an institution goes to."""
    return active_staff(blocked_bot=False, **where)


def reachable_representatives(**where: object) -> QuerySet[Person]:
    """Representatives of enterprises (of one: `enterprise_id=...`) who can be told something now."""
    return Person.filter(enterprise_id__isnull=False, suspended=False, blocked_bot=False, **where)


async def reachable_parties(*, enterprise_id: int, institution_id: int, person_id: int | None) -> list[Person]:
    """In one query: the enterprise's reachable representatives, then the institution's reachable staff,
    then the person `person_id` unless they blocked the bot (each group by id; one person may be in two)."""
    wanted = Q(enterprise_id=enterprise_id, suspended=False) | Q(institution_id=institution_id,
                                                                  staff_status__in=ACTIVE_STAFF, suspended=False)
    if person_id is not None:
        wanted |= Q(id=person_id)
    found = await Person.filter(wanted, blocked_bot=False).order_by("id")
    representatives = [p for p in found if p.enterprise_id == enterprise_id and not p.suspended]
    staff = [p for p in found if p.institution_id == institution_id and p.is_active_staff]
    return representatives + staff + [p for p in found if p.id == person_id]


async def reachable_organizers() -> list[Person]:
    """Organizers who have not blocked the bot: whom to tell of something that needs an organizer."""
    return await Person.filter(is_organizer=True, blocked_bot=False).order_by("id")
