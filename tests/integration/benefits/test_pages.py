"""The citizen's benefit pages, the caseworker's check and the payment run, end to end over
HTTP; and nobody else (another citizen, a citizen or an employee of another city) gets anything."""

import io
import re

from pypdf import PdfReader

from sqlalchemy import select

from portal.audit.models import AuditEntry
from portal.benefits import service
from portal.benefits.models import Declaration, Payment
from tests.helpers.auth import demo_citizen, login_citizen, login_employee
from tests.helpers.visitors import Visitors
from tests.integration.applications.flow import PDF, post
from tests.integration.benefits.conftest import citizen_by_bsn, granted_case

KEY = re.compile(r'name="key" value="([^"]+)"')


async def _owner_with_benefit(client, database, tenants):
    await login_citizen(client, "amsterdam")
    bsn = demo_citizen("amsterdam").bsn
    async with database.session("amsterdam") as session:
        citizen = await citizen_by_bsn(session, bsn)
        case, decision = await granted_case(session, tenants["amsterdam"], citizen)
        benefit = await service.start_benefit(session, case, decision)
        await session.commit()
        return benefit


async def test_declare_check_pay_and_read_the_specification(client, database, tenants):
    visitors = Visitors(client)
    benefit = await _owner_with_benefit(visitors.as_("owner"), database, tenants)
    page = await client.get("/amsterdam/uitkering", expect=200)
    assert "1.331,42" in page.text  # the norm 1.401,50 less 5% holiday allowance reserved
    assert "Geef uw inkomsten door" in page.text
    form = await client.get("/amsterdam/uitkering/opgave", expect=200)
    key = KEY.search(form.text).group(1)
    # No choice made: the message next to the field, the typed amount kept, nothing stored.
    bad = await post(client, "/amsterdam/uitkering/opgave", {"amount-applicant": "800,00", "key": key, "action": "send"},
                     expect=400)
    assert "Kies of er inkomsten waren" in bad.text and 'value="800,00"' in bad.text
    fields = {"kind-applicant": "work", "amount-applicant": "800,00", "key": key}
    payslip = {"payslip-applicant": ("loonstrook.pdf", PDF, "application/pdf")}
    preview = await post(client, "/amsterdam/uitkering/opgave", fields | {"action": "preview"}, files=payslip, expect=200)
    assert "761,42" in preview.text and "200,00" in preview.text
    for _ in range(2):  # a double click sends once
        await post(client, "/amsterdam/uitkering/opgave", fields | {"action": "send"}, files=payslip, expect=303,
                   redirect_to="/amsterdam/uitkering?sent=2026-02")
    async with database.session("amsterdam") as session:
        declarations = (await session.scalars(select(Declaration))).all()
    assert len(declarations) == 1 and declarations[0].lines[0]["document_id"]
    declaration = declarations[0]

    await login_employee(visitors.as_("worker"), "amsterdam", "caseworker")
    tasks = await client.get("/amsterdam/backoffice/uitkeringen", expect=200)
    assert benefit.reference in tasks.text
    path = f"/amsterdam/backoffice/uitkeringen/opgaven/{declaration.id}"
    await client.get(path, expect=200)
    refused = await post(client, path, {"amount-applicant": "820,00", "reason": ""}, expect=400)
    assert "Schrijf waarom u het bedrag corrigeert" in refused.text
    await post(client, path, {"amount-applicant": "820,00", "reason": "Loonstrook zegt 820"}, expect=303,
               redirect_to="/amsterdam/backoffice/uitkeringen")
    async with database.session("amsterdam") as session:
        checked = await session.get(Declaration, declaration.id)
        actions = set((await session.scalars(select(AuditEntry.action))).all())
    assert checked.status == "approved" and checked.corrected_lines[0]["cents"] == 82000
    assert {"benefit.declaration_viewed", "benefit.declaration_approved"} <= actions
    # A caseworker may not run payments; a senior may.
    await post(client, "/amsterdam/backoffice/uitkeringen/betaalrun", {"month": "2026-02"}, expect=403)
    await login_employee(visitors.as_("senior"), "amsterdam", "senior")
    await post(client, "/amsterdam/backoffice/uitkeringen/betaalrun", {"month": "2099-01"}, expect=400)
    await post(client, "/amsterdam/backoffice/uitkeringen/betaalrun", {"month": "2026-02"}, expect=303,
               redirect_to=re.compile(r"/amsterdam/backoffice/uitkeringen\?paid=1&held=\d+"))
    async with database.session("amsterdam") as session:
        payment = await session.scalar(select(Payment).where(Payment.benefit_id == benefit.id))
    # 820 work income: 205,00 disregarded, 615,00 deducted, 786,50 bijstand, 39,33 reserved.
    assert payment.amount == service.Decimal("747.17")

    visitors.as_("owner")
    spec = await client.get(f"/amsterdam/uitkering/betalingen/{payment.id}", expect=200)
    for figure in ("1.401,50", "820,00", "205,00", "39,33", "747,17"):
        assert figure in spec.text
    pdf = await client.get(f"/amsterdam/uitkering/betalingen/{payment.id}/specificatie.pdf", expect=200)
    assert pdf.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    for figure in ("1.401,50", "820,00", "205,00", "39,33", "747,17"):  # the page's figures, in the PDF
        assert figure in text
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]  # tagged

    # Nobody else sees any of it.
    await login_citizen(visitors.as_("other"), "amsterdam", "111238171")
    for url in ("/amsterdam/uitkering", "/amsterdam/uitkering/opgave", f"/amsterdam/uitkering/betalingen/{payment.id}",
                f"/amsterdam/uitkering/betalingen/{payment.id}/specificatie.pdf"):
        await client.get(url, expect=404)
    await post(client, "/amsterdam/uitkering/opgave", fields | {"action": "send"}, expect=404)
    await login_citizen(visitors.as_("rotterdammer"), "rotterdam")
    await client.get("/amsterdam/uitkering", expect=404)
    await client.get(f"/amsterdam/uitkering/betalingen/{payment.id}", expect=404)
    await client.get(f"/amsterdam/uitkering/betalingen/{payment.id}/specificatie.pdf", expect=404)
    await login_employee(visitors.as_("rotterdam-admin"), "rotterdam", "admin")
    await client.get("/amsterdam/backoffice/uitkeringen", expect=404)
    await client.get(path, expect=404)
    await client.get(f"/rotterdam/backoffice/uitkeringen/opgaven/{declaration.id}", expect=404)


