"""Tenant login configuration and turning checked claims into a citizen or employee."""

from __future__ import annotations

import msgspec
import pytest

from portal.auth import login
from portal.auth.config import AuthConfig, check_auth
from portal.auth.people import demo_people
from portal.settings import PROJECT_ROOT
from portal.domains import load_tenants

import portal.auth.config  # noqa: F401 - registers the section


@pytest.fixture(scope="module")
def tenants():
    return load_tenants(PROJECT_ROOT / "tenants")


def _config(**changes) -> AuthConfig:
    data = {
        "citizen": {"issuer": "builtin", "client_id": "c"},
        "employee": {"issuer": "builtin", "client_id": "e", "role_map": {"x": "caseworker"}},
    }
    for path, value in changes.items():
        kind, key = path.split("__")
        data[kind][key] = value
    return msgspec.convert(data, AuthConfig)


def test_every_tenant_has_a_valid_auth_file(tenants):
    for tenant in tenants.values():
        assert tenant.section("auth").citizen.minimum_level == "midden"


@pytest.mark.parametrize(
    ("changes", "key"),
    [
        ({"citizen__issuer": "http://broker.example.org"}, "citizen.issuer"),
        ({"citizen__issuer": "https://broker.example.org", "citizen__client_secret_env": None}, "citizen.client_secret_env"),
        ({"citizen__minimum_level": "medium"}, "citizen.minimum_level"),
        ({"citizen__scopes": ["profile"]}, "citizen.scopes"),
        ({"employee__role_map": {"x": "boss"}}, "employee.role_map.x"),
    ],
)
def test_config_mistakes_name_the_key(changes, key):
    assert key in [k for k, _ in check_auth(_config(**changes), None)]


def test_a_keycloak_on_localhost_and_https_brokers_are_fine():
    config = _config(citizen__issuer="https://broker.example.org/realms/digid", citizen__client_secret_env="X",
                     employee__issuer="http://localhost:8080/realms/amsterdam", employee__client_secret_env="Y")
    assert check_auth(config, None) == []


def test_demo_people_cover_the_situations_and_roles(tenants):
    for tenant in tenants.values():
        people = demo_people(tenant)
        situations = {c.situation for c in people.citizens}
        assert {"single", "couple", "single parent with children", "under 27", "AOW age"} <= situations
        assert len(situations) >= 7
        roles = [r for e in people.employees for r in e.roles]
        assert roles.count("caseworker") >= 2 and "senior" in roles and "admin" in roles
    all_bsns = [c.bsn for t in tenants.values() for c in demo_people(t).citizens]
    assert len(all_bsns) == len(set(all_bsns))


def test_citizen_claims_with_a_good_bsn_and_level(tenants):
    who = login.citizen_identity(tenants["amsterdam"], {"sub": "s", "bsn": "111222333", "acr": "urn:oasis:names:tc:SAML:2.0:ac:classes:Smartcard", "name": "Sanne Jansen"})
    assert who["bsn"] == "111222333" and who["level"] == "substantieel" and who["first_name"] == "Sanne"
    assert who["birth_date"] is None  # not claimed: nothing made up


@pytest.mark.parametrize(("claimed", "kept"), [("1980-05-14", "1980-05-14"), ("14-05-1980", None), (19800514, None)])
def test_a_claimed_birth_date_is_kept_only_as_a_date(tenants, claimed, kept):
    claims = {"sub": "s", "bsn": "111222333", "acr": "midden", "birthdate": claimed}
    assert login.citizen_identity(tenants["amsterdam"], claims)["birth_date"] == kept


@pytest.mark.parametrize(
    ("claims", "code"),
    [
        ({"bsn": "111222334", "acr": "midden"}, login.BAD_BSN),
        ({"acr": "midden"}, login.BAD_BSN),
        ({"bsn": "111222333", "acr": "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"}, login.LOW_LEVEL),
        ({"bsn": "111222333"}, login.LOW_LEVEL),
        ({"bsn": "111222333", "acr": "something-else"}, login.LOW_LEVEL),
    ],
)
def test_citizen_refusals(tenants, claims, code):
    with pytest.raises(login.Refusal) as refused:
        login.citizen_identity(tenants["amsterdam"], {"sub": "s", **claims})
    assert refused.value.code == code


def test_employee_roles_are_mapped_and_unknown_roles_dropped(tenants):
    who = login.employee_identity(tenants["utrecht"], {"sub": "u1", "name": "A B", "roles": ["senior", "coffee"]})
    assert who["roles"] == ["senior"]
    with pytest.raises(login.Refusal) as refused:
        login.employee_identity(tenants["utrecht"], {"sub": "u1", "roles": ["coffee"]})
    assert refused.value.code == login.NO_ROLE


def test_a_nested_roles_claim_like_keycloak_is_read():
    from portal.auth.oidc import claim

    assert claim({"realm_access": {"roles": ["a"]}}, "realm_access.roles") == ["a"]
    assert claim({"realm_access": "x"}, "realm_access.roles") is None


def test_session_expiry_rules():
    from types import SimpleNamespace

    from portal.auth.session import expired

    settings = SimpleNamespace(session_idle_seconds=900, session_absolute_seconds=43200)
    assert not expired({"login_at": 0, "last_seen": 0}, settings, at=900)
    assert expired({"login_at": 0, "last_seen": 0}, settings, at=901)
    assert not expired({"login_at": 0, "last_seen": 43000}, settings, at=43200)
    assert expired({"login_at": 0, "last_seen": 43190}, settings, at=43201)  # active, but 12 hours are up


def test_the_bsn_of_nobody_is_valid_and_no_demo_person(tenants):
    from portal.auth.bsn import is_valid_bsn
    from tests.helpers.auth import NOT_A_DEMO_BSN

    assert is_valid_bsn(NOT_A_DEMO_BSN)
    assert all(demo_people(t).citizen(NOT_A_DEMO_BSN) is None for t in tenants.values())
