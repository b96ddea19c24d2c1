"""The name index: every gazetteer name as a key of a MARISA trie pointing at its records.

The trie (:mod:`marisa_trie`) holds all match keys (see :mod:`gazetteer._normalize`),
each led by a space so that a key only matches where a word starts; a key's trie id
indexes three flat arrays (CSR layout) listing the records behind it with per-name
flags. A trie of half a million keys is a 2 MB file that loads memory-mapped, so a
process pays for the pages it reads, not for the whole index.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

import marisa_trie
import numpy as np
import pandas as pd

from ._normalize import match_form, name_key

PRIMARY = 1  #: the key is the record's display name
ACRONYM = 2  #: the name is written in capitals as an abbreviation (BTC, US, NK)
DEMONYM = 4  #: the key is a demonym of the record (Russian -> Russia)
VARIANT = 8  #: the key was derived (apostrophes dropped, hyphen as space)
BARE = 16  #: an asset's one-word core without its head ("Bagram", "Natanz"): the context must say it is the asset



@dataclass(frozen=True)
class NameIndex:
    """The key trie plus the CSR arrays behind each key id (the key's trie id)."""

    trie: marisa_trie.Trie
    ptr: np.ndarray  # key id -> slice start in rec/flags; len = n_keys + 1
    rec: np.ndarray  # record row numbers
    flags: np.ndarray  # PRIMARY | ACRONYM | DEMONYM | VARIANT per (key, record)
    longest: int  # characters in the longest key

    def entries(self, key_id: int) -> tuple[np.ndarray, np.ndarray]:
        """Record rows and flags behind *key_id*."""
        ptr = self._ptr
        s, e = ptr[key_id], ptr[key_id + 1]
        return self.rec[s:e], self.flags[s:e]

    @functools.cached_property
    def _ptr(self) -> memoryview:
        """``ptr`` read as Python ints (half the cost of numpy scalars, for every hit of every text)."""
        return np.ascontiguousarray(self.ptr, dtype=np.int64).data

    def key_id(self, name: str) -> int:
        """The key id of an exact (normalised) name, or -1."""
        return self.trie.get(" " + match_form(name_key(name)), -1)

    def search_prefix(self, prefix: str) -> Iterator[tuple[str, int]]:
        """``(key, key id)`` of every key that starts with *prefix* (normalised)."""
        for key, key_id in self.trie.iteritems(" " + match_form(name_key(prefix))):
            yield key[1:], key_id

    def lookup(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """Record rows and flags for an exact (normalised) name."""
        key_id = self.key_id(name)
        if key_id < 0:
            return np.empty(0, np.int64), np.empty(0, np.uint8)
        return self.entries(key_id)

    def hits(self, padded: str) -> list[tuple[int, int, int]]:
        """``(start, end, key id)`` of every key in *padded* (match form, led and ended by a space)
        that ends on a word boundary; offsets are those of *padded* less its leading space."""
        out = []
        prefixes, key_id, width = self.trie.prefixes, self.trie.__getitem__, self.longest
        for p in _word_starts(padded):
            for key in prefixes(padded[p : p + width]):
                end = p + len(key)
                if not padded[end].isalnum():
                    out.append((p, end - 1, key_id(key)))
        return out


def _word_starts(padded: str) -> list[int]:
    """Offsets of the spaces in *padded* that a word follows (where a key may start)."""
    space = np.frombuffer(padded.encode("utf-32-le", "surrogatepass"), dtype=np.uint32) == 0x20
    return np.flatnonzero(space[:-1] & ~space[1:]).tolist()


_DOTTED = re.compile(r"[A-Z][a-z]{1,4}\.|(?:[A-Z]\.){2,3}|[A-Z]\.[A-Z][a-z]\.")


def _is_acronym(name: str) -> bool:
    """An abbreviation: BTC, U.S., and the dotted forms of state names (Ky., Calif., W.Va.)."""
    letters = name.replace(".", "")
    return (2 <= len(letters) <= 5 and letters.isalpha() and letters.isupper()) or bool(_DOTTED.fullmatch(name))


def _name_rows(names: pd.Series, display: pd.Series, demonyms: pd.DataFrame, row_of: dict[str, int],
               bare: dict[int, set[str]]):
    """Yield (key, record row, flags) for every name, variant and demonym."""
    display_keys = display.map(name_key).to_numpy()
    for row, (row_names, dkey) in enumerate(zip(names.to_numpy(), display_keys)):
        if row_names is None:
            continue
        cores = bare.get(row, ())
        for name in row_names:
            key = name_key(name)
            if len(key) < 2:
                continue
            flag = (PRIMARY if key == dkey else 0) | (ACRONYM if _is_acronym(name) else 0) | (BARE if key in cores else 0)
            yield key, row, flag
            for variant in {key.replace("'", ""), key.replace("-", " ")} - {key}:
                yield variant, row, flag | VARIANT
    for demonym, record_id in zip(demonyms["demonym"], demonyms["record_id"]):
        demonym_row = row_of.get(record_id)
        if demonym_row is not None:
            yield name_key(demonym), demonym_row, DEMONYM


def build_index(names: pd.Series, display: pd.Series, ids: pd.Series, demonyms: pd.DataFrame,
                cores: dict[str, str] | None = None) -> NameIndex:
    """Build the index from the store's ``names``, ``name`` and ``id`` columns.

    *cores* (asset id -> ``|``-joined core names, see :mod:`gazetteer._assets`) marks an
    asset's one-word cores :data:`BARE`.
    """
    row_of = {rid: i for i, rid in enumerate(ids)}
    bare = {row_of[rid]: {k for k in map(name_key, value.split("|")) if k and " " not in k and "-" not in k}
            for rid, value in (cores or {}).items() if rid in row_of and value}
    triples = pd.DataFrame(
        _name_rows(names, display, demonyms, row_of, bare), columns=["key", "row", "flag"]
    )
    # One entry per (key, record): keep the strongest evidence (no VARIANT beats VARIANT).
    triples["rank"] = (triples["flag"] & VARIANT == 0).astype(int) * 16 + triples["flag"]
    triples = (
        triples.sort_values(["key", "row", "rank"], ascending=[True, True, False])
        .drop_duplicates(["key", "row"])
        .reset_index(drop=True)
    )
    # A key of three letters or fewer only ever matches as an abbreviation (see
    # gazetteer._mentions); keys with no abbreviation among their names never match.
    letters = triples["key"].str.replace(r"[. ]", "", regex=True).str.len()
    has_acronym = (triples["flag"] & ACRONYM > 0).groupby(triples["key"]).transform("any")
    triples = triples[(letters > 3) | has_acronym]
    # Match form, led by a space: a key matches only where a word starts.
    triples = triples.assign(key=" " + triples["key"].map(match_form))
    triples = (
        triples.sort_values(["key", "row", "rank"], ascending=[True, True, False])
        .drop_duplicates(["key", "row"])
        .reset_index(drop=True)
    )
    keys, starts = np.unique(triples["key"].to_numpy(), return_index=True)
    counts = np.diff(np.append(starts, len(triples)))
    trie = marisa_trie.Trie(keys.tolist())
    # Lay the entries out in the trie's own key order, so a key's trie id indexes them.
    trie_id = np.fromiter((trie[k] for k in keys), np.int64, len(keys))
    order = np.argsort(trie_id)
    entry_order = np.argsort(np.repeat(trie_id, counts), kind="stable")
    return NameIndex(
        trie,
        np.concatenate(([0], np.cumsum(counts[order]))).astype(np.int64),
        triples["row"].to_numpy(np.int64)[entry_order],
        triples["flag"].to_numpy(np.uint8)[entry_order],
        int(max((len(k) for k in keys), default=0)),
    )
