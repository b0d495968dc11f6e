"""The audit log names each action in the reader's language and offers it in the filter."""

from __future__ import annotations

import pytest

from portal.backoffice.labels import AUDIT_ACTION_LABELS
from tests.helpers.auth import login_employee


@pytest.mark.parametrize("locale, label", [("nl", "Bekeek de afspraken van een dag"), ("en", "Viewed the appointments of a day"),
                                           ("ar", "اطّلع على مواعيد يوم")])
async def test_an_appointments_entry_reads_as_words_and_can_be_chosen(client, locale, label):
    await login_employee(client, "rotterdam", "admin")
    await client.get("/rotterdam/backoffice/appointments/", expect=200)
    await client.get(f"/lang/{locale}", expect=302, redirect_to="/")
    page = await client.get("/rotterdam/backoffice/audit?action=appointments.day_viewed", expect=200)
    assert "appointments.day_viewed</strong>" not in page.text
    assert f"{label}</strong>" in page.text
    for code in AUDIT_ACTION_LABELS:
        assert f'<option value="{code}"' in page.text
    assert '<option value="appointments.day_viewed" selected>' in page.text
