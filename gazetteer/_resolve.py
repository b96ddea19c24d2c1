"""Resolving mentions: choosing one record among the candidates a name matches.

Every candidate gets a score that adds up readable pieces of evidence:

* what it is: a country or breakaway region beats a village of the same name;
  places weigh by population, capitals and admin seats a little more;
* what the cable says: its country is in the cable's TAGS, or is the country of
  the post that sent it;
* where the other places are: closeness to the places of the same text that are
  already clear (spatial coherence, a second pass);
* how the name was matched: display name, derived variant, common English word.

The winner's share of the softmax over the scores, tempered by the match quality,
is its confidence; the pieces that made it win become the one-line reason. A place
that wins only weakly (a small village, far from everything the cable is about) is
dropped as not a place at all.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._index import DEMONYM, PRIMARY, VARIANT
from ._mentions import Mention

_BASE = {
    "country": 8.0,
    "asset": 5.0,
    "breakaway": 7.0,
    "macro-region": 4.0,
    "continent": 4.0,
    "admin1": 3.0,
    "feature": 3.0,
    "place": 1.0,
}
_TAGS_BONUS = 2.5
_POST_BONUS = 1.5
_COHERENCE_BONUS = 2.0
_COHERENCE_KM = 250.0
_PLACE_MIN_SCORE = 3.8
#: In all-capitals text any word looks like a name: a place needs this much more.
_CAPS_EXTRA = 1.0
#: Candidates this close to the winner count as the same answer for its confidence.
_SAME_PLACE_KM = 50.0
_WIDE = ("country", "breakaway", "macro-region", "continent")
_EARTH_KM = 6371.0088


@dataclass(frozen=True)
class Context:
    """What the text itself says about where it is."""

    countries: tuple[str, ...] = ()  #: ISO 3166-1 alpha-2 codes (the cable's TAGS)
    post_country: str | None = None  #: ISO code of the originating post's country


@dataclass(frozen=True)
class Candidate:
    """A record that lost (or won) the choice for a mention."""

    row: int
    record_id: str
    name: str
    country: str
    score: float


@dataclass(frozen=True)
class Resolution:
    """A mention resolved to one record, with how sure and why."""

    start: int
    end: int
    mention: str
    row: int
    record_id: str
    name: str
    kind: str
    demonym: bool
    confidence: float
    reason: str
    runners_up: tuple[Candidate, ...]


@dataclass(frozen=True)
class RecordArrays:
    """Column arrays of the store that resolution reads, by record row."""

    ids: np.ndarray
    names: np.ndarray
    kinds: np.ndarray
    subkinds: np.ndarray
    countries: np.ndarray
    population: np.ndarray
    lon: np.ndarray  #: representative point, degrees
    lat: np.ndarray

    def base_kind(self, rows: np.ndarray) -> np.ndarray:
        """The key into the base-score table for each row."""
        kinds, subs = self.kinds[rows], self.subkinds[rows]
        return np.where(
            (kinds == "region") | (kinds == "country"),
            np.where(kinds == "country", "country", subs),
            kinds,
        )


def _haversine_km(lon1, lat1, lon2, lat2):
    lon1, lat1, lon2, lat2 = map(np.radians, (lon1, lat1, lon2, lat2))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * _EARTH_KM * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


class _Scored:
    """Scores and their named parts for the candidates of one mention."""

    def __init__(self, m: Mention, rec: RecordArrays, ctx: Context):
        rows, flags = m.rows, m.flags
        if m.demonym:
            keep = (flags & DEMONYM) > 0
            rows, flags = rows[keep], flags[keep]
        self.rows, self.flags = rows, flags
        base_kind = rec.base_kind(rows)
        pop = rec.population[rows].astype(float)
        self.parts: dict[str, np.ndarray] = {
            "kind": np.array([_BASE.get(k, 2.0) for k in base_kind]),
            "population": np.where(rec.kinds[rows] == "place", 0.6 * np.log10(pop + 1), 0.0),
            "capital": np.select(
                [rec.subkinds[rows] == "PPLC", np.char.startswith(rec.subkinds[rows].astype(str), "PPLA")],
                [1.0, 0.4],
                0.0,
            ),
            "tags": np.where(np.isin(rec.countries[rows], ctx.countries), _TAGS_BONUS, 0.0),
            "post": np.where(
                (rec.countries[rows] == ctx.post_country) & (ctx.post_country is not None),
                _POST_BONUS,
                0.0,
            ),
            "name": np.where(flags & PRIMARY, 0.5, 0.0) - np.where(flags & VARIANT, 0.3, 0.0),
            "common": np.where(m.common & ~np.isin(base_kind, _WIDE), -2.5, 0.0),
            "coherence": np.zeros(len(rows)),
        }

    def total(self) -> np.ndarray:
        return sum(self.parts.values())


def _reason(m: Mention, s: _Scored, i: int, rec: RecordArrays, ctx: Context, near: str | None) -> str:
    row = s.rows[i]
    kind = rec.kinds[row]
    bits = []
    if m.demonym:
        bits.append(f"demonym of {rec.names[row]}")
    elif kind == "place":
        pop = int(rec.population[row])
        bits.append(f"populated place, pop. {pop:,}" if pop else "populated place")
    else:
        bits.append(f"{kind} ({rec.subkinds[row]})")
    if s.parts["tags"][i] > 0:
        bits.append(f"in {rec.countries[row]}, a country in the cable's TAGS")
    elif s.parts["post"][i] > 0:
        bits.append(f"in {rec.countries[row]}, the sending post's country")
    if near:
        bits.append(near)
    if s.parts["common"][i] < 0:
        bits.append("name is also a common word")
    n = len(s.rows)
    bits.append("only candidate" if n == 1 else f"best of {n} candidates")
    return "; ".join(bits)


def resolve(mentions: list[Mention], rec: RecordArrays, ctx: Context) -> list[Resolution]:
    """Choose a record for every mention (or drop it as not a place)."""
    scored = [_Scored(m, rec, ctx) for m in mentions]
    # Pass 1 without coherence: which mentions are already clear, and where are they?
    anchors = []
    for k, s in enumerate(scored):
        tot = s.total()
        best = int(np.argmax(tot))
        p = np.exp(tot - tot.max())
        p /= p.sum()
        row = s.rows[best]
        if p[best] >= 0.8 and rec.kinds[row] in ("place", "asset") and not mentions[k].common:
            anchors.append((k, rec.lon[row], rec.lat[row], rec.names[row]))
    out = []
    for k, (m, s) in enumerate(zip(mentions, scored)):
        near_name = None
        others = [a for a in anchors if a[0] != k and mentions[a[0]].text != m.text]
        if others and not m.demonym:
            alon = np.array([a[1] for a in others])
            alat = np.array([a[2] for a in others])
            d = _haversine_km(rec.lon[s.rows][:, None], rec.lat[s.rows][:, None], alon, alat)
            nearest = d.argmin(axis=1)
            dmin = d[np.arange(len(s.rows)), nearest]
            is_local = np.isin(rec.kinds[s.rows], ("place", "asset", "feature"))
            s.parts["coherence"] = np.where(is_local, _COHERENCE_BONUS * np.exp(-dmin / _COHERENCE_KM), 0.0)
        tot = s.total()
        order = np.argsort(-tot, kind="stable")
        best = int(order[0])
        row = int(s.rows[best])
        if rec.kinds[row] == "place" and tot[best] < _PLACE_MIN_SCORE + (_CAPS_EXTRA if m.caps else 0.0):
            continue
        context = s.parts["tags"][best] + s.parts["post"][best] + s.parts["coherence"][best]
        common = m.common and rec.base_kind(np.array([row]))[0] not in _WIDE
        if common and context < 1.0:
            continue  # "Southern", "Union": a common word with nothing placing it
        if s.parts["coherence"][best] > 0.5:
            dkm = -_COHERENCE_KM * np.log(s.parts["coherence"][best] / _COHERENCE_BONUS)
            near_name = f"{dkm:.0f} km from {others[int(nearest[best])][3]}"
        p = np.exp(tot - tot.max())
        p /= p.sum()
        same = _haversine_km(rec.lon[row], rec.lat[row], rec.lon[s.rows], rec.lat[s.rows]) <= _SAME_PLACE_KM
        quality = 0.97
        if common:
            quality *= 0.75
        if m.caps:
            quality *= 0.92
        if rec.kinds[row] == "place" and s.parts["tags"][best] == 0 and s.parts["post"][best] == 0:
            quality *= 0.85
        confidence = float(np.clip(p[same].sum() * quality, 0.01, 0.99))
        runners = tuple(
            Candidate(int(s.rows[j]), str(rec.ids[s.rows[j]]), str(rec.names[s.rows[j]]),
                      str(rec.countries[s.rows[j]]), round(float(tot[j]), 2))
            for j in order[1:4]
        )
        out.append(
            Resolution(
                m.start, m.end, m.text, row, str(rec.ids[row]), str(rec.names[row]),
                str(rec.kinds[row]), m.demonym, round(confidence, 3),
                _reason(m, s, best, rec, ctx, near_name), runners,
            )
        )
    return out
