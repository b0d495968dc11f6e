"""The portal's template gettext renders exactly as Jinja's own new-style gettext, without
copying the template's variables for every call made inside a loop."""

from jinja2 import DictLoader, Environment
from jinja2.runtime import Context

from portal import i18n
from portal.i18n.jinja import configure_environment

# A variable set inside the loop is what makes Jinja derive a context per call.
TEMPLATE = """{% for person in people %}{% set row = loop.index %}
<td data-label="{{ _('Name') }}">{{ _("%(name)s wrote", name=person) }} {{ _("100%% sure") }}
{{ ngettext("%(num)s case", "%(num)s cases", row, who=person) }}</td>
{% endfor %}{% autoescape false %}{{ _("%(name)s wrote", name=people[0]) }}{% endautoescape %}"""
PEOPLE = ["<b>Sanne</b> & co", "Ravi"]


def _jinja_own() -> Environment:
    env = Environment(loader=DictLoader({"page.html": TEMPLATE}), autoescape=True, extensions=["jinja2.ext.i18n"],
                      trim_blocks=True, lstrip_blocks=True)
    env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]
    return env


def _portal() -> Environment:
    env = Environment(loader=DictLoader({"page.html": TEMPLATE}))
    configure_environment(env, {})
    return env


def test_same_output_as_jinjas_gettext_escaping_included():
    with i18n.use_locale("nl"):
        expected = _jinja_own().get_template("page.html").render(people=PEOPLE)
        rendered = _portal().get_template("page.html").render(people=PEOPLE)
    assert "&lt;b&gt;Sanne&lt;/b&gt; &amp; co" in rendered and "100% sure" in rendered
    assert "<b>Sanne</b> & co" in rendered  # the unescaped block stays unescaped
    assert rendered == expected


def test_a_call_in_a_loop_makes_no_derived_context(monkeypatch):
    derived = []
    original = Context.derived
    monkeypatch.setattr(Context, "derived", lambda self, *a, **k: derived.append(1) or original(self, *a, **k))
    _jinja_own().get_template("page.html").render(people=PEOPLE)
    assert derived  # Jinja's own copies the context for each call in the loop
    derived.clear()
    _portal().get_template("page.html").render(people=PEOPLE)
    assert derived == []
