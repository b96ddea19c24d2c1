"""The narrowed head scan finds exactly what the head pattern finds everywhere."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gazetteer._assets import _HEAD_RE, _PORT_OF, _heads, _ports_of

#: Head words, their pieces and neighbours, in several cases, with the separators that decide a match.
_PIECES = st.sampled_from([
    "Air Base", "AIR BASE", "airbase", "AB", "ab", "AFB", "about", "mine", "MINE", "gold", "iron ore", "NPP", "npp",
    "nuclear", "power", "plant", "station", "reactor", "Dam", "dam", "damage", "HPP", "oil", "gas", "field",
    "fields", "terminal", "LNG", "port", "Port", "seaport", "harbour", "pipeline", "refinery", "steel", "works",
    "of", "OF", "Poti", "report", "PORT OF", "Port of", "Manas", "Mosul", "İzmir", "ſea", "Straße", "x", "-", " ", "  ", "\t", "\n", ".", ",", "(", "_", "1",
])


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=25).map("".join))
def test_the_narrowed_scan_equals_the_full_scan(text: str) -> None:
    def spans(matches):
        return [(m.start(), m.end(), m.lastgroup) for m in matches]

    assert spans(_heads(text, text.casefold())) == spans(_HEAD_RE.finditer(text))
    assert spans(_ports_of(text, text.casefold())) == spans(_PORT_OF.finditer(text))


def test_a_cable_sentence() -> None:
    text = "Russian troops near Poti port and the Kulevi oil terminal; Gyumri AB and the Enguri HPP."
    assert [text[m.start():m.end()] for m in _heads(text, text.casefold())] == ["port", "oil terminal", "AB", "HPP"]


def test_the_port_of_a_city_but_not_a_report_of_it() -> None:
    text = "A report of shelling at the port of Poti; PORT OF BATUMI; sport of kings; Port\nof Tartus."
    assert [m[0] for m in _ports_of(text, text.casefold())] == ["port of ", "PORT OF ", "Port\nof "]
