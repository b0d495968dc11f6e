"""Translations: `portal i18n missing`."""

from portal.i18n.cli import i18n
from portal.plugin import DomainPlugin

PLUGIN = DomainPlugin(name="i18n", cli_commands=(i18n,))