async def test_a_payment_history_of_60_months_renders_with_at_most_10_queries(client, app, database, tenants):
    from datetime import date

    from tests.helpers.queries import counting_queries

    benefit = await _owner_with_benefit(client, database, tenants)
    async with database.session("amsterdam") as session:
        month = date(2021, 3, 1)
        for n in range(60):
            session.add(Payment(benefit_id=benefit.id, month=month, status=Payment.PAID, amount_cents=133142 + n,
                                figures={"to_pay": "1331.42", "reserve": "70.08", "disregard_kind": ""},
                                paid_on=month.replace(day=27)))
            month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
        await session.commit()
    async with counting_queries(app) as queries:
        page = await client.get("/amsterdam/uitkering", expect=200)
    assert page.text.count("/amsterdam/uitkering/betalingen/") == 60
    assert len(queries) <= 10, queries.listing()


async def test_the_year_statement_of_last_year_sums_what_was_paid_in_it(client, database, tenants):
    from datetime import date

    visitors = Visitors(client)
    benefit = await _owner_with_benefit(visitors.as_("owner"), database, tenants)
    async with database.session("amsterdam") as session:
        for month, cents, payout in ((date(2025, 11, 1), 133142, "0"), (date(2025, 12, 1), 100000, "0"),
                                     (date(2026, 1, 1), 90000, "0")):
            session.add(Payment(benefit_id=benefit.id, month=month, status=Payment.PAID, amount_cents=cents,
                                figures={"holiday_payout": payout}, paid_on=date(month.year, month.month, 27)))
        await session.commit()
    page = await client.get("/amsterdam/uitkering/jaaropgave/2025", expect=200)
    assert "2.331,42" in page.text  # November and December 2025, not January 2026
    await client.get("/amsterdam/uitkering/jaaropgave/2026", expect=404)  # the year is not over (5 March 2026)
    mine = await client.get("/amsterdam/uitkering", expect=200)
    assert "/amsterdam/uitkering/jaaropgave/2025" in mine.text
    await login_citizen(visitors.as_("other"), "amsterdam", "111238171")
    await client.get("/amsterdam/uitkering/jaaropgave/2025", expect=404)
    await login_citizen(visitors.as_("rotterdammer"), "rotterdam")
    await client.get("/amsterdam/uitkering/jaaropgave/2025", expect=404)


