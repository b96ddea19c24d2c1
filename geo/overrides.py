"""Analyst overrides: fixes to the places of a cable that every later output keeps.

>>> ov = load_overrides("overrides.jsonl")                      # doctest: +SKIP
>>> places = ov.apply(places, refid=cable.refid, text=cable.text,  # doctest: +SKIP
...                   countries=cable.countries, gazetteer=gaz)
>>> ov.unmatched()                                              # doctest: +SKIP

A mention override is found again in the text by its offsets and mention; if the
text moved, by the mention and the hash of its surrounding text (the nearest such
occurrence). A rule applies to every mention with its name (case- and
accent-folded) in cables tagged with one of its countries. Mention overrides beat
rules; among rules the later line wins. ``add`` rules also add every occurrence of
the name that the geoparser missed. The file format is in :mod:`geo.overrides_file`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from gazetteer import Gazetteer, name_key

from .cable.reader import Cable
from .overrides_file import Override, OverridesError, context_hash, read_entries
from .settings import Settings

__all__ = ["Applied", "Overrides", "OverridesError", "load_overrides"]

#: Reach of the plain-text sentence used when no :class:`Cable` is given.
_SENTENCE_REACH = 200
_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n\s*\n")
_DTYPES = {
    "start": "int64", "end": "int64", "demonym": bool, "confidence": float, "accuracy_m": float,
    "reviewed": bool,
}


@dataclass(frozen=True)
class Applied:
    """The places after overrides, and the rows overrides removed as not places."""

    places: gpd.GeoDataFrame  #: input columns + ``reviewed``, ``review_note``, ``override`` (entry id)
    dropped: gpd.GeoDataFrame  #: same columns: mentions marked "not a place"


class _Rows:
    """The machine's rows of one text while overrides are decided: which are still live, which were dropped.

    Deciding marks positions instead of slicing the frame, so applying n overrides
    costs one selection at the end rather than n.
    """

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame
        self.starts = frame["start"].to_numpy()
        self.ends = frame["end"].to_numpy()
        self.mentions = frame["mention"].tolist()
        self.alive = np.ones(len(frame), bool)
        self.gone: list[int] = []  #: positions marked "not a place", in the order decided
        self.gone_notes: list[str] = []
        self.gone_ids: list[str] = []

    def live_at(self, spans: list[tuple[int, int]]) -> np.ndarray:
        """Positions of the live rows overlapping any of *spans*."""
        hit = np.zeros(len(self.alive), bool)
        for s, e in spans:
            hit |= (self.starts < e) & (self.ends > s)
        return np.flatnonzero(hit & self.alive)

    def drop(self, positions: np.ndarray, note: str, entry_id: str) -> None:
        """Retire *positions* as "not a place" by entry *entry_id*."""
        self.alive[positions] = False
        self.gone += positions.tolist()
        self.gone_notes += [note] * len(positions)
        self.gone_ids += [entry_id] * len(positions)


def _taken(decided: bytearray, start: int, end: int) -> bool:
    """True when a fix already decided a character of ``start:end``."""
    return decided.find(1, start, end) != -1


def _take(decided: bytearray, start: int, end: int) -> None:
    decided[start:end] = b"\x01" * (end - start)


def _plain_sentence(text: str, start: int, end: int) -> str:
    lo = max(0, start - _SENTENCE_REACH)
    before = [m.end() for m in _SENTENCE_END.finditer(text, lo, start)]
    after = _SENTENCE_END.search(text, end, end + _SENTENCE_REACH)
    s = before[-1] if before else lo
    e = after.end() if after else min(len(text), end + _SENTENCE_REACH)
    return " ".join(text[s:e].split())


def _note(o: Override) -> str:
    what = {
        "choose": f"chose {o.record}", "add": f"added as {o.record}",
        "point": f"placed by hand ({o.accuracy_m:g} m)" if o.accuracy_m else "placed by hand",
        "not-a-place": "not a place",
    }[o.action]
    if o.scope == "rule":
        ctx = f" in cables tagged {'/'.join(o.countries)}" if o.countries else ""
        what += f" (rule: `{o.name}`{ctx})"
    tail = f": {o.note}" if o.note and o.action != "point" else ""
    return f"{what} — {o.who}, {o.when[:10]}{tail}"


class Overrides:
    """The analyst's fixes, read from an overrides file (see :mod:`geo.overrides_file`)."""

    def __init__(self, entries: Iterable[Override] = (), path: Path | None = None) -> None:
        self.entries = list(entries)
        self.path = path
        self._by_refid: dict[str, list[Override]] = {}
        for e in self.entries:
            if e.scope == "mention":
                assert e.refid is not None  # parse_entry requires it of a mention
                self._by_refid.setdefault(e.refid, []).append(e)
        self._rules = [e for e in self.entries if e.scope == "rule"][::-1]  # later lines first
        self._seen: set[str] = set()
        self._matched: set[str] = set()
        self._broken: dict[str, str] = {}  # id -> why it cannot apply

    def apply(
        self,
        places: gpd.GeoDataFrame,
        *,
        refid: str,
        text: str,
        countries: tuple[str, ...],
        gazetteer: Gazetteer,
        cable: Cable | None = None,
    ) -> gpd.GeoDataFrame:
        """*places* of one text with the fixes applied: same columns plus ``reviewed`` and ``review_note``.

        *places* needs at least ``mention``, ``start``, ``end``, ``source`` and a
        geometry; *text* is the text its offsets index (``cable.text``). With
        *cable*, added mentions get its paragraph and sentence, and ``add`` rules
        search only its readable text (not headers).
        """
        out = self.apply_detailed(
            places, refid=refid, text=text, countries=countries, gazetteer=gazetteer, cable=cable
        ).places
        return out.drop(columns="override")

    def apply_detailed(
        self,
        places: gpd.GeoDataFrame,
        *,
        refid: str,
        text: str,
        countries: tuple[str, ...],
        gazetteer: Gazetteer,
        cable: Cable | None = None,
    ) -> Applied:
        """Like :meth:`apply`, keeping each row's override id and the rows marked "not a place"."""
        self._seen.add(refid)
        frame = places.assign(reviewed=False, review_note="", override="")
        geom = frame.geometry.name
        frame = frame[[*(c for c in frame.columns if c != geom), geom]]
        rules = self._rules_for(countries)
        if not rules and refid not in self._by_refid:
            return Applied(frame, frame.iloc[0:0])
        rows = _Rows(frame)
        decided = bytearray(len(text) + 1)  # 1 where a fix already decided the character
        new_rows: list[dict] = []
        self._apply_mentions(refid, rows, text, gazetteer, cable, decided, new_rows)
        self._apply_rules(rules, rows, text, gazetteer, cable, decided, new_rows)
        return Applied(_kept(frame, rows, new_rows, geom), _dropped(rows, geom))

    def _rules_for(self, countries: tuple[str, ...]) -> list[Override]:
        """The rules that hold in a text tagged with *countries* (later lines first)."""
        return [r for r in self._rules if not r.countries or set(r.countries) & set(countries)]

    def _apply_mentions(
        self, refid: str, rows: _Rows, text: str, gazetteer: Gazetteer, cable: Cable | None,
        decided: bytearray, new_rows: list[dict],
    ) -> None:
        """Apply the mention overrides of cable *refid* found again in *text* (later lines first, each span once)."""
        for o in reversed(self._by_refid.get(refid, [])):
            span = self._anchor(o, text)
            if span is None or _taken(decided, *span):
                continue
            self._decide(rows, [span], o, text, gazetteer, cable, new_rows)
            _take(decided, *span)

    def _apply_rules(
        self, rules: list[Override], rows: _Rows, text: str, gazetteer: Gazetteer, cable: Cable | None,
        decided: bytearray, new_rows: list[dict],
    ) -> None:
        """Apply *rules* in order to the spans of their names that no fix decided yet."""
        for rule in rules:
            spans = self._rule_spans(rule, rows, text, cable, decided)
            if not spans:
                continue
            self._matched.add(rule.id)
            self._decide(rows, spans, rule, text, gazetteer, cable, new_rows)
            for span in spans:
                _take(decided, *span)

    def unmatched(self) -> list[str]:
        """Overrides that could not be applied: their cable was read but the mention is gone, or their record is."""
        out = []
        for e in self.entries:
            if e.id in self._broken:
                out.append(f"{e.describe()}: {self._broken[e.id]}")
            elif e.scope == "mention" and e.refid in self._seen and e.id not in self._matched:
                out.append(f"{e.describe()}: the mention is no longer in the cable")
        return out

    def _anchor(self, o: Override, text: str) -> tuple[int, int] | None:
        """Where mention override *o* is in *text* now, or None."""
        assert o.start is not None and o.end is not None and o.mention is not None  # parse_entry requires them
        s, e = o.start, o.end
        if text[s:e] == o.mention and context_hash(text, s, e) == o.context:
            self._matched.add(o.id)
            return s, e
        hits = [m.start() for m in re.finditer(re.escape(o.mention), text)]
        same = [h for h in hits if context_hash(text, h, h + len(o.mention)) == o.context]
        if same:
            h = min(same, key=lambda h: abs(h - s))
        elif text[s:e] == o.mention:
            h = s  # the words around it changed, the mention itself did not move
        else:
            return None
        self._matched.add(o.id)
        return h, h + len(o.mention)

    def _rule_spans(
        self, rule: Override, rows: _Rows, text: str, cable: Cable | None, decided: bytearray,
    ) -> list[tuple[int, int]]:
        """The spans *rule* decides in this text: mentions of its name not decided already."""
        assert rule.name is not None  # parse_entry requires it of a rule
        key = name_key(rule.name)
        live = np.flatnonzero(rows.alive)
        spans = [
            (int(rows.starts[k]), int(rows.ends[k])) for k in live if name_key(rows.mentions[k]) == key
        ]
        if rule.action == "add":
            words = r"\s+".join(re.escape(w) for w in rule.name.split())
            haystack = cable.searchable_text() if cable is not None else text
            for m in re.finditer(rf"(?<!\w){words}(?!\w)", haystack, re.IGNORECASE):
                if name_key(m[0]) == key and (m.start(), m.end()) not in spans:
                    spans.append((m.start(), m.end()))
        return [(s, e) for s, e in spans if not _taken(decided, s, e)]

    def _decide(
        self, rows: _Rows, spans: list[tuple[int, int]], o: Override, text: str,
        gazetteer: Gazetteer, cable: Cable | None, new_rows: list[dict],
    ) -> None:
        """Apply *o* at *spans*: retire the live rows there, and add the rows it decides."""
        old = rows.live_at(spans)
        note = _note(o)
        if o.action == "not-a-place":
            rows.drop(old, note, o.id)
            return
        base = self._base_row(o, gazetteer)
        if base is None:
            return
        rows.alive[old] = False
        for s, e in spans:
            prev = old[(rows.starts[old] < e) & (rows.ends[old] > s)]
            first = rows.frame.iloc[prev[0]] if len(prev) else None
            if cable is not None:
                para = cable.paragraph_at(s)
                paragraph, sentence = (para.label if para else ""), cable.sentence_at(s, e)
            elif first is not None:
                paragraph, sentence = first.get("paragraph", ""), first.get("sentence", "")
            else:
                paragraph, sentence = "", _plain_sentence(text, s, e)
            row: dict[str, object] = {c: None for c in rows.frame.columns}
            row.update(base)
            row.update(
                mention=text[s:e], start=s, end=e, paragraph=paragraph, sentence=sentence,
                demonym=bool(first is not None and first.get("demonym") and first["source"] == base["source"]),
                runners_up=first.get("runners_up", "") if first is not None else "",
                reviewed=True, review_note=note, override=o.id,
            )
            new_rows.append(row)

    def _base_row(self, o: Override, gazetteer: Gazetteer) -> dict | None:
        """The columns *o* sets whatever the mention: the record's, or the hand-placed point's."""
        if o.action == "point":
            assert o.accuracy_m is not None  # parse_entry requires it of a point
            return {
                "name": o.mention or o.name, "kind": "place", "subkind": "manual",
                "source": f"manual:{o.note}", "confidence": 1.0, "reason": f"placed by hand: {o.note}",
                "country": "", "accuracy_m": float(o.accuracy_m),
                "geometry": shapely.Point(o.lon, o.lat),
            }
        assert o.record is not None  # parse_entry requires it of choose and add (not-a-place never gets here)
        try:
            rec = gazetteer.record(o.record)
        except KeyError:
            self._broken[o.id] = f"record {o.record} is not in the gazetteer"
            return None
        return {
            "name": rec["name"], "kind": rec["kind"], "subkind": rec["subkind"], "source": o.record,
            "confidence": 1.0, "reason": "chosen by an analyst" + (f": {o.note}" if o.note else ""),
            "country": rec["country"], "accuracy_m": float(rec["accuracy_m"]), "geometry": rec.geometry,
        }


