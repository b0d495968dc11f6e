"""'Who looked at your file' says when it shows fewer looks than there were."""

from sqlalchemy import select

from portal.audit import record
from portal.auth.models import Citizen, Employee
from portal.cases.service import open_case
from portal.tenancy.scope import tenant_of
from tests.helpers.auth import login_citizen


async def _case_looked_at(database, times: int):
    async with database.session("amsterdam") as session:
        citizen = await session.scalar(select(Citizen).where(Citizen.bsn == "111222333"))
        worker = Employee(subject="cw-views", name="Kijker", email=None, roles=["caseworker"])
        session.add(worker)
        case = await open_case(session, tenant=tenant_of(session), scheme="bijstand", citizen_id=citizen.id,
                               citizen_name=citizen.name, answers={})
        for _ in range(times):
            await record(session, actor=worker, action="case.viewed", case_id=case.id, subject=case.reference)
        await session.commit()
        return case


async def test_the_page_says_there_are_more_looks_than_it_shows(client, database):
    await login_citizen(client, "amsterdam", "111222333")
    case = await _case_looked_at(database, 31)
    page = await client.get(f"/amsterdam/zaken/{case.id}", expect=200)
    views = page.text.split('id="views-title"')[1].split("</section>")[0]
    assert views.count("<li>") == 20
    assert "Dit zijn de laatste 20 van de 31 keer dat iemand uw dossier bekeek." in views


async def test_no_such_line_when_all_looks_are_shown(client, database):
    await login_citizen(client, "amsterdam", "111222333")
    case = await _case_looked_at(database, 20)
    page = await client.get(f"/amsterdam/zaken/{case.id}", expect=200)
    views = page.text.split('id="views-title"')[1].split("</section>")[0]
    assert views.count("<li>") == 20 and 'id="views-more"' not in views