async def test_reporting_a_housemate_shows_the_effect_and_the_caseworker_confirms(client, database, tenants):
    visitors = Visitors(client)
    benefit = await _owner_with_benefit(visitors.as_("owner"), database, tenants)
    async with database.session("amsterdam") as session:
        from datetime import date

        session.add(Payment(benefit_id=benefit.id, month=date(2026, 2, 1), status=Payment.PAID, amount_cents=133142,
                            figures={"work_income": "0.00", "other_income": "0.00"}, paid_on=date(2026, 3, 27)))
        await session.commit()
    form = await client.get("/amsterdam/uitkering/wijziging", expect=200)
    key = KEY.search(form.text).group(1)
    bad = await post(client, "/amsterdam/uitkering/wijziging", {"kind": "housemate_in", "happened_on": "1-2-2026", "key": key},
                     expect=400)
    await post(client, "/amsterdam/uitkering/wijziging", {}, expect=400)  # an empty form: messages, no error
    assert "Vul de datum in zoals 2026-03-15" in bad.text and 'value="1-2-2026"' in bad.text
    fields = {"kind": "housemate_in", "happened_on": "2026-02-01", "birth_date": "1996-01-15", "key": key}
    preview = await post(client, "/amsterdam/uitkering/wijziging", fields | {"action": "preview"}, expect=200)
    assert "1.001,07" in preview.text and "380,40" in preview.text  # the cost-sharer norm; February overpaid
    for _ in range(2):
        await post(client, "/amsterdam/uitkering/wijziging", fields | {"action": "send"}, expect=303,
                   redirect_to="/amsterdam/uitkering?sent=change")
    from portal.benefits.models import Change

    async with database.session("amsterdam") as session:
        reported = (await session.scalars(select(Change))).all()
    assert len(reported) == 1
    await login_citizen(visitors.as_("other"), "amsterdam", "111238171")
    await client.get("/amsterdam/uitkering/wijziging", expect=404)
    await post(client, "/amsterdam/uitkering/wijziging", fields | {"action": "send"}, expect=404)
    await login_employee(visitors.as_("rotterdam-admin"), "rotterdam", "admin")
    await post(client, f"/amsterdam/backoffice/uitkeringen/wijzigingen/{reported[0].id}", {}, expect=404)
    await login_employee(visitors.as_("worker"), "amsterdam", "caseworker")
    tasks = await client.get("/amsterdam/backoffice/uitkeringen", expect=200)
    assert "Er komt een huisgenoot bij u wonen" in tasks.text
    await post(client, f"/amsterdam/backoffice/uitkeringen/wijzigingen/{reported[0].id}", {}, expect=303,
               redirect_to="/amsterdam/backoffice/uitkeringen")
    async with database.session("amsterdam") as session:
        from portal.benefits.models import Benefit

        changed = await session.get(Benefit, benefit.id)
    assert changed.household_history[0]["from"] == "2026-02-01"
    assert changed.household_history[0]["household"]["housemates_27_plus"] == 1
