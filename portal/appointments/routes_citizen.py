"""Citizen pages: book (type, location, day, time, check), see, move, cancel, calendar file.

A logged-in citizen's appointments live at /appointments/<id>; an anonymous booking's at
/appointments/link/<token>. The same handlers serve both; `web.find` decides who may see.
"""

from __future__ import annotations

import uuid

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Response, Template
from sqlalchemy.ext.asyncio import AsyncSession

from portal import clock
from portal.appointments import booking, queries, wizard
from portal.appointments.config import config_of
from portal.appointments.ics import build_ics
from portal.appointments.schedule import bookable_range, free_slots, load_schedule
from portal.appointments.web import find, optional_citizen, render, required_citizen
from portal.i18n import gettext as _
from portal.tenancy import Tenant

# An appointment of the logged-in citizen, or one reached by its manage link.
BOTH = ["/{ref:str}", "/link/{ref:str}"]


def _absolute(request: Request, path: str) -> str:
    return request.app.state.settings.public_url.rstrip("/") + path


def _params(request: Request) -> dict[str, str]:
    return {k: v for k, v in request.query_params.items() if isinstance(v, str)}


def _managed_page(request: Request, template: str, tenant: Tenant, managed, *, status_code: int = 200,
                  **extra) -> Template:
    """A page about one appointment (`m` the appointment with its type and place, `a` the row)."""
    context = {"tenant": tenant, "m": managed, "a": managed.appointment, "locale": request.state.locale, **extra}
    return Template(template, context=context, status_code=status_code)


def _booked_redirect(tenant: Tenant, booked: booking.Booked) -> Redirect:
    if booked.appointment.status == booked.appointment.HELD:
        # Not to its link: that is in the mail only, and opening it there is what shows the
        # address is the booker's.
        return Redirect(f"{tenant.base_path}/appointments/held", status_code=303)
    ref = f"link/{booked.token}" if booked.token else str(booked.appointment.id)
    return Redirect(f"{tenant.base_path}/appointments/{ref}?done=booked", status_code=303)


async def _wizard_page(request, db, tenant, params, *, errors=None, values=None, status_code=200) -> Template:
    citizen = await optional_citizen(request, db)
    base = f"{tenant.base_path}/appointments"
    choice = await wizard.resolve(db, tenant, params, clock.now(), base=base)
    if choice.kind is not None and choice.kind.needs_login and citizen is None:
        # Types that need DigiD: log in first, then come back to this very step.
        await required_citizen(request, db)
    case = None
    if choice.values.get("case") and citizen is not None:
        from portal.cases.service import Case

        try:
            case = await db.get(Case, uuid.UUID(choice.values["case"]))
        except ValueError:
            case = None
        if case is None or case.citizen_id != citizen.id:
            raise NotFoundException()
    choice.errors.update(errors or {})
    form_values = {"name": citizen.name if citizen else "", "email": (citizen.email or "") if citizen else ""}
    form_values.update(values or {})
    # The check step's form carries a key of its own: posted twice, it books once.
    form_values.setdefault("form_key", booking.new_form_key())
    context = {
        "tenant": tenant, "config": config_of(tenant), "choice": choice, "citizen": citizen, "case": case,
        "base": base, "values": form_values, "local_time": wizard.local_time,
        "locale": request.state.locale,
        "month_href": lambda d: f"{base}?{choice.query('day', month=d.strftime('%Y-%m'))}",
    }
    return render(request, "appointments/book.html", context, fragment="appointments/_wizard.html", status_code=status_code)


async def _move_page(request, db, tenant, managed, params, errors=None, status_code=200) -> Template:
    config = config_of(tenant)
    now = clock.now()
    schedule = await load_schedule(db, managed.location)
    day = wizard.parse_day(params.get("day"))
    times = []
    if day is not None:
        times = (await free_slots(db, config, schedule, managed.kind, day, day, now)).get(day, [])
        if not times and not errors:
            errors = {"day": _("There is no free time left on that day. Choose another day.")}
    month = None
    if day is None or not times:
        wanted = wizard.parse_month(params.get("month")) or bookable_range(config, now)[0]
        month = await wizard.month_view(db, config, schedule, managed.kind, wanted, now,
                                        lambda d: f"{managed.base}/move?day={d.isoformat()}")
    context = {"tenant": tenant, "m": managed, "a": managed.appointment, "day": day if times else None,
               "times": times, "month": month, "errors": errors or {}, "local_time": wizard.local_time,
               "locale": request.state.locale,
               "month_href": lambda d: f"{managed.base}/move?month={d.strftime('%Y-%m')}"}
    return render(request, "appointments/move.html", context, fragment="appointments/_move.html", status_code=status_code)


