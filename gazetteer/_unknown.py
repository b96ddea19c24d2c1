"""Names the store lacks: capitalised names in a locative phrase that no mention covers.

``in Kulevi``, ``near the village of Nikozi``, ``the port of Supsa``, ``Jiloy Island``:
a preposition of place followed by one to three capitalised words, or such words
before a generic place noun, are a place name in English prose even when no
gazetteer knows it. These are the only names sent to an online
geocoder, and only when the user asks for one.
"""

from __future__ import annotations

import re

from ._spans import head_end

_LOCATIVE_NAME = re.compile(
    r"\b(?:in|near|outside|at|from|to|towards?|village of|town of|city of|port of|region of|district of)"
    r"[ \t]+(?:the[ \t]+)?((?:[A-Z][a-z][\w'’-]*)(?:[ \t](?:[A-Z][a-z][\w'’-]*)){0,2})"
)


#: The prepositions that leave no doubt that a place follows (no "to"/"from"/"at": "to Putin").
_PLAINLY_LOCATIVE = re.compile(
    r"\b(?:in|near|outside|villages? of|towns? of|city of|cities of|districts? of|regions? of|provinces? of"
    r"|(?:north|south|east|west)(?:-?(?:east|west))? of)"
    r"[ \t]+(?:the[ \t]+)?((?:[A-Z][a-z][\w'’-]*)(?:[ \t](?:[A-Z][a-z][\w'’-]*)){0,2})"
)
#: Cues after which a list of places follows ("the villages of Nikozi, Dzveri and Karaleti").
_LIST_CUE = re.compile(r"(?:villages|towns|cities|districts|regions|provinces|north|south|east|west) of\b", re.I)
#: Capitalised words before a generic place noun: "Jiloy Island", "Shiraki airdrome", "Ruisi village". (The
#: first capital is matched before the look-behind that no word character precedes it: the regex engine then skips
#: ahead to capitals, twice as fast as trying the look-behind everywhere; the matches are the same.)
_BEFORE_PLACE_NOUN = re.compile(
    r"((?:[A-Z](?<![\w'’-][A-Z])[a-z][\w'’-]*)(?:[ \t][A-Z][a-z][\w'’-]*){0,2})[ \t]+"
    r"(?=(?:[Vv]illage|[Ii]sland|[Mm]ountains?|[Aa]irdrome|[Aa]irfield|[Vv]alley|[Gg]orge|[Pp]ass|[Ll]ake"
    r"|[Rr]efugee[ \t]+camp)\b)"
)
#: A capitalised place noun is part of the name ("Makhata Mountain"); a lower-case one is not ("Ruisi village"),
#: unless it is a head that names a thing (see :func:`gazetteer._spans.head_end`).
_CAPITAL_NOUN = re.compile(r"[ \t]+(?:Village|Island|Mountains?|Valley|Gorge|Pass|Lake)\b")
#: In capitals only a place noun vouches for the word after it, and a name is one word ("THE VILLAGES OF X AND Y",
#: "THE TOWN OF Z"): any word there is written like a name, so prepositions alone say too little.
_NOUN_OF_CAPS = re.compile(
    r"\b(?:VILLAGES?|TOWNS?|CITY|CITIES|DISTRICTS?|REGIONS?|PROVINCES?)[ \t]+OF[ \t]+(?:THE[ \t]+)?"
    r"([A-Z][A-Z'’-]*[A-Z])(?![\w'’-])"
)
_LIST_ITEM_CAPS = re.compile(r"(?:,[ \t]*(?:AND[ \t]+|OR[ \t]+)?|[ \t]+(?:AND|OR)[ \t]+)([A-Z][A-Z'’-]*[A-Z])(?![\w'’-])")
_LIST_ITEM = re.compile(r"(?:,[ \t]*(?:and[ \t]+|or[ \t]+)?|[ \t]+(?:and|or)[ \t]+)((?:[A-Z][a-z][\w'’-]*))\b")


def _listed(text: str, first: re.Match[str], item: re.Pattern[str]) -> list[tuple[int, int]]:
    """The span of *first*'s name and of each name listed after it ("of Nikozi, Dzveri and Karaleti")."""
    spans = [first.span(1)]
    while m := item.match(text, spans[-1][1]):
        spans.append(m.span(1))
    return spans


def unknown_names(
    text: str, taken: list[tuple[int, int]], ordinary: frozenset[str] = frozenset(), *, plainly: bool = False,
    nouns: bool = True,
) -> list[tuple[int, int, str]]:
    """``(start, end, name)`` of locative names in *text* that overlap no span of *taken*
    (and, with *nouns*, of names before a generic place noun; with *plainly*, also the one-word names that a
    place noun introduces in capitals).

    A generic head that follows joins the name ("the Lars border crossing"). Names
    whose words are all ordinary lower-case English words (``in Washington
    Post`` is not filtered, ``to Monday`` is) are left out, and so are possessives
    (``in Modi's government``, ``at Noma's``: a person's or a business's).
    """
    out: list[tuple[int, int, str]] = []
    covered = bytearray(len(text) + 1)
    for s, e in taken:
        covered[s:e] = b"\x01" * (e - s)
    spans = []
    for m in (_PLAINLY_LOCATIVE if plainly else _LOCATIVE_NAME).finditer(text):
        # a match that opens with its own cue heads a list
        spans += _listed(text, m, _LIST_ITEM) if _LIST_CUE.match(m[0]) else [m.span(1)]
    if plainly:
        for m in _NOUN_OF_CAPS.finditer(text):
            spans += _listed(text, m, _LIST_ITEM_CAPS)
    if nouns:
        spans += [m.span(1) for m in _BEFORE_PLACE_NOUN.finditer(text)]
    for start, end in spans:
        if 1 in covered[start:end]:
            continue
        words = text[start:end].split()
        if words[-1].endswith(("'s", "’s", "'", "’")) or all(w.lower() in ordinary for w in words):
            continue
        end = head_end(text, end)  # "near the Lars border crossing"
        if noun := _CAPITAL_NOUN.match(text, end):
            end = noun.end()
        if any(s <= start < e for s, e, _ in out):
            continue
        out.append((start, end, text[start:end]))
    return out
