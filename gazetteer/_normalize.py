"""Name normalisation shared by the index (names) and the matcher (running text).

Both sides go through the same two steps so that a key built from a gazetteer name
matches the same words in a cable:

1. a per-character fold (:func:`fold_chars`): lower case, diacritics stripped,
   every dash to ``-``, every apostrophe to ``'``, every whitespace to a space;
2. a squeeze: runs of spaces become one space and the spaces around a hyphen
   disappear (``Nagorno-\\nKarabakh`` and ``Baku - Supsa`` become
   ``nagorno-karabakh`` and ``baku-supsa``).

For text the squeeze keeps a map from each kept character back to its offset in
the original string, so matches are reported as offsets into the decoded file.

The automaton then sees both sides through :func:`match_form`: punctuation other
than ``.`` and ``&`` (hyphens and apostrophes included) becomes a space, and a
key starts with a space, so a key can only match where a word starts.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"
_APOSTROPHES = "\u2018\u2019\u02bc\u02bb\u0060\u00b4\u2032"


class _FoldTable(dict):
    """``str.translate`` table computed lazily, one code point at a time."""

    def __missing__(self, cp: int) -> str:
        out = _fold_one(chr(cp))
        for _ in range(3):  # make the fold idempotent (NFKD can expose another fold)
            again = _fold_one(out)
            if again == out:
                break
            out = again
        self[cp] = out
        return out


def _fold_one(ch: str) -> str:
    """Fold one character to one character."""
    if ch in _DASHES:
        return "-"
    if ch in _APOSTROPHES:
        return "'"
    if ch.isspace():
        return " "
    low = ch.lower()
    stripped = "".join(
        c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)
    ).lower()
    # Keep the fold length-preserving: one character in, one out.
    return stripped if len(stripped) == 1 else (low if len(low) == 1 else ch)


_TABLE = _FoldTable()
_MATCH = str.maketrans({c: " " for c in "!\"#$%'()*+,-/:;<=>?@[\\]^_`{|}~\t\n\r\f\v\u00ab\u00bb\u2022\u2026\u201c\u201d\u201e"})


def match_form(folded: str) -> str:
    """Folded text as the automaton sees it: same length, punctuation (not ``.``/``&``) as spaces."""
    return folded.translate(_MATCH)
_SQUEEZE = re.compile(r" *- *| {2,}")


def fold_chars(text: str) -> str:
    """Fold every character of *text*; the result has the same length."""
    return text.translate(_TABLE)


def name_key(name: str) -> str:
    """The match key of a gazetteer name.

    >>> name_key("Nagorno - Karabakh")
    'nagorno-karabakh'
    >>> name_key("  P\u2019ot\u2019i ")
    "p'ot'i"
    >>> name_key("\u2018Ir\u0101q")  # a leading ayn mark is no part of the match
    'iraq'
    """
    return _SQUEEZE.sub(lambda m: "-" if "-" in m.group() else " ", fold_chars(name)).strip().strip("'").strip()


def normalize_text(text: str) -> tuple[str, np.ndarray]:
    """Fold and squeeze *text*; return it with the original offset of each character.

    ``offsets[i]`` is the index in *text* of character ``i`` of the result, and
    ``offsets[len(result)] == len(text)`` so that an end offset maps too. Squeezing is
    :data:`_SQUEEZE`'s rule, worked out on all characters at once: spaces next to a
    hyphen go ("Nagorno - Karabakh"), and of any other run of spaces the first stays.

    >>> normalize_text("Nagorno -  Karabakh   and  Baku")[0]
    'nagorno-karabakh and baku'
    """
    folded = fold_chars(text)
    cp = np.frombuffer(folded.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    n = len(cp)
    space = cp == 0x20
    dash = cp == 0x2D
    at = np.arange(n)
    # the nearest character that is no space after each position (n: none) and before it (-1: none)
    nxt = np.minimum.accumulate(np.where(space, n, at)[::-1])[::-1]
    prev = np.maximum.accumulate(np.where(space, -1, at))
    before_dash = np.append(dash, False)[nxt]
    after_dash = np.where(prev >= 0, dash[prev], False)
    repeated = space & np.concatenate(([False], space[:-1]))
    drop = space & (before_dash | after_dash | repeated)
    keep = np.flatnonzero(~drop)
    squeezed = cp[keep].tobytes().decode("utf-32-le", "surrogatepass")
    return squeezed, np.append(keep, len(text)).astype(np.int64)
