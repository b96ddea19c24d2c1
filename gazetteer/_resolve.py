"""Resolving mentions: choosing one record among the candidates a name matches.

Every candidate gets a score that adds up readable pieces of evidence:

* what it is: a country or breakaway region beats a village of the same name;
  places weigh by population, capitals and admin seats a little more;
* what the text says: its country is in the cable's TAGS, is the country of the
  post that sent it, or is a country the text itself names or places itself in;
* where the other places are: closeness to the places of the same text that are
  already clear (spatial coherence, a second pass), and to the leading candidates
  of its other unsure names;
* how the name was matched: display name, derived variant, common English word.

The winner's share of the softmax over the scores, with what else is known of the
match (a common word, a misspelling, a town's name in capitals, an area's width, what placed it),
goes through a small logistic model fitted on the development benchmarks, whose
chance is then calibrated (isotonic: the share of such answers that were right): the
confidence is the chance that the span is a place *and* its point lies within
161 km of where the text means. The pieces that made it win become the one-line reason. A place
that wins only weakly (a small village, far from everything the text is about) is
dropped as not a place at all.

All candidates of all mentions of a text are scored at once, as flat arrays
(one entry per candidate, ``mi`` naming its mention), so the cost per text is a
few numpy calls rather than a loop over mentions.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Protocol

import numpy as np
import shapely

from ._assets import FAMILY
from ._index import BARE, DEMONYM, PRIMARY, VARIANT
from ._mentions import Mention
from ._nearest import haversine_km, nearest_apart
from ._weights import Weights, bundled_weights

_KINDS = ("country", "asset", "breakaway", "macro-region", "continent", "admin1", "admin2", "feature", "place",
          "supranational", "former-state")
#: The keys of :attr:`Weights.kind_prior`, in kind-code order (``other``: anything else).
_PRIOR_KINDS = (*_KINDS, "other")
#: What the confidence model reads of a match, in column order (see :func:`_confidence_features`).
CONFIDENCE_FEATURES = ("bias", "share", "common", "spelled", "caps", "unplaced", "context", "cable", "country",
                       "admin1", "admin2", "feature", "asset", "vague", "spread", "population", "placed", "moved",
                       "moved_spread")
_WIDE = ("country", "breakaway", "macro-region", "continent", "supranational", "former-state")
_LOCAL = ("place", "asset", "feature", "admin1", "admin2")


def _kind_table(*kinds: str) -> np.ndarray:
    """Per kind code (``RecordArrays.kind_code``, "anything else" included), whether it is one of *kinds*:
    ``table[codes]`` is ``np.isin(codes, ...)`` at the cost of one lookup."""
    return np.isin(np.arange(len(_KINDS) + 1), [_KINDS.index(k) for k in kinds])


#: Besides places, what may anchor spatial coherence: assets and counties (a medoid town).
_IS_ANCHOR_KIND = _kind_table("asset", "admin2")
#: The kinds the confidence model tells apart (see :func:`_confidence_features`).
_CONFIDENCE_KINDS = {
    k: _kind_table(*names) for k, names in {
        "country": ("country", "breakaway", "former-state"), "admin1": ("admin1",), "admin2": ("admin2",),
        "feature": ("feature",), "asset": ("asset",)}.items()
}


@dataclass(frozen=True)
class Context:
    """What the text itself says about where it is."""

    countries: tuple[str, ...] = ()  #: ISO 3166-1 alpha-2 codes (the cable's TAGS)
    post_country: str | None = None  #: ISO code of the originating post's country
    #: ``"cable"``: people named by nationality ("the Russians") count as mentions and
    #: supranational unions (EU) are organisations; ``"text"`` (news): the reverse.
    genre: str = "cable"
    #: the cable's subject TAGS (MARR, KNNP, ENRG...): what it is about says what a bare asset name means
    topics: tuple[str, ...] = ()
    #: where an area's point will be reported (see :data:`gazetteer.CONVENTIONS`): under Wikipedia's or the
    #: centroid a country's point stands in for a convention the sources follow only roughly
    convention: str = "geonames"


@dataclass(frozen=True)
class Candidate:
    """A record that lost (or won) the choice for a mention."""

    row: int
    record_id: str
    name: str
    country: str
    score: float


class _Explanation(NamedTuple):  # one per resolution: a named tuple is made faster than a frozen dataclass
    """What it takes to explain one choice later: the scored batch and the winner's place in it."""

    mention: Mention
    batch: _Batch
    winner: int  #: the winner in the batch
    span: tuple[int, int]  #: the mention's candidates in the batch, sorted by score
    rec: RecordArrays
    order: np.ndarray
    total: np.ndarray


