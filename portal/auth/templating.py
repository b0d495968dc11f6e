"""Template globals of the auth package: the current user, the idle timer, sections."""

from __future__ import annotations

from jinja2 import pass_context
from markupsafe import Markup

from portal.auth import session
from portal.i18n import N_, gettext
from portal.i18n.vocabulary import level_options, role_names


def auth_user(request):
    """The logged-in user of the request's tenant (None on pages without a tenant)."""
    if request is None or getattr(request.state, "tenant", None) is None:
        return None
    return session.current_user(request)


def session_seconds_left(request) -> int:
    """For `data-idle-seconds` on <body>: 0 means no idle timer (nobody logged in)."""
    user = auth_user(request)
    return session.remaining_seconds(user, request.app.state.settings) if user else 0


@pass_context
def render_section(context, template: str, data: dict) -> Markup:
    """A registered section's partial with the page's context plus the loader's result."""
    env = context.environment
    return Markup(env.get_template(template).render({**context.get_all(), **data}))


# The `situation` texts of tenants/*/demo-people.toml, so the test login page speaks the user's language.
SITUATION_LABELS = {
    "single": N_("single"),
    "couple": N_("couple"),
    "single parent with children": N_("single parent with children"),
    "under 27": N_("under 27"),
    "AOW age": N_("AOW age"),
    "lives with a housemate over 27": N_("lives with a housemate over 27"),
    "couple with children, part-time work": N_("couple with children, part-time work"),
}


def situation_label(text: str) -> str:
    return gettext(SITUATION_LABELS[text]) if text in SITUATION_LABELS else text


TEMPLATE_GLOBALS = {
    "auth_user": auth_user,
    "session_seconds_left": session_seconds_left,
    "render_section": render_section,
    "role_names": role_names,
    "situation_label": situation_label,
    "levels_options": level_options,
}
