"""The name index's keys in one Aho–Corasick automaton, for processes that read many texts.

:meth:`NameIndex.hits <gazetteer._index.NameIndex.hits>` asks the MARISA trie for the
prefixes of every word start, one call per word. :mod:`ahocorasick` (pyahocorasick) finds
every key of a text in one pass in C, three times faster, but its automaton takes about
0.8 s and 120 MB to build: worth it in a corpus worker or a long geoparse run, not for one
cable. Both give the same hits.
"""

from __future__ import annotations

import ahocorasick

from ._index import NameIndex

#: A key's value packs its length above its trie id (ids stay below 2**24).
_ID_BITS = 24


class KeyAutomaton:
    """Every key of *index* (led by its space), each with its trie id and length."""

    def __init__(self, index: NameIndex) -> None:
        automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        for key, key_id in index.trie.iteritems():
            if key_id >= 1 << _ID_BITS:
                raise ValueError(f"a name index of {len(index.trie)} keys is too big for the automaton")
            automaton.add_word(key, len(key) << _ID_BITS | key_id)
        automaton.make_automaton()
        self._automaton = automaton

    def hits(self, padded: str) -> list[tuple[int, int, int]]:
        """The hits :meth:`NameIndex.hits <gazetteer._index.NameIndex.hits>` finds in *padded*, ordered by where
        they end (the trie orders them by where they start)."""
        out = []
        mask = (1 << _ID_BITS) - 1
        for last, value in self._automaton.iter(padded):
            end = last + 1
            if not padded[end].isalnum():
                out.append((end - (value >> _ID_BITS), last, value & mask))
        return out