@dataclass(frozen=True)
class Resolution:
    """A mention resolved to one record, with how sure and why.

    ``reason`` and ``runners_up`` are worked out when first read (a corpus run that
    never reads them does not pay for them).
    """

    start: int
    end: int
    mention: str
    row: int
    record_id: str
    name: str
    kind: str
    demonym: bool
    confidence: float
    explanation: _Explanation = field(repr=False, compare=False)

    @functools.cached_property
    def reason(self) -> str:
        """One line: what the record is and what made it win."""
        x = self.explanation
        return _reason(x.mention, x.batch, x.winner, x.rec, x.span[1] - x.span[0])

    @functools.cached_property
    def runners_up(self) -> tuple[Candidate, ...]:
        """The next (up to three) candidates, best first."""
        x = self.explanation
        s, e = x.span
        rec = x.rec
        return tuple(
            Candidate(int(r), str(rec.ids[r]), str(rec.names[r]), str(rec.countries[r]), round(float(x.total[j]), 2))
            for j in x.order[s + 1 : min(e, s + 4)]
            for r in (x.batch.rows[j],)
        )


class Column(Protocol):
    """A string or geometry column of :class:`RecordArrays`: numpy-style indexing by one row (a value)
    or an array of rows (an array of values), and a length. An ``np.ndarray`` is one; a store image
    holds its own (see :mod:`gazetteer._image`)."""

    def __getitem__(self, rows: int | np.integer | np.ndarray, /) -> Any: ...

    def __len__(self) -> int: ...


@dataclass(frozen=True)
class RecordArrays:
    """Column arrays of the store that resolution reads, by record row.

    The fields after ``names_own_unit`` are derived from the ones before by
    :meth:`derive` (a store image holds them ready, see :mod:`gazetteer._image`);
    none depends on the :class:`Weights`. Any array-like that numpy indexing works
    on will do for a column.
    """

    ids: Column
    names: Column
    kinds: Column
    subkinds: Column
    countries: Column
    population: np.ndarray
    lon: np.ndarray  #: representative point, degrees
    lat: np.ndarray
    admin1: Column  #: name key of the admin-1 unit a record lies in ("" if unknown)
    name_keys: Column  #: name key of admin-1 records' own names ("" for other records)
    radius_km: np.ndarray  #: radius of a circle of the record's area (0: point or line)
    areas: Column | None  #: admin-1 polygons (None elsewhere): a town inside one is near it; None: no polygons
    names_own_unit: np.ndarray  #: a city of a million or more that names its own admin-1 unit
    kind_code: np.ndarray  #: index into ``_KINDS`` (len(_KINDS): anything else)
    log_pop: np.ndarray  #: log10 of population + 1
    area: Column  #: "country|admin-1 key" the record lies in ("" if unknown)
    wide: np.ndarray  #: a country-sized area or an ocean
    local: np.ndarray  #: a place, asset, feature or admin-1/2 unit
    is_place: np.ndarray
    is_country: np.ndarray
    vague: np.ndarray  #: an area with no agreed centre (continent, ocean)

    @classmethod
    def derive(cls, ids: np.ndarray, names: np.ndarray, kinds: np.ndarray, subkinds: np.ndarray,
               countries: np.ndarray, population: np.ndarray, lon: np.ndarray, lat: np.ndarray, admin1: np.ndarray,
               name_keys: np.ndarray, radius_km: np.ndarray | None = None, areas: np.ndarray | None = None,
               names_own_unit: np.ndarray | None = None) -> RecordArrays:
        """The arrays of these columns, with the derived ones computed (no radius: points; no
        *names_own_unit*: no city names its own unit)."""
        kinds, subkinds = np.asarray(kinds), np.asarray(subkinds)
        base = np.where((kinds == "region") | (kinds == "country"),
                        np.where(kinds == "country", "country", subkinds), kinds)
        code = np.full(len(base), len(_KINDS), dtype=np.int8)
        for i, k in enumerate(_KINDS):
            code[base == k] = i
        subs = subkinds.astype(str)
        # country|admin-1 of every record: an admin-1 unit's own, anything else the one it lies in
        unit = np.where(subkinds == "admin1", np.asarray(name_keys), np.asarray(admin1)).astype(object)
        area = np.asarray(countries).astype(object) + "|" + unit
        # Areas with no agreed centre: a point stands for them only loosely.
        vague = [_KINDS.index(k) for k in ("macro-region", "continent", "supranational")]
        return cls(
            ids=ids, names=names, kinds=kinds, subkinds=subkinds, countries=countries, population=population,
            lon=lon, lat=lat, admin1=admin1, name_keys=name_keys,
            radius_km=np.zeros(len(code)) if radius_km is None else radius_km, areas=areas,
            names_own_unit=np.zeros(len(code), dtype=bool) if names_own_unit is None else names_own_unit,
            kind_code=code,
            log_pop=np.log10(np.asarray(population).astype(float) + 1),
            area=np.where(unit == "", "", area).astype(object),
            wide=np.isin(code, [_KINDS.index(k) for k in _WIDE]) | (subs == "ocean"),
            local=np.isin(code, [_KINDS.index(k) for k in _LOCAL]),
            is_place=kinds == "place",
            is_country=kinds == "country",
            vague=np.isin(code, vague) | (subs == "ocean"),
        )


