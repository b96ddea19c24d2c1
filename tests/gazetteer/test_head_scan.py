"""The narrowed head scan finds exactly what the head pattern finds everywhere."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gazetteer._assets import _HEAD_RE, _heads

#: Head words, their pieces and neighbours, in several cases, with the separators that decide a match.
_PIECES = st.sampled_from([
    "Air Base", "AIR BASE", "airbase", "AB", "ab", "AFB", "about", "mine", "MINE", "gold", "iron ore", "NPP", "npp",
    "nuclear", "power", "plant", "station", "reactor", "Dam", "dam", "damage", "HPP", "oil", "gas", "field",
    "fields", "terminal", "LNG", "port", "Port", "seaport", "harbour", "pipeline", "refinery", "steel", "works",
    "Manas", "Mosul", "İzmir", "ſea", "Straße", "x", "-", " ", "  ", "\t", "\n", ".", ",", "(", "_", "1",
])


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=25).map("".join))
def test_the_narrowed_scan_equals_the_full_scan(text: str) -> None:
    def spans(matches):
        return [(m.start(), m.end(), m.lastgroup) for m in matches]

    assert spans(_heads(text)) == spans(_HEAD_RE.finditer(text))


def test_a_cable_sentence() -> None:
    text = "Russian troops near Poti port and the Kulevi oil terminal; Gyumri AB and the Enguri HPP."
    assert [text[m.start():m.end()] for m in _heads(text)] == ["port", "oil terminal", "AB", "HPP"]