def _kept(frame: gpd.GeoDataFrame, rows: _Rows, new_rows: list[dict], geom: str) -> gpd.GeoDataFrame:
    """The live rows of *frame* and the *new_rows*, sorted by offsets, with the contract's dtypes."""
    frame = frame[rows.alive]  # the frame is sliced once, not once per override
    if new_rows:
        added = pd.DataFrame(new_rows, columns=frame.columns)
        frame = pd.concat([frame, added], ignore_index=True) if len(frame) else added
    frame = frame.sort_values(["start", "end"], kind="stable").reset_index(drop=True)
    frame = gpd.GeoDataFrame(frame, geometry=geom, crs="EPSG:4326")
    return frame.astype({k: v for k, v in _DTYPES.items() if k in frame.columns})


def _dropped(rows: _Rows, geom: str) -> gpd.GeoDataFrame:
    """The rows marked "not a place", in the order decided, with their notes and override ids."""
    dropped = rows.frame.iloc[rows.gone].assign(reviewed=True, review_note=rows.gone_notes, override=rows.gone_ids)
    return gpd.GeoDataFrame(dropped, geometry=geom, crs="EPSG:4326")


def load_overrides(path: str | os.PathLike | None, *, missing_ok: bool | None = None) -> Overrides:
    """The overrides at *path*, or at the default location when *path* is None.

    A missing file means no overrides when *missing_ok* (by default: only for the
    default location; a missing *path* given explicitly is an error). A file that
    does not parse raises :class:`OverridesError` naming the line.
    """
    chosen = Path(path).expanduser() if path is not None else Settings.from_env().overrides
    if not chosen.exists():
        if not (path is None if missing_ok is None else missing_ok):
            raise OverridesError(f"overrides file not found: {chosen}")
        return Overrides((), chosen)
    if not chosen.is_file():
        raise OverridesError(f"overrides path is not a file: {chosen}")
    return Overrides(read_entries(chosen), chosen)