def _priors(rec: RecordArrays, rows: np.ndarray, w: Weights) -> np.ndarray:
    """Score for what the records at *rows* are, before any context: kind, capital, population."""
    kind_prior = np.array(_ordered(w.kind_prior, _PRIOR_KINDS, "kind_prior"))
    subs = np.asarray(rec.subkinds[rows]).astype(str)
    capital = np.where(subs == "PPLC", w.capital_bonus,
                       np.where(np.char.startswith(subs, "PPLA"), w.admin_seat_bonus, 0.0))
    log_pop = rec.log_pop[rows]
    pop_score = np.where(rec.is_place[rows], w.population_weight * log_pop,
                         np.where(subs == "admin2", w.population_weight / 2 * log_pop, 0.0))
    pop_score += np.where(subs == "ocean", w.ocean_bonus, 0.0)  # "the Atlantic" is the ocean, not Atlantic, Iowa
    return kind_prior[rec.kind_code[rows]] + capital + pop_score


def _spread(rec: RecordArrays, rows: np.ndarray, w: Weights) -> np.ndarray:
    """How loosely the one point of each record at *rows* stands for its area (0: not at all).

    The wider an area, the less its one point stands for where the text means (Canada).
    """
    return np.log2(np.maximum(rec.radius_km[rows], w.spread_km) / w.spread_km)


def _ordered(weights: Mapping[str, float], keys: tuple[str, ...], what: str) -> list[float]:
    """The values of *weights* in the order of *keys*, which must be exactly its keys."""
    if set(weights) != set(keys):
        raise ValueError(f"weights {what}: expected the keys {keys}, got {tuple(weights)}")
    return [weights[k] for k in keys]


def _among(values: np.ndarray, choices: Sequence[str]) -> np.ndarray:
    """``np.isin(values, choices)`` for a few *choices*, one comparison each (np.isin sorts strings)."""
    out = np.zeros(len(values), dtype=bool)
    for choice in set(choices):
        out |= values == choice
    return out


class _Batch:
    """All candidates of all mentions of one text, as flat arrays."""

    def __init__(self, mentions: list[Mention], rec: RecordArrays, ctx: Context, w: Weights):
        self.w = w  #: the weights it is scored with
        self.cues: dict[int, tuple[str, list[str], bool]] = {}  #: bare asset candidate -> (word, tags, other assets)
        rows, flags = [], []
        for m in mentions:
            r, f = m.rows, m.flags
            if m.demonym:
                keep = (f & DEMONYM) > 0
                r, f = r[keep], f[keep]
            rows.append(r)
            flags.append(f)
        sizes = [len(r) for r in rows]
        self.rows = np.concatenate(rows).astype(np.int64)
        self.flags = np.concatenate(flags)
        self.n = len(mentions)
        self.mi = np.repeat(np.arange(self.n, dtype=np.int64), sizes)  #: per candidate, its mention's index
        self.ends = np.cumsum(sizes, dtype=np.int64)  #: one past the last candidate of each
        self.starts = self.ends - sizes  #: first candidate of each
        r = self.rows
        self.common = np.array([m.common for m in mentions])  #: per mention: the name is also a common word
        self.demonym = np.array([m.demonym for m in mentions])  #: per mention: a demonym
        self.name_ids = _name_ids(mentions)  #: per mention: one id per distinct name as written (case folded)
        common = self.common[self.mi]
        countries = rec.countries[r]
        self.spread = _spread(rec, r, w)  #: per candidate, how loosely its point stands for its area
        self.parts = {
            "prior": _priors(rec, r, w),
            "tags": np.where(_among(countries, ctx.countries), w.tags_bonus, 0.0),
            "post": np.where((countries == ctx.post_country) & (ctx.post_country is not None), w.post_bonus, 0.0),
            "name": np.where(self.flags & PRIMARY, w.primary_name_bonus, 0.0)
            - np.where(self.flags & VARIANT, w.variant_name_penalty, 0.0)
            + np.where(rec.names_own_unit[r], w.own_unit_city_bonus, 0.0),
            "common": np.where(common & ~rec.wide[r], -w.common_word_penalty, 0.0),
            "text": np.zeros(len(r)),
            "area": np.zeros(len(r)),
            "coherence": np.zeros(len(r)),
            "container": np.zeros(len(r)),
            "holds": np.zeros(len(r)),
            "pairs": np.zeros(len(r)),
            "article": np.zeros(len(r)),
            "bare": np.zeros(len(r)),
        }
        self.near = np.full(len(r), -1, dtype=np.int64)
        self.pair_near = np.full(len(r), -1, dtype=np.int64)
        self.features: np.ndarray | None = None  #: per mention, what the confidence model reads

    def name_row_keys(self, cand: np.ndarray | slice) -> np.ndarray:
        """One key per (name as written, record row) for the candidates *cand*: mentions of one name share theirs."""
        return self.name_ids[self.mi[cand]] * (int(self.rows.max()) + 1) + self.rows[cand]

    def total(self) -> np.ndarray:
        # (``sum`` is typed as maybe its start, 0: the sum of these arrays is an array, which np.asarray returns as is)
        return np.asarray(sum(self.parts.values()))

    def best(self, total: np.ndarray) -> _Lead:
        """Where the scores *total* put each mention."""
        top = np.maximum.reduceat(total, self.starts)
        e = np.exp(total - top[self.mi])
        share = e / np.add.reduceat(e, self.starts)[self.mi]
        order = np.lexsort((-total, self.mi))
        return _Lead(total, order[self.starts], share, order)


