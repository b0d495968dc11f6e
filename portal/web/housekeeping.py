"""Expired entries leave the file stores: sessions, rate-limit counts, the development
provider's codes and tokens.

Litestar's FileStore drops an expired entry only when it is read again, so without this
the store only grows (every visit to the login start wrote a session file that nobody
reads again). Redis expires its keys itself; the web process runs this every few minutes.
"""

from __future__ import annotations

import asyncio
import logging

from litestar.stores.file import FileStore

log = logging.getLogger(__name__)
INTERVAL_SECONDS = 600
TASK_NAME = "portal-housekeeping"


def file_stores(app) -> list[FileStore]:
    found: list[FileStore] = []
    for store in (app.stores.get("sessions"), getattr(app.state, "post_counter_store", None),
                  getattr(app.state, "dev_idp_store", None)):
        if isinstance(store, FileStore) and store not in found:
            found.append(store)
    return found


async def sweep_file_stores(app) -> int:
    """Delete every expired entry now; returns how many stores were swept."""
    stores = file_stores(app)
    for store in stores:
        try:
            await store.delete_expired()
        except OSError as error:  # a file removed under our feet, a full disk: next time
            log.warning("could not sweep %s: %s", store.path, error)
    return len(stores)


async def run_forever(app, interval: float = INTERVAL_SECONDS) -> None:
    while True:
        await asyncio.sleep(interval)
        try:
            await sweep_file_stores(app)
        except asyncio.CancelledError:
            raise
        except Exception:  # noqa: BLE001 - housekeeping must never take the web process down
            log.exception("sweeping the file stores failed; trying again later")
