"""Every message in the code and templates is translated into Dutch and Arabic."""

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

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


def test_every_message_has_a_dutch_and_an_arabic_translation():
    extracted = _extracted()
    assert len(extracted) > 20
    for locale in ("nl", "ar"):
        missing = sorted(extracted - set(_translated(locale)))
        assert not missing, f"{len(missing)} message(s) without a {locale} translation: {missing[:30]}"
