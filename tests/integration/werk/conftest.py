"""Helpers for the werk tests: the demo people, the CSRF token, a coach with a client."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import select

from portal.auth.models import Citizen, Employee
from portal.settings import PROJECT_ROOT

CSRF = re.compile(r'name="_csrf_token" value="([^"]+)"')
REQUEST_ID = re.compile(r'name="request_id" value="([^"]+)"')


@pytest.fixture(scope="session")
def tenants():
    from portal.domains import import_models, load_tenants

    import_models()
    return load_tenants(PROJECT_ROOT / "tenants")


@pytest.fixture(autouse=True, scope="session")
def catalogs():
    from portal.i18n import load_catalogs

    load_catalogs(PROJECT_ROOT / "locales")


def token_of(page) -> str:
    return html.unescape(CSRF.search(page.text).group(1))


async def citizen_row(database, slug: str, bsn: str) -> Citizen:
    async with database.session(slug) as session:
        return await session.scalar(select(Citizen).where(Citizen.bsn == bsn))


async def employee_row(database, slug: str, subject: str) -> Employee:
    async with database.session(slug) as session:
        return await session.scalar(select(Employee).where(Employee.subject == subject))