class AppointmentController(Controller):
    """Booking, and one appointment's pages: at /<id> for the citizen who booked it, at
    /link/<token> for whoever holds the manage link (`web.find` decides)."""

    path = "/{tenant_slug:str}/appointments"

    @get(["/", "/book"], name="appointments:book")
    async def book_page(
        self, request: Request, tenant: NamedDependency[Tenant], db: NamedDependency[AsyncSession],
    ) -> Template:
        return await _wizard_page(request, db, tenant, _params(request))

    @post("/book", name="appointments:confirm")
    async def confirm(
        self, request: Request, tenant: NamedDependency[Tenant], db: NamedDependency[AsyncSession],
    ) -> Template | Redirect:
        form = dict(await request.form())
        params = {k: str(form.get(k, "")) for k in ("type", "location", "day", "time", "case")}
        values = {"name": str(form.get("name", "")).strip(), "email": str(form.get("email", "")).strip()}
        if len(form_key := str(form.get("form_key", ""))) in range(16, 65):
            values["form_key"] = form_key  # kept when the page comes back with an error
        citizen = await optional_citizen(request, db)
        # An anonymous booking's manage link follows from the form's key, so the same form
        # posted again leads to the same link.
        token = (booking.manage_token(request.app.state.settings.secret_key, values["form_key"])
                 if citizen is None and values.get("form_key") else None)
        citizen_id = citizen.id if citizen else None
        if (done := await booking.booked_with_form(db, values.get("form_key"), citizen_id, token)) is not None:
            return _booked_redirect(tenant, done)
        config = config_of(tenant)
        choice = await wizard.resolve(db, tenant, params, clock.now(), base=f"{tenant.base_path}/appointments")
        if choice.step != "check":  # the time went in the meantime, or the form was tampered with
            errors = {"time": booking.SlotTaken().message} if choice.step == "time" else {}
            return await _wizard_page(request, db, tenant, {**params, "time": ""}, errors=errors, values=values, status_code=409)
        kind = config.type(params["type"])
        errors = booking.contact_errors(citizen.name if citizen else values["name"], values["email"])
        if errors:
            return await _wizard_page(request, db, tenant, params, errors=errors, values=values, status_code=422)
        try:
            case_id = uuid.UUID(params["case"]) if params["case"] else None
        except ValueError:
            raise NotFoundException() from None

        def link_for(appointment, token):
            path = f"/appointments/link/{token}" if token else f"/appointments/{appointment.id}"
            return _absolute(request, tenant.base_path + path)

        try:
            booked = await booking.book(
                db, tenant, type_id=kind.id, location_id=choice.location.id, start=choice.start,
                name=citizen.name if citizen else values["name"], email=values["email"],
                locale=request.state.locale, link_for=link_for, citizen_id=citizen.id if citizen else None, case_id=case_id,
                form_key=values.get("form_key"), token=token,
                client=None if citizen else booking.client_key(request.app.state.settings.secret_key,
                                                                request.client.host if request.client else "unknown"),
            )
        except booking.BookingError as error:
            retry = {**params, "time": ""} if error.field == "time" else params
            return await _wizard_page(request, db, tenant, retry, errors={error.field: error.message}, values=values,
                                      status_code=409 if error.field == "time" else 422)
        return _booked_redirect(tenant, booked)

    @get("/held", name="appointments:held", sync_to_thread=False)
    def held(self, tenant: NamedDependency[Tenant]) -> Template:
        """After an anonymous booking that waits for its confirmation: "check your email"."""
        return Template("appointments/held.html", context={"tenant": tenant, "config": config_of(tenant)})

    @post("/link/{ref:str}/confirm", name="appointments:confirm-hold")
    async def confirm_hold(
        self, request: Request, tenant: NamedDependency[Tenant], db: NamedDependency[AsyncSession],
        ref: FromPath[str],
    ) -> Template | Redirect:
        managed = await find(request, db, tenant, ref)
        try:
            await booking.confirm_hold(db, tenant, managed.appointment.id, link=_absolute(request, managed.base))
        except booking.HoldLapsed as lapsed:
            await db.refresh(managed.appointment)
            return _managed_page(request, "appointments/detail.html", tenant, managed, case=None, done=None,
                                 problem=lapsed.message, status_code=409)
        return Redirect(f"{managed.base}?done=confirmed", status_code=303)

    @get("/mine", name="appointments:mine")
    async def mine(
        self, request: Request, tenant: NamedDependency[Tenant], db: NamedDependency[AsyncSession],
    ) -> Template:
        citizen = await required_citizen(request, db)
        upcoming, past = await queries.list_for_citizen(db, citizen.id)
        return Template("appointments/mine.html", context={
            "tenant": tenant, "config": config_of(tenant), "upcoming": upcoming, "past": past,
            "locale": request.state.locale,
        })

    @get(BOTH, name="appointments:detail")
    async def detail(
        self, request: Request, tenant: NamedDependency[Tenant], db: NamedDependency[AsyncSession],
        ref: FromPath[str],
    ) -> Template:
        managed = await find(request, db, tenant, ref)
        case = None
        if managed.appointment.case_id:
            from portal.cases.service import Case

            case = await db.get(Case, managed.appointment.case_id)
        return _managed_page(request, "appointments/detail.html", tenant, managed, case=case,
                             done=request.query_params.get("done"))

    @get([p + "/move" for p in BOTH], name="appointments:move")
    async def move_page(
        self, request: Request, tenant: NamedDependency[Tenant], db: NamedDependency[AsyncSession],
        ref: FromPath[str],
    ) -> Template:
        managed = await find(request, db, tenant, ref)
        if not managed.can_change():
            return _managed_page(request, "appointments/detail.html", tenant, managed, case=None, done=None,
                                 status_code=409)
        params = _params(request)
        errors = {}
        if params.get("step") == "time" and not params.get("time"):
            errors = {"time": _("Choose a time.")}
        return await _move_page(request, db, tenant, managed, params, errors)

    @post([p + "/move" for p in BOTH], name="appointments:move-save")
    async def move_save(
        self, request: Request, tenant: NamedDependency[Tenant], db: NamedDependency[AsyncSession],
        ref: FromPath[str],
    ) -> Template | Redirect:
        managed = await find(request, db, tenant, ref)
        form = dict(await request.form())
        day = wizard.parse_day(str(form.get("day", "")))
        start = wizard.parse_time(day, str(form.get("time", ""))) if day else None
        if start is None:
            return await _move_page(request, db, tenant, managed, {"day": str(form.get("day", ""))},
                                    {"time": _("Choose a time.")}, status_code=422)
        try:
            await booking.move(db, tenant, managed.appointment.id, start=start, link=_absolute(request, managed.base))
        except booking.BookingError as error:
            return await _move_page(request, db, tenant, managed, {"day": day.isoformat()}, {"time": error.message},
                                    status_code=409)
        return Redirect(f"{managed.base}?done=moved", status_code=303)

    @get([p + "/cancel" for p in BOTH], name="appointments:cancel")
    async def cancel_page(
        self, request: Request, tenant: NamedDependency[Tenant], db: NamedDependency[AsyncSession],
        ref: FromPath[str],
    ) -> Template:
        managed = await find(request, db, tenant, ref)
        return _managed_page(request, "appointments/cancel.html", tenant, managed)

    @post([p + "/cancel" for p in BOTH], name="appointments:cancel-save")
    async def cancel_save(
        self, request: Request, tenant: NamedDependency[Tenant], db: NamedDependency[AsyncSession],
        ref: FromPath[str],
    ) -> Template | Redirect:
        managed = await find(request, db, tenant, ref)
        try:
            await booking.cancel(db, tenant, managed.appointment.id)
        except booking.BookingError:
            return _managed_page(request, "appointments/cancel.html", tenant, managed, status_code=409)
        return Redirect(f"{managed.base}?done=cancelled", status_code=303)

    @get([p + "/calendar.ics" for p in BOTH], name="appointments:ics")
    async def calendar_file(
        self, request: Request, tenant: NamedDependency[Tenant], db: NamedDependency[AsyncSession],
        ref: FromPath[str],
    ) -> Response:
        managed = await find(request, db, tenant, ref)
        a = managed.appointment
        content = build_ics(
            a, tenant=tenant, location=managed.location, cancelled=not a.is_live,
            summary=_("Appointment: %(type)s", type=managed.kind.text("name", request.state.locale)),
            description=managed.kind.text("bring", request.state.locale),
        )
        # Litestar adds "; charset=utf-8" to a text/* type itself: naming it here said it twice.
        return Response(content, media_type="text/calendar",
                        headers={"content-disposition": 'attachment; filename="afspraak.ics"'})


ROUTE_HANDLERS = (AppointmentController,)
