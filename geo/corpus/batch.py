"""One batch of a corpus run, as a worker does it: read, geoparse, and one Arrow table of mentions.

Each worker process loads the gazetteer once (:meth:`Gazetteer.bundled` is cached per process)
and keeps it for every batch. Columns are built as plain lists per batch and turned into one
Arrow table at the end; nothing here touches pandas unless overrides are applied.
"""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
import pyarrow as pa
import shapely

from gazetteer import Context, Gazetteer

from ..cable.carriers import clean_text
from ..cable.reader import Cable, parse_cable, parse_csv_row, read_cable
from ..errors import CableError
from ..settings import Settings
from .reader import MAX_CABLE_CHARS, Batch, Item

#: The mention table: one row per mention, geometry last (WKB, EPSG:4326).
SCHEMA = pa.schema([
    ("position", pa.int64()),
    ("refid", pa.string()),
    ("created", pa.timestamp("s")),
    ("origin", pa.string()),
    ("classification", pa.string()),
    ("tags", pa.list_(pa.string())),
    ("subject", pa.string()),
    ("paragraph", pa.string()),
    ("mention", pa.string()),
    ("start", pa.int64()),
    ("end", pa.int64()),
    ("name", pa.string()),
    ("kind", pa.string()),
    ("demonym", pa.bool_()),
    ("source", pa.string()),
    ("confidence", pa.float64()),
    ("country", pa.string()),
    ("accuracy_m", pa.float64()),
    ("shape", pa.string()),
    ("reviewed", pa.bool_()),
    ("review_note", pa.string()),
    ("geometry", pa.binary()),
])
_CABLE_FIELDS = ("position", "refid", "created", "origin", "classification", "tags", "subject")


@dataclass
class BatchResult:
    """What a worker sends back for one batch."""

    index: int
    table: pa.Table
    errors: list[tuple[int, str, str, str]]  #: (position, refid, where, one-line reason)
    cables: int  #: cables read and geoparsed
    find_seconds: float  #: time in ``Gazetteer.find``
    seconds: float  #: time for the whole batch in the worker
    unmatched: list[str] = field(default_factory=list)  #: overrides that matched nothing


