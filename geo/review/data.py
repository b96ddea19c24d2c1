"""What the review page shows and saves: cables, their mentions and candidates, gazetteer search.

Every read checks the overrides file (parsing it again when it changed), so a fix saved
in another tab or another ``cablemap review`` process shows on the next load. Every save
goes through :func:`geo.overrides_file.save_entry` (locked, re-read, atomic). A cable is
analysed once per session and each mention's candidates listed once, so a save costs
applying the fixes to the machine's rows, not a new analysis.
"""

from __future__ import annotations

import getpass
import math
from collections.abc import Sequence
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

from gazetteer import Gazetteer, Resolution, name_key

from ..cable.reader import Cable
from ..overrides import Overrides
from ..overrides_file import (
    OverridesError,
    context_hash,
    current_entries,
    delete_entry,
    new_id,
    now,
    parse_entry,
    read_entries,
    save_entry,
)
from ..places import places_frame, resolve_cable

#: Most records a name search returns.
SEARCH_LIMIT = 25
_SEARCH_KEYS = 200
_KIND_RANK = {"country": 0, "region": 1, "asset": 2, "feature": 3, "place": 4}


class ReviewError(OverridesError):
    """A save request the review app refuses (bad offsets, unknown record, missing note)."""


def _number(v: float | None) -> float | None:
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v)


def _points(geoms: gpd.GeoSeries) -> tuple[np.ndarray, np.ndarray]:
    """A representative point of each geometry (NaN where there is none)."""
    arr = np.asarray(geoms.values, dtype=object)
    pts = shapely.point_on_surface(arr)
    return shapely.get_x(pts), shapely.get_y(pts)


