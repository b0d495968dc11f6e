"""Every route of the app, generated from its route table, called by people who do not own
the data: another citizen of the same city, a citizen of another city and an employee of
another city. None may get a 2xx page showing the owner's data, and none may change the
database.

The owner is a demo citizen of Amsterdam with cases, letters, documents, a draft and an
appointment; the city's back office (the queue, case files, settings) is Amsterdam's
data too. A new route is covered the day it is added: its path parameters are filled from
the owner's rows by name (`PARAMS`), and a name this test does not know fails it.
"""

from __future__ import annotations

import hashlib
import html
import re
import sqlite3
import uuid
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from portal.appointments.models import Appointment
from portal.auth.models import Citizen
from portal.cases.models import Case, CaseLetter
from portal.documents.models import Document
from tests.helpers.auth import login_citizen, login_employee
from tests.helpers.visitors import Visitors

pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)

# Not tenant data, or development-only (refused in production), or the visitor's own session.
SKIPPED = (
    re.compile(r"^/(static|schema|dev-idp|healthz|readyz|lang)\b"),
    re.compile(r"^/\{tenant_slug:str\}/dev/mail$"),
    re.compile(r"^/\{tenant_slug:str\}/(logout|session/keep-alive|login/callback)$"),
)
# Routes where a visitor legitimately creates something of their own (a draft, a booking):
# the database may change there, but only with rows of the visitor, never the owner's.
OWN_CREATIONS = {("POST", "/{tenant_slug:str}/apply/{scheme:str}"), ("POST", "/{tenant_slug:str}/appointments/book"),
                 ("POST", "/{tenant_slug:str}/hulp/{process_id:str}"),
                 ("POST", "/{tenant_slug:str}/werk/aanbod/{offer_id:str}")}
CSRF = re.compile(r'name="_csrf_token" value="([^"]+)"')


@dataclass
class Owner:
    citizen: Citizen
    case: Case
    letter: CaseLetter
    document: Document
    draft_id: str
    draft_document_id: str
    appointment: Appointment
    markers: set[str]
    ids: set[str]


def database_digest(database_url: str) -> dict[str, str]:
    """A hash of every table's rows, read straight from the SQLite file."""
    path = database_url.split("///", 1)[1]
    connection = sqlite3.connect(path)
    try:
        tables = [row[0] for row in connection.execute("select name from sqlite_master where type='table' order by name")]
        return {table: hashlib.sha256(repr(connection.execute(f'select * from "{table}" order by 1').fetchall()).encode()).hexdigest()
                for table in tables}
    finally:
        connection.close()


async def _owner(client, database) -> Owner:
    """The Amsterdam citizen with a case that has a letter and documents, plus a draft with a
    document and an appointment made for the test."""
    from tests.integration.applications.flow import PDF, post, start

    async with database.session("amsterdam") as session:
        letter = await session.scalar(select(CaseLetter).join(Case, Case.id == CaseLetter.case_id)
                                      .where(Case.citizen_id.in_(select(Document.citizen_id))).limit(1))
        case = await session.get(Case, letter.case_id)
        citizen = await session.get(Citizen, case.citizen_id)
        document = await session.scalar(select(Document).where(Document.citizen_id == citizen.id).limit(1))
        bsn = citizen.bsn
    await login_citizen(client, "amsterdam", bsn)
    draft = await start(client, "amsterdam")
    await post(client, f"{draft}/documents", {"doc_type": "identity"}, files={"file": ("paspoort.pdf", PDF, "application/pdf")},
               expect=303, redirect_to=f"{draft}/documents")
    async with database.session("amsterdam") as session:
        draft_id = draft.rsplit("/", 1)[1]
        draft_document = await session.scalar(select(Document).where(Document.application_id == uuid.UUID(draft_id)))
        appointment = await session.scalar(select(Appointment).where(Appointment.citizen_id == citizen.id).limit(1))
        if appointment is None:
            appointment = await _book_for(session, citizen)
        all_cases = (await session.scalars(select(Case).where(Case.citizen_id == citizen.id))).all()
        markers = {citizen.name, *(c.reference for c in all_cases), *(str(c.id) for c in all_cases),
                   str(document.id), str(draft_document.id), draft_id, str(appointment.id), str(letter.id)}
    ids = {str(case.id), str(document.id), str(letter.id), draft_id, str(draft_document.id), str(appointment.id)}
    return Owner(citizen, case, letter, document, draft_id, str(draft_document.id), appointment, markers, ids)


async def _book_for(session, citizen) -> Appointment:
    """A demo appointment of the city, given to the owner (the demo books for other people)."""
    appointment = await session.scalar(select(Appointment).where(Appointment.status != Appointment.CANCELLED)
                                       .order_by(Appointment.start_at.desc()).limit(1))
    appointment.citizen_id = citizen.id
    await session.commit()
    return appointment