@functools.cache
def _records(gaz: Gazetteer) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per-record country, positional accuracy and geometry type, as numpy arrays."""
    return gaz.column("country").astype(str), gaz.column("accuracy_m").astype(float), gaz.column("geom_type")


_SHAPES = ("Point", "LineString", "LinearRing", "Polygon", "MultiPoint", "MultiLineString", "MultiPolygon")


@functools.lru_cache(maxsize=4096)
def _post_country(gaz: Gazetteer, post: str | None) -> str | None:
    return gaz.country_of(post) if post else None


@functools.cache
def _overrides(path: str):
    from ..overrides import load_overrides

    return load_overrides(path, missing_ok=False)


def read_item(item: Item) -> Cable:
    """The cable of *item* (:class:`CableError` with a one-line reason when it cannot be read)."""
    if item.kind == "csv":
        return parse_csv_row(item.payload, item.where)
    if item.kind == "file":
        cable = read_cable(item.payload)
        if len(cable.text) > MAX_CABLE_CHARS:
            raise CableError(f"{item.where}: {len(cable.text) / 1e6:.1f} MB of text exceeds the limit for one cable")
        return cable
    if item.kind == "text":
        name = item.refid or item.where
        return parse_cable(clean_text(item.payload, name), name)
    raise CableError(f"{item.where}: {item.payload}")


def process_batch(batch: Batch, overrides_path: str | None = None, settings: Settings | None = None) -> BatchResult:
    """Read and geoparse every item of *batch*; unreadable items become errors, never exceptions.

    The gazetteer is that of *settings* (by default the environment's).
    """
    gaz = (settings or Settings.from_env()).gazetteer()  # loaded once per process; not counted in the batch's time
    t0 = time.perf_counter()
    ov = None
    if overrides_path:
        base = _overrides(overrides_path)
        ov = type(base)(base.entries, base.path)  # fresh match state per batch
    cols: dict[str, list] = {name: [] for name in SCHEMA.names}
    xs: list[float] = []
    ys: list[float] = []
    rows: list[int] = []  # record rows of the mentions (without overrides)
    errors: list[tuple[int, str, str, str]] = []
    cables = 0
    find_seconds = 0.0
    for item in batch.items:
        try:
            cable = read_item(item)
            ctx = Context(countries=tuple(cable.countries), post_country=_post_country(gaz, cable.post),
                          topics=tuple(cable.subject_tags))
            t = time.perf_counter()
            found = gaz.find(cable.searchable_text(), ctx)
            find_seconds += time.perf_counter() - t
            n = _add_mentions(cols, xs, ys, cable, found, gaz, ov, rows)
        except CableError as e:
            reason = _one_line(str(e)).removeprefix(f"{item.where}: ").removeprefix(f"{item.refid}: ")
            errors.append((item.position, item.refid, item.where, reason))
            continue
        except Exception as e:  # a bug on one strange cable must not stop a corpus run
            reason = _one_line(f"internal error: {type(e).__name__}: {e}")
            errors.append((item.position, item.refid, item.where, reason))
            continue
        cables += 1
        created = cable.created.replace(microsecond=0) if isinstance(cable.created, datetime) else None
        for name, value in zip(
            _CABLE_FIELDS,
            (item.position, cable.refid, created, cable.origin, cable.classification, list(cable.tags), cable.subject),
            strict=True,
        ):
            cols[name].extend([value] * n)
    if ov is None:
        _record_columns(cols, gaz, rows)
    cols["geometry"] = list(shapely.to_wkb(shapely.points(np.asarray(xs), np.asarray(ys)))) if xs else []
    table = pa.Table.from_pydict(cols, schema=SCHEMA)
    return BatchResult(
        batch.index, table, errors, cables, find_seconds, time.perf_counter() - t0,
        ov.unmatched() if ov is not None else [],
    )


def _add_mentions(cols, xs, ys, cable: Cable, found, gaz: Gazetteer, ov, rows: list[int]) -> int:
    """Append one row per resolution in *found* to the column lists; returns how many.

    Without overrides, the record rows go to *rows*: their country, accuracy and shape are
    looked up for the whole batch at once (:func:`_record_columns`).
    """
    if ov is not None:
        return _add_reviewed(cols, xs, ys, cable, found, gaz, ov)
    text = cable.text
    paragraph_at = cable.paragraph_at
    starts = [r.start for r in found]
    ends = [r.end for r in found]
    paragraphs = [p.label if (p := paragraph_at(s)) else "" for s in starts]
    points = [gaz.point(r.row) for r in found]  # all computed before any column grows
    xs += [x for x, _ in points]
    ys += [y for _, y in points]
    rows += [r.row for r in found]
    cols["paragraph"] += paragraphs
    cols["mention"] += [text[s:e] for s, e in zip(starts, ends)]
    cols["start"] += starts
    cols["end"] += ends
    _add_resolution_columns(cols, found)
    return len(found)


def _add_resolution_columns(cols, found) -> None:
    """Append the name, kind, demonym, source and confidence of each resolution in *found*."""
    cols["name"] += [r.name for r in found]
    cols["kind"] += [r.kind for r in found]
    cols["demonym"] += [bool(r.demonym) for r in found]
    cols["source"] += [r.record_id for r in found]
    cols["confidence"] += [float(r.confidence) for r in found]


def _record_columns(cols, gaz: Gazetteer, rows: list[int]) -> None:
    """Country, positional accuracy and shape of the records at *rows* (one lookup per batch)."""
    countries, accuracy, types = _records(gaz)
    at = np.asarray(rows, dtype=np.intp)
    cols["country"] = countries[at].tolist()
    cols["accuracy_m"] = accuracy[at].astype(float).tolist()
    cols["shape"] = [_SHAPES[t] for t in types[at].tolist()]
    cols["reviewed"] = [False] * len(rows)
    cols["review_note"] = [""] * len(rows)


def _add_reviewed(cols, xs, ys, cable: Cable, found, gaz: Gazetteer, ov) -> int:
    """Like :func:`_add_mentions`, through the analyst's overrides (a places frame per cable)."""
    from ..places import places_frame

    frame = ov.apply(
        places_frame(cable, gaz, found), refid=cable.refid, text=cable.text,
        countries=tuple(cable.countries), gazetteer=gaz, cable=cable,
    )
    geoms = frame.geometry.values
    pts = shapely.point_on_surface(geoms)
    lines = np.isin(shapely.get_type_id(geoms), (1, 5))
    pts[lines] = shapely.line_interpolate_point(shapely.line_merge(geoms[lines]), 0.5, normalized=True)
    xs.extend(shapely.get_x(pts).tolist())
    ys.extend(shapely.get_y(pts).tolist())
    for name in ("paragraph", "mention", "name", "kind", "source", "country", "review_note"):
        cols[name].extend(frame[name].astype(str).tolist())
    for name in ("start", "end"):
        cols[name].extend(frame[name].astype(int).tolist())
    for name in ("confidence", "accuracy_m"):
        cols[name].extend(frame[name].astype(float).tolist())
    for name in ("demonym", "reviewed"):
        cols[name].extend(frame[name].astype(bool).tolist())
    cols["shape"].extend(_SHAPES[t] for t in shapely.get_type_id(geoms))
    return len(frame)


def _one_line(text: str) -> str:
    return " ".join(text.split())[:500]
