"""What a new application starts with: answers the portal already has.

- the login's claims: a birth date, when the identity provider sends one (kept in the
  session's user by portal.auth.login);
- the citizen's earlier answers: the email address given before, and the pre-check's
  answers of this visit (the session's `check_answers`);
- only with the development identity provider on (`settings.dev_idp`): the household of
  a demo person of `tenants/<slug>/demo-people.toml`, so a demo login shows prefilling.
  In production there are no demo people, and a real citizen whose BSN happens to be in
  that file must not get a made-up household.

Everything is a suggestion: the citizen sees and can change each answer.
"""

from __future__ import annotations

from typing import Any, Mapping

from portal.applications import service
from portal.auth.people import demo_people
from portal.auth.session import current_user


def known_situation(
    *, dev_idp: bool, tenant, bsn: str, claims: Mapping[str, Any] | None, check_answers: Mapping[str, Any] | None
) -> dict[str, Any]:
    """The situation (keys of portal.rules.situation.Situation) to prefill from."""
    situation: dict[str, Any] = {}
    if check_answers:
        situation.update(check_answers)
    elif dev_idp and (person := demo_people(tenant).citizen(bsn)) is not None:
        situation.update(person.household)
    if claims and claims.get("birth_date"):
        # The provider's birth date comes from the population register: it beats a typed one.
        situation["birth_date"] = claims["birth_date"]
    return situation


def known_answers(request, tenant, citizen) -> dict[str, str]:
    """The answers a draft of `citizen` starts with, for this request's login and session."""
    situation = known_situation(
        dev_idp=request.app.state.settings.dev_idp,
        tenant=tenant,
        bsn=citizen.bsn,
        claims=current_user(request),
        check_answers=request.session.get("check_answers"),
    )
    return service.prefill(situation, citizen.email)
