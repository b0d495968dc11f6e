"""Back-office pages: a location's day (who comes when, attended or no-show) and the
tenant admin's agenda settings (hours, closed days, counters)."""

from __future__ import annotations

import uuid
from datetime import timedelta

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from portal import clock
from portal.appointments import agenda, queries, wizard
from portal.appointments.config import WEEKDAYS, config_of
from portal.appointments.schedule import load_schedule
from portal.appointments.web import required_employee
from portal.audit.service import record
from portal.tenancy import Tenant


def _location(tenant, location_id: str | None):
    config = config_of(tenant)
    location = config.location(location_id) if location_id else config.locations[0]
    if location is None:
        raise NotFoundException()
    return config, location


async def _settings_page(request, db, tenant, location, *, values=None, errors=None, affected=None, saved=False,
                         status_code=200) -> Template:
    config = config_of(tenant)
    if values is None:
        schedule = await load_schedule(db, location)
        values = {f"hours-{d}": ", ".join(schedule.hours.get(d, [])) for d in WEEKDAYS}
        values["closed"] = "\n".join(sorted(d.isoformat() for d in schedule.closed))
        values.update({f"counter-{k.id}": str(schedule.capacity(k.id)) for k in config.types})
    if affected is None:
        affected = await agenda.affected_bookings(db, tenant, location.id)
    return Template("appointments/backoffice/settings.html", context={
        "tenant": tenant, "config": config, "location": location, "values": values, "errors": errors or {},
        "affected": affected, "saved": saved, "weekdays": WEEKDAYS, "locale": request.state.locale,
    }, status_code=status_code)


async def _admin(request, db):
    from portal.auth.guards import check_role

    employee = await required_employee(request, db)
    check_role(employee, "admin")
    return employee


class AgendaController(Controller):
    """A location's day and the agenda settings, for employees of this tenant (the settings for admins)."""

    path = "/{tenant_slug:str}/backoffice/appointments"

    @get("/", name="appointments:day")
    async def day_view(
        self, request: Request, tenant: NamedDependency[Tenant], db: NamedDependency[AsyncSession],
    ) -> Template:
        employee = await required_employee(request, db)
        config, location = _location(tenant, request.query_params.get("location"))
        day = wizard.parse_day(request.query_params.get("day")) or clock.today()
        appointments = await queries.day_list(db, location.id, day)
        # The day list shows citizens' names: a look at personal data, so it is audited.
        await record(db, actor=employee, action="appointments.day_viewed", subject=f"location:{location.id}",
                     detail={"day": day.isoformat(), "appointments": len(appointments)})
        await db.commit()
        cases = {}
        case_ids = {a.case_id for a in appointments if a.case_id}
        if case_ids:
            from sqlalchemy import select

            from portal.cases.service import Case

            cases = {c.id: c for c in (await db.scalars(select(Case).where(Case.id.in_(case_ids)))).all()}
        return Template("appointments/backoffice/day.html", context={
            "tenant": tenant, "config": config, "location": location, "day": day, "appointments": appointments,
            "cases": cases, "previous": day - timedelta(days=1), "next": day + timedelta(days=1), "now": clock.now(),
            "locale": request.state.locale, "marked": request.query_params.get("marked"),
            "may_mark": agenda.may_mark(employee),
        })

    @post("/{appointment_id:uuid}/attendance", name="appointments:attendance")
    async def attendance(
        self, request: Request, tenant: NamedDependency[Tenant], db: NamedDependency[AsyncSession],
        appointment_id: FromPath[uuid.UUID],
    ) -> Redirect:
        from portal.auth.guards import check_role

        employee = await required_employee(request, db)
        check_role(employee, *agenda.MARKING_ROLES)
        form = await request.form()
        try:
            appointment = await agenda.mark_attendance(db, appointment_id, str(form.get("outcome", "")), employee=employee)
        except LookupError:
            raise NotFoundException() from None
        except ValueError:
            return Redirect(f"{tenant.base_path}/backoffice/appointments?{request.url.query}", status_code=303)
        return Redirect(
            f"{tenant.base_path}/backoffice/appointments?location={appointment.location_id}"
            f"&day={clock.local_day(appointment.start_at).isoformat()}&marked={appointment.id}",
            status_code=303,
        )

    @get("/settings", name="appointments:settings")
    async def settings_page(
        self, request: Request, tenant: NamedDependency[Tenant], db: NamedDependency[AsyncSession],
    ) -> Template:
        await _admin(request, db)
        _config, location = _location(tenant, request.query_params.get("location"))
        return await _settings_page(request, db, tenant, location, saved=request.query_params.get("saved") == "1")

    @post("/settings", name="appointments:settings-save")
    async def settings_save(
        self, request: Request, tenant: NamedDependency[Tenant], db: NamedDependency[AsyncSession],
    ) -> Template:
        employee = await _admin(request, db)
        form = {k: str(v) for k, v in (await request.form()).items()}
        config, location = _location(tenant, form.get("location"))
        parsed, errors = agenda.parse_settings(config, location.id, form)
        if parsed is None:
            return await _settings_page(request, db, tenant, location, values=form, errors=errors, status_code=422)
        affected = await agenda.save_settings(db, tenant, location.id, parsed, employee=employee)
        return await _settings_page(request, db, tenant, location, affected=affected, saved=True)


ROUTE_HANDLERS = (AgendaController,)


async def home_section(session: AsyncSession, employee, tenant) -> dict:
    """The back-office home shows today's appointments per location, linking to the day view."""
    today = clock.today()
    rows = []
    for location in config_of(tenant).locations:
        appointments = await queries.day_list(session, location.id, today)
        rows.append({"location": location, "count": len(appointments)})
    return {"rows": rows, "today": today}