class _Lead(NamedTuple):
    """Where the scores *total* put each mention: its best candidate, the softmax share of each candidate, and
    the candidates by mention, best first."""

    total: np.ndarray
    best: np.ndarray
    share: np.ndarray
    order: np.ndarray


def _text_countries(b: _Batch, mentions: list[Mention], rec: RecordArrays, lead: _Lead, ctx: Context) -> None:
    """Bonus for candidates in the countries and admin-1 units the text itself is clearly about.

    A country is "clearly" in the text when a mention that looks kept (not a common
    word, a place strong enough to stand) is sure of it in the first pass: its
    candidates in the winner's country hold a share of at least 0.8. The bonus grows
    with the number of such mentions the country has, counting only mentions of
    *other* names: "Georgia" must not vouch for Georgia, but "the UK" vouches for
    the Cambridge of the same text. Admin-1 units vouch the same way, one level
    down ("Laurel County" and "Ky." for London, Kentucky). In cables the TAGS already
    say which countries the text is about, and "U.S." and "Washington" are in nearly
    every one: there country names and US places vouch for nothing (Geneva stays in
    Switzerland).
    """
    total, best, share, _ = lead
    brow = b.rows[best]
    kept = ~b.common & ~(rec.is_place[brow] & (total[best] < b.w.place_min_score))
    if ctx.genre == "cable":
        # and the sender's own country, named in nearly every cable ("Washington"), vouches for nothing
        kept &= ~rec.is_country[brow] & (rec.countries[brow] != "US")
    names = [m.text.casefold() for m in mentions]
    own = [names[k] for k in b.mi.tolist()]
    for part, keys, bonus in (("text", rec.countries, b.w.text_country_bonus), ("area", rec.area, b.w.text_area_bonus)):
        b.parts[part] = bonus * _vouched(b, keys, best, share, kept, names, own)


def _vouched(b: _Batch, keys: Column, best: np.ndarray, share: np.ndarray, kept: np.ndarray,
             names: list[str], own: list[str]) -> np.ndarray:
    """Per candidate, 0..1: the sure mentions (of other names) whose winner has the candidate's key,
    over those of the most vouched-for key."""
    cand = keys[b.rows]
    # A mention is sure of a key when its candidates with the winner's key hold 0.8 of
    # the share ("Atlanta": whichever Atlanta, it is in the US).
    in_winner = cand == cand[best][b.mi]
    key_share = np.add.reduceat(np.where(in_winner, share, 0.0), b.starts)
    sure = (key_share >= 0.8) & kept & (cand[best] != "")
    if not sure.any():
        return np.zeros(len(b.rows))
    counts: dict[str, int] = {}
    by_name: dict[tuple[str, str], int] = {}
    for k in np.flatnonzero(sure).tolist():
        c = str(cand[best[k]])
        counts[c] = counts.get(c, 0) + 1
        by_name[c, names[k]] = by_name.get((c, names[k]), 0) + 1
    top = max(counts.values())
    return np.array([(counts.get(c, 0) - by_name.get((c, n), 0)) / top for c, n in zip(cand.tolist(), own)])


#: Characters before a name searched for its article ("the tropical Atlantic").
_ARTICLE_WINDOW = 30
_ARTICLE_BEFORE = re.compile(r"\b[Tt]he[ \t\n]+(?:[a-z]+[ \t\n]+){0,2}$")
_NO_NOUN_AFTER = re.compile(
    r"(?:[.,;:!?)\"”]|[ \t\n]+(?:and|or|in|to|of|from|with|is|was|has|have|were|are|will|which|that)\b|$)"
)


def _articles(b: _Batch, mentions: list[Mention], rec: RecordArrays, text: str) -> None:
    """Penalty for towns named with an article: "the tropical Atlantic", "in the Caucasus".

    A town takes no article in English; a sea, a range or a region does. Only when no
    noun follows: "the Moscow government" is still Moscow.
    """
    for k, m in enumerate(mentions):
        if " " in m.text or m.caps:
            continue
        lo = max(0, m.start - _ARTICLE_WINDOW)
        window = text[lo : m.start]  # no "he" and a blank in it, no article (a test cheaper than the search)
        if not ("he " in window or "he\n" in window or "he\t" in window):
            continue
        if _ARTICLE_BEFORE.search(text, lo, m.start) and _NO_NOUN_AFTER.match(text, m.end):
            s, e = b.starts[k], b.ends[k]
            b.parts["article"][s:e] = np.where(rec.is_place[b.rows[s:e]], -b.w.article_penalty, 0.0)


