"""What the processes domain adds to the back office: urgent requests first on its home
page (with the term that makes them urgent), and the name of a process case type."""

from __future__ import annotations

from sqlalchemy import select

from portal.cases.service import Case, events_of
from portal.processes.config import processes_of
from portal.processes.terms import term_states


def process_name(tenant, scheme: str) -> str | None:
    """The case type's name in the reader's language, or None when it is not a process."""
    definition = processes_of(tenant).get(scheme)
    return definition.name.get() if definition is not None and definition.handled_by == "processes" else None


async def urgent_section(session, employee, tenant) -> dict:
    """Open process cases flagged urgent, earliest term first, with that term's last day."""
    schemes = [d.id for d in processes_of(tenant).values() if d.handled_by == "processes"
               and any(t.when for t in d.terms)]
    if not schemes:
        return {"urgent": []}
    cases = (await session.scalars(select(Case).where(Case.closed.is_(False), Case.scheme.in_(schemes))
                                   .order_by(Case.deadline_sort, Case.id).limit(200))).all()
    found = []
    for case in cases:
        if not (case.answers or {}).get("urgent"):
            continue
        definition = processes_of(tenant)[case.scheme]
        running = [s for s in term_states(definition, await events_of(session, case), case.answers)
                   if s.open and s.term.when]
        found.append((case, running[0] if running else None))
    return {"urgent": found}
