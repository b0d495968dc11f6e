"""The propose form: "Startdatum (niet verplicht)" may stay empty, the grant then starts
on the day of the application (the hint says which day)."""

from sqlalchemy import select

from portal import clock
from portal.i18n import format_date
from portal.cases.models import CaseEvent
from tests.helpers.auth import login_employee
from tests.integration.backoffice.helpers import csrf, make_case


async def test_the_optional_start_date_can_stay_empty(client, app, database):
    case = await make_case(app, database=database, scheme="bijzondere-bijstand", days_ago=20)
    await login_employee(client, "amsterdam", "caseworker")
    url = f"/amsterdam/backoffice/cases/{case.id}"
    page = await client.get(url, expect=200)
    assert "Startdatum <span class=\"optional\">(niet verplicht)</span>" in page.text
    assert f"Leeg: de dag van de aanvraag, {format_date(clock.local_day(case.submitted_at))}." in page.text
    token = csrf(page.text)
    await client.post(f"{url}/propose", expect=303, redirect_to=f"{url}?done=propose#result", data={
        "_csrf_token": token, "propose_outcome": "granted", "propose_amount": "240", "propose_start_date": ""})
    async with database.session("amsterdam") as session:
        decision = await session.scalar(select(CaseEvent).where(CaseEvent.case_id == case.id,
                                                                CaseEvent.kind == "decision"))
    assert decision.data["start_date"] == clock.local_day(case.submitted_at).isoformat()