def fill(path: str, owner: Owner) -> str | None:
    values = {
        "tenant_slug": "amsterdam", "case_id": str(owner.case.id), "document_id": str(owner.document.id),
        "letter_id": str(owner.letter.id), "draft_id": owner.draft_id, "section_id": "about_you", "scheme": "bijstand",
        "step": "household", "key": "income", "action": "note", "section": "notice", "ref": str(owner.appointment.id),
        "appointment_id": str(owner.appointment.id), "process_id": "wmo",
        # portal.werk: the owner as a client; an action and an enrolment id of nobody (tests/integration/werk covers real ones).
        "citizen_id": str(owner.citizen.id), "number": "1", "action_id": str(uuid.UUID(int=1)),
        "enrolment_id": str(uuid.UUID(int=2)), "offer_id": "werkcoaching-west",
        # portal.benefits: ids of nobody (tests/integration/benefits/test_pages.py covers a real owner's rows).
        "declaration_id": str(uuid.UUID(int=18)), "payment_id": str(uuid.UUID(int=19)), "year": "2025",
        "change_id": str(uuid.UUID(int=20)),
    }
    if "/apply/drafts/" in path and "{document_id" in path:
        values["document_id"] = owner.draft_document_id

    def one(match: re.Match) -> str:
        name = match.group(1)
        if name not in values:
            raise AssertionError(f"{path}: the route matrix does not know the path parameter {name!r}; add it to fill()")
        return values[name]

    return re.sub(r"\{([a-z_]+)(?::[a-z]+)?\}", one, path)


def routes(app) -> list[tuple[str, str]]:
    found = []
    for route in app.routes:
        if any(pattern.search(route.path) for pattern in SKIPPED):
            continue
        for method in sorted(getattr(route, "methods", set()) - {"HEAD", "OPTIONS"}):
            found.append((method, route.path))
    return found


STRANGERS = {
    "another citizen": lambda client: login_citizen(client, "amsterdam", "111238171"),
    "a citizen of another city": lambda client: login_citizen(client, "rotterdam"),
    "an employee of another city": lambda client: login_employee(client, "rotterdam", "admin"),
}


async def test_no_route_shows_or_changes_the_owners_data_for_anyone_else(client, database, settings, app_database_url):
    from portal.demo import load_all

    await load_all(settings)
    visitors = Visitors(client)
    owner = await _owner(visitors.as_("owner"), database)
    table = routes(client.app)
    assert len(table) > 50
    problems: list[str] = []
    statuses: dict[int, int] = {}
    for stranger, log_in in STRANGERS.items():
        visitor = visitors.as_(stranger)
        await log_in(visitor)
        own_name = None
        if stranger == "another citizen":
            async with database.session("amsterdam") as session:
                own_name = await session.scalar(select(Citizen.name).where(Citizen.bsn == "111238171"))
        markers = owner.markers - {own_name}
        home = await visitor.get("/amsterdam/", expect=200)
        token = html.unescape(CSRF.search(home.text).group(1)) if CSRF.search(home.text) else ""
        before = database_digest(app_database_url)
        for method, path in table:
            url = fill(path, owner)
            form = {"_csrf_token": token, "text": "x", "message": "x", "reasons": "x", "request_id": str(uuid.uuid4()),
                    "note": "x", "attended": "yes", "outcome": "granted", "amount": "1"}
            response = await visitor._inner.request(method, url, data=form if method == "POST" else None,
                                                    headers={"x-csrftoken": token}, follow_redirects=False)
            body = response.text if "text" in response.headers.get("content-type", "") or "json" in response.headers.get("content-type", "") else ""
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
            if 200 <= response.status_code < 300:
                # A path naming one of the owner's rows is the owner's data, whatever the body
                # (a PDF, a calendar file); any other page must not show it.
                named = sorted(marker for marker in owner.ids if marker in url)
                shown = sorted(marker for marker in markers if marker in body)
                if named or shown:
                    problems.append(f"{stranger}: {method} {url} answered {response.status_code} "
                                    f"{'for the owner rows ' + str(named) if named else 'showing ' + str(shown[:3])}")
            if response.status_code >= 500:
                problems.append(f"{stranger}: {method} {url} answered {response.status_code}")
            after = database_digest(app_database_url)
            if after != before:
                changed = sorted(t for t in after if after[t] != before.get(t))
                if (method, path) not in OWN_CREATIONS:
                    problems.append(f"{stranger}: {method} {url} changed {changed}")
                before = after
    assert not problems, "\n".join(problems)
    # Sanity: the strangers really met the routes (mostly 404s and 303s to the login).
    assert statuses.get(404, 0) > 40, statuses


# Values at the ends of what a field can hold: unbounded integers, the first and last day
# (and month) Python knows, in both date notations the forms accept. One field at a time:
# with every field odd the first refusal would hide the rest.
ODD_VALUES = ("99999999999999999999999999", "9999-12-31", "0001-01-01", "31-12-9999", "9999-12")
QUERY_VALUES = ("99999999999999999999999999", "9999-12-31", "0001-01-01")


