"""maps' own templates: all load, values are escaped once (as :func:`maps._escape.escape` does), data is never run."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from maps_seed import PAYLOAD
from markupsafe import Markup

from maps._escape import escape
from maps._js import literal
from maps._popups import asset_popup, tooltip
from maps._templates import ENV

TEMPLATE_SYNTAX = "{{ 7 * 7 }} {% if 1 %}RAN{% endif %} {# c #}"


def test_every_template_compiles() -> None:
    names = ENV.list_templates()
    assert {"popups.html", "blocks.html", "briefing.html", "corpus_map.html", "cablemap.css"} <= set(names)
    for name in names:
        ENV.get_template(name)


@given(st.text())
def test_a_value_is_escaped_as_escape_does(s: str) -> None:
    page = ENV.from_string("{{ v }}|{{ v|e }}|{{ v|escape }}")
    assert page.render(v=s) == "|".join([escape(s)] * 3)


def test_markup_is_not_escaped_twice_and_js_values_are_script_safe() -> None:
    assert ENV.from_string("{{ v }}{{ v|e }}").render(v=Markup("<b>&amp;</b>")) == "<b>&amp;</b>" * 2
    assert ENV.from_string("{{ v|js }}").render(v={"html": PAYLOAD}) == literal({"html": PAYLOAD})


def test_quotes_are_written_as_the_maps_always_wrote_them() -> None:
    assert tooltip("O'Neil \"Pier\"") == "O&#x27;Neil &quot;Pier&quot;"


def test_template_syntax_in_data_is_shown_not_run() -> None:
    popup = asset_popup(name=TEMPLATE_SYNTAX, subkind="port", source=PAYLOAD, accuracy_m=None, note=TEMPLATE_SYNTAX,
                        mentioned=False, exposure=TEMPLATE_SYNTAX)
    assert popup.count(escape(TEMPLATE_SYNTAX)) == 3
    assert "49" not in popup and popup.count("RAN") == popup.count("{% if 1 %}RAN")
    assert "<img" not in popup and "${" not in popup
