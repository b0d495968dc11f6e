"""Read every `tenants/<slug>/` folder into typed configuration, or say exactly what is wrong.

Domains that need configuration of their own (appointments, application forms, …)
declare a *section* in their plugin: a file in the tenant folder and the msgspec type it
must match. The loader is handed the sections of the app's domains and validates all of them, so a bad file stops start-up and `portal tenants check`
alike, naming the file, the key and the reason.
"""

from __future__ import annotations

import copy
import functools
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, TypeVar

import msgspec

from portal.tenancy.contrast import contrast_failures
from portal.tenancy.schema import TenantConfig, semantic_errors

T = TypeVar("T")


@dataclass(frozen=True)
class ConfigProblem:
    file: Path
    key: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: {self.key}: {self.reason}"


class TenantConfigError(Exception):
    def __init__(self, problems: list[ConfigProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class Unique:
    """A value no two tenants (nor two keys of one tenant) may share: a copied tenant
    folder that kept it would take over the other tenant's logins, numbers or hosts."""

    key: str  # where it is set, e.g. "citizen.client_id"
    what: str  # how the message names it: "the cbs_code", "a client_id"
    value: str
    scope: str = ""  # what else makes it the same, shown after the value: " (issuer builtin)"


@dataclass(frozen=True)
class Section:
    name: str
    filename: str
    type: type
    required: bool
    # Optional extra checks returning (key, reason) pairs, like semantic_errors.
    check: Callable[[Any, "Tenant"], list[tuple[str, str]]] | None = None
    # Optional: the section's values that must be unique across tenants.
    unique: Callable[[Any], Iterable[Unique]] | None = None


@dataclass
class Tenant:
    """A municipality: its configuration, its folder and its domain sections."""

    config: TenantConfig
    folder: Path
    sections: dict[str, Any] = field(default_factory=dict)
    # The tenant admin's changes made in the back office (portal.tenancy.overrides).
    overrides: Any = field(default=None, compare=False, repr=False)

    @property
    def slug(self) -> str:
        return self.config.slug

    @property
    def name(self) -> str:
        return self.config.name

    @property
    def base_path(self) -> str:
        return f"/{self.config.slug}"

    def section(self, name: str) -> Any:
        return self.sections[name]


_MSGSPEC_PATH = re.compile(r"- at `\$(.*)`$")


def _msgspec_problem(file: Path, error: msgspec.ValidationError) -> ConfigProblem:
    text = str(error)
    match = _MSGSPEC_PATH.search(text)
    key = match.group(1).lstrip(".") if match else "(top level)"
    reason = _MSGSPEC_PATH.sub("", text).strip()
    if reason.startswith("Object missing required field"):
        missing = reason.split("`")[1]
        key, reason = (f"{key}.{missing}" if key != "(top level)" else missing), "is required but missing"
    return ConfigProblem(file, key or "(top level)", reason)


def _read_toml(file: Path) -> tuple[dict | None, list[ConfigProblem]]:
    try:
        stat = file.stat()
        # A copy: what the loader does with the data never changes the parsed file.
        return copy.deepcopy(_parsed_toml(str(file), stat.st_mtime_ns, stat.st_size)), []
    except FileNotFoundError:
        return None, [ConfigProblem(file, "(file)", "is missing")]
    except tomllib.TOMLDecodeError as error:
        return None, [ConfigProblem(file, "(syntax)", str(error))]


def _read_section(section, section_file: Path, tenant) -> tuple[Any, list[ConfigProblem]]:
    """One file of a domain's section: read, converted to its type and checked; None with the
    problems when it cannot be used."""
    data, problems = _read_toml(section_file)
    if data is None:
        return None, problems
    value, converted = convert(section_file, data, section.type)
    problems += converted
    if value is None:
        return None, problems
    if section.check:
        problems += [ConfigProblem(section_file, k, r) for k, r in section.check(value, tenant)]
    return value, problems


@functools.lru_cache(maxsize=None)
def _parsed_toml(path: str, mtime_ns: int, size: int) -> dict:
    """A tenant file parsed once per version of the file (its time and size are part of the
    key): each app a process creates, one per test, reads the same sixty files."""
    with open(path, encoding="utf-8") as fp:
        return tomllib.loads(fp.read())


def convert(file: Path, data: dict, type_: type[T]) -> tuple[T | None, list[ConfigProblem]]:
    try:
        return msgspec.convert(data, type_, strict=False), []
    except msgspec.ValidationError as error:
        return None, [_msgspec_problem(file, error)]


def section(
    name: str,
    type_: type,
    *,
    filename: str | None = None,
    required: bool = True,
    check: Callable[[Any, "Tenant"], list[tuple[str, str]]] | None = None,
    unique: Callable[[Any], Iterable[Unique]] | None = None,
) -> Section:
    """A per-tenant configuration file owned by a domain (`<name>.toml` unless named)."""
    return Section(name, filename or f"{name}.toml", type_, required, check, unique)


def _core_unique(config: TenantConfig) -> list[Unique]:
    return [
        Unique("cbs_code", "the cbs_code", config.cbs_code),
        Unique("reference_prefix", "the reference_prefix", config.reference_prefix),
        *(Unique("hosts", "a host", host.lower()) for host in config.hosts),
    ]


def _duplicates(tenants: dict[str, Tenant], sections: tuple[Section, ...]) -> list[ConfigProblem]:
    """Every file and key whose value another tenant (or another key) has too, naming them."""
    seen: dict[tuple[str, str, str], list[tuple[str, Path, Unique]]] = {}
    for tenant in tenants.values():
        found = [(tenant.folder / "tenant.toml", u) for u in _core_unique(tenant.config)]
        for section in sections:
            if section.unique is not None and section.name in tenant.sections:
                found += [(tenant.folder / section.filename, u) for u in section.unique(tenant.sections[section.name])]
        for file, unique in found:
            seen.setdefault((unique.what, unique.scope, unique.value), []).append((tenant.slug, file, unique))
    problems = []
    for users in seen.values():
        if len(users) < 2:
            continue
        for index, (_slug, file, unique) in enumerate(users):
            others = sorted({slug for i, (slug, _f, _u) in enumerate(users) if i != index})
            problems.append(ConfigProblem(
                file, unique.key, f"{unique.value!r}{unique.scope} is also {unique.what} of {', '.join(others)}"
            ))
    return problems


def load_tenant(
    folder: Path, sections: Iterable[Section] = (), *, check_contrast: bool = False
) -> tuple[Tenant | None, list[ConfigProblem]]:
    file = folder / "tenant.toml"
    data, problems = _read_toml(file)
    if data is None:
        return None, problems
    config, problems = convert(file, data, TenantConfig)
    if config is None:
        return None, problems
    problems += [ConfigProblem(file, key, reason) for key, reason in semantic_errors(config)]
    if config.slug != folder.name:
        problems.append(ConfigProblem(file, "slug", f"{config.slug!r} differs from the folder name {folder.name!r}"))
    if check_contrast:
        problems += [ConfigProblem(file, "branding", failure) for failure in contrast_failures(config.branding)]
    tenant = Tenant(config=config, folder=folder)
    for section in sections:
        if "*" in section.filename:
            # A folder of files, one value per file (e.g. `processes/*.toml`): the
            # section is a dict from each file's stem to its value, checked per file.
            values: dict[str, Any] = {}
            for section_file in sorted(folder.glob(section.filename)):
                value, section_problems = _read_section(section, section_file, tenant)
                problems += section_problems
                if value is not None:
                    values[section_file.stem] = value
            tenant.sections[section.name] = values
            continue
        section_file = folder / section.filename
        if not section_file.exists() and not section.required:
            continue
        value, section_problems = _read_section(section, section_file, tenant)
        problems += section_problems
        if value is not None:
            tenant.sections[section.name] = value
    return tenant, problems


def load_tenants(
    tenants_dir: Path, sections: Iterable[Section] = (), *, check_contrast: bool = False
) -> dict[str, Tenant]:
    """All tenants with the given domain sections, or a TenantConfigError listing every
    problem in every file. `portal.domains.load_tenants` passes the sections of every domain."""
    sections = tuple(sections)
    tenants: dict[str, Tenant] = {}
    problems: list[ConfigProblem] = []
    folders = sorted(p for p in tenants_dir.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
    if not folders:
        problems.append(ConfigProblem(tenants_dir, "(folder)", "holds no tenant folders"))
    for folder in folders:
        tenant, tenant_problems = load_tenant(folder, sections, check_contrast=check_contrast)
        problems += tenant_problems
        if tenant is None:
            continue
        tenants[tenant.slug] = tenant
    problems += _duplicates(tenants, sections)
    if problems:
        raise TenantConfigError(problems)
    return tenants