def query_names() -> list[str]:
    """Every query parameter the portal reads, found in its source (so a new one is covered)."""
    from pathlib import Path

    from portal.settings import PROJECT_ROOT

    pattern = re.compile(r"""(?:query_params|params)(?:\.get\(|\[)["']([a-z_]+)["']""")
    found = set()
    for source in Path(PROJECT_ROOT / "portal").rglob("*.py"):
        if "devidp" not in source.parts:
            found |= set(pattern.findall(source.read_text()))
    return sorted(found | {"since", "until", "action"})  # the audit filter reads these by a variable


INPUT_NAME = re.compile(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"')


def every_fill(path: str, owner: Owner) -> list[str]:
    """The route with its parameters filled, once per value where a parameter has several."""
    from portal.backoffice.actions import ACTIONS
    from portal.backoffice.admin_routes import SECTIONS

    if "{action:str}" in path:
        return [fill(path.replace("{action:str}", name), owner) for name in ACTIONS]
    if "/settings/{section:str}" in path:
        return [fill(path.replace("{section:str}", name), owner) for name in SECTIONS]
    return [fill(path, owner)]


def _form_page(url: str) -> str:
    """Where the form that posts to `url` is shown: the same address, or the case file for an action."""
    if "/backoffice/cases/" in url:
        return url.rsplit("/", 1)[0]
    if "/backoffice/settings/" in url:
        return url.rsplit("/", 1)[0]
    return url


async def _odd_requests(visitor, owner: Owner, table, problems: list[str], names: list[str], *, backoffice: bool, gets: bool = True) -> int:
    home = await visitor.get("/amsterdam/", expect=200)
    headers = {"x-csrftoken": html.unescape(CSRF.search(home.text).group(1))}
    # What this test looks for is a server error; the page check (run on every page a
    # client gets) judges pages elsewhere, on the inputs a person would make.
    hooks = visitor._inner.event_hooks["response"]
    saved = list(hooks)
    hooks.clear()
    try:
        return await _send_odd(visitor, owner, table, problems, names, headers, backoffice=backoffice, gets=gets)
    finally:
        hooks.extend(saved)


async def _send_odd(visitor, owner, table, problems, names, headers, *, backoffice: bool, gets: bool) -> int:
    sent = 0
    for method, path in table:
        if ("/backoffice" in path) != backoffice:
            continue
        for url in every_fill(path, owner):
            attempts = []
            if method == "GET":
                if not gets:
                    continue
                attempts = [("GET", f"{url}?{name}={value}", None, None) for name in names
                            for value in (*QUERY_VALUES, *(("9999-12", "0001-01") if name == "month" else ()))]
            else:
                page = await visitor._inner.get(_form_page(url), follow_redirects=False)
                fields = sorted(set(INPUT_NAME.findall(page.text)) - {"_csrf_token"}) if page.status_code == 200 else []
                blank = {name: "" for name in fields}
                attempts = [("POST", url, {**blank, name: value}, None) for name in fields for value in ODD_VALUES]
                # A multipart post without the file part the form would send.
                attempts.append(("POST", url, blank, {"other": ("a.txt", b"x", "text/plain")}))
            for verb, target, data, files in attempts:
                response = await visitor._inner.request(verb, target, data=data, files=files, headers=headers,
                                                        follow_redirects=False)
                sent += 1
                if response.status_code >= 500:
                    changed = [f"{k}={v}" for k, v in (data or {}).items() if v]
                    problems.append(f"{verb} {target} {changed}: {response.status_code}")
    return sent


async def test_odd_values_on_every_route_give_no_server_error(client, database, settings):
    """The owner on the citizen routes, an Amsterdam admin and a senior on the back-office
    routes: huge numbers, end-of-range dates and a multipart post without its file part in
    every query parameter and form field, one at a time: never a 5xx."""
    from portal.demo import load_all

    await load_all(settings)
    visitors = Visitors(client)
    owner = await _owner(visitors.as_("owner"), database)
    table = [(m, p) for m, p in routes(client.app) if "/dev-idp" not in p]
    problems: list[str] = []
    names = query_names()
    assert {"day", "before", "month", "q"} <= set(names)
    sent = await _odd_requests(visitors.as_("owner"), owner, table, problems, names, backoffice=False)
    for role in ("admin", "senior"):
        employee = visitors.as_(role)
        await login_employee(employee, "amsterdam", role)
        # The senior's pages are the admin's; their posts differ (approving, sending back).
        sent += await _odd_requests(employee, owner, table, problems, names, backoffice=True, gets=role == "admin")
    assert sent > 2000
    assert not problems, f"{len(problems)} server errors:\n" + "\n".join(problems[:40])
