"""The public pages: the list of municipalities, each tenant's home, statements, health."""

from portal.site.registry import home_partials, register_home_partial

__all__ = ["home_partials", "register_home_partial"]
