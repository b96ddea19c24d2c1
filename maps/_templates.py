"""The Jinja2 environment of maps' own templates (``maps/templates``): autoescaped, and strict.

Our templates are files of this package; text from cables and data files reaches them only
as variables and is never compiled as a template. Every ``{{ value }}`` is escaped as
:func:`maps._escape.escape` does (the environment's ``finalize``), then handed to
autoescape as :class:`~markupsafe.Markup`, so it is escaped exactly once. markupsafe's own
escape is not used because its output differs (``&#39;``/``&#34;`` where the maps have always
written ``&#x27;``/``&quot;``) and it leaves `` ` ``, ``$`` and ``\\`` alone, which must be inert in
the JavaScript template literals folium builds. ``|e`` and ``|escape`` are the same escape;
``|js`` writes a value as a script-safe JavaScript literal (:func:`maps._js.literal`).
"""

from __future__ import annotations

from collections.abc import Callable

from jinja2 import Environment, PackageLoader, StrictUndefined, Template
from markupsafe import Markup

from ._escape import escape
from ._js import literal


def escaped(value: object) -> Markup:
    """*value* as markup: markup is kept as it is, anything else is escaped with :func:`escape`."""
    if hasattr(value, "__html__"):
        return Markup(value.__html__())
    return Markup(escape(value))


def js(value: object) -> Markup:
    """*value* as a JavaScript literal for an inline ``<script>`` (never for an HTML attribute)."""
    return Markup(literal(value))


ENV = Environment(
    loader=PackageLoader("maps", "templates"),
    autoescape=True,
    finalize=escaped,
    keep_trailing_newline=True,
    auto_reload=False,
    undefined=StrictUndefined,
)
ENV.filters.update(e=escaped, escape=escaped, js=js)


def template(name: str) -> Template:
    """The template ``maps/templates/<name>``."""
    return ENV.get_template(name)


def macro(name: str, template_name: str) -> Callable[..., Markup]:
    """The macro *name* of a template that holds only macros (it returns :class:`~markupsafe.Markup`)."""
    return getattr(template(template_name).module, name)
