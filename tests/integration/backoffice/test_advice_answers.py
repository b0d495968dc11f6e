"""The case file marks what the rules' advice still needs, the caseworker answers it there,
the advice is computed again, and the answer is audited (issue #15)."""

from decimal import Decimal

from sqlalchemy import select

from portal.i18n import format_money, use_locale

from portal.audit.models import AuditEntry
from portal.cases.models import Case
from tests.helpers.auth import login_employee
from tests.integration.backoffice.helpers import csrf, make_case

SITUATION = {"birth_date": "1980-05-14", "has_partner": False, "children": [], "housemates_27_plus": 0,
             "income": "0.00", "assets": "1200.00", "debts": "0.00", "home_equity": "0.00", "in_detention": False}


async def _case(app, database):
    # Not Dutch: the form left the residence status to the caseworker.
    return await make_case(app, database=database, answers={"sections": [], "situation": dict(SITUATION)})


async def test_the_caseworker_answers_the_residence_status_and_the_advice_decides(client, app, database):
    case = await _case(app, database)
    await login_employee(client, "amsterdam", "caseworker")
    url = f"/amsterdam/backoffice/cases/{case.id}"
    page = await client.get(url, expect=200)
    assert "Niet te zeggen" in page.text or "niet bekend" in page.text
    assert 'name="advice_answers_residence_status"' in page.text
    assert 'name="advice_answers_in_detention"' not in page.text  # the citizen answered that
    await client.post(f"{url}/advice-answers", expect=303, redirect_to=f"{url}?done=advice-answers#result",
                      data={"_csrf_token": csrf(page.text), "advice_answers_residence_status": "permit_asylum"})
    page = await client.get(url, expect=200)
    assert 'name="advice_answers_residence_status"' not in page.text
    assert "advice-likely" in page.text
    async with database.session("amsterdam") as session:
        stored = (await session.scalar(select(Case).where(Case.id == case.id))).answers
        entry = await session.scalar(select(AuditEntry).where(AuditEntry.action == "case.advice_answered"))
    assert stored["situation"]["residence_status"] == "permit_asylum"
    assert stored["situation"]["income"] == "0.00"  # the citizen's answers stay
    assert set(stored["caseworker_answered"]) == {"residence_status"}
    assert entry is not None and entry.case_id == case.id and entry.detail == {"keys": ["residence_status"]}


async def test_no_lawful_residence_makes_the_advice_unlikely(client, app, database):
    case = await _case(app, database)
    await login_employee(client, "amsterdam", "caseworker")
    url = f"/amsterdam/backoffice/cases/{case.id}"
    page = await client.get(url, expect=200)
    await client.post(f"{url}/advice-answers", expect=303, redirect_to=f"{url}?done=advice-answers#result",
                      data={"_csrf_token": csrf(page.text), "advice_answers_residence_status": "pending"})
    page = await client.get(url, expect=200)
    assert "advice-unlikely" in page.text


async def test_a_bad_answer_is_refused_next_to_the_field_and_nothing_is_written(client, app, database):
    case = await _case(app, database)
    await login_employee(client, "amsterdam", "caseworker")
    url = f"/amsterdam/backoffice/cases/{case.id}"
    page = await client.get(url, expect=200)
    page = await client.post(f"{url}/advice-answers", expect=400, data={
        "_csrf_token": csrf(page.text), "advice_answers_residence_status": "tourist"})
    assert 'id="error-advice_answers_residence_status"' in page.text
    async with database.session("amsterdam") as session:
        stored = (await session.scalar(select(Case).where(Case.id == case.id))).answers
        assert await session.scalar(select(AuditEntry).where(AuditEntry.action == "case.advice_answered")) is None
    assert "residence_status" not in stored["situation"] and "caseworker_answered" not in stored


async def test_an_employee_of_another_city_gets_nothing(client, app, database):
    case = await _case(app, database)
    await login_employee(client, "rotterdam", "caseworker")
    page = await client.get("/rotterdam/backoffice/queue/", expect=200)
    await client.post(f"/rotterdam/backoffice/cases/{case.id}/advice-answers", expect=404, data={
        "_csrf_token": csrf(page.text), "advice_answers_residence_status": "dutch"})
    async with database.session("amsterdam") as session:
        assert "residence_status" not in (await session.scalar(select(Case).where(Case.id == case.id))).answers["situation"]


