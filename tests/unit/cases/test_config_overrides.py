"""The case rules read the tenant admin's overrides, per app (never across apps)."""

from datetime import date

import pytest

from portal.cases.config import answer_by_default_days, cases_config, refusal_reasons
from portal.cases.decisions import validate_proposal
from portal.cases.service import CaseActionRefused
from portal.domains import import_models
from portal.settings import PROJECT_ROOT
from portal.domains import load_tenants
from portal.tenancy import overrides

import_models()

ADMIN_REASONS = [{"code": "no_cooperation", "label": {"nl": "U werkte niet mee aan het onderzoek.", "en": "You did not cooperate."}}]


def _tenant():
    return load_tenants(PROJECT_ROOT / "tenants")["amsterdam"]


def test_without_overrides_the_tenant_file_counts():
    tenant = _tenant()
    assert [r.code for r in refusal_reasons(tenant)] == [r.code for r in cases_config(tenant).refusal_reasons]
    assert answer_by_default_days(tenant) == cases_config(tenant).answer_by_default_days


def test_the_admins_reasons_and_days_replace_the_files():
    tenant, untouched = _tenant(), _tenant()  # as two apps in one process would have
    overrides.apply(tenant, overrides.Overrides(refusal_reasons=ADMIN_REASONS, answer_by_default_days=21))
    assert [r.code for r in refusal_reasons(tenant)] == ["no_cooperation"]
    assert refusal_reasons(tenant)[0].label.get("en") == "You did not cooperate."
    assert refusal_reasons(tenant)[0].label.get("ar") == "You did not cooperate."  # no Arabic: English, not empty
    assert answer_by_default_days(tenant) == 21
    data = validate_proposal(tenant, "bijstand", "refused", None, None, None, "no_cooperation", "")
    # The wording is kept with the decision, so removing the reason later changes no decision.
    assert data == {"outcome": "refused", "reason_code": "no_cooperation",
                    "reason_label": {"nl": "U werkte niet mee aan het onderzoek.", "en": "You did not cooperate.", "ar": None,
                                     "tr": None, "pl": None, "uk": None}}  # every language the portal offers
    with pytest.raises(CaseActionRefused) as refused:  # a file reason the admin's list no longer has
        validate_proposal(tenant, "bijstand", "refused", None, None, None, "income_too_high", "")
    assert refused.value.field == "reason_code"
    # The other app's tenant object is untouched.
    assert "no_cooperation" not in {r.code for r in refusal_reasons(untouched)}
    assert answer_by_default_days(untouched) == cases_config(untouched).answer_by_default_days
    validate_proposal(untouched, "bijstand", "granted", "100", date(2026, 1, 1), None, None, "")
