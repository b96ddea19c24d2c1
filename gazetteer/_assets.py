"""Asset names as cables write them: a name and a generic head in either order.

"Manas Air Base", "Incirlik AB", "Shah Deniz gas field", "Mosul Dam", "Zaporizhzhia NPP",
"port of Tartus": the head says what kind of asset is meant and the words before (or,
for "port of", after) it are the asset's *core* name. Each asset record carries its
core names (store column ``cores``); a core followed by a head of a compatible kind is
that asset, whatever the head's spelling. A name with a *strict* head (dam, pipeline,
air base, refinery, NPP...) never stands for the namesake town, lake or region.

The same head patterns strip source decorations at build time
(``Shah Deniz Oil and Gas Field (Azerbaijan)`` -> ``Shah Deniz``), so build and
matching agree on what a core is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import ahocorasick
import numpy as np

from ._index import PRIMARY
from ._mentions import Mention

if TYPE_CHECKING:
    from ._resolve import Column

#: Subkind -> asset family (what a head or a context word speaks of).
FAMILY = {
    "air-base": "air", "airport": "air", "naval-base": "naval", "army-base": "base", "base": "base",
    "port": "port", "oil-terminal": "terminal", "lng-terminal": "terminal", "coal-terminal": "terminal",
    "terminal": "terminal", "refinery": "refinery", "field": "field", "pipeline-oil": "pipeline",
    "pipeline-gas": "pipeline", "power-plant": "power", "dam": "dam", "nuclear-plant": "nuclear",
    "nuclear-facility": "nuclear", "mine": "mine", "steel-plant": "steel", "railway": "railway",
}

_AIR_BASE = frozenset({"air", "naval"})
#: (head pattern, families it may name, strict). Longer heads first; case-insensitive
#: except the capital abbreviations, which are written as such.
_HEADS: list[tuple[str, frozenset[str], bool]] = [
    (r"(?:nuclear[ \t\n]+)?(?:power[ \t\n]+)?reactors?|nuclear(?:[ \t\n]+power)?[ \t\n]+(?:plant|station|complex|facility"
     r"|site|center|centre)|nuclear[ \t\n]+research[ \t\n]+(?:center|centre|facility)|(?:fuel[ \t\n]+)?enrichment"
     r"[ \t\n]+(?:facility|plant|site|complex)|(?:uranium[ \t\n]+)?conversion[ \t\n]+(?:facility|plant)"
     r"|heavy[ \t\n]+water[ \t\n]+(?:plant|reactor|facility)|(?-i:NPP|ANPP|NPS)", frozenset({"nuclear"}), True),
    (r"hydro(?:electric|power)?(?:[ \t\n]+power)?[ \t\n]+(?:plant|station|project|dam|scheme)|hydropower|hydroelectric"
     r"|dam|reservoir|(?-i:HPP|HES|HEP)", frozenset({"dam", "power"}), True),
    (r"(?:(?:thermal|coal[- ]fired|gas[- ]fired|combined[- ]cycle|oil[- ]fired|electric)[ \t\n]+)?power[ \t\n]+(?:plant"
     r"|station|project)|(?-i:TPP|GRES|CHP|TPS)", frozenset({"power", "dam", "nuclear"}), True),
    (r"(?:naval|navy)[ \t\n]+(?:base|station|facility|air[ \t\n]+station|support[ \t\n]+facility|port)",
     frozenset({"naval", "port", "air"}), True),
    (r"air[ \t\n]*base|air[ \t\n]+force[ \t\n]+base|air[ \t\n]+station|(?-i:AFB|AB)", _AIR_BASE, True),
    (r"airfield|air[ \t\n]+field|airport|airstrip|aerodrome|airdrome", frozenset({"air", "naval"}), False),
    (r"(?:oil|gas|oil[ \t\n]+and[ \t\n]+gas|gas[ \t\n]+and[ \t\n]+oil|natural[ \t\n]+gas|gas[ \t\n]+condensate"
     r"|condensate|offshore)[ \t\n]+fields?|oilfields?|gasfields?", frozenset({"field"}), True),
    (r"fields?", frozenset({"field"}), False),
    (r"(?:(?:oil|gas|natural[ \t\n]+gas|crude(?:[ \t\n]+oil)?|export|products)[ \t\n]+)?pipelines?",
     frozenset({"pipeline"}), True),
    (r"(?:oil[ \t\n]+)?refinery", frozenset({"refinery"}), True),
    (r"(?:LNG|oil|crude(?:[ \t\n]+oil)?|oil[ \t\n]+export|export|gas|coal)[ \t\n]+terminal|(?-i:LNG)(?:[ \t\n]+(?:plant"
     r"|project|facility))?", frozenset({"terminal"}), True),
    (r"(?:marine[ \t\n]+)?terminal", frozenset({"terminal"}), False),
    (r"(?:sea)?port|harbou?r", frozenset({"port", "naval"}), False),
    (r"(?:coal|copper|gold|uranium|iron[ \t\n]+ore)?[ \t\n]*mine", frozenset({"mine"}), True),
    (r"steel[ \t\n]+(?:plant|works|mill)|steelworks|metallurgical[ \t\n]+(?:plant|combine)", frozenset({"steel"}), True),
]
_HEAD_RE = re.compile(
    r"(?<![\w-])(?:" + "|".join(f"(?P<h{i}>{p})" for i, (p, _, _) in enumerate(_HEADS)) + r")(?![\w-])",
    re.IGNORECASE,
)
#: How every head can start (case folded): where :func:`_heads` tries the head pattern.
_HEAD_STARTS = (
    "nuclear power reactor fuel enrich uranium conver heavy npp anpp nps hydro dam reserv hpp hes hep therm coal gas"
    " combin oil electric tpp gres chp tps nav air afb ab aero field natural conden offsh crude export product pipel"
    " refin lng termin marine port sea harb copper gold iron mine steel metall"
).split()
_WORD_CHAR = re.compile(r"[\w-]")


def _head_word_automaton() -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton(ahocorasick.STORE_LENGTH)
    for word in _HEAD_STARTS:
        automaton.add_word(word)
    automaton.make_automaton()
    return automaton


_HEAD_WORDS = _head_word_automaton()


def _heads(text: str, folded: str) -> list[re.Match]:
    """What ``_HEAD_RE.finditer(text)`` finds, tried only where a head can start (*folded*: ``text.casefold()``).

    The regex engine tries the long alternation at every character of a cable; one pass of
    an Aho–Corasick automaton for the heads' first letters narrows that to a few dozen places.
    """
    if len(folded) != len(text):  # folding changed the offsets: the plain way
        return list(_HEAD_RE.finditer(text))
    starts = set()
    for last, length in _HEAD_WORDS.iter(folded):
        at = last + 1 - length
        starts.add(at)
        if length == 4 and folded[at:last + 1] == "mine":  # "[ \t\n]*mine": a match may start in the blanks before it
            back = at
            while back > 0 and text[back - 1] in " \t\n":
                back -= 1
                starts.add(back)
    out, pos = [], 0
    for at in sorted(starts):
        if at < pos or (at and _WORD_CHAR.match(text, at - 1)):
            continue
        m = _HEAD_RE.match(text, at)
        if m:
            out.append(m)
            pos = max(m.end(), at + 1)
    return out


def _ports_of(text: str, folded: str) -> list[re.Match]:
    """What ``_PORT_OF.finditer(text)`` finds, tried only where "port" is written in *folded* (``text.casefold()``;
    the lookbehind makes the plain scan stop at every character of a cable)."""
    if len(folded) != len(text):  # folding changed the offsets: the plain way
        return list(_PORT_OF.finditer(text))
    out = []
    at = folded.find("port")
    while at >= 0:
        if m := _PORT_OF.match(text, at):
            out.append(m)
        at = folded.find("port", at + 1)
    return out


#: What a head may mean when no asset of its own family bears the name.
_NEXT_BEST = {frozenset({"terminal"}): frozenset({"port"}), frozenset({"port", "naval"}): frozenset({"terminal"})}
_PORT_OF = re.compile(r"(?<![\w-])(?:[Pp]ort|PORT)[ \t\n]+(?:of|OF)[ \t\n]+")
_CORE_WORD = re.compile(r"[^\W\d_][\w'’.-]*|\d+")
#: Lower-case words a core may hold inside it ("Ras al-Khair", "Bay of Bengal").
_JOINERS = frozenset({"al", "el", "de", "of", "la", "le", "do", "da", "di", "del", "bin", "an", "ad", "as", "ash"})
_MAX_CORE_WORDS = 4

#: Build time: decorations and heads stripped from source names to leave the core.
_DECOR = re.compile(r"\s*\((?:[^()]*)\)\s*$")
_TAIL = re.compile(
    r"(?:[\s,]+|^)(?:(?:oil|gas|natural gas|crude oil|crude|ngl|products?|condensate|hydrogen|coal|coal-fired|gas-fired"
    r"|oil-fired|combined[- ]cycle|thermal|hydroelectric|hydro|hydropower|nuclear|steam|electric|international"
    r"|regional|municipal|military|naval|army|marine|export|import|floating|regasification|liquefaction|iron and"
    r"|integrated|and|&|power|air force|royal|mining|navy|steel)\s+)*(?:fields?|oilfield|gasfield|pipelines?|pipeline system"
    r"|terminal|plant|station|power station|project|complex|works|steelworks|mine|colliery|dam|reservoir|airport"
    r"|airfield|air ?base|air force base|afb|aerodrome|airstrip|heliport|port|harbou?r|facility|npp|hpp|tpp|chp"
    r"|gres|lng|fsru|scheme|power|dam hydroelectric power station|hydroelectric power station)$",
    re.IGNORECASE,
)
_LEAD = re.compile(
    r"^(?:naval support facility|naval air station|naval station|naval base|joint base|marine corps air station"
    r"|air force station|raf|nas|mcas|base a[ée]rea(?: de)?|base a[ée]rienne(?: \d+)?|aeropuerto(?: de)?|aeroporto(?: de)?"
    r"|a[ée]roport(?: de)?|flughafen|port of)\s+",
    re.IGNORECASE,
)


def core_names(name: str, countries: Iterable[str] = ()) -> list[str]:
    """The cores of a source name, longest first: each time a decoration, head or trailing
    country name is removed, what is left.

    ``North Field Oil and Gas Field (Qatar)`` -> ``["North Field", "North"]``; ``Hoover Dam
    hydroelectric plant`` -> ``["Hoover Dam", "Hoover"]``; ``Manas International Airport`` -> ``["Manas"]``.
    """
    core, out = " ".join(name.split()), []
    for _ in range(4):
        before = core
        core = _DECOR.sub("", core)
        for country in countries:
            if country and core.lower().endswith(" " + country.lower()):
                core = core[: -len(country) - 1]
        core = _LEAD.sub("", _TAIL.sub("", core).strip(" ,-"))
        if core == before:
            break
        if len(core.replace(" ", "")) >= 2 and core != name:
            out.append(core)
    return out or ([core] if len(core.replace(" ", "")) >= 2 else [])


def core_name(name: str, countries: Iterable[str] = ()) -> str:
    """The shortest core of a source name (see :func:`core_names`): ``Shah Deniz Oil and Gas Field
    (Azerbaijan)`` -> ``Shah Deniz``; ``Kajaki Hydroelectric Power Plant Afghanistan`` -> ``Kajaki``."""
    cores = core_names(name, countries)
    return cores[-1] if cores else ""


@dataclass(frozen=True)
class HeadMatch:
    """A core name and head naming an asset: the span and the asset rows it may mean."""

    start: int
    end: int
    rows: np.ndarray  #: asset rows whose core is the name and whose family fits the head ([] if none)
    strict: bool  #: the head rules out a namesake town, lake or region


class CoreIndex:
    """Asset rows by core name key, with each row's family.

    *cores*: (record row, its ``|``-joined core name keys) of every asset; *subkinds*: per record row;
    *key*: the function that makes a name key of a phrase of the text.
    """

    def __init__(self, cores: Iterable[tuple[int, str]], subkinds: Column, key) -> None:
        cores = list(cores)
        rows = [row for row, _ in cores]
        subs = np.asarray(subkinds[np.array(rows, dtype=np.int64)]).tolist() if rows else []
        self._families = {row: FAMILY.get(sub, "") for row, sub in zip(rows, subs)}
        self._military = {row: sub in ("air-base", "naval-base") for row, sub in zip(rows, subs)}
        # each core's rows as a slice of one array (a list per core would be some 25,000 objects
        # for the garbage collector to walk again and again)
        self._core_ids: dict[str, int] = {}
        pair_core, pair_row = [], []
        for row, value in cores:
            for core in value.split("|"):
                pair_core.append(self._core_ids.setdefault(core, len(self._core_ids)))
                pair_row.append(row)
        ids = np.array(pair_core, dtype=np.int64)
        order = np.argsort(ids, kind="stable")
        self._rows = np.array(pair_row, dtype=np.int64)[order]  # grouped by core, each group in store order
        self._starts = np.searchsorted(ids[order], np.arange(len(self._core_ids) + 1))
        self._key = key

    def rows(self, core: str, families: frozenset[str]) -> np.ndarray:
        """Asset rows whose core is *core* and whose family is one of *families*; a terminal
        head with no such terminal may mean the port, and a port head the terminal."""
        i = self._core_ids.get(self._key(core))
        if i is None:
            return np.empty(0, np.int64)
        found = self._rows[self._starts[i] : self._starts[i + 1]].tolist()
        for fams in (families, _NEXT_BEST.get(families, frozenset())):
            hit = [r for r in found if self._families[r] in fams]
            if hit:
                # "X Air Base" is the military field when both it and a civil airport bear the name
                military = [r for r in hit if self._military[r]] if families == _AIR_BASE else []
                return np.array(military or hit, np.int64)
        return np.empty(0, np.int64)

    def find(self, text: str) -> list[HeadMatch]:
        """Every core-and-head phrase of *text* (``X Air Base``, ``port of X``)."""
        out: list[HeadMatch] = []
        folded = text.casefold()  # both scans look for their words in it
        for m in _heads(text, folded):
            i = next(int(k[1:]) for k, v in m.groupdict().items() if v is not None)
            _, families, strict = _HEADS[i]
            hit = self._before(text, m.start(), families)
            if hit is not None:
                out.append(HeadMatch(hit[0], m.end(), hit[1], strict))
            elif strict:
                words = self._words_before(text, m.start())
                if words:  # only the word right before the head: "Novorossiysk Russian pipeline" keeps the town
                    out.append(HeadMatch(words[-1][0], m.end(), np.empty(0, np.int64), True))
        for m in _ports_of(text, folded):
            core = list(_CORE_WORD.finditer(text, m.end(), min(len(text), m.end() + 60)))[:3]
            if not core or not core[0][0][0].isupper():
                continue
            for n in range(len(core), 0, -1):
                if any(not re.fullmatch(r"[ \t\n]+", text[core[j - 1].end() : core[j].start()]) for j in range(1, n)):
                    continue
                end = core[n - 1].start() + len(core[n - 1][0].rstrip("."))  # "of Tartus." ends before the stop
                rows = self.rows(text[core[0].start() : end], frozenset({"port", "naval"}))
                if len(rows):
                    out.append(HeadMatch(m.start(), end, rows, False))
                    break
        return out

    @staticmethod
    def _words_before(text: str, at: int) -> list[tuple[int, int]]:
        """Spans of the capitalised words (up to four, joiners allowed) right before *at*."""
        spans: list[tuple[int, int]] = []
        pos = at
        while len(spans) < _MAX_CORE_WORDS:
            gap = re.search(r"[ \t\n]+$", text[max(0, pos - 4) : pos]) if pos else None
            if gap is None:
                break
            end = pos - len(gap[0])
            m = re.search(r"[^\W\d_][\w'’.-]*$|\d+$", text[max(0, end - 40) : end])
            if m is None:
                break
            start = end - len(m[0])
            word = m[0].rstrip(".")
            if not (word[:1].isupper() or word[:1].isdigit() or word.lower() in _JOINERS):
                break
            spans.insert(0, (start, end))
            pos = start
        while spans and not text[spans[0][0]].isupper():
            spans.pop(0)  # a core starts with a capital ("of Natanz" -> "Natanz")
        return spans

    def _before(self, text: str, at: int, families: frozenset[str]) -> tuple[int, np.ndarray] | None:
        """The longest run of capitalised words before *at* that is an asset's core."""
        spans = self._words_before(text, at)
        for k in range(len(spans)):
            if not text[spans[k][0]].isupper():
                continue
            rows = self.rows(text[spans[k][0] : spans[-1][1]], families)
            if len(rows):
                return spans[k][0], rows
        return None


