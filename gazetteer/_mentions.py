"""Finding mentions: every span of a text that names something in the gazetteer.

All names are matched at once with the Aho-Corasick automaton over the normalised
text; a raw hit becomes a mention only if it stands on word boundaries, is written
like a proper name (or an abbreviation the store knows as one), and is not part of
a longer name. Hits inside the names of organisations, events and documents
(``Helsinki Final Act``, ``NATO Riga Summit``, ``Embassy Tbilisi``) are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from ._index import ACRONYM, DEMONYM, PRIMARY, NameIndex
from ._normalize import normalize_text

# A place name followed (within three capitalised words) by one of these heads is part
# of the name of an organisation, event or document, not a mention of the place.
_ORG_HEADS = (
    r"Final Act|Summit|Agreements?|Accords?|Declaration|Process|Group|Company|Corporation"
    r"|Petroleum|Airlines|Airways|University|Institute|Times|Post|Council|Committee"
    r"|Commission|Directorate|Brigades?|Bank|Club|Conference|Convention|Treaty|Protocol"
    r"|Initiative|Partnership|Forum|Foundation|Fund|Party|Movement|Task Force|Operating"
)
_FOLLOWED_BY_ORG = re.compile(rf"(?:[ \t]+(?:[A-Z][\w'&.-]*|of|and|for)){{0,3}}?[ \t]+(?:{_ORG_HEADS})\b")
_PRECEDED_BY_INSTITUTION = re.compile(
    r"(?:\b(?:Embassy|Consulate|Mission|AMEMBASSY|AMCONSUL|USMISSION|EMBASSY|CONSULATE)[ /]+)$"
)
_TITLES = re.compile(
    r"\b(?:President|Minister|Ambassador|Senator|Secretary|Governor|General|Mr|Mrs|Ms|Dr"
    r"|Deputy|Chairman|Speaker|Prince|King|Colonel|Col|Gen|Sen|Rep|Amb|Ambassadot)\.?[ \t]+$",
    re.IGNORECASE,
)
_PREV_WORD = re.compile(r"\b([A-Z][a-z]+)[ \t]+$")
_NEXT_WORD = re.compile(r"[ \t]+([A-Z][a-z]+)\b")
_SENTENCE_END = re.compile(r"(?:[.!?:;]['\"]?|^|\n[ \t]*\n)[ \t\n]*$")
_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


@dataclass(frozen=True)
class Mention:
    """One span of text with the records whose names it matches."""

    start: int  #: offset of the first character in the original text
    end: int  #: offset one past the last character
    text: str  #: the span as written
    rows: np.ndarray  #: candidate record rows
    flags: np.ndarray  #: name flags per candidate (see gazetteer._index)
    common: bool  #: the name is also an ordinary English word
    caps: bool  #: the span sits in all-capitals text

    @property
    def demonym(self) -> bool:
        """Whether the span is a demonym (``Russian``); a demonym wins over a namesake village."""
        return bool(np.any(self.flags & DEMONYM))


def _is_caps_context(text: str, start: int, end: int) -> bool:
    """Whether the span's line (or, in a reflowed paragraph, its neighbourhood) is in capitals."""
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    hi = len(text) if hi < 0 else hi
    if hi - lo > 200 or len(_LETTER.findall(text[lo:hi])) < 12:
        lo, hi = max(0, start - 60), min(len(text), end + 60)
    letters = _LETTER.findall(text[lo:hi])
    return len(letters) >= 12 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _beside_a_name(before: str, after: str, common_words: frozenset[str], known) -> bool:
    """Whether a capitalised word that is neither an ordinary word nor a known name is adjacent.

    ``Jenny Shipley``, ``Anne Derse``: a town name inside a person's name. ``Novorossiysk
    Russian pipeline`` is not: *known* tells that "Russian" names something.
    """
    prev = _PREV_WORD.search(before)
    if prev and not _SENTENCE_END.search(before[: prev.start()]):
        if prev[1].lower() not in common_words and not known(prev[1]):
            return True
    nxt = _NEXT_WORD.match(after)
    return bool(nxt) and nxt[1].lower() not in common_words and not known(nxt[1])


