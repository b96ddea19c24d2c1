"""What the mention finder knows: the name index, what each name's records have in common, English words."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._automaton import KeyAutomaton
from ._index import DEMONYM, NameIndex


@dataclass(frozen=True)
class KeyFacts:
    """Per name key, what its records have in common (arrays by key id)."""

    any_flags: np.ndarray  #: OR of the name flags of the key's records
    any_place: np.ndarray  #: some record is a populated place
    any_local: np.ndarray  #: some record is a place, admin-1/2 unit or physical feature (Paul, James, Nelson)
    any_big_place: np.ndarray  #: some record is a city of 100,000 or more
    any_strong: np.ndarray  #: some record is a country, breakaway or macro-region

    @classmethod
    def of(cls, index: NameIndex, is_place: np.ndarray, big_place: np.ndarray, strong: np.ndarray,
           local: np.ndarray) -> KeyFacts:
        """Aggregate the record arrays over each key's entries."""
        starts = index.ptr[:-1]
        nonempty = index.ptr[1:] > starts

        def any_of(values: np.ndarray) -> np.ndarray:
            out = np.zeros(len(starts), dtype=bool)
            out[nonempty] = np.logical_or.reduceat(values[index.rec], starts[nonempty])
            return out

        flags = np.zeros(len(starts), dtype=np.uint8)
        flags[nonempty] = np.bitwise_or.reduceat(index.flags, starts[nonempty])
        return cls(flags, any_of(is_place), any_of(local), any_of(big_place), any_of(strong))


@dataclass(frozen=True)
class Lexicon:
    """The names and words :func:`gazetteer._mentions.find_mentions` reads a text with."""

    index: NameIndex
    facts: KeyFacts  #: per name key: places among its records, big cities ("Moscow said"), strong records
    is_place: np.ndarray  #: per record: a populated place (its name is often a person's too)
    #: per record: what a person's name beside it rules out (places, admin-1/2 units, rivers:
    #: "Vladimir Putin", "James Knight")
    is_local: np.ndarray
    common_words: frozenset[str]  #: name keys that are also ordinary English words
    ordinary: frozenset[str]  #: lower-case English words: next to a name no first name ("Outside Gori")
    everyday: frozenset[str]  #: those of *ordinary* that are everyday words, not merely in a dictionary
    automaton: KeyAutomaton | None = None  #: the index's keys for many texts (see :mod:`gazetteer._automaton`)

    def hits(self, padded: str) -> list[tuple[int, int, int]]:
        """The index's hits in *padded* (see :meth:`NameIndex.hits`), by the automaton when there is one."""
        return (self.automaton or self.index).hits(padded)

    def names_something(self, word: str) -> bool:
        """Whether *word* is a demonym or the name of a strong record ("Russian", "Georgia")."""
        key_id = self.index.key_id(word)
        return key_id >= 0 and bool(self.facts.any_flags[key_id] & DEMONYM or self.facts.any_strong[key_id])
