"""Geoparse any English text — news or cables — into toponyms with coordinates.

Each document is one JSON object with ``doc_id`` and ``text``; the answer is the
same ``doc_id`` with ``toponyms``: character offsets into ``text``, the resolved
record, its representative point and how sure the gazetteer is. A text that is a
cable is read as one, so its TAGS countries, its post and its excluded spans
(routing header, references, page markers) count as context.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import IO, TYPE_CHECKING, Any, NamedTuple

import geopandas as gpd

from gazetteer import Context, Gazetteer, Spanned

from .cable.carriers import check_size
from .cable.reader import MAX_CABLE_BYTES, Cable, parse_cable
from .errors import CableError, CablemapError

if TYPE_CHECKING:
    from gazetteer.online import OnlineGeocoder

    from .overrides import Overrides


class GeoparseInputError(CablemapError):
    """A line of the input is not a JSON object with a string ``text``."""


def document_text_and_context(text: str, doc_id: str, gaz: Gazetteer, convention: str = "geonames"
                              ) -> tuple[str, Context, Cable | None]:
    """The text to search (non-prose blanked for cables), what it says about where it is, the cable if it is one.

    *convention*: where areas' points will be reported (the confidence depends on it).
    """
    try:
        cable = parse_cable(text, doc_id or "<text>")
    except CableError:
        return text, Context(genre="text", convention=convention), None
    post_country = gaz.country_of(cable.post) if cable.post else None
    return cable.searchable_text(), Context(countries=tuple(cable.countries), post_country=post_country,
                                            topics=tuple(cable.subject_tags), convention=convention), cable


class _Span(NamedTuple):
    start: int
    end: int


def _toponym(text: str, start: int, end: int, lon: float, lat: float, **fields: Any) -> dict[str, Any]:
    return {"start": start, "end": end, "name": text[start:end], "lat": round(lat, 5), "lon": round(lon, 5), **fields}


def _pointless(text: str, start: int, end: int, kind: str, source: str, confidence: float) -> dict[str, Any]:
    """A toponym reported without coordinates (none is invented for it)."""
    return {"start": start, "end": end, "name": text[start:end], "lat": None, "lon": None, "geonameid": None,
            "kind": kind, "source": source, "confidence": confidence}


def _reviewed(text: str, doc_id: str, found: list, gaz: Gazetteer, overrides: Overrides, context: Context,
              cable: Cable | None, convention: str) -> list[dict[str, Any]]:
    """Toponyms after the analyst's fixes (see :mod:`geo.overrides`)."""
    rows = [r.row for r in found]
    frame = gpd.GeoDataFrame(
        {
            "mention": [text[r.start : r.end] for r in found], "start": [r.start for r in found],
            "end": [r.end for r in found], "name": [r.name for r in found], "kind": [r.kind for r in found],
            "source": [r.record_id for r in found], "confidence": [r.confidence for r in found],
        },
        geometry=gaz.take(rows).geometry.to_numpy() if rows else [], crs="EPSG:4326",
    )
    fixed = overrides.apply(frame, refid=cable.refid if cable else doc_id, text=text,
                            countries=context.countries, gazetteer=gaz, cable=cable)
    out = []
    for r in fixed.itertuples():
        row = gaz.row_of(r.source)
        lon, lat = gaz.point(row, convention) if row is not None else (r.geometry.representative_point().x,
                                                            r.geometry.representative_point().y)
        out.append(_toponym(text, int(r.start), int(r.end), lon, lat,
                            geonameid=gaz.geonameid(row) if row is not None else None, kind=r.kind,
                            source=r.source, confidence=float(r.confidence), reviewed=bool(r.reviewed)))
    return out


def geoparse_text(
    text: str,
    gaz: Gazetteer,
    doc_id: str = "",
    *,
    overrides: Overrides | None = None,
    geocoder: OnlineGeocoder | None = None,
    convention: str = "geonames",
) -> list[dict[str, Any]]:
    """Every toponym in *text*: offsets, name, lat/lon, GeoNames id, kind, source, confidence.

    An area's lat/lon follows *convention* (``geonames``, ``wikipedia`` or ``centroid``,
    see :meth:`gazetteer.Gazetteer.point`).
    With *overrides* the analyst's fixes apply (and ``reviewed`` is added); with
    *geocoder* (opt-in, online) locative names the store lacks ("near Kulevi") are
    looked up too, within the text's countries.

    >>> from geo.settings import Settings
    >>> found = geoparse_text("Shelling near Gori and Tskhinvali.", Settings.from_env().gazetteer())
    >>> [(t["name"], t["start"], t["end"], t["geonameid"]) for t in found]
    [('Gori', 14, 18, 614455), ('Tskhinvali', 23, 33, 611403)]
    """
    search, context, cable = document_text_and_context(text, doc_id, gaz, convention)
    found = gaz.find(search, context)
    routes = gaz.route_names(search, found)
    # the places a route is named after are not mentioned as places ("Baku-Tbilisi-Ceyhan")
    found = [r for r in found if not any(s <= r.start and r.end <= e for s, e in routes)]
    if overrides is not None:
        out = _reviewed(text, doc_id, found, gaz, overrides, context, cable, convention)
    else:
        out = _resolved(text, found, gaz, convention)
    streets = _streets(search, found, routes, gaz)
    for (start, end), kind in [*((r, "asset") for r in routes), *((s, "street") for s in streets)]:
        out.append(_pointless(text, start, end, kind, "unresolved", 0.4))
    unplaced = gaz.unplaced_names(search, found, context.genre)
    out += [_pointless(text, u.start, u.end, u.kind, "unplaced", 0.5) for u in unplaced]
    found_spans: list[Spanned] = [*found, *unplaced, *(_Span(s, e) for s, e in routes + streets)]
    if geocoder is None:
        out += _unresolved(text, search, found_spans, gaz)
    else:
        out += _geocoded(text, search, found, found_spans, gaz, geocoder, context)
    out.sort(key=lambda t: t["start"])
    return out


