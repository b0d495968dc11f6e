"""Cases to work on, made through the real services."""

import html
import re
from datetime import timedelta

from portal import clock
from portal.auth.login import upsert_citizen, upsert_employee
from portal.cases.service import open_case

CSRF = re.compile(r'name="_csrf_token" value="([^"]+)"')


async def make_case(app, slug="amsterdam", *, database=None, bsn="111222333", name="Sanne Jansen", scheme="bijstand",
                    days_ago=10, answers=None):
    tenant = app.state.tenants[slug]
    # The test's own engine: the app's belongs to the test client's event loop.
    async with database.session(slug) as session:
        citizen = await upsert_citizen(session, bsn=bsn, name=name, first_name=name.split()[0], email="s@example.org", login=False)
        case = await open_case(session, tenant=tenant, scheme=scheme, citizen_id=citizen.id, citizen_name=name,
                               answers=answers or {"birth_date": "1980-05-14", "has_partner": False, "income": "0.00"},
                               submitted_at=clock.now() - timedelta(days=days_ago))
        await session.commit()
        return case


def csrf(page_text: str) -> str:
    return html.unescape(CSRF.search(page_text).group(1))
