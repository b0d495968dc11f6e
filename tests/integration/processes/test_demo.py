"""The demo: every city has a process case in every step of each of its processes and an
urgent debt-help request; loading twice adds nothing."""

from __future__ import annotations

import importlib

import pytest
from sqlalchemy import select

from portal.cases.service import Case
from portal.processes.config import processes_of


@pytest.mark.parametrize("slug", ["amsterdam", "rotterdam", "den-haag", "utrecht"])
async def test_every_step_of_every_process_has_a_demo_case(app, database, settings, slug):
    tenant = app.state.tenants[slug]
    definitions = [d for d in processes_of(tenant).values() if d.handled_by == "processes"]
    for _ in range(2):
        for domain in ("auth", "processes"):
            await importlib.import_module(f"portal.{domain}.demo").load_demo(database, tenant, settings)
    async with database.session(slug) as session:
        cases = (await session.scalars(select(Case).where(Case.scheme.in_([d.id for d in definitions])))).all()
    assert {d.id for d in definitions} == {"wmo", "schuldhulp", "inburgering"}
    for definition in definitions:
        assert {c.status for c in cases if c.scheme == definition.id} == set(definition.order()), definition.id
    assert len(cases) == sum(len(d.order()) for d in definitions) + 1  # + the urgent one, once
    assert [c.answers.get("urgent") for c in cases if c.scheme == "schuldhulp"].count(True) == 1
    wmo = next(d for d in definitions if d.id == "wmo")
    assert all(c.closed == (not wmo.step(c.status).to) for c in cases if c.scheme == "wmo")
