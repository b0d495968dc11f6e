"""The demo people of a tenant, read from `tenants/<slug>/demo-people.toml`.

Test data only: the development identity provider lists them, `portal demo load`
creates their rows, and other domains prefill from their `household`.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

import msgspec

from portal.auth.bsn import is_valid_bsn
from portal.auth.config import ROLES
from portal.tenancy.schema import Strict

FILENAME = "demo-people.toml"


class DemoCitizen(Strict):
    bsn: str
    name: str
    first_name: str
    birth_date: str
    situation: str
    email: str
    # Keys of portal.rules.situation.Situation; kept as read so callers parse them.
    household: dict = {}


class DemoEmployee(Strict):
    subject: str
    name: str
    email: str
    roles: list[str]


class DemoBsnOnly(Strict):
    """Someone the development provider logs in with a BSN only, as DigiD does."""

    bsn: str


class DemoPeople(Strict):
    citizens: list[DemoCitizen] = []
    employees: list[DemoEmployee] = []
    # Not among `citizens`: no row is made for them by the demo, and no claims but the BSN.
    bsn_only: list[DemoBsnOnly] = []

    def citizen(self, bsn: str) -> DemoCitizen | None:
        return next((c for c in self.citizens if c.bsn == bsn), None)

    def employee(self, subject: str) -> DemoEmployee | None:
        return next((e for e in self.employees if e.subject == subject), None)

    def employee_with_role(self, role: str) -> DemoEmployee | None:
        return next((e for e in self.employees if role in e.roles), None)


class DemoPeopleError(ValueError):
    pass


def check(people: DemoPeople, file: Path) -> None:
    seen: set[str] = set()
    for person in [*people.citizens, *people.bsn_only]:
        label = getattr(person, "name", f"BSN only {person.bsn}")
        if not is_valid_bsn(person.bsn) or len(person.bsn) != 9:
            raise DemoPeopleError(f"{file}: citizen {label!r}: BSN fails the elfproef")
        if person.bsn in seen:
            raise DemoPeopleError(f"{file}: BSN of {label!r} is used twice")
        seen.add(person.bsn)
    for employee in people.employees:
        if not employee.roles or any(role not in ROLES for role in employee.roles):
            raise DemoPeopleError(f"{file}: employee {employee.subject!r}: roles must be of {', '.join(ROLES)}")


@lru_cache(maxsize=32)
def _load(path: str, mtime: float) -> DemoPeople:
    file = Path(path)
    try:
        people = msgspec.convert(tomllib.loads(file.read_text(encoding="utf-8")), DemoPeople)
    except (tomllib.TOMLDecodeError, msgspec.ValidationError) as error:
        raise DemoPeopleError(f"{file}: {error}") from error
    check(people, file)
    return people


def demo_people(tenant) -> DemoPeople:
    """The tenant's demo people; an empty list when the tenant has no file."""
    file = tenant.folder / FILENAME
    if not file.exists():
        return DemoPeople()
    return _load(str(file), file.stat().st_mtime)
