"""Shared helpers for the appointment tests: a tenant, citizens, fixed clocks."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from portal.auth.models import Citizen
from portal.settings import PROJECT_ROOT

# Summer time ends on Sunday 25 October 2026; the bookings below are in the week after.
NOW = datetime(2026, 10, 20, 10, 0, tzinfo=timezone.utc)
MONDAY_0900 = datetime(2026, 10, 26, 8, 0, tzinfo=timezone.utc)  # 09:00 in Amsterdam (CET)
FRIDAY_0900 = datetime(2026, 10, 23, 7, 0, tzinfo=timezone.utc)  # 09:00 in Amsterdam (CEST)


@pytest.fixture(scope="session")
def tenants():
    from portal.domains import import_models
    from portal.domains import load_tenants

    import_models()
    return load_tenants(PROJECT_ROOT / "tenants")


def link_for(appointment, token):
    return f"http://testserver.local/amsterdam/appointments/{token or appointment.id}"


async def make_citizen(session, bsn="111222333", name="Sanne Jansen") -> Citizen:
    citizen = Citizen(bsn=bsn, name=name, first_name=name.split()[0], email=f"{bsn}@example.org", locale="nl")
    session.add(citizen)
    await session.flush()
    return citizen


@pytest.fixture(autouse=True, scope="session")
def catalogs():
    from portal.i18n import load_catalogs

    load_catalogs(PROJECT_ROOT / "locales")
