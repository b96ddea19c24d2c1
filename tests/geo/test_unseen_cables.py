"""Cables the tool has never seen: damaged copies of real ones map, or fail in one line."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gazetteer import Gazetteer
from geo.analysis import analyse
from geo.cable.reader import parse_cable
from geo.errors import CablemapError
from geo.render import map_html

SEED = (Path(__file__).parents[1] / "data" / "cables" / "08BAKU812.txt").read_text(encoding="utf-8")


@st.composite
def damaged(draw) -> str:
    """The seed cut, spliced, re-cased and sprinkled with junk, as real copies are."""
    text = SEED
    a = draw(st.integers(0, len(text)))
    b = draw(st.integers(a, len(text)))
    text = draw(st.sampled_from([text[:b], text[a:], text[:a] + text[b:], text]))
    if draw(st.booleans()):
        text = text.upper()
    junk = draw(st.text(max_size=40))
    at = draw(st.integers(0, len(text)))
    return text[:at] + junk + text[at:]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged())
def test_damaged_cables_map_or_fail_with_a_one_line_error(text):
    try:
        html = map_html(analyse(parse_cable(text, "damaged.txt"), ["South Ossetia+20km"], 100.0, Gazetteer.bundled()))
    except CablemapError as e:
        assert "\n" not in str(e) and str(e)
    else:
        assert html.startswith("<!DOCTYPE html>") and "leaflet" in html