class ReviewSession:
    """The cables under review, the gazetteer, and the overrides file they are reviewed into."""

    def __init__(self, cables: Sequence[Cable], overrides_path: Path, gazetteer: Gazetteer) -> None:
        self.cables = list(cables)
        self.path = Path(overrides_path)
        self.gazetteer = gazetteer
        self._found: dict[int, list[Resolution]] = {}
        self._frames: dict[int, gpd.GeoDataFrame] = {}
        self._candidate_lists: dict[tuple[int, int, int, str], list[dict]] = {}
        read_entries(self.path)  # a broken file stops the app before it serves anything

    def cable(self, i: int) -> Cable:
        """Cable number *i* (``IndexError`` if there is none)."""
        if not 0 <= i < len(self.cables):
            raise IndexError(i)
        return self.cables[i]

    def listing(self) -> dict:
        """The cables (index, refid, subject), the file being written and a default reviewer name."""
        return {
            "cables": [{"index": i, "refid": c.refid, "subject": c.subject or ""} for i, c in enumerate(self.cables)],
            "overrides": str(self.path),
            "who": getpass.getuser(),
        }

    def _machine(self, i: int) -> tuple[list[Resolution], gpd.GeoDataFrame]:
        if i not in self._found:
            cable = self.cable(i)
            self._found[i] = resolve_cable(cable, self.gazetteer)
            self._frames[i] = places_frame(cable, self.gazetteer, self._found[i])
        return self._found[i], self._frames[i]

    def payload(self, i: int) -> dict:
        """Cable *i* as the page draws it: text, mentions (with candidates), unmatched overrides."""
        cable = self.cable(i)
        found, frame = self._machine(i)
        overrides = Overrides(current_entries(self.path), self.path)
        applied = overrides.apply_detailed(
            frame, refid=cable.refid, text=cable.text, countries=tuple(cable.countries),
            gazetteer=self.gazetteer, cable=cable,
        )
        by_span = {(r.start, r.end): r for r in found}
        mentions = [
            *self._mentions(i, applied.places, "active", by_span),
            *self._mentions(i, applied.dropped, "dismissed", by_span),
        ]
        mentions.sort(key=lambda m: (m["start"], m["status"] != "active"))
        return {
            "index": i,
            "refid": cable.refid,
            "subject": cable.subject or "",
            "countries": list(cable.countries),
            "text": cable.text,
            "mentions": mentions,
            "unmatched": overrides.unmatched(),
            "overrides": str(self.path),
        }

    def _mentions(self, i: int, frame: gpd.GeoDataFrame, status: str, by_span: dict) -> list[dict]:
        if frame.empty:
            return []
        lon, lat = _points(frame.geometry)
        columns = ("start", "end", "mention", "name", "kind", "source", "confidence", "reason", "paragraph",
                   "demonym", "reviewed", "review_note", "override")
        out = []
        for k, row in enumerate(zip(*(frame[c].tolist() for c in columns))):  # plain lists: fast to walk
            start, end, mention, name, kind, source, confidence, reason, paragraph, demonym, reviewed, note, ov = row
            start, end = int(start), int(end)
            res = by_span.get((start, end))
            out.append({
                "start": start, "end": end, "mention": mention, "name": name,
                "kind": kind, "source": source, "confidence": float(confidence),
                "reason": reason, "paragraph": paragraph, "demonym": bool(demonym),
                "reviewed": bool(reviewed), "review_note": note, "override": ov,
                "status": status, "lon": _number(lon[k]), "lat": _number(lat[k]),
                "machine": res.record_id if res else None,
                "candidates": self._candidates_of(i, start, end, mention, res),
            })
        return out

    def _candidates_of(self, i: int, start: int, end: int, mention: str, res: Resolution | None) -> list[dict]:
        """:meth:`_candidates` of a mention of cable *i*, listed once per session (the fixes do not change them)."""
        key = (i, start, end, mention)
        if key not in self._candidate_lists:
            self._candidate_lists[key] = self._candidates(mention, res, self.cables[i])
        return self._candidate_lists[key]

    def _candidates(self, mention: str, res: Resolution | None, cable: Cable) -> list[dict]:
        """The geoparser's winner and runners-up (with scores), then every other record of that name."""
        gaz = self.gazetteer
        ranked: list[tuple[str, float | None, str | None]] = []
        if res is not None:
            ranked.append((res.record_id, None, f"geoparser's choice, confidence {res.confidence:.2f}: {res.reason}"))
            ranked += [(c.record_id, c.score, None) for c in res.runners_up]
        seen = {r for r, _, _ in ranked}
        extra = gaz.lookup(" ".join(mention.split()))
        ranked += [(rid, None, None) for rid in extra["id"] if rid not in seen]
        return [self._record(rid, score, why, cable) for rid, score, why in ranked[:12]]

    def _record(self, record_id: str, score: float | None, why: str | None, cable: Cable | None) -> dict:
        rec = self.gazetteer.record(record_id)
        lon, lat = _points(gpd.GeoSeries([rec.geometry]))
        pop = int(rec["population"]) if rec["population"] else 0
        bits = [f"{rec['kind']} ({rec['subkind']})" if rec["subkind"] else str(rec["kind"])]
        if rec["country"]:
            bits.append(f"in {rec['country']}")
        if pop:
            bits.append(f"pop. {pop:,}")
        if cable is not None and rec["country"] and rec["country"] in cable.countries:
            bits.append("a country in the cable's TAGS")
        if score is not None:
            bits.append(f"score {score:.2f}")
        return {
            "record": record_id, "name": rec["name"], "kind": rec["kind"], "country": rec["country"],
            "accuracy_m": float(rec["accuracy_m"]), "lon": _number(lon[0]), "lat": _number(lat[0]),
            "reason": why or "; ".join(bits),
        }

    def search(self, query: str) -> list[dict]:
        """Records whose name starts with *query* (folded): exact names first, then larger kinds."""
        key = name_key(query)
        if len(key) < 2:
            return []
        index = self.gazetteer.index
        rows: list[int] = []
        for _, key_id in index.search_prefix(key):
            if len(rows) >= _SEARCH_KEYS:
                break
            recs, _ = index.entries(key_id)
            rows += [int(r) for r in recs]
        recs = self.gazetteer.take(np.unique(np.array(rows, dtype=np.int64)))
        recs = recs.assign(
            _inexact=[name_key(n) != key for n in recs["name"]],
            _rank=[_KIND_RANK.get(k, 5) for k in recs["kind"]],
        ).sort_values(["_inexact", "_rank", "population"], ascending=[True, True, False])
        return [self._record(rid, None, None, None) for rid in recs["id"].head(SEARCH_LIMIT)]

    def save(self, i: int, req: dict) -> dict:
        """Save one fix to cable *i* from the page's request; the cable's new payload."""
        cable = self.cable(i)
        start, end, mention = req.get("start"), req.get("end"), req.get("mention")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(cable.text)):
            raise ReviewError("start/end are not a span of this cable")
        if cable.text[start:end] != mention:
            raise ReviewError(f"the cable does not read {mention!r} at {start}-{end}")
        action, scope = req.get("action"), req.get("scope", "mention")
        entry = {
            "scope": scope, "action": action, "who": str(req.get("who") or getpass.getuser()),
            "when": now(), "note": str(req.get("note") or ""),
        }
        if scope == "rule":
            entry.update(name=" ".join(mention.split()), countries=req.get("countries", []))
        else:
            entry.update(refid=cable.refid, start=start, end=end, mention=mention,
                         context=context_hash(cable.text, start, end))
        if action in ("choose", "add"):
            entry["record"] = req.get("record")
            try:
                self.gazetteer.record(str(entry["record"]))
            except KeyError:
                raise ReviewError(f"no record {entry['record']!r} in the gazetteer") from None
        elif action == "point":
            entry.update({k: req.get(k) for k in ("lat", "lon", "accuracy_m")})
        try:
            parsed = parse_entry({**entry, "id": new_id()})
        except ValueError as e:
            raise ReviewError(str(e)) from None
        save_entry(self.path, parsed)
        return self.payload(i)

    def delete(self, i: int, entry_id: str) -> dict:
        """Remove the override *entry_id*; cable *i*'s new payload."""
        delete_entry(self.path, entry_id)
        return self.payload(i)
