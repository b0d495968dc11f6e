"""Demo werk data per city: the work coaches' caseloads with clients in every state (no
plan yet, a plan to agree, an agreed plan with actions due and overdue, exempt, waiting on
the intake list), job applications and contact moments. Idempotent: a second load finds
the demo's contact moments (request ids `demo:werk:<n>`) and adds nothing."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from portal import clock
from portal.auth.models import Citizen, Employee
from portal.auth.people import demo_people
from portal.werk.config import werk_config
from portal.werk.models import (
    WerkClient,
    WerkContactMoment,
    WerkJobApplication,
    WerkPlan,
    WerkPlanAction,
    WerkPlanVersion,
)

NOTES = (
    ("phone", "Gebeld over de voortgang; gaat deze week twee vacatures bekijken."),
    ("counter", "Langs geweest aan de balie met vragen over de taalcursus."),
    ("home-visit", "Huisbezoek: thuissituatie besproken, kinderopvang is geregeld."),
    ("mail", "Cv ontvangen per mail; tips teruggestuurd."),
)


async def load_demo(database, tenant, settings) -> None:
    config = werk_config(tenant)
    async with database.session(tenant.slug) as session:
        if await session.scalar(select(WerkContactMoment.id).where(WerkContactMoment.request_id.like("demo:werk:%")).limit(1)):
            return
        bsns = [p.bsn for p in demo_people(tenant).citizens]
        found = {c.bsn: c for c in (await session.scalars(select(Citizen).where(Citizen.bsn.in_(bsns)))).all()}
        citizens = [found[b] for b in bsns if b in found]
        coaches = [e for e in (await session.scalars(select(Employee).order_by(Employee.subject))).all() if e.has_role("workcoach")]
        if len(citizens) < 5 or not coaches:
            return
        today = clock.today()
        now = clock.now()
        first, second = coaches[0], coaches[-1]
        route = config.routes[0].id
        offer = next((o for o in config.offers if o.ends_on >= today), None)
        states = ("agreed", "to-agree", "none", "exempt", "intake")
        for index, (citizen, state) in enumerate(zip(citizens, states)):
            if await session.scalar(select(WerkClient.id).where(WerkClient.citizen_id == citizen.id)):
                continue
            coach = None if state == "intake" else (first if index % 2 == 0 else second)
            client = WerkClient(citizen_id=citizen.id, coach_id=coach.id if coach else None,
                                plan_due_on=today + timedelta(weeks=config.plan_term_weeks - index))
            if state == "exempt":
                client.exempt_until = today + timedelta(days=90)
                client.exempt_reason = "Mantelzorg voor een ouder; tijdelijke ontheffing (Participatiewet art. 9 lid 2)."
            session.add(client)
            if state in ("agreed", "to-agree"):
                plan = WerkPlan(citizen_id=citizen.id, coach_id=coach.id, route_id=route, changed=False, current_version=1,
                                goals="Binnen een half jaar betaald werk vinden, eerst in de logistiek of de zorg.")
                session.add(plan)
                await session.flush()
                actions = [
                    WerkPlanAction(plan_id=plan.id, citizen_id=citizen.id, title="Cv bijwerken en naar de werkcoach sturen",
                                   owner="citizen", due_on=today - timedelta(days=4)),
                    WerkPlanAction(plan_id=plan.id, citizen_id=citizen.id, title="Inschrijven bij twee uitzendbureaus",
                                   owner="citizen", due_on=today + timedelta(days=2)),
                    WerkPlanAction(plan_id=plan.id, citizen_id=citizen.id, title="Vacatures in de regio doorsturen",
                                   owner="coach", due_on=today + timedelta(days=10)),
                ]
                if offer:
                    actions.append(WerkPlanAction(plan_id=plan.id, citizen_id=citizen.id, title=offer.name, owner="citizen",
                                                  due_on=max(offer.starts_on, today + timedelta(days=14)), offer_id=offer.id))
                session.add_all(actions)
                await session.flush()
                content = {"route_id": route, "goals": plan.goals, "actions": [
                    {"id": str(a.id), "title": a.title, "owner": a.owner, "due_on": a.due_on.isoformat(), "offer_id": a.offer_id}
                    for a in actions]}
                session.add(WerkPlanVersion(plan_id=plan.id, number=1, content=content, offered_by=coach.id,
                                            offered_at=now - timedelta(days=12),
                                            agreed_at=now - timedelta(days=10) if state == "agreed" else None))
                plan.agreed_version = 1 if state == "agreed" else None
            if state in ("agreed", "exempt"):
                for n, (employer, position) in enumerate((("Albert Heijn", "Vakkenvuller"), ("PostNL", "Sorteerder"))):
                    session.add(WerkJobApplication(citizen_id=citizen.id, employer=employer, position=position,
                                                   applied_on=today - timedelta(days=n * 9), how="online", result="waiting",
                                                   request_id=f"demo:werk:app:{index}:{n}"))
            if coach is not None:
                channel, note = NOTES[index % len(NOTES)]
                session.add(WerkContactMoment(citizen_id=citizen.id, channel=channel, note=note, employee_id=coach.id,
                                              happened_on=today - timedelta(days=3 + index), request_id=f"demo:werk:{index}"))
        await session.commit()
