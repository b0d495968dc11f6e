"""Addresses of a case for mails and letters, from the site the unit of work belongs to."""

from __future__ import annotations

from portal.tenancy.scope import site_of


def case_url(case) -> str:
    return f"{site_of(case).public_url}/{case.tenant_id}/zaken/{case.id}"
