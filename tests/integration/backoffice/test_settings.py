"""The tenant admin: colours refused below AA, notice on citizen pages, changes audited."""

from sqlalchemy import select

from portal.i18n import use_locale

from portal.audit.models import AuditEntry
from portal.backoffice.settings import check_branding, check_reasons
from tests.helpers.auth import login_employee
from tests.integration.backoffice.helpers import csrf


def _branding_form(app, **changes):
    b = app.state.tenants["amsterdam"].config.branding
    form = {k: getattr(b, k) for k in ("wordmark", "primary", "primary_hover", "on_primary", "text", "background", "link", "error")}
    return form | changes


async def test_low_contrast_is_refused_with_a_message_next_to_the_colour(client, app):
    with use_locale("en"):
        values, errors = check_branding(app.state.tenants["amsterdam"].config.branding,
                                        _branding_form(app, on_primary="#3366CC"))
    assert "on_primary" in errors and "primary" not in errors
    assert "contrast of 1.7 to 1" in errors["on_primary"] and "4.5" in errors["on_primary"]
    _values, errors = check_branding(app.state.tenants["amsterdam"].config.branding, _branding_form(app, link="blue"))
    assert set(errors) == {"link"}


def test_reasons_need_dutch_and_get_codes():
    reasons, errors = check_reasons({"reason_0_nl": "Te veel vermogen", "reason_0_code": "",
                                     "reason_1_nl": "Oud", "reason_1_code": "old", "reason_1_remove": "1",
                                     "reason_2_en": "Only English"}, 3)
    assert [r["code"] for r in reasons] == ["te_veel_vermogen"]
    assert set(errors) == {"reason_2_nl"}


async def test_saving_changes_every_page_and_is_audited(client, app, database):
    await login_employee(client, "amsterdam", "admin")
    page = await client.get("/amsterdam/backoffice/settings", expect=200)
    token = csrf(page.text)
    refused = await client.post("/amsterdam/backoffice/settings/branding",
                                data={"_csrf_token": token, "intent": "save", **_branding_form(app, primary="#9FC5E8")},
                                expect=400)
    assert 'href="#field-' in refused.text
    await client.post("/amsterdam/backoffice/settings/branding", expect=303,
                      redirect_to="/amsterdam/backoffice/settings?saved=branding#saved",
                      data={"_csrf_token": token, "intent": "save",
                            **_branding_form(app, primary="#00457F", wordmark="Amsterdam Werk en Inkomen")})
    await client.post("/amsterdam/backoffice/settings/notice", expect=303,
                      redirect_to="/amsterdam/backoffice/settings?saved=notice#saved",
                      data={"_csrf_token": token, "notice_nl": "Het loket is 5 december dicht.", "notice_until": ""})
    answer_by = await client.post("/amsterdam/backoffice/settings/answer-by",
                                  data={"_csrf_token": token, "answer_by_default_days": "500"}, expect=400)
    assert 'href="#field-answer_by_default_days"' in answer_by.text
    home = await client.get("/amsterdam/", expect=200)
    assert "--brand-primary: #00457F" in home.text and "Amsterdam Werk en Inkomen" in home.text
    assert "Het loket is 5 december dicht." in home.text
    await client.get("/lang/en", expect=302, redirect_to="/")
    english = await client.get("/amsterdam/", expect=200)
    assert '<span lang="nl">Het loket is 5 december dicht.</span>' in english.text  # no English text: Dutch, marked
    await client.get("/lang/ar", expect=302, redirect_to="/")
    arabic = await client.get("/amsterdam/", expect=200)
    assert '<span lang="nl" dir="ltr">Het loket is 5 december dicht.</span>' in arabic.text
    await client.get("/lang/nl", expect=302, redirect_to="/")
    other = await client.get("/rotterdam/", expect=200)
    assert "Het loket is 5 december dicht." not in other.text and "#00457F" not in other.text
    async with database.session("amsterdam") as session:
        entries = (await session.scalars(select(AuditEntry).where(AuditEntry.action == "settings.changed"))).all()
    assert [e.subject for e in entries] == ["branding", "notice"]
    assert entries[0].detail["after"]["branding"]["primary"] == "#00457F"


async def test_caseworkers_cannot_reach_admin_pages(client, app):
    await login_employee(client, "amsterdam", "caseworker")
    for path in ("/amsterdam/backoffice/settings", "/amsterdam/backoffice/audit"):
        refused = await client.get(path, expect=403)
        assert "U kunt deze pagina niet openen" in refused.text
