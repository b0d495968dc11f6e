"""The app wires up without Litestar deprecation warnings.

Litestar 2.25 still infers path parameters and dependencies from bare annotations but
warns that 3.0 will not: every handler and dependency provider must say `FromPath[...]`
or `NamedDependency[...]`. A new handler written the old way fails here, not at the
next upgrade.
"""

import warnings

from litestar.exceptions.base_exceptions import LitestarDeprecationWarning

from portal.app import create_app
from tests.conftest import make_settings


def test_creating_the_app_gives_no_litestar_deprecation_warning(tmp_path):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        app = create_app(make_settings(f"sqlite+aiosqlite:///{tmp_path}/wiring.db", tmp_path / "var"))
    litestar = [str(w.message) for w in caught if issubclass(w.category, LitestarDeprecationWarning)]
    assert litestar == [], "\n".join(litestar)
    # The check is meaningful only if the domains' handlers were really registered.
    names = {handler.name for route in app.routes for handler in getattr(route, "route_handlers", [])}
    assert {"backoffice:queue", "backoffice:case", "cases:case", "appointments:book"} <= names
