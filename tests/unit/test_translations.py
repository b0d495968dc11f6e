"""Every message in the code and templates is translated into every language the portal
offers (portal.i18n.LOCALES; English is the msgid), and so is every text of every tenant."""

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from portal.i18n import LOCALES
from portal.settings import PROJECT_ROOT

KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None, "_l": None, "lazy_gettext": None}
METHODS = [("portal/**.py", "python"), ("templates/**.html", "jinja2")]


def _extracted() -> set[str]:
    ids: set[str] = set()
    for folder in ("portal", "templates"):
        for _file, _line, message, _comments, _ctx in extract_from_dir(
            PROJECT_ROOT / folder,
            method_map=[("**.py", "python"), ("**.html", "jinja2")],
            keywords=KEYWORDS,
            options_map={"**.html": {"extensions": "jinja2.ext.i18n", "newstyle_gettext": "true"}},
        ):
            ids.add(message[0] if isinstance(message, tuple) else message)
    return ids


def _translated(locale: str) -> dict[str, str]:
    strings: dict[str, str] = {}
    for po_file in (PROJECT_ROOT / "locales" / locale / "LC_MESSAGES").glob("*.po"):
        with po_file.open("rb") as fp:
            for message in read_po(fp):
                if message.id and not message.fuzzy:
                    key = message.id[0] if isinstance(message.id, tuple) else message.id
                    value = message.string[0] if isinstance(message.string, tuple) else message.string
                    if value:
                        strings[key] = value
    return strings


def test_every_message_has_a_translation_in_every_language_the_portal_offers():
    extracted = _extracted()
    assert len(extracted) > 20
    assert set(LOCALES) == {"nl", "en", "ar", "tr", "pl", "uk"}
    for locale in [locale for locale in LOCALES if locale != "en"]:
        missing = sorted(extracted - set(_translated(locale)))
        assert not missing, f"{len(missing)} message(s) without a {locale} translation: {missing[:30]}"


def _texts(node, path=""):
    """Every {nl = …, en = …} table in a tenant's files, with where it is."""
    if isinstance(node, dict):
        if isinstance(node.get("nl"), str) and isinstance(node.get("en"), str):
            yield path, node
        for key, value in node.items():
            yield from _texts(value, f"{path}.{key}" if path else key)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _texts(value, f"{path}[{i}]")


def test_every_tenant_text_is_in_every_language_the_tenant_offers():
    import tomllib

    missing = []
    for tenant_file in sorted((PROJECT_ROOT / "tenants").glob("*/tenant.toml")):
        folder = tenant_file.parent
        config = tomllib.loads(tenant_file.read_text())
        offered = config["locales"]
        assert set(offered) == set(LOCALES), f"{folder.name} offers {offered}"
        missing += [f"{folder.name}/tenant.toml [texts.{locale}]" for locale in offered if locale not in config["texts"]]
        for path in sorted(folder.rglob("*.toml")):
            for where, texts in _texts(tomllib.loads(path.read_text())):
                missing += [f"{path.relative_to(PROJECT_ROOT)} {where}.{locale}" for locale in offered if not texts.get(locale)]
    assert not missing, missing[:30]