_APPOSITION = (", ", ",\n", " , ", ", the ")


def _containers(b: _Batch, mentions: list[Mention], rec: RecordArrays, lead: _Lead, text: str) -> None:
    """Bonus for namesakes that a "Place, Region" apposition agrees with.

    "Monroe County, New York", "Gori, Georgia": the second name says which of the
    first one's namesakes is meant (``container``); and "Atlanta, Georgia": the
    first says which Georgia holds it (``holds``).
    """
    best = lead.best
    ends = b.ends
    for k in range(len(mentions) - 1):
        if text[mentions[k].end : mentions[k + 1].start] not in _APPOSITION or rec.wide[b.rows[best[k]]]:
            continue  # not an apposition, or a list of countries ("Russia, the U.S. and Georgia")
        inner = b.rows[b.starts[k] : ends[k]]
        outer = b.rows[best[k + 1]]
        if rec.is_country[outer]:
            inside = rec.countries[inner] == rec.countries[outer]
        else:
            inside = (rec.admin1[inner] == rec.name_keys[outer]) & (rec.countries[inner] == rec.countries[outer])
            inside &= rec.name_keys[outer] != ""
        if inside.any() and not inside.all():
            b.parts["container"][b.starts[k] : ends[k]] = np.where(inside, b.w.container_bonus, 0.0)
        outers = b.rows[b.starts[k + 1] : ends[k + 1]]
        holds = np.where(
            rec.is_country[outers],
            np.isin(rec.countries[outers], rec.countries[inner]),
            np.isin(rec.name_keys[outers] + "|" + rec.countries[outers], rec.admin1[inner] + "|" + rec.countries[inner])
            & (rec.name_keys[outers] != ""),
        )
        if holds.any() and not holds.all():
            b.parts["holds"][b.starts[k + 1] : ends[k + 1]] = np.where(holds, b.w.container_bonus, 0.0)


#: A bare asset core ("Bagram", "Natanz") stands for the asset only when the text says so.
#: Without a cue the asset (kind prior 5) stays below a namesake hamlet (prior 1 and more); a word of
#: its kind nearby lifts it over any town a bare core may share its name with (under 50,000 people,
#: prior below 5.5), the cable's subject TAGS over a town of some 40,000 (``Weights.bare_*``).
_ENERGY_WORDS = (r"oil|gas|barrels?|bpd|b/d|production|output|pumped|reserves|condensate|pipelines?|throughput|tankers?"
                 r"|consortium|PSA|bcm|crude|LNG|refin\w*|terminal|oilfield|drilling|upstream|petroleum")
_BARE_CUES = {
    # words of the asset itself, not of soldiering in general ("troops in Tskhinvali" is the town)
    "air": r"runways?|flights?|aircraft|air ?base|airbase|airfield|tankers?|transit cent(?:er|re)|squadrons?|air force"
           r"|fighters?|jets?|refuel\w*|airlift|sorties|planes?|airport|air bridge",
    "naval": r"navy|naval|fleet|warships?|port calls?|sailors|detainees?|detention",
    "base": r"garrison|military base|brigade",
    "nuclear": r"reactors?|centrifuges?|enrich\w*|uranium|nuclear|IAEA|plutonium|heavy water|inspectors?|safeguards"
               r"|spent fuel|NPP|megawatts?|MW|cascades?|UF6",
    "field": _ENERGY_WORDS, "pipeline": _ENERGY_WORDS, "terminal": _ENERGY_WORDS, "refinery": _ENERGY_WORDS,
    "port": _ENERGY_WORDS,
    "dam": r"dams?|hydro\w*|megawatts?|MW|turbines?|reservoir",
    "power": r"megawatts?|MW|turbines?|power plant|power station",
}
_BARE_CUE_RE = {f: re.compile(rf"\b(?:{p})\b", re.I) for f, p in _BARE_CUES.items()}
_BARE_TOPICS = {
    "air": {"MARR", "MOPS", "MCAP", "PM"}, "naval": {"MARR", "MOPS", "MCAP"}, "base": {"MARR", "MOPS", "MCAP"},
    "nuclear": {"KNNP", "MNUC", "PARM", "TRGY", "ENRG", "AORC"},
    **{f: {"ENRG", "EPET", "EINV", "EMIN"} for f in ("field", "pipeline", "terminal", "refinery", "port", "dam", "power")},
}
_CUE_WINDOW = 200


