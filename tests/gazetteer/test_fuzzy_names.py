"""The Levenshtein pre-pass of :func:`gazetteer._fuzzy.nearest_names` keeps exactly what the plain
Damerau-Levenshtein search finds, ties and their order included."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from gazetteer._fuzzy import nearest_names

# a small alphabet makes near names, transpositions and ties common
_WORDS = st.text(alphabet="abtsilk", min_size=1, max_size=10)


def _plain(key: str, choices: list[str], reach: int, limit: int) -> list[tuple[str, int]]:
    found = process.extract(key, choices, scorer=DamerauLevenshtein.distance, score_cutoff=reach, limit=limit)
    return [(choice, int(distance)) for choice, distance, _ in found]


@settings(max_examples=400, deadline=None)
@given(_WORDS, st.lists(_WORDS, max_size=60), st.integers(1, 2), st.integers(1, 6))
def test_the_pre_pass_keeps_what_the_plain_search_finds(key, choices, reach, limit):
    assert nearest_names(key, choices, reach, limit) == _plain(key, choices, reach, limit)


def test_a_transposition_is_one_edit_and_ties_keep_their_order():
    choices = ["tbilisi", "tbilsii", "tiblisi", "batumi", "tbilisk"]
    assert nearest_names("tblisi", choices, 1) == [("tbilisi", 1), ("tiblisi", 1)]
    assert nearest_names("tbilisi", choices, 1, limit=2) == [("tbilisi", 0), ("tbilsii", 1)]

