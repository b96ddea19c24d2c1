"""Span rules: a name takes the generic head that follows it ("Kodori valley", "BTC pipeline").

In "Inguri river", "Sangachal Terminal", "Kulevi oil terminal", "port of Poti" or
"Baku-Tbilisi-Ceyhan (BTC) pipeline" the head noun is part of the name of the
thing meant; the mention is widened to cover it (the record stays the same).
Admin regions and countries do not take a head ("Kakheti region" is Kakheti), and
a plural head is shared by several names, so it stays out ("BTC and SCP pipelines").
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from ._resolve import Resolution

_MODIFIER = (
    r"(?:oil|gas|natural[ \t]+gas|energy|export|border|river|rail|railway|power|thermal[ \t]+power|military|air|naval"
    r"|sea|refugee)"
)
_NOUN = (
    r"(?:pipeline|terminal|port|runway|airfield|airport|airdrome|air[ \t]+base|base|tunnel|valley|gorge|river"
    r"|crossing|bridge|dam|power[ \t]+plant|plant|line|field|highway|refinery|railway|railroad|station|facility|camp"
    r"|checkpoint|complex)"
)
#: After the head: no hyphenated or possessive continuation ("pipeline-related"), a dash is fine ("runway--now").
_END = r"\b(?![-'’]\w)"
_HEAD = re.compile(rf"[ \t]*\n?[ \t]*(?:{_MODIFIER}[ \t\n]+){{0,2}}{_NOUN}{_END}", re.IGNORECASE)
#: A river keeps only its own head: "Inguri river crossing" names the river, as "Inguri river".
_RIVER_HEAD = re.compile(rf"[ \t]*\n?[ \t]*river{_END}", re.IGNORECASE)
_ACRONYM_HEAD = re.compile(rf"[ \t]*\([A-Z]{{2,6}}\)[ \t\n]+(?:{_MODIFIER}[ \t\n]+){{0,2}}{_NOUN}{_END}", re.I)
#: Heads that make a hyphenated chain one route's name ("Georgian-Armenian border crossing" stays two).
_ROUTE_HEAD = re.compile(
    rf"[ \t]*\n?[ \t]*(?:{_MODIFIER}[ \t\n]+){{0,2}}(?:pipeline|line|railway|railroad|highway|road|corridor){_END}",
    re.I,
)
#: "Hertford Road", "Royal Street", "Tiananmen Square": a street is named, not the town in its name.
_STREET_TYPES = (
    "Road|Street|Avenue|Way|Lane|Boulevard|Drive|Square|Terrace|Parkway|Highway|Expressway|Freeway|Turnpike|Pike|Row"
)
_STREET = re.compile(rf"(?<![\w-])((?:(?:St\.|[A-Z][\w'’-]*)[ \t]+){{1,3}}(?:{_STREET_TYPES}))\b(?![-'’])")
#: The same in capitals: "HERTFORD ROAD".
_STREET_CAPS = re.compile(
    rf"(?<![\w-])((?:(?:ST\.|[A-Z][A-Z'’-]*)[ \t]+){{1,2}}(?:{_STREET_TYPES.upper()}))\b(?![-'’])"
)
#: In capitals, a preposition right before a street's name vouches for ordinary words in it ("ON CHURCH STREET",
#: "THE CORNER OF MILL LANE"); not before "WAY" or "ROW" ("IN NO WAY", "ON HIS WAY").
_STREET_CUE_CAPS = re.compile(r"(?<![\w'’-])(?:ON|IN|AT|OF|BETWEEN|NEAR|ALONG|OFF|AND)[ \t]+$")
_CUE_SHY_TYPES = ("WAY", "ROW")
#: A street type in either case: a text without one has no street name (most have none; the two above are slow).
_ANY_STREET_TYPE = re.compile(rf"(?:{_STREET_TYPES}|{_STREET_TYPES.upper()})\b")
#: "Baku-Tbilisi-Ceyhan", "Russia-Georgia-Armenia": capitalised names joined by hyphens.
_CHAIN = re.compile(r"(?<![\w-])[A-Z][\w'’]+(?:-[A-Z][\w'’]+)+(?![\w-])")
_PORT_OF = re.compile(r"\b[Pp]ort[ \t\n]+of[ \t\n]+$")
#: A capitalised compass or relative word before a name is part of it: "South Tehran", "Upper Kodori"
#: (in capitals, "SOUTHERN TEXAS" may have been "southern Texas": left alone).
_PART_OF = re.compile(
    r"(?<![\w-])(?:North|South|East|West|Northern|Southern|Eastern|Western|Upper|Lower|Central)[ \t]+$"
)
_TAKES_HEAD = ("place", "feature", "asset")


def _in_named_chain(found: list[Resolution], text: str) -> set[int]:
    """Indexes of mentions inside a hyphenated chain that names an asset the store lacks.

    "Russia-Georgia-Armenia natural gas pipeline", "Iran-Armenian gas pipeline": the
    chain is the pipeline's name, not two or three mentions of countries.
    """
    inside: set[int] = set()
    i = 0
    while i < len(found):
        j = i
        while j + 1 < len(found) and text[found[j].end : found[j + 1].start] == "-":
            j += 1
        if j > i and found[j].kind != "asset" and _ROUTE_HEAD.match(text, found[j].end):
            inside.update(range(i, j + 1))
        i = j + 1
    return inside


def head_end(text: str, end: int) -> int:
    """Where a name ending at *end* ends once the generic head after it joins ("Lars border crossing")."""
    m = _RIVER_HEAD.match(text, end) or _HEAD.match(text, end)
    return m.end() if m else end


#: Words that open a phrase, not a street's name ("On Hertford Road", "the Highway").
_NOT_STREET_WORDS = frozenset(
    "the a an on at in near along across off outside via into onto past toward towards from to of and or but by"
    " with for this that these those his her its their our my your down up over through under is was".split()
)


def street_names(text: str, english: frozenset[str] = frozenset()) -> list[tuple[int, int]]:
    """Spans of street and square names: capitalised words and a street type ("Hertford Road", "Main Street").

    Leading articles and prepositions ("On", "The") are not part of the name; a bare
    type after them ("The Highway") is no name. In capitals, where any word may precede,
    every word of the name must be one that *english* (lower-case words) lacks
    ("HERTFORD ROAD"; not "IN A SUSTAINABLE WAY", "STREET ART", "QUEENSLAND'S HOLIDAY ROAD"),
    unless a preposition stands right before the name ("ON CHURCH STREET").
    """
    if not _ANY_STREET_TYPE.search(text):
        return []
    out = []
    for caps, m in [*((False, m) for m in _STREET.finditer(text)), *((True, m) for m in _STREET_CAPS.finditer(text))]:
        start, words = m.start(1), m.group(1).split()
        # the name starts after the last phrase word ("On", "IN A")
        cut = max((k + 1 for k, w in enumerate(words[:-1]) if w.lower() in _NOT_STREET_WORDS), default=0)
        for k in range(cut):
            start = text.index(words[k + 1], start + len(words[k]))
        words = words[cut:]
        if caps and any(w.endswith(("'S", "’S")) for w in words[:-1]):
            continue
        if caps and any(p.lower() in english for w in words[:-1] for p in w.split("-")) and (
                words[-1] in _CUE_SHY_TYPES or not _STREET_CUE_CAPS.search(text, max(0, start - 12), start)):
            continue
        if len(words) > 1:
            out.append((start, m.end(1)))
    return sorted(set(out))


def route_names(text: str, found: list[Resolution], known: Callable[[str], bool]) -> list[tuple[int, int]]:
    """Spans of route names the store lacks: a hyphenated chain of known names that a
    route head follows ("Russia-Georgia-Armenia gas pipeline", "Baku-Tblisi-Ceyan oil
    corridor"), or of three or more names without one ("Baku-Tblisi-Ceyan capacity").

    *known* says whether a word is a gazetteer name; two of the chain's parts must be.
    A chain inside a mention of *found* (a known asset) is not reported.
    """
    out = []
    for m in _CHAIN.finditer(text):
        parts = m[0].split("-")
        if sum(map(known, parts)) < 2:
            continue
        end = m.end()
        if head := _ACRONYM_HEAD.match(text, end) or _ROUTE_HEAD.match(text, end):
            end = head.end()
        elif len(parts) < 3:
            continue
        if not any(r.start <= m.start() and end <= r.end and r.kind == "asset" for r in found):
            out.append((m.start(), end))
    return out


def widen(found: list[Resolution], text: str) -> list[Resolution]:
    """*found* with each eligible mention widened over its head noun (and an acronym before it).

    Mentions inside a hyphenated chain naming an unknown asset are left out.
    """
    chained = _in_named_chain(found, text)
    found = [r for k, r in enumerate(found) if k not in chained]
    out: list[Resolution] = []
    skip_until = -1
    for r in found:
        if r.start < skip_until:
            continue  # the acronym now inside the widened name before it
        if r.kind not in _TAKES_HEAD or r.demonym:
            out.append(r)  # and no compass word joins: "Northern Europe" or "West Texas" is another area
            continue
        start, end = r.start, r.end
        if p := _PART_OF.search(text, max(0, start - 12), start):
            start = p.start()
        if m := _RIVER_HEAD.match(text, end):
            end = m.end()
        elif m := _ACRONYM_HEAD.match(text, end):
            end, skip_until = m.end(), m.end()
        elif m := _HEAD.match(text, end):
            end = m.end()
        if p := _PORT_OF.search(text, max(0, start - 12), start):
            start = p.start()
        if (start, end) == (r.start, r.end):
            out.append(r)
        else:
            out.append(dataclasses.replace(r, start=start, end=end, mention=text[start:end]))
    return out