def _capitalised_ok(span: str) -> bool:
    """A proper name starts with a capital, or (``port of Poti``) ends with one."""
    words = _WORD.findall(span)
    if not words:
        return False
    return words[0][0].isupper() or words[-1][0].isupper()


def _raw_hits(norm: str, index: NameIndex) -> list[tuple[int, int, int]]:
    hits = []
    n = len(norm)
    for last, key_id in index.automaton.iter(norm):
        end = last + 1
        start = end - int(index.lengths[key_id])
        if start > 0 and norm[start - 1].isalnum():
            continue
        if end < n and norm[end].isalnum():
            continue
        hits.append((start, end, key_id))
    return hits


def _longest_first(hits: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    taken = np.zeros(max((e for _, e, _ in hits), default=0) + 1, dtype=bool)
    chosen = []
    for start, end, key_id in sorted(hits, key=lambda h: (h[0] - h[1], h[0])):
        if not taken[start:end].any():
            taken[start:end] = True
            chosen.append((start, end, key_id))
    return sorted(chosen)


def find_mentions(
    text: str, index: NameIndex, common_words: frozenset[str], strong: np.ndarray, is_place: np.ndarray
) -> list[Mention]:
    """All gazetteer names in *text*, longest first, as :class:`Mention` objects.

    *text* should already have its non-prose parts blanked (routing header,
    references, page markers); offsets are offsets into *text*. *strong* flags the
    records (countries, breakaway and macro-regions) whose names count even when
    they are also common words; *is_place* the populated places, whose names are
    often people's names too.
    """
    def known(word: str) -> bool:
        rows, flags = index.lookup(word)
        return bool(np.any(flags & DEMONYM)) or bool(strong[rows].any())

    norm, offsets = normalize_text(text)
    mentions = []
    for start, end, key_id in _longest_first(_raw_hits(norm, index)):
        s0, e0 = int(offsets[start]), int(offsets[end - 1]) + 1
        span = text[s0:e0]
        rows, flags = index.entries(key_id)
        caps = _is_caps_context(text, s0, e0)
        letters = span.replace(".", "").replace(" ", "")
        keep = np.ones(len(rows), dtype=bool)
        if len(letters) <= 3:
            # A short token is an abbreviation or nothing: keep only the records that
            # have it as one (BTC, US, NK), not places named "Bat" or "In".
            keep &= ((flags & ACRONYM) > 0) & span.isupper()
        elif span.isupper() and len(letters) <= 5 and not caps:
            keep &= (flags & (ACRONYM | PRIMARY)) > 0  # GORI in a subject; not USIS -> Wuxi
        elif not caps and not _capitalised_ok(span):
            continue
        before, after = text[max(0, s0 - 40) : s0], text[e0 : e0 + 80]
        if caps:
            keep &= ~is_place[rows] | ((flags & PRIMARY) > 0)  # JENNY is no alias of Merrill
        elif _beside_a_name(before, after, common_words, known):
            keep &= ~is_place[rows]
        rows, flags = rows[keep], flags[keep]
        if not len(rows):
            continue
        is_demonym = bool(np.any(flags & DEMONYM))
        if not is_demonym and (
            _FOLLOWED_BY_ORG.match(after)
            or _PRECEDED_BY_INSTITUTION.search(before)
            or _TITLES.search(before)
        ):
            continue
        key = norm[start:end]
        common = " " not in key and key in common_words
        if common and (caps or _SENTENCE_END.search(before)) and not strong[rows].any():
            # "Summary", "Union" at a sentence start or in capitals: cannot tell.
            continue
        mentions.append(Mention(s0, e0, span, rows, flags, common, caps))
    return mentions
