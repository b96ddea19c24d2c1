"""Text from cables and data files is inert wherever the map puts it."""

from __future__ import annotations

import html
import json
import math
import re

from hypothesis import given
from hypothesis import strategies as st
from maps_seed import PAYLOAD, Inputs, hostile_inputs

import maps
from maps._escape import escape
from maps._js import literal
from maps._popups import Citation, highlight, place_popup


def test_escape_neutralises_html_and_template_literal_syntax() -> None:
    out = escape(PAYLOAD)
    assert out == (
        "&lt;/script&gt;&lt;img src=x onerror=&quot;window.__xss=1&quot;&gt;&#36;{window.__xss=2}&#96; &#92; end"
    )


@given(st.text())
def test_escape_leaves_no_active_character_and_round_trips(s: str) -> None:
    out = escape(s)
    assert not set(out) & set("<>\"'`$\\")
    assert html.unescape(out) == s


def test_escape_of_missing_values_is_empty() -> None:
    assert escape(None) == ""
    assert escape(math.nan) == ""
    assert escape(0.5) == "0.5"


@given(st.text())
def test_js_literal_never_closes_a_script_and_decodes_to_the_same_text(s: str) -> None:
    out = literal({"html": s})
    assert "</" not in out and "<!--" not in out and "<" not in out and "`" not in out and "$" not in out
    assert json.loads(out) == {"html": s}


def test_highlight_marks_whole_words_case_insensitively_across_line_breaks() -> None:
    sentence = "The current buffer zones around South\nOssetia and Abkhazia include key ports."
    out = highlight(sentence, ["South Ossetia", "abkhazia"])
    assert out == (
        "The current buffer zones around <mark>South\nOssetia</mark> and <mark>Abkhazia</mark> include key ports."
    )
    assert highlight("the Georgian port city", ["Georgia"]).count("<mark>") == 1  # not found: appended
    assert highlight("the Georgian port city", ["Georgia"]).endswith("[<mark>Georgia</mark>]")


def test_highlight_escapes_the_sentence_around_the_mark() -> None:
    out = highlight(f"Near {PAYLOAD} Poti", [PAYLOAD])
    assert "<mark>&lt;/script&gt;&lt;img" in out
    assert "<img" not in out and "${" not in out and "`" not in out


def test_long_sentence_is_cut_around_the_mention() -> None:
    sentence = "word " * 200 + "Kulevi oil terminal" + " word" * 200
    out = highlight(sentence, ["Kulevi"])
    assert "<mark>Kulevi</mark>" in out
    assert out.startswith("…") and out.endswith("…")
    assert len(out) < 400


def test_popup_caps_citations_and_counts_the_rest() -> None:
    cites = [Citation(f"¶{i} (C)", f"Russia did {i}.", ("Russia",)) for i in range(1, 12)]
    popup = place_popup(
        name="Russia",
        source="ne:RUS",
        kind="country",
        confidence=0.99,
        reason="country name",
        accuracy_m=10000,
        demonym_only=False,
        citations=cites,
    )
    assert popup.count("<li>") == 8
    assert "+3 more" in popup
    assert "¶8 (C)" in popup and "¶9 (C)" not in popup


def test_hostile_inputs_leave_no_markup_or_template_syntax_in_the_document(seed: Inputs) -> None:
    html = maps.to_html(maps.cable_map(**hostile_inputs(seed)))
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    ours = [body for attrs, body in scripts if "data-cablemap-asset" not in attrs]
    assert html.count("<script") == html.count("</script>") == len(scripts)
    assert len(ours) == 2  # folium's flags and the map; the rest are Leaflet and its plugins
    assert "<img" not in html and 'onerror="' not in html
    assert "${window" not in html and "`" not in "".join(ours)
