"""Where the portal may learn a citizen's name when the login gives a BSN only.

DigiD identifies a citizen by BSN; names come from the BRP (Basisregistratie
Personen), which a municipality reaches through its own connection (Haal Centraal BRP
Personen, or a broker). A `PersonRegistry` is that connection: `lookup(tenant, bsn)`
gives how to address the person, or None. The portal ships none (`NO_REGISTRY`), so a
citizen logged in with a BSN only is asked once on their profile page
(portal.auth.profile); an adapter set as `app.state.person_registry` fills it instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class RegisteredPerson:
    name: str  # as the person is addressed in letters: "S. Jansen", "Sanne Jansen"
    first_name: str  # as mails greet them: "Sanne"


class PersonRegistry(Protocol):
    async def lookup(self, tenant, bsn: str) -> RegisteredPerson | None: ...


class NoRegistry:
    """No registry connected: the citizen tells us."""

    async def lookup(self, tenant, bsn: str) -> RegisteredPerson | None:
        return None


NO_REGISTRY = NoRegistry()


def registry_of(app) -> PersonRegistry:
    return getattr(app.state, "person_registry", None) or NO_REGISTRY
