"""Fixtures for case services: people and a freshly opened case, on both databases."""

from __future__ import annotations

import pytest

from portal.auth.models import Citizen, Employee
from portal.cases.service import open_case


@pytest.fixture
async def ams(tenant_session):
    session = tenant_session("amsterdam")
    yield session


@pytest.fixture
def tenant(tenants):
    return tenants["amsterdam"]


async def make_citizen(session, bsn="111222333", first="Sanne", email="sanne@example.org", locale="nl"):
    citizen = Citizen(bsn=bsn, name=f"{first} Jansen", first_name=first, email=email, locale=locale)
    session.add(citizen)
    await session.flush()
    return citizen


async def make_employee(session, subject, roles, name=None):
    employee = Employee(subject=subject, name=name or subject, email=f"{subject}@example.org", roles=roles)
    session.add(employee)
    await session.flush()
    return employee


@pytest.fixture
async def people(ams):
    return {
        "citizen": await make_citizen(ams),
        "other": await make_citizen(ams, bsn="111238171", first="Mark", email=None),
        "worker": await make_employee(ams, "cw1", ["caseworker"]),
        "worker2": await make_employee(ams, "cw2", ["caseworker"]),
        "senior": await make_employee(ams, "sr1", ["senior"]),
        "admin": await make_employee(ams, "ad1", ["admin"]),
    }


@pytest.fixture
async def case(ams, tenant, people):
    citizen = people["citizen"]
    return await open_case(ams, tenant=tenant, scheme="bijstand", citizen_id=citizen.id,
                           citizen_name=citizen.name, answers={"income": "0.00"})
