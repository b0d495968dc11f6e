"""Jinja2 set-up shared by pages, mails and letters: strict undefined, Babel gettext,
locale-aware filters, and the globals the domains bring."""

from __future__ import annotations

from typing import Any, Callable, Mapping

from jinja2 import Environment, StrictUndefined, pass_context, pass_eval_context
from markupsafe import Markup

from portal import i18n

def _ctx_locale(context) -> str:
    request = context.get("request")
    state = getattr(request, "state", None)
    return getattr(state, "locale", None) or i18n.get_locale()


def _locale_filter(fn: Callable) -> Callable:
    # Filters must read the locale at render time: Jinja folds filters on constants
    # at compile time, which would freeze the first request's language.
    @pass_context
    def wrapper(context, value, *args, **kwargs):
        return fn(value, *args, locale=_ctx_locale(context), **kwargs)

    return wrapper


def _newstyle_gettext(func: Callable) -> Callable:
    """Jinja's new-style gettext (`jinja2.ext._make_new_gettext`), handed the evaluation
    context instead of the whole context: the same output, but a call inside a loop no
    longer copies every template variable into a derived context first (a work queue
    page makes ~400 such calls; the copies were a tenth of its time)."""

    @pass_eval_context
    def gettext(__eval_ctx, __string: str, **variables: Any) -> str:
        rv = func(__string)
        if __eval_ctx.autoescape:
            rv = Markup(rv)
        # Always a format string, as Jinja's own: "%%" is "%" with or without variables.
        return rv % variables

    return gettext


def _newstyle_ngettext(func: Callable) -> Callable:
    @pass_eval_context
    def ngettext(__eval_ctx, __singular: str, __plural: str, __num: int, **variables: Any) -> str:
        variables.setdefault("num", __num)
        rv = func(__singular, __plural, __num)
        if __eval_ctx.autoescape:
            rv = Markup(rv)
        return rv % variables

    return ngettext


def configure_environment(env: Environment, template_globals: Mapping[str, Any]) -> None:
    """`template_globals` are the ones the domains bring (`Registry.template_globals`)."""
    env.undefined = StrictUndefined
    env.autoescape = True
    env.trim_blocks = True
    env.lstrip_blocks = True
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]
    # The same callables without the per-call context copy (see _newstyle_gettext); `_` is
    # the extension's alias for `gettext`, which looked it up in the context on every call.
    env.globals["gettext"] = env.globals["_"] = _newstyle_gettext(i18n.gettext)
    env.globals["ngettext"] = _newstyle_ngettext(i18n.ngettext)
    env.filters["money"] = _locale_filter(i18n.format_money)
    env.filters["date"] = _locale_filter(i18n.format_date)
    env.filters["datetime"] = _locale_filter(i18n.format_datetime)
    env.filters["time"] = _locale_filter(i18n.format_time)
    env.filters["list_of"] = _locale_filter(i18n.format_list)
    # A reference, IBAN or phone number inside right-to-left text keeps its own order.
    env.filters["ltr"] = _locale_filter(i18n.ltr)
    env.globals["comma"] = pass_context(lambda context: i18n.comma(_ctx_locale(context)))
    env.globals["LOCALE_NAMES"] = i18n.LOCALE_NAMES
    env.globals["text_direction"] = i18n.text_direction
    env.globals.update(template_globals)
