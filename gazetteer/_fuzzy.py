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
import itertools
from dataclasses import dataclass

import numpy as np

from ._index import VARIANT, NameIndex
from ._mentions import Mention
from ._normalize import match_form, name_key
from ._unknown import unknown_names

_MIN_LETTERS = 5
_PROMINENT_POPULATION = 15_000


@dataclass(frozen=True)
class KeyBuckets:
    """The name keys of prominent records by first letter and length: a query reads only
    the keys it could be within reach of. One newline-joined string holds them all,
    bucket after bucket (sorted within each); *spans* gives each bucket's character span."""

    text: str
    spans: dict[str, tuple[int, int]]  #: "first letter|length" -> (start, end) in *text*

    @classmethod
    def of(cls, index: NameIndex, prominent: np.ndarray) -> KeyBuckets:
        """The buckets of the keys that name a prominent record."""
        starts, ends = index.ptr[:-1], index.ptr[1:]
        has = np.zeros(len(starts), dtype=bool)
        nonempty = ends > starts
        has[nonempty] = np.logical_or.reduceat(prominent[index.rec], starts[nonempty])
        keys = [index.trie.restore_key(k)[1:] for k in np.flatnonzero(has).tolist()]  # stored after a space
        keys = sorted((k for k in keys if len(k) >= _MIN_LETTERS), key=lambda k: (k[0], len(k), k))
        spans: dict[str, tuple[int, int]] = {}
        pieces: list[str] = []
        at = 0
        for (first, length), group in itertools.groupby(keys, key=lambda k: (k[0], len(k))):
            piece = "\n".join(group)
            spans[f"{first}|{length}"] = (at, at + len(piece))
            pieces.append(piece)
            at += len(piece) + 1
        return cls("\n".join(pieces), spans)

    def bucket(self, first: str, length: int) -> list[str]:
        """The keys starting with *first* of *length* characters."""
        span = self.spans.get(f"{first}|{length}")
        return self.text[span[0] : span[1]].split("\n") if span else []


def nearest_names(key: str, choices: list[str], reach: int, limit: int = 6) -> list[tuple[str, int]]:
    """``(choice, distance)`` of what ``rapidfuzz.process.extract(key, choices, scorer=DamerauLevenshtein.distance,
    score_cutoff=reach, limit=limit)`` finds, three times faster.

    Levenshtein counts a transposition as two edits, never more: a choice within *reach* of *key*
    in Damerau-Levenshtein is within twice that in Levenshtein, which rapidfuzz checks bit-parallel.
    Only those go to the exact measure, in their order, so that ties fall as before.
    """
    from rapidfuzz import process  # only a text with an unknown name pays for the import
    from rapidfuzz.distance import DamerauLevenshtein, Levenshtein

    within = sorted(i for _, _, i in process.extract(key, choices, scorer=Levenshtein.distance,
                                                     score_cutoff=2 * reach, limit=None))
    found = process.extract(key, [choices[i] for i in within], scorer=DamerauLevenshtein.distance,
                            score_cutoff=reach, limit=limit)
    return [(choice, int(distance)) for choice, distance, _ in found]


class FuzzyNames:
    """The names of prominent records, searchable within an edit or two."""

    def __init__(self, index: NameIndex, prominent: np.ndarray, common_words: frozenset[str], buckets: KeyBuckets):
        self._buckets = buckets
        self._common = common_words
        self._index = index
        self._prominent = prominent

    @functools.lru_cache(maxsize=1024)  # noqa: B019 - one instance per gazetteer; a few hundred buckets in all
    def _candidates(self, first: str, length: int) -> tuple[str, ...]:
        """The keys a name starting with *first* of *length* characters may be a slip of: no common words."""
        return tuple(k for k in self._buckets.bucket(first, length) if k not in self._common)

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
        near = [k for n in range(len(key) - reach, len(key) + reach + 1) for k in self._candidates(key[0], n)]
        hits = nearest_names(key, near, reach)
        if not hits:
            return None
        best = min(d for _, d in hits)
        shared = None
        for k, d in hits:
            if d == best:
                rows, _ = self._index.entries(self._index.key_id(k))
                found = set(rows[self._prominent[rows]].tolist())
                shared = found if shared is None else shared & found
        if not shared:
            return None
        return min(k for k, d in hits if d == best), tuple(sorted(shared))

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
