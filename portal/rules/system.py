"""Build the national tax-benefit system and one per tenant (national + the city's parameters)."""

from __future__ import annotations

from pathlib import Path

from openfisca_core.parameters import ParameterNode
from openfisca_core.taxbenefitsystems import TaxBenefitSystem

from .model import benefit, bijstand, city, household, persons
from .model.entities import entities

NATIONAL_PARAMETERS = Path(__file__).parent / "parameters"
REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_TENANTS_DIR = REPO_ROOT / "tenants"


class NationalSystem(TaxBenefitSystem):
    """The Participatiewet model; city schemes need ``parameters.city`` (see :func:`build_tenant_system`)."""

    def __init__(self) -> None:
        super().__init__(entities)
        for module in (persons, household, bijstand, city, benefit):
            self.add_variables(*module.variables)
        self.load_parameters(str(NATIONAL_PARAMETERS))


def tenant_parameters_dir(tenants_dir: Path, slug: str) -> Path:
    return Path(tenants_dir) / slug / "parameters"


def build_tenant_system(tenants_dir: Path, slug: str) -> TaxBenefitSystem:
    """The national system with ``tenants/<slug>/parameters/`` loaded under ``parameters.city``."""
    path = tenant_parameters_dir(tenants_dir, slug)
    if not path.is_dir():
        raise FileNotFoundError(f"{path}: tenant {slug!r} has no rules parameters directory")
    system = NationalSystem()
    system.parameters.add_child("city", ParameterNode("city", directory_path=str(path)))
    return system