def _bare_assets(b: _Batch, mentions: list[Mention], rec: RecordArrays, ctx: Context, text: str) -> None:
    """Penalty for an asset named by its bare core ("Incirlik"), lifted by what the text says:
    words of the asset's kind near it (runway, reactor, barrels), the cable's subject TAGS
    (MARR, KNNP, ENRG), and other assets the text names with their heads."""
    bare = ((b.flags & BARE) > 0) & (rec.kinds[b.rows] == "asset")
    if not bare.any():
        return
    headed = set(np.unique(b.mi[(rec.kinds[b.rows] == "asset") & ((b.flags & BARE) == 0)]).tolist())
    topics = set(ctx.topics)
    for i in np.flatnonzero(bare).tolist():
        k = int(b.mi[i])
        m = mentions[k]
        family = FAMILY.get(str(rec.subkinds[b.rows[i]]), "")
        window = text[max(0, m.start - _CUE_WINDOW) : m.start] + " " + text[m.end : m.end + _CUE_WINDOW]
        cue = _BARE_CUE_RE[family].search(window) if family in _BARE_CUE_RE and text else None
        tags = sorted(topics & _BARE_TOPICS.get(family, set()))
        others = bool(headed - {k})
        w = b.w
        b.parts["bare"][i] = (-w.bare_penalty + w.bare_words_bonus * bool(cue) + w.bare_tags_bonus * bool(tags)
                              + w.bare_others_bonus * others)
        b.cues[i] = (cue[0] if cue else "", tags, others)


def _coherence(b: _Batch, rec: RecordArrays, lead: _Lead, before: np.ndarray | None = None) -> np.ndarray:
    """Bonus for local candidates near the places of the text that are already clear.

    Returns the anchors: per mention, the row of its winner if it is one, else -1. A pass whose anchors are
    those of the pass *before* would give the same bonus again, and stops there.
    """
    _, best, share, _ = lead
    brow = b.rows[best]
    anchor_kind = rec.is_place[brow] | _IS_ANCHOR_KIND[rec.kind_code[brow]]
    # Sure of where it is, whichever of its candidates there it means (Montreal the city or the county).
    win = brow[b.mi]
    there = haversine_km(rec.lon[b.rows], rec.lat[b.rows], rec.lon[win], rec.lat[win]) <= b.w.same_place_km
    sure = np.add.reduceat(np.where(there, share, 0.0), b.starts) >= 0.8
    is_anchor = sure & anchor_kind & ~b.common
    anchors = np.where(is_anchor, brow, -1)
    if not is_anchor.any() or before is not None and np.array_equal(anchors, before):
        return anchors
    anchor_m = np.flatnonzero(is_anchor)
    local = rec.local[b.rows] & ~b.demonym[b.mi]
    idx = np.flatnonzero(local)
    if not len(idx):
        return anchors
    # An anchor does not support its own mention, nor another mention of the same name.
    name = b.name_ids
    # Each name's candidate once: its mentions share their candidates (a name repeated 20 times costs one row).
    _, first, inverse = np.unique(b.name_row_keys(idx), return_index=True, return_inverse=True)
    once = idx[first]
    dmin, nearest = nearest_apart(
        rec.lon[b.rows[once]], rec.lat[b.rows[once]], name[b.mi[once]],
        rec.lon[brow[anchor_m]], rec.lat[brow[anchor_m]], name[anchor_m],
        # A region is as near as can be to the towns inside it (Montreal for Québec), however far its centre.
        areas=None if rec.areas is None else rec.areas[b.rows[once]],
    )
    dmin, nearest = dmin[inverse], nearest[inverse]
    b.parts["coherence"][idx] = b.w.coherence_bonus * np.exp(-dmin / b.w.coherence_km)
    b.near[idx] = np.where(nearest >= 0, brow[anchor_m][nearest], -1)
    return anchors


def _pairs(b: _Batch, rec: RecordArrays, total: np.ndarray, explicit: np.ndarray) -> None:
    """Bonus for local candidates close to a leading candidate of another name of the text.

    A mention that its apposition places ("Victoria, Australia") takes no part, and
    neither does a name that leads with a wide reading ("Canada" the country lends no
    village of that name).
    """
    order = np.lexsort((-total, b.mi))
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order)) - b.starts[b.mi[order]]
    takes_part = rec.local[b.rows[order[b.starts]]] & ~b.demonym & ~explicit
    cand = np.flatnonzero((rank < b.w.pair_top) & rec.local[b.rows] & takes_part[b.mi])
    if len(cand) < 2:
        return
    # Each name once: its mentions share their candidates (a name repeated 50 times costs one row).
    _, first, inverse = np.unique(b.name_row_keys(cand), return_index=True, return_inverse=True)
    name_id, rows = b.name_ids[b.mi[cand[first]]], b.rows[cand[first]]
    # Not its own name, nor its own other candidates.
    lon, lat = rec.lon[rows], rec.lat[rows]
    dmin, nearest = nearest_apart(lon, lat, name_id, lon, lat, name_id)
    bonus = b.w.pair_bonus * np.exp(-dmin / b.w.pair_km)
    b.parts["pairs"][cand] = np.where(bonus >= 0.1 * b.w.pair_bonus, bonus, 0.0)[inverse]  # within ~115 km
    b.pair_near[cand] = np.where(nearest >= 0, rows[nearest], -1)[inverse]