# -- the advice's amount and norm, and the proposal prefilled from it --------------------------
DECIDED = {**SITUATION, "residence_status": "dutch"}


async def test_the_advice_shows_its_norm_and_prefills_the_proposal(client, app, database):
    case = await make_case(app, database=database, answers={"sections": [], "situation": dict(DECIDED)})
    await login_employee(client, "amsterdam", "caseworker")
    url = f"/amsterdam/backoffice/cases/{case.id}"
    page = await client.get(url, expect=200)
    advised = "1401.50" if case.submitted_at.year >= 2026 else "1369.06"
    with use_locale("nl"):
        norm = format_money(Decimal(advised))
    assert "tag-advice-likely" in page.text and f"{norm} per maand" in page.text
    assert f'name="propose_advice_amount" value="{advised}"' in page.text
    assert f'name="propose_amount"' in page.text and f'value="{advised}"' in page.text


async def test_a_different_amount_needs_a_reason_that_is_kept(client, app, database):
    from portal.cases.models import CaseEvent

    case = await make_case(app, database=database, answers={"sections": [], "situation": dict(DECIDED)})
    await login_employee(client, "amsterdam", "caseworker")
    url = f"/amsterdam/backoffice/cases/{case.id}"
    page = await client.get(url, expect=200)
    advised = "1401.50" if case.submitted_at.year >= 2026 else "1369.06"
    form = {"_csrf_token": csrf(page.text), "propose_outcome": "granted", "propose_advice_amount": advised,
            "propose_amount": "1200,00", "propose_start_date": ""}
    page = await client.post(f"{url}/propose", expect=400, data=form)
    assert 'id="error-propose_deviation"' in page.text and 'value="1200,00"' in page.text  # input kept
    async with database.session("amsterdam") as session:
        assert await session.scalar(select(CaseEvent).where(
            CaseEvent.case_id == case.id, CaseEvent.kind.in_(("decision", "decision_proposed")))) is None
    await client.post(f"{url}/propose", expect=303, redirect_to=f"{url}?done=propose#result",
                      data={**form, "propose_deviation": "Huur wordt deels door de zoon betaald."})
    async with database.session("amsterdam") as session:
        # Bijstand needs a second pair of eyes: the proposal waits for approval.
        decision = await session.scalar(select(CaseEvent).where(
            CaseEvent.case_id == case.id, CaseEvent.kind.in_(("decision", "decision_proposed"))))
        note = await session.scalar(select(CaseEvent).where(CaseEvent.case_id == case.id, CaseEvent.kind == "note"))
        entry = await session.scalar(select(AuditEntry).where(AuditEntry.action == "case.decision_proposed"))
    assert "1200.00" in str(decision.data)
    assert "Huur wordt deels door de zoon betaald." in note.text
    assert ("1401,50" in note.text) or ("1369,06" in note.text)
    assert entry.detail["deviation"] == "Huur wordt deels door de zoon betaald."
    assert entry.detail["advice_amount"] == advised


async def test_an_exception_to_the_search_period_is_answered_in_the_case_file(client, app, database):
    from portal import clock

    born = f"{clock.today().year - 22}-01-01"  # under 27 on any day the test runs
    young = {**DECIDED, "birth_date": born, "student_finance": False}
    case = await make_case(app, database=database, days_ago=5, answers={"sections": [], "situation": young})
    await login_employee(client, "amsterdam", "caseworker")
    url = f"/amsterdam/backoffice/cases/{case.id}"
    page = await client.get(url, expect=200)
    assert "tag-advice-unlikely" in page.text  # 4 weeks have not passed since the application
    assert 'name="advice_answers_search_period_exception"' in page.text
    await client.post(f"{url}/advice-answers", expect=303, redirect_to=f"{url}?done=advice-answers#result",
                      data={"_csrf_token": csrf(page.text), "advice_answers_search_period_exception": "yes"})
    page = await client.get(url, expect=200)
    assert "tag-advice-likely" in page.text
