"""The background worker: drains every tenant's outbox in a loop.

Runs inside the web process for the embedded default, and as `portal worker` (any
number of them, on PostgreSQL) in production.
"""

from __future__ import annotations

import asyncio
import logging

from portal.notifications.outbox import DeliveryContext, drain

log = logging.getLogger(__name__)


async def run_once(settings, database, tenants, handlers, rounds=()) -> int:
    """One round over every tenant's outbox; `handlers` come from `Registry.outbox_handlers`,
    `rounds` (run for every tenant after its outbox) from `Registry.worker_rounds`."""
    tried = 0
    for tenant in tenants.values():
        async with database.session(tenant.slug) as session:
            tried += await drain(DeliveryContext(settings=settings, session=session, tenant=tenant, handlers=handlers))
        for job in rounds:
            try:
                async with database.session(tenant.slug) as session:
                    await job(session)
            except Exception:  # noqa: BLE001 - one tenant's job must not stop the others' outbox
                log.exception("worker job %s failed for %s", getattr(job, "__name__", job), tenant.slug)
    return tried


async def run_forever(settings, database, tenants, handlers, *, rounds=(), interval: float = 2.0) -> None:
    while True:
        try:
            await run_once(settings, database, tenants, handlers, rounds)
        except asyncio.CancelledError:
            raise
        except Exception:  # noqa: BLE001 - a database hiccup must not kill the worker
            log.exception("outbox worker round failed; retrying")
        await asyncio.sleep(interval)
