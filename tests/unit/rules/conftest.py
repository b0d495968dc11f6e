from __future__ import annotations

import pytest

from portal.rules.engine import RulesEngine
from portal.rules.system import DEFAULT_TENANTS_DIR

TENANTS = ["amsterdam", "rotterdam", "den-haag", "utrecht"]


@pytest.fixture(scope="session")
def engine() -> RulesEngine:
    return RulesEngine.load(DEFAULT_TENANTS_DIR, TENANTS)


@pytest.fixture
def single() -> dict:
    return {
        "birth_date": "1985-04-12",
        "municipality": "amsterdam",
        "has_partner": False,
        "children": [],
        "housemates_27_plus": 0,
        "income": "450.00",
        "assets": "2500",
        "debts": "0",
        "home_equity": "0",
        "student_finance": False,
        "in_detention": False,
        "months_low_income": 40,
        "special_costs": "300",
        "residence_status": "dutch",
    }
