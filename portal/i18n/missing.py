"""List the messages that have no translation yet, as .po entries ready to fill in.

    portal i18n missing --locale nl >> locales/nl/LC_MESSAGES/<your-domain>.po
"""

from __future__ import annotations

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from portal.settings import PROJECT_ROOT

KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None, "_l": None, "lazy_gettext": None}


def extracted_messages() -> dict[str, str]:
    """msgid -> first place it occurs."""
    found: dict[str, str] = {}
    for folder in ("portal", "templates"):
        for filename, line, message, _comments, _ctx in extract_from_dir(
            PROJECT_ROOT / folder,
            method_map=[("**.py", "python"), ("**.html", "jinja2")],
            keywords=KEYWORDS,
            options_map={"**.html": {"extensions": "jinja2.ext.i18n", "newstyle_gettext": "true"}},
        ):
            msgid = message[0] if isinstance(message, tuple) else message
            found.setdefault(msgid, f"{folder}/{filename}:{line}")
    return found


def translated(locale: str) -> set[str]:
    ids: set[str] = set()
    for po_file in (PROJECT_ROOT / "locales" / locale / "LC_MESSAGES").glob("*.po"):
        with po_file.open("rb") as fp:
            for message in read_po(fp):
                string = message.string[0] if isinstance(message.string, tuple) else message.string
                if message.id and string and not message.fuzzy:
                    ids.add(message.id[0] if isinstance(message.id, tuple) else message.id)
    return ids


def missing(locale: str) -> dict[str, str]:
    done = translated(locale)
    return {msgid: where for msgid, where in extracted_messages().items() if msgid not in done}


def po_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
