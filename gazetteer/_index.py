"""The name index: every gazetteer name as an Aho-Corasick key pointing at its records.

One automaton holds all match keys (see :mod:`gazetteer._normalize`); each key maps
to an integer key id, and three flat arrays (CSR layout) list the records behind a
key with per-name flags. Building it over the bundled store takes a few seconds, so
the index is cached on disk next to nothing of the user's data
(``$CABLEMAP_CACHE`` or ``~/.cache/cablemap``), keyed by a hash of the store files.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from pathlib import Path

import ahocorasick
import numpy as np
import pandas as pd

from ._normalize import match_form, name_key

#: Bump when the key layout or flags change, so stale caches are rebuilt.
INDEX_VERSION = 8

PRIMARY = 1  #: the key is the record's display name
ACRONYM = 2  #: the name is written in capitals as an abbreviation (BTC, US, NK)
DEMONYM = 4  #: the key is a demonym of the record (Russian -> Russia)
VARIANT = 8  #: the key was derived (apostrophes dropped, hyphen as space)
BARE = 16  #: an asset's one-word core without its head ("Bagram", "Natanz"): the context must say it is the asset


@dataclass(frozen=True)
class NameIndex:
    """Aho-Corasick automaton plus the CSR arrays behind each key id."""

    automaton: ahocorasick.Automaton
    ptr: np.ndarray  # key id -> slice start in rec/flags; len = n_keys + 1
    rec: np.ndarray  # record row numbers
    flags: np.ndarray  # PRIMARY | ACRONYM | DEMONYM | VARIANT per (key, record)
    lengths: np.ndarray  # key id -> key length, to find where a match starts

    @functools.cached_property
    def length_list(self) -> list[int]:
        """``lengths`` as a Python list (fast scalar access in the match loop)."""
        return self.lengths.tolist()

    def entries(self, key_id: int) -> tuple[np.ndarray, np.ndarray]:
        """Record rows and flags behind *key_id*."""
        s, e = self.ptr[key_id], self.ptr[key_id + 1]
        return self.rec[s:e], self.flags[s:e]

    def key_id(self, name: str) -> int:
        """The key id of an exact (normalised) name, or -1."""
        return self.automaton.get(" " + match_form(name_key(name)), -1)

    def search_prefix(self, prefix: str) -> Iterator[tuple[str, int]]:
        """``(key, key id)`` of every key that starts with *prefix* (normalised)."""
        for key in self.automaton.keys(" " + match_form(name_key(prefix))):
            yield key[1:], self.automaton.get(key)

    def lookup(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """Record rows and flags for an exact (normalised) name."""
        key_id = self.key_id(name)
        if key_id < 0:
            return np.empty(0, np.int64), np.empty(0, np.uint8)
        return self.entries(key_id)


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
        row = row_of.get(record_id)
        if row is not None:
            yield name_key(demonym), row, DEMONYM


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
    ptr = np.append(starts, len(triples)).astype(np.int64)
    automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
    for key_id, key in enumerate(keys):
        automaton.add_word(key, key_id)
    automaton.make_automaton()
    return NameIndex(
        automaton,
        ptr,
        triples["row"].to_numpy(np.int64),
        triples["flag"].to_numpy(np.uint8),
        np.fromiter((len(k) for k in keys), np.int64, len(keys)),
    )


def cache_dir() -> Path:
    """Where built indexes are cached."""
    return Path(os.environ.get("CABLEMAP_CACHE") or Path.home() / ".cache" / "cablemap")


def fingerprint(*files: Traversable) -> str:
    """A short hash of the index version and the files it is built from."""
    h = hashlib.sha256(str(INDEX_VERSION).encode())
    for f in files:
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def save_index(index: NameIndex, stem: Path) -> None:
    """Write the index next to *stem* atomically (``.ac`` + ``.npz``)."""
    stem.parent.mkdir(parents=True, exist_ok=True)
    for suffix, write in (
        (".npz", lambda p: np.savez(p, ptr=index.ptr, rec=index.rec, flags=index.flags, lengths=index.lengths)),
        (".ac", lambda p: index.automaton.save(p)),
    ):
        fd, tmp = tempfile.mkstemp(dir=stem.parent, suffix=suffix)
        os.close(fd)
        try:
            write(tmp)
            # np.savez appends .npz when missing; the temp name already ends with it.
            os.replace(tmp, stem.with_suffix(suffix))
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)


def load_index(stem: Path) -> NameIndex | None:
    """Read a cached index, or ``None`` when there is none (or it is unreadable)."""
    ac, npz = stem.with_suffix(".ac"), stem.with_suffix(".npz")
    if not (ac.exists() and npz.exists()):
        return None
    try:
        arrays = np.load(npz)
        automaton = ahocorasick.load(str(ac), lambda b: b)
        return NameIndex(
            automaton, arrays["ptr"], arrays["rec"], arrays["flags"], arrays["lengths"]
        )
    except (OSError, ValueError, KeyError):
        return None
