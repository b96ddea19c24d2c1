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
from typing import IO, Any

from gazetteer import Context, Gazetteer

from .cable import parse_cable
from .errors import CableError, CablemapError


class GeoparseInputError(CablemapError):
    """A line of the input is not a JSON object with a string ``text``."""


def document_text_and_context(text: str, doc_id: str, gaz: Gazetteer) -> tuple[str, Context]:
    """The text to search (non-prose blanked for cables) and what it says about where it is."""
    try:
        cable = parse_cable(text, doc_id or "<text>")
    except CableError:
        return text, Context(genre="text")
    post_country = gaz.country_of(cable.post) if cable.post else None
    return cable.searchable_text(), Context(countries=tuple(cable.countries), post_country=post_country)


def geoparse_text(text: str, gaz: Gazetteer, doc_id: str = "") -> list[dict[str, Any]]:
    """Every toponym in *text*: offsets, name, lat/lon, GeoNames id, kind, source, confidence."""
    search, context = document_text_and_context(text, doc_id, gaz)
    out = []
    for r in gaz.find(search, context):
        lon, lat = gaz.point(r.row)
        source = r.record_id
        out.append(
            {
                "start": r.start,
                "end": r.end,
                "name": text[r.start : r.end],
                "lat": round(lat, 5),
                "lon": round(lon, 5),
                "geonameid": gaz.geonameid(r.row),
                "kind": r.kind,
                "source": source,
                "confidence": r.confidence,
            }
        )
    return out


def read_lines(src: IO[bytes]) -> Iterator[str]:
    """Decode a binary JSON Lines stream line by line (UTF-8, one clear error otherwise)."""
    for n, raw in enumerate(src, 1):
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError:
            raise GeoparseInputError(f"line {n}: not UTF-8 text") from None


def geoparse_lines(lines: Iterable[str], gaz: Gazetteer) -> Iterator[str]:
    """Answer lines for JSON Lines input, one per non-blank line, streamed."""
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            doc = json.loads(line)
        except json.JSONDecodeError as e:
            raise GeoparseInputError(f"line {n}: not JSON ({e.msg})") from None
        if not isinstance(doc, dict) or not isinstance(doc.get("text"), str):
            raise GeoparseInputError(f'line {n}: expected an object with a string "text"')
        doc_id = doc.get("doc_id", n)
        toponyms = geoparse_text(doc["text"], gaz, str(doc_id))
        yield json.dumps({"doc_id": doc_id, "toponyms": toponyms}, ensure_ascii=False) + "\n"
