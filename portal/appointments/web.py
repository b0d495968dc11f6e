"""Helpers the appointment pages share: who is asking, which appointment they may see,
and rendering a page or, for htmx, just the part that changes."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from litestar import Request
from litestar.exceptions import NotFoundException
from litestar.response import Template
from sqlalchemy.ext.asyncio import AsyncSession

from portal.appointments import queries
from portal.appointments.booking import can_change
from portal.appointments.config import config_of
from portal.appointments.models import Appointment
from portal.auth.models import Citizen


def render(request: Request, template: str, context: dict, *, fragment: str | None = None, status_code: int = 200) -> Template:
    """The full page, or for an htmx request the fragment template with the same data."""
    context = {"htmx": False, **context}
    # A history restore (back button, no htmx cache) wants the whole page.
    if fragment and request.headers.get("hx-request") == "true" and not request.headers.get("hx-history-restore-request"):
        return Template(fragment, context={**context, "htmx": True}, status_code=status_code)
    return Template(template, context=context, status_code=status_code)


async def optional_citizen(request: Request, db: AsyncSession) -> Citizen | None:
    """The logged-in citizen of this tenant, or None (anonymous booking is allowed)."""
    from portal.auth.session import current_user

    from portal.auth.guards import require_profile

    user = current_user(request)
    if not user or user.get("kind") != "citizen":
        return None
    citizen = await db.get(Citizen, uuid.UUID(user["id"]))
    # Logged in with a BSN only: the booking needs a name, asked once on the profile.
    return require_profile(request, citizen) if citizen is not None else None


async def required_citizen(request: Request, db: AsyncSession) -> Citizen:
    from portal.auth.guards import provide_citizen

    return await provide_citizen(request, db)


async def required_employee(request: Request, db: AsyncSession):
    from portal.auth.guards import provide_employee

    return await provide_employee(request, db)


@dataclass
class Managed:
    """An appointment as its owner sees it, with where its pages live."""

    appointment: Appointment
    base: str  # URL of its page; sub-pages append /move, /cancel, /calendar.ics
    via_link: bool
    kind: object
    location: object

    def can_change(self) -> bool:
        return can_change(self.appointment, self.kind)


async def find(request: Request, db: AsyncSession, tenant, ref: str) -> Managed:
    """The appointment behind `ref`: an id for the logged-in citizen who booked it, or a
    manage-link token. Anything else, of anyone else, is a 404."""
    via_link = "/appointments/link/" in request.url.path
    if via_link:
        appointment = await queries.by_token(db, ref)
        base = f"{tenant.base_path}/appointments/link/{ref}"
    else:
        citizen = await required_citizen(request, db)
        try:
            appointment_id = uuid.UUID(ref)
        except ValueError:
            raise NotFoundException() from None
        appointment = await queries.for_citizen(db, appointment_id, citizen.id)
        base = f"{tenant.base_path}/appointments/{ref}"
    if appointment is None:
        raise NotFoundException()
    config = config_of(tenant)
    kind, location = config.type(appointment.type_id), config.location(appointment.location_id)
    if kind is None or location is None:  # removed from the agenda since: show nothing rather than crash
        raise NotFoundException()
    return Managed(appointment, base, via_link, kind, location)