def _name_ids(mentions: list[Mention]) -> np.ndarray:
    """One id per distinct name as written (case folded), per mention."""
    names: dict[str, int] = {}
    return np.array([names.setdefault(m.text.casefold(), len(names)) for m in mentions])


def _one_sense(b: _Batch, total: np.ndarray) -> np.ndarray:
    """Scores pooled over the mentions of one name: a text means one Georgia throughout.

    Each candidate's score becomes the mean of its scores over every mention of
    the same name (as written, case folded) in the text.
    """
    if b.name_ids.max() + 1 == b.n:  # every name once
        return total
    _, inverse, counts = np.unique(b.name_row_keys(slice(None)), return_inverse=True, return_counts=True)
    return np.bincount(inverse, weights=total)[inverse] / counts[inverse]


def _reason(m: Mention, b: _Batch, i: int, rec: RecordArrays, n: int) -> str:
    row = b.rows[i]
    kind = rec.kinds[row]
    bits = []
    if m.spelled:
        bits.append(f"read as {rec.names[row]}: no name is spelled {m.text!r}, this one nearly is")
    if m.demonym:
        bits.append(f"demonym of {rec.names[row]}")
    elif kind == "place":
        pop = int(rec.population[row])
        bits.append(f"populated place, pop. {pop:,}" if pop else "populated place")
    else:
        bits.append(f"{kind} ({rec.subkinds[row]})")
    if b.parts["tags"][i] > 0:
        bits.append(f"in {rec.countries[row]}, a country in the cable's TAGS")
    elif b.parts["post"][i] > 0:
        bits.append(f"in {rec.countries[row]}, the sending post's country")
    elif b.parts["text"][i] > 0.5:
        bits.append(f"in {rec.countries[row]}, a country the text is about")
    if b.parts["area"][i] > 0.5:
        bits.append(f"in {rec.area[row].split('|')[1].title()}, a region the text is about")
    if b.parts["container"][i] > 0:
        bits.append("inside the region named right after it")
    if b.parts["holds"][i] > 0:
        bits.append("holds the place named right before it")
    if b.parts["coherence"][i] > 0.5 and b.near[i] >= 0:
        near = b.near[i]
        dkm = float(haversine_km(rec.lon[row], rec.lat[row], rec.lon[near], rec.lat[near]))
        area = rec.areas[row] if rec.areas is not None else None
        inside = area is not None and shapely.contains_xy(area, rec.lon[near], rec.lat[near])
        bits.append(f"holds {rec.names[near]}" if inside else f"{dkm:.0f} km from {rec.names[near]}")
    if b.parts["pairs"][i] > 0.25 and b.pair_near[i] >= 0:
        near = b.pair_near[i]
        dkm = float(haversine_km(rec.lon[row], rec.lat[row], rec.lon[near], rec.lat[near]))
        bits.append(f"{dkm:.0f} km from {rec.names[near]}, also named in the text")
    if i in b.cues:
        word, tags, others = b.cues[i]
        said = [f"'{word}' nearby" if word else "", f"TAGS {'/'.join(tags)}" if tags else "",
                "other assets named in the text" if others else ""]
        said = [x for x in said if x]
        bits.append("named without its head; " + (", ".join(said) + " say it is the asset" if said
                                                  else "nothing near it says it is the asset"))
    if b.parts["common"][i] < 0:
        bits.append("name is also a common word")
    if b.spread[i] > 0.7 and not rec.vague[row]:
        bits.append(f"an area some {2 * rec.radius_km[row]:,.0f} km across, which one point stands for only loosely")
    bits.append("only candidate" if n == 1 else f"best of {n} candidates")
    return "; ".join(bits)


