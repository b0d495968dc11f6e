"""The web layer shared by every domain: request entry, templates, errors, helpers."""
