"""The tenant admin's settings reach the case rules: reasons for refusal and answer-by days."""

import re
from datetime import timedelta

from sqlalchemy import select

from portal import clock
from portal.cases.config import cases_config, refusal_reasons
from portal.cases.models import Case, CaseEvent
from portal.cases.deadlines import next_working_day
from tests.helpers.auth import login_employee
from tests.integration.backoffice.helpers import csrf, make_case

def cases_config_file(app):
    """The reasons in tenants/amsterdam/cases.toml (the admin's list starts from these)."""
    return cases_config(app.state.tenants["amsterdam"]).refusal_reasons


NEW_REASON_NL = "U werkte niet mee aan het onderzoek."


def _reasons_form(tenant, token: str) -> dict:
    """The reasons form as the admin sends it: every current reason, plus one new row."""
    current = cases_config(tenant).refusal_reasons
    form = {"_csrf_token": token, "reason_count": str(len(current) + 1)}
    for i, reason in enumerate(current):
        form |= {f"reason_{i}_code": reason.code, f"reason_{i}_nl": reason.label.nl,
                 f"reason_{i}_en": reason.label.en or "", f"reason_{i}_ar": reason.label.ar or ""}
    n = len(current)
    return form | {f"reason_{n}_code": "", f"reason_{n}_nl": NEW_REASON_NL, f"reason_{n}_en": "You did not cooperate.",
                   f"reason_{n}_ar": ""}


async def test_a_reason_the_admin_adds_can_be_used_to_refuse(client, app, database):
    case = await make_case(app, database=database)
    await login_employee(client, "amsterdam", "admin")
    token = csrf((await client.get("/amsterdam/backoffice/settings", expect=200)).text)
    await client.post("/amsterdam/backoffice/settings/reasons", data=_reasons_form(app.state.tenants["amsterdam"], token),
                      expect=303, redirect_to="/amsterdam/backoffice/settings?saved=reasons#saved")
    code = "u_werkte_niet_mee_aan_het_onderzoek"

    client.cookies.clear()
    await login_employee(client, "amsterdam", "caseworker")
    page = await client.get(f"/amsterdam/backoffice/cases/{case.id}", expect=200)
    assert f'<option value="{code}"' in page.text
    await client.post(f"/amsterdam/backoffice/cases/{case.id}/propose", expect=303,
                      redirect_to=f"/amsterdam/backoffice/cases/{case.id}?done=propose#result",
                      data={"_csrf_token": csrf(page.text), "propose_outcome": "refused", "propose_reason_code": code})
    async with database.session("amsterdam") as session:
        decision = await session.scalar(select(CaseEvent).where(CaseEvent.case_id == case.id, CaseEvent.kind == "decision"))
        assert (await session.get(Case, case.id)).closed
    assert decision.data["reason_code"] == code and decision.data["reason_label"]["nl"] == NEW_REASON_NL
    # The admin removes the reason again: the case file still says what was decided.
    client.cookies.clear()
    await login_employee(client, "amsterdam", "admin")
    token = csrf((await client.get("/amsterdam/backoffice/settings", expect=200)).text)
    form = _reasons_form(app.state.tenants["amsterdam"], token) | {f"reason_{len(cases_config_file(app))}_remove": "1"}
    await client.post("/amsterdam/backoffice/settings/reasons", data=form, expect=303,
                      redirect_to="/amsterdam/backoffice/settings?saved=reasons#saved")
    assert code not in {r.code for r in refusal_reasons(app.state.tenants["amsterdam"])}
    page = await client.get(f"/amsterdam/backoffice/cases/{case.id}", expect=200)
    assert NEW_REASON_NL in page.text  # the page is in Dutch: the Dutch label of the decision
    assert code not in page.text
    # The other tenants keep their own list.
    assert code not in {r.code for r in cases_config(app.state.tenants["rotterdam"]).refusal_reasons}


async def test_the_request_form_proposes_the_admins_answer_by_days(client, app, database):
    case = await make_case(app, database=database)
    await login_employee(client, "amsterdam", "admin")
    token = csrf((await client.get("/amsterdam/backoffice/settings", expect=200)).text)
    await client.post("/amsterdam/backoffice/settings/answer-by", expect=303,
                      redirect_to="/amsterdam/backoffice/settings?saved=answer-by#saved",
                      data={"_csrf_token": token, "answer_by_default_days": "23"})
    assert cases_config(app.state.tenants["amsterdam"]).answer_by_default_days != 23  # so the check below means something
    # The case services find the same tenant object the back office changed.
    from portal.cases.config import answer_by_default_days

    assert answer_by_default_days(app.state.database.tenants["amsterdam"]) == 23
    client.cookies.clear()
    await login_employee(client, "amsterdam", "caseworker")
    page = await client.get(f"/amsterdam/backoffice/cases/{case.id}", expect=200)
    # 23 days from Amsterdam's today, on a working day (Algemene termijnenwet).
    expected = next_working_day(clock.today() + timedelta(days=23)).isoformat()
    field = re.search(r'<input[^>]*name="request_info_answer_by"[^>]*>', page.text).group(0)
    assert f'value="{expected}"' in field