def _confidence_features(mentions: list[Mention], rec: RecordArrays, brow: np.ndarray, spread: np.ndarray,
                         same_share: np.ndarray, common: np.ndarray, placed_by_context: np.ndarray, ctx: Context,
                         unplaced: np.ndarray) -> np.ndarray:
    """One row per mention, one column per name in :data:`CONFIDENCE_FEATURES`: what is known of the match
    (*brow*: the winners' rows, *spread*: theirs)."""
    code = rec.kind_code[brow]
    vague = rec.vague[brow]
    share = np.clip(same_share, 0.01, 0.99)
    is_kind = {k: table[code] & ~vague for k, table in _CONFIDENCE_KINDS.items()}
    pop = np.where(rec.is_place[brow], np.log10(rec.population[brow].astype(float) + 1) / 7, 0.0)
    # an area placed under another convention than GeoNames' own point (the country's Factbook point,
    # the polygon's centroid): the wider it is, the further the conventions part
    kinds = np.asarray(rec.kinds[brow])
    moved = (kinds == "country") if ctx.convention == "wikipedia" else (
        np.isin(kinds, ("country", "region")) if ctx.convention == "centroid" else np.zeros(len(brow), dtype=bool))
    spread = np.where(vague, 0.0, spread)
    columns = {
        "bias": np.ones(len(brow)),
        "share": np.log(share / (1 - share)),
        "common": common,
        "spelled": [m.spelled is not None for m in mentions],
        # capitals blur the names of towns ("JENNY", "PAUL"), not those of countries or continents
        "caps": np.array([m.caps for m in mentions]) & rec.is_place[brow],
        "unplaced": unplaced,
        "context": placed_by_context,
        "cable": np.full(len(brow), ctx.genre == "cable"),
        **is_kind,
        "vague": vague,
        "spread": spread,
        "population": pop,
        "placed": [m.placed for m in mentions],
        "moved": moved,
        "moved_spread": moved * spread,
    }
    return np.column_stack([np.asarray(columns[k], dtype=float) for k in CONFIDENCE_FEATURES])


def _confidence(features: np.ndarray, w: Weights) -> np.ndarray:
    """The logistic model's chance read through the calibration (the share of such answers that were right),
    kept off 0 and 1."""
    z = features @ np.array(_ordered(w.confidence, CONFIDENCE_FEATURES, "confidence"))
    chance, share = np.array(w.calibration).T
    return np.clip(np.interp(1 / (1 + np.exp(-z)), chance, share), 0.01, 0.99)


def resolve(mentions: list[Mention], rec: RecordArrays, ctx: Context, text: str = "",
            weights: Weights | None = None) -> list[Resolution]:
    """Choose a record for every mention of *text* (or drop it as not a place), scoring with
    *weights* (default: the bundled ones)."""
    if not mentions:
        return []
    w = bundled_weights() if weights is None else weights
    b = _Batch(mentions, rec, ctx, w)
    _bare_assets(b, mentions, rec, ctx, text)
    first = b.best(b.total())
    _text_countries(b, mentions, rec, first, ctx)
    anchors = _coherence(b, rec, first)
    _coherence(b, rec, b.best(b.total()), anchors)  # places that became clear support the others in turn
    if text:
        _containers(b, mentions, rec, first, text)
        _articles(b, mentions, rec, text)
    # A mention placed by its own apposition ("Orange County, Texas") keeps its sense;
    # the others take the sense their name has across the text.
    explicit = np.add.reduceat(b.parts["container"] + b.parts["holds"], b.starts) > 0
    _pairs(b, rec, b.total(), explicit)
    own = b.total()
    tot = np.where(explicit[b.mi], own, _one_sense(b, own))
    _, best, share, order = b.best(tot)
    # The text's own countries help choose between candidates, not decide that a name is a place.
    evidence = tot - b.parts["text"] - b.parts["area"]
    context = b.parts["tags"] + b.parts["post"] + b.parts["coherence"] + b.parts["container"] + b.parts["holds"]
    win = b.rows[best][b.mi]
    same = haversine_km(rec.lon[b.rows], rec.lat[b.rows], rec.lon[win], rec.lat[win]) <= w.same_place_km
    same_share = np.add.reduceat(np.where(same, share, 0.0), b.starts)
    brow = b.rows[best]
    is_place = rec.is_place[brow]
    caps_doubt = np.array([m.caps and not m.placed for m in mentions])  # "IN MALAKAL" is placed
    keep = ~(is_place & (evidence[best] < w.place_min_score + np.where(caps_doubt, w.caps_extra, 0.0)))
    common = b.common & ~rec.wide[brow]
    keep &= ~(common & (context[best] < 1.0))  # "Southern", "Union": a common word with nothing placing it
    # An asset named by its bare core with no word or TAGS of its kind is no mention ("Gordon Campbell said").
    uncued = [i for i, (word, tags, _) in b.cues.items() if not (word or tags)]
    if uncued:
        keep &= ~np.isin(best, uncued)
    unplaced = is_place & (sum(b.parts[p][best] for p in ("tags", "post", "text", "area")) == 0)
    b.features = _confidence_features(mentions, rec, brow, b.spread[best], same_share, common, context[best] >= 1.0,
                                      ctx, unplaced)
    confidence = _confidence(b.features, w).round(3).tolist()
    ids, names, kinds = rec.ids, rec.names, rec.kinds
    starts, ends = b.starts.tolist(), b.ends.tolist()
    best_list, brow_list = best.tolist(), brow.tolist()
    out = []
    for k in np.flatnonzero(keep).tolist():
        m, row = mentions[k], brow_list[k]
        why = _Explanation(m, b, best_list[k], (starts[k], ends[k]), rec, order, tot)
        out.append(
            Resolution(m.start, m.end, m.text, row, str(ids[row]), str(names[row]), str(kinds[row]), m.demonym,
                       confidence[k], why)
        )
    return out
