"""Misspelt names: "in Kososvo", "from Tblisi", "near Tskhinvaly" read as the name meant.

Only names that a preposition of place introduces and that no gazetteer name
matches are tried, and only against the names of prominent records (countries,
admin-1 units, macro-regions, assets, admin seats, towns of 15,000 or more): a village list
is too dense for a one-letter slip to point at one village. A name must be
within one edit (two from nine letters on), start with the same letter, and
its nearest names must share a record; the mention then carries the name it was read as,
and resolution treats it as a weak, variant match.
"""

from __future__ import annotations

import functools

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from ._index import VARIANT, NameIndex
from ._mentions import Mention
from ._normalize import match_form, name_key
from ._unknown import unknown_names

_MIN_LETTERS = 5
_PROMINENT_POPULATION = 15_000


class FuzzyNames:
    """The names of prominent records, searchable within an edit or two."""

    def __init__(self, index: NameIndex, prominent: np.ndarray, common_words: frozenset[str]):
        starts, ends = index.ptr[:-1], index.ptr[1:]
        has = np.zeros(len(starts), dtype=bool)
        nonempty = ends > starts
        has[nonempty] = np.logical_or.reduceat(prominent[index.rec], starts[nonempty])
        # by first letter and length: a query reads only the keys it could be within reach of
        self._buckets: dict[tuple[str, int], list[str]] = {}
        for padded, key_id in index.automaton.items():
            key = padded[1:]  # keys are stored after a space (word-start matching)
            if has[key_id] and len(key) >= _MIN_LETTERS and key not in common_words:
                self._buckets.setdefault((key[0], len(key)), []).append(key)
        self._index = index
        self._prominent = prominent

    @functools.lru_cache(maxsize=65536)  # noqa: B019 - one instance per gazetteer; names repeat across a corpus
    def nearest(self, name: str) -> tuple[str, tuple[int, ...]] | None:
        """The nearest prominent name key within reach of *name* and its prominent record rows, or None.

        Several keys at the same distance must name the same records ("Tskhinvaly":
        Tskhinval and Tskhinvali are both Tskhinvali); otherwise the slip is ambiguous.
        """
        key = match_form(name_key(name))  # the form the index keys are stored in
        if len(key) < _MIN_LETTERS or self._index.key_id(key) >= 0:
            return None
        reach = 1 if len(key) < 9 else 2
        near = [k for n in range(len(key) - reach, len(key) + reach + 1) for k in self._buckets.get((key[0], n), ())]
        hits = process.extract(key, near, scorer=DamerauLevenshtein.distance, score_cutoff=reach, limit=6)
        if not hits:
            return None
        best = min(d for _, d, _ in hits)
        shared = None
        for k, d, _ in hits:
            if d == best:
                rows, _ = self._index.entries(self._index.key_id(k))
                found = set(rows[self._prominent[rows]].tolist())
                shared = found if shared is None else shared & found
        if not shared:
            return None
        return min(k for k, d, _ in hits if d == best), tuple(sorted(shared))

    def mentions(self, text: str, taken: list[Mention], ordinary: frozenset[str]) -> list[Mention]:
        """Mentions for the misspelt names of *text* that none of *taken* covers."""
        out = []
        for start, end, name in unknown_names(text, [(m.start, m.end) for m in taken], ordinary, nouns=False):
            if " " in name or not (hit := self.nearest(name)):
                continue
            key, rows = hit
            flags = np.full(len(rows), VARIANT, dtype=np.uint8)
            out.append(Mention(start, end, name, np.array(rows, dtype=np.int64), flags, False, False, False,
                               spelled=key))
        return out
