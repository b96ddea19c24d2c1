"""Finding mentions: every span of a text that names something in the gazetteer.

All names are matched in one pass of the name trie over the normalised text; a raw hit
becomes a mention only if no rule of :mod:`gazetteer._mention_rules` rejects it: it
stands on word boundaries, is written like a proper name (or an abbreviation the store
knows as one), is not part of a longer name, of a person's name or of the name of an
organisation, event or document (``Helsinki Final Act``, ``NATO Riga Summit``,
``Embassy Tbilisi``).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, replace

import numpy as np

from ._index import DEMONYM, NameIndex
from ._lexicon import Lexicon
from ._mention_rules import (
    CONTEXT_RULES,
    NAME_PART_RULES,
    Hit,
    Scan,
    common_word,
    counted_in_capitals,
    inside_an_address,
    lower_case_word,
    only_generic_in_capitals,
    placed,
    readings,
    records,
    unsure_common_word,
    written_as_a_name,
)
from ._normalize import match_form, name_key, normalize_text

_CAPS_LIST_GAP = re.compile(r"[ \t]*,[ \t\n]*(?:AND[ \t\n]+|OR[ \t\n]+)?|[ \t\n]+(?:AND|OR)[ \t\n]+")
#: Besides letters and digits, the characters that join a lower-case word to its neighbours (``_`` as in a
#: regex's ``\w``, and apostrophes and hyphens: "don't", "well-known").
_WORD_EDGE = "_'’-"
#: A line longer than this is reflowed prose: capitals are judged in the span's neighbourhood instead.
_LONG_LINE = 200
#: Characters either side of a span that make its neighbourhood.
_NEIGHBOURHOOD = 60
#: Fewer letters than this say nothing of capitals.
_MIN_LETTERS = 12
#: The share of capitals among the letters that makes text all-capitals.
_CAPS_SHARE = 0.8
#: The context rules of a name that is no demonym, in order.
_ALL_CONTEXT_RULES = CONTEXT_RULES + NAME_PART_RULES


@dataclass(eq=False)  # not frozen: a frozen dataclass is four times slower to make, and a cable has dozens
class Mention:
    """One span of text with the records whose names it matches (never changed once made: copies are made with
    :func:`dataclasses.replace`)."""

    start: int  #: offset of the first character in the original text
    end: int  #: offset one past the last character
    text: str  #: the span as written
    rows: np.ndarray  #: candidate record rows
    flags: np.ndarray  #: name flags per candidate (see gazetteer._index)
    common: bool  #: the name is also an ordinary English word
    caps: bool  #: the span sits in all-capitals text
    demonym: bool  #: the span is a demonym (``Russian``); a demonym wins over a namesake village
    spelled: str | None = None  #: for a misspelt name, the name key it was read as
    placed: bool = False  #: a preposition of place introduces it ("IN MALAKAL": a place even in capitals)


class _CapsMap:
    """Whether a span sits in all-capitals text: its line, or (reflowed prose) its neighbourhood.

    Upper- and lower-case letter counts are prefix sums over the text's code points
    (Latin letters; other scripts count as neither), so each question is O(1). They are read
    through memoryviews, which give Python ints without copying the arrays into lists.
    """

    def __init__(self, text: str):
        cp = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        upper = ((cp >= 65) & (cp <= 90)) | ((cp >= 192) & (cp <= 222) & (cp != 215))
        lower = ((cp >= 97) & (cp <= 122)) | ((cp >= 223) & (cp <= 255) & (cp != 247))
        self.upper = np.concatenate(([0], np.cumsum(upper))).data
        self.letters = np.concatenate(([0], np.cumsum(upper | lower))).data
        self.newlines = np.flatnonzero(cp == 10).data
        self.n = len(cp)

    def __call__(self, start: int, end: int) -> bool:
        i = bisect_left(self.newlines, start)
        lo = self.newlines[i - 1] + 1 if i > 0 else 0
        j = bisect_left(self.newlines, end)
        hi = self.newlines[j] if j < len(self.newlines) else self.n
        if hi - lo > _LONG_LINE or self.letters[hi] - self.letters[lo] < _MIN_LETTERS:
            lo, hi = max(0, start - _NEIGHBOURHOOD), min(self.n, end + _NEIGHBOURHOOD)
        letters = self.letters[hi] - self.letters[lo]
        return bool(letters >= _MIN_LETTERS and self.upper[hi] - self.upper[lo] >= _CAPS_SHARE * letters)


class _LowerCaseWords:
    """Whether the text writes a word in lower case: three ASCII letters or more, as a whole word (no letter, digit,
    underscore, apostrophe or hyphen either side).

    Asked per name and remembered: only the few single-word names that get this far are looked for, each by
    :meth:`str.find`; collecting every lower-case word of the text by regex took 0.3 ms a cable, a twentieth of
    :meth:`Gazetteer.find <gazetteer.Gazetteer.find>`.
    """

    def __init__(self, text: str):
        self.text = text
        self.known: dict[str, bool] = {}

    def __call__(self, word: str) -> bool:
        if word not in self.known:
            self.known[word] = len(word) >= 3 and word.isascii() and word.isalpha() and word.islower() and any(
                self._whole(i, i + len(word)) for i in self._starts(word))
        return self.known[word]

    def _starts(self, word: str) -> Iterator[int]:
        i = self.text.find(word)
        while i >= 0:
            yield i
            i = self.text.find(word, i + 1)

    def _whole(self, start: int, end: int) -> bool:
        text = self.text
        return not (start > 0 and (text[start - 1].isalnum() or text[start - 1] in _WORD_EDGE)) and not (
            end < len(text) and (text[end].isalnum() or text[end] in _WORD_EDGE))


def _article_alias(key: str, index: NameIndex) -> bool:
    """A name written with its article ("The Netherlands") whose bare form is a name too: the span is the bare one."""
    return key.startswith("the ") and index.key_id(key[4:]) >= 0


def _raw_hits(norm: str, lex: Lexicon) -> list[tuple[int, int, int]]:
    """Index hits (offsets into *norm*) that start where a word does and end on a word boundary."""
    return lex.hits(" " + match_form(norm) + " ")


def _longest_first(hits: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """The hits left when longer names claim their characters first."""
    taken = bytearray(max((e for _, e, _ in hits), default=0) + 1)
    chosen = []
    for start, end, key_id in sorted(hits, key=lambda h: (h[0] - h[1], h[0])):
        if taken.find(1, start, end) < 0:
            taken[start:end] = b"\x01" * (end - start)
            chosen.append((start, end, key_id))
    return sorted(chosen)


def find_mentions(text: str, lex: Lexicon, telegraphic: bool = False) -> list[Mention]:
    """All gazetteer names in *text*, longest first, as :class:`Mention` objects.

    *text* should already have its non-prose parts blanked (routing header,
    references, page markers); offsets are offsets into *text*. *lex* holds the names
    and words it is read with; *telegraphic* (cables) reads "US" without an article as
    the country more often.
    """
    norm, offset_array = normalize_text(text)
    offsets = offset_array.data  # Python ints per read, no list of the whole text
    scan = Scan(text, lex, _CapsMap(text), _LowerCaseWords(text), telegraphic)
    # A name is capitalised: "central Asia" and "the Netherlands" are Asia and Netherlands,
    # not the macro-region or the alias that starts with a lower-case word.
    hits = [h for h in _raw_hits(norm, lex) if not (" " in norm[h[0] : h[1]] and (
        text[offsets[h[0]]].islower() or _article_alias(norm[h[0] : h[1]], lex.index)))]
    mentions = []
    for start, end, key_id in _longest_first(hits):
        key = norm[start:end]
        if lower_case_word(text, offsets[start], key):
            continue
        mention = _mention(Hit(offsets[start], offsets[end - 1] + 1, key_id, key, scan), scan)
        if mention is not None:
            mentions.append(mention)
    mentions = _placed_lists(text, mentions)
    return [m for m in (_not_a_person(m, scan.people, lex.is_local) for m in mentions) if m is not None]


def _mention(hit: Hit, scan: Scan) -> Mention | None:
    """The mention *hit* (no lower-case word) makes, or None when a rule rejects it: the span rules, the reading rules,
    then the context rules (see :mod:`gazetteer._mention_rules`)."""
    if inside_an_address(hit, scan):
        return None
    need = written_as_a_name(hit, scan)
    if need is None:
        return None
    found = records(hit, scan, readings(hit, scan, need))
    if found is None:
        return None
    rows, flags, demonym = found
    for rule in CONTEXT_RULES if demonym else _ALL_CONTEXT_RULES:  # a loop: no generator per hit
        if rule(hit, scan):
            return None
    common = common_word(hit, scan)
    if unsure_common_word(hit, scan, common) or counted_in_capitals(hit, scan) or only_generic_in_capitals(hit, scan):
        return None
    return Mention(hit.start, hit.end, hit.span, rows, flags, common, hit.caps, demonym, placed=placed(hit))


def _placed_lists(text: str, mentions: list[Mention]) -> list[Mention]:
    """In capitals, a list of names is placed when one of them is ("IN TORONTO, VANCOUVER AND
    OTTAWA") or when it has three names or more ("VANCOUVER, CALGARY, EDMONTON")."""
    groups: list[list[int]] = []
    for k, m in enumerate(mentions):
        if groups and m.caps and _CAPS_LIST_GAP.fullmatch(text, mentions[groups[-1][-1]].end, m.start):
            groups[-1].append(k)
        else:
            groups.append([k])
    out = list(mentions)
    for g in groups:
        if len(g) > 1 and (len(g) >= 3 or any(mentions[k].placed for k in g)):
            for k in g:
                out[k] = replace(mentions[k], placed=True)
    return out


def _not_a_person(m: Mention, people: set[str], is_local: np.ndarray) -> Mention | None:
    """Drop the local readings (places, units, rivers) of a name the text elsewhere uses for a person.

    After "Jim Allen said", a later bare "Allen" is the same man, not Allen, Texas.
    """
    if name_key(m.text) not in people:
        return m
    keep = ~is_local[m.rows]
    if keep.all():
        return m
    if not keep.any():
        return None
    return Mention(m.start, m.end, m.text, m.rows[keep], m.flags[keep], m.common, m.caps,
                   bool((m.flags[keep] & DEMONYM).any()))