def asset_heads(text: str, mentions: list[Mention], heads: list[HeadMatch], kinds: Column,
                is_local: np.ndarray) -> list[Mention]:
    """*mentions* with each core-and-head phrase read as its asset.

    A phrase whose core is an asset's replaces the mentions inside it ("Mosul" in "Mosul
    Dam") unless a longer mention holds it; a strict head with no such asset takes the
    local readings (town, lake, district) from the names inside it ("Nord" in "Nord
    Pipeline", a town in "X Dam"), and drops the mentions left with none.
    """
    if not heads:
        return mentions
    out: list[Mention | None] = list(mentions)  # None: a mention taken in or dropped
    for h in heads:
        inside = [(k, m) for k, m in enumerate(out) if m is not None and m.start < h.end and h.start < m.end]
        if any(m.start < h.start or m.end > h.end for _, m in inside):
            continue  # a longer name holds it ("Baku-Tbilisi-Ceyhan pipeline" as one asset)
        if len(h.rows):
            if any(m.start == h.start and m.end == h.end for _, m in inside) and all(
                    (kinds[m.rows] == "asset").all() for _, m in inside):
                continue  # the name with its head is a name of the asset already
            for k, _ in inside:
                out[k] = None
            span = text[h.start : h.end]
            out.append(Mention(h.start, h.end, span, h.rows, np.full(len(h.rows), PRIMARY, np.uint8), False,
                               span.isupper() and len(span) > 3, False))
        elif h.strict:
            for k, m in inside:
                keep = ~is_local[m.rows] | (kinds[m.rows] == "asset")
                if m.demonym or keep.all():
                    continue
                out[k] = replace(m, rows=m.rows[keep], flags=m.flags[keep]) if keep.any() else None
    return sorted((m for m in out if m is not None), key=lambda m: m.start)


def head_covers(name: str, subkind: str, core_keys: set[str], key) -> bool:
    """Whether the core-and-head reading finds *name* by itself: a capitalised core of one to four
    words that is one of *core_keys*, then a head that fits *subkind* ("Three Gorges Dam hydroelectric
    plant"), or "Port of" and such a core. Such a name needs no key of its own in the name index."""
    family = FAMILY.get(subkind, "")
    m = _PORT_OF.match(name)
    if m:
        core, families = name[m.end():], frozenset({"port", "naval"})
    else:
        ends = [h for h in _HEAD_RE.finditer(name) if h.end() == len(name)]
        if not ends:
            return False
        h = ends[0]
        families = _HEADS[next(int(k[1:]) for k, v in h.groupdict().items() if v is not None)][1]
        core = name[: h.start()]
    words = core.split()
    return (1 <= len(words) <= _MAX_CORE_WORDS and words[0][:1].isupper() and key(core) in core_keys
            and (family in families or family in _NEXT_BEST.get(families, ())))
