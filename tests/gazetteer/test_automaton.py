"""The Aho–Corasick automaton finds exactly the hits of the MARISA trie, so a corpus worker finds what a
single run finds."""

from __future__ import annotations

import copy
import itertools
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gazetteer import Context, Gazetteer
from gazetteer._automaton import KeyAutomaton
from gazetteer._normalize import match_form, normalize_text
from geo.cable import read_cable

CABLES = sorted((Path(__file__).parents[1] / "data" / "cables").glob("*.txt"))


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.bundled()


@pytest.fixture(scope="module")
def automaton(gaz: Gazetteer) -> KeyAutomaton:
    return KeyAutomaton(gaz.index)


def _padded(text: str) -> str:
    return " " + match_form(normalize_text(text)[0]) + " "


def _words(gaz: Gazetteer) -> list[str]:
    """Names of the store, their first words and everyday words: texts made of them are full of hits."""
    names = ["Baku-Tbilisi-Ceyhan", "South Ossetia", "Poti", "Gori", "Kulevi", "Manas Air Base", "Nord Stream",
             "Mosul Dam", "St. Petersburg", "Côte d'Ivoire", "U.S.", "the", "and", "NEW", "York", "San", "José"]
    return names + [key for key, _ in itertools.islice(gaz.index.search_prefix("tbil"), 20)]


def test_same_hits_as_the_trie_on_real_cables(gaz: Gazetteer, automaton: KeyAutomaton) -> None:
    for path in CABLES:
        padded = _padded(path.read_text(encoding="utf-8"))
        want = gaz.index.hits(padded)
        assert len(want) > 5, path.name  # a real cable names things: the comparison is not vacuous
        assert sorted(automaton.hits(padded)) == sorted(want), path.name


def test_same_hits_on_random_runs_of_names(gaz: Gazetteer, automaton: KeyAutomaton) -> None:
    words = _words(gaz)
    rng = random.Random(11)
    for _ in range(300):
        text = "".join(rng.choice(words) + rng.choice([" ", "  ", "-", ", ", "\n", "'s ", ".", ""])
                       for _ in range(rng.randint(1, 30)))
        padded = _padded(text)
        assert sorted(automaton.hits(padded)) == sorted(gaz.index.hits(padded)), text


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200))
def test_same_hits_on_any_text(gaz: Gazetteer, automaton: KeyAutomaton, text: str) -> None:
    padded = _padded(text)
    assert sorted(automaton.hits(padded)) == sorted(gaz.index.hits(padded))


def test_a_gazetteer_prepared_for_many_texts_finds_the_same(gaz: Gazetteer) -> None:
    fast = copy.copy(gaz)  # the shared bundled gazetteer stays as it is
    fast.prepare_for_many_texts()
    assert fast._lexicon.automaton is not None and gaz._lexicon.automaton is None
    for path in CABLES:
        cable = read_cable(path)
        ctx = Context(countries=tuple(cable.countries))
        want = gaz.find(cable.searchable_text(), ctx)
        assert fast.find(cable.searchable_text(), ctx) == want, path.name