def _resolved(text: str, found: list, gaz: Gazetteer, convention: str) -> list[dict[str, Any]]:
    """Toponyms of the gazetteer's resolutions *found*, as they are (no overrides)."""
    return [
        _toponym(text, r.start, r.end, *gaz.point(r.row, convention), geonameid=gaz.geonameid(r.row), kind=r.kind,
                 source=r.record_id, confidence=r.confidence)
        for r in found
    ]


def _streets(search: str, found: list, routes: list[tuple[int, int]], gaz: Gazetteer) -> list[tuple[int, int]]:
    """Street names in *search* that overlap no resolved place and no route name."""
    covered = [(r.start, r.end) for r in found] + routes
    return [(s, e) for s, e in gaz.street_names(search) if not any(a < e and s < b for a, b in covered)]


def _unresolved(text: str, search: str, found_spans: list[Spanned], gaz: Gazetteer) -> list[dict[str, Any]]:
    """Place-like names the gazetteer lacks, reported plainly without coordinates (offline)."""
    return [
        _pointless(text, start, end, "place", "unresolved", 0.2)
        for start, end, _ in gaz.unknown_names(search, found_spans, plainly=True)
    ]


def _geocoded(text: str, search: str, found: list, found_spans: list[Spanned], gaz: Gazetteer, geocoder: OnlineGeocoder,
              context: Context) -> list[dict[str, Any]]:
    """Locative names the gazetteer lacks that *geocoder* places, within the text's countries (else the found ones)."""
    found_countries = set(gaz.column("country", [r.row for r in found]).tolist())
    countries = context.countries or tuple(sorted(found_countries - {""}))
    out = []
    for start, end, name in gaz.unknown_names(search, found_spans):
        hit = geocoder.geocode(name, countries)
        if hit is not None:
            out.append(_toponym(text, start, end, hit.lon, hit.lat, geonameid=None, kind=hit.kind,
                                source=hit.source, confidence=hit.confidence))
    return out


def read_lines(src: IO[bytes]) -> Iterator[str]:
    """Decode a binary JSON Lines stream line by line (UTF-8, one clear error otherwise)."""
    for n, raw in enumerate(src, 1):
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError:
            raise GeoparseInputError(f"line {n}: not UTF-8 text") from None


#: Lines after which a stream is long enough to pay for the gazetteer's name automaton (about 0.8 s, once).
MANY_LINES = 500


def geoparse_lines(lines: Iterable[str], gaz: Gazetteer, *, max_bytes: int = MAX_CABLE_BYTES,
                   **options: Any) -> Iterator[str]:
    """Answer lines for JSON Lines input, one per non-blank line, streamed (*options*: see :func:`geoparse_text`).

    A document whose text is longer than *max_bytes* (UTF-8) stops the run with one line naming it. Past
    :data:`MANY_LINES` lines the gazetteer is prepared for many texts (same answers, each found faster).
    """
    for n, line in enumerate(lines, 1):
        if n == MANY_LINES:
            gaz.prepare_for_many_texts()
        if not line.strip():
            continue
        try:
            doc = json.loads(line)
        except json.JSONDecodeError as e:
            raise GeoparseInputError(f"line {n}: not JSON ({e.msg})") from None
        except RecursionError:
            raise GeoparseInputError(f"line {n}: JSON nested too deeply") from None
        if not isinstance(doc, dict) or not isinstance(doc.get("text"), str):
            raise GeoparseInputError(f'line {n}: expected an object with a string "text"')
        try:
            check_size(doc["text"], f"line {n}", max_bytes, what="text")
        except CableError as e:
            raise GeoparseInputError(str(e)) from None
        doc_id = doc.get("doc_id", n)
        toponyms = geoparse_text(doc["text"], gaz, str(doc_id), **options)
        yield json.dumps({"doc_id": doc_id, "toponyms": toponyms}, ensure_ascii=False) + "\n"
