"""A briefing on one or more cables: what they say where, on one map, with exposure to the zones asked for."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import geopandas as gpd
import pandas as pd

from maps.classification import highest

from .analysis import Analysis
from .extras import require
from .render import map_frames, map_title
from .settings import Settings

#: Offsets of each cable's mentions are shifted by this much per cable, so citations keep cable order.
_CABLE_STRIDE = 10**9
_STATUS_ORDER = {"inside": 0, "crosses": 1, "outside": 2}
EXPOSURE_COLUMNS = ["zone", "name", "kind", "status", "km_inside", "distance_km", "mentioned", "source"]


def _date(analysis: Analysis) -> str:
    created = analysis.cable.created
    return created.strftime("%Y-%m-%d") if created else ""


@dataclass(frozen=True)
class Briefing:
    """The analyses of the cables a briefing covers (all with the same zones and reach)."""

    analyses: tuple[Analysis, ...]
    zone_specs: tuple[str, ...]
    within_km: float

    @property
    def refids(self) -> list[str]:
        """The cables' reference ids, in the order given."""
        return [a.cable.refid for a in self.analyses]

    @property
    def classification(self) -> str:
        """The banner of the whole briefing: the highest marking of its cables."""
        return highest(a.cable.classification for a in self.analyses)

    def cables(self) -> list[dict[str, str]]:
        """Title fields of each cable (``refid``, ``date``, ``subject``, ``classification``, ``origin``)."""
        return [{k: v or "" for k, v in map_title(a).items()} for a in self.analyses]

    def title(self) -> dict[str, str]:
        """Title fields of the combined map: one cable's own, or a summary of several."""
        if len(self.analyses) == 1:
            own = {k: v or "" for k, v in map_title(self.analyses[0]).items()}
            return own | {"classification": self.classification}
        dates = sorted(d for d in map(_date, self.analyses) if d)
        origins = list(dict.fromkeys(a.cable.origin for a in self.analyses if a.cable.origin))
        return {
            "refid": ", ".join(self.refids),
            "subject": f"{len(self.analyses)} cables",
            "date": " – ".join(dict.fromkeys([dates[0], dates[-1]])) if dates else "",
            "classification": self.classification,
            "origin": "; ".join(origins),
        }

    def map_frames(self) -> dict:
        """Keyword arguments of :func:`maps.cable_map` for all the cables on one map.

        With several cables each citation's paragraph is prefixed with its cable's reference id.
        """
        frames = [map_frames(a) for a in self.analyses]
        several = len(frames) > 1
        places = []
        for i, (a, f) in enumerate(zip(self.analyses, frames, strict=True)):
            p = f["places"].copy()
            if several:
                p["paragraph"] = a.cable.refid + " " + p["paragraph"].fillna("").astype(str)
                p["start"] = pd.to_numeric(p["start"], errors="coerce") + i * _CABLE_STRIDE
            places.append(p)
        assets = pd.concat([f["assets"] for f in frames], ignore_index=True)
        if not assets.empty:
            mentioned = assets.groupby("source")["mentioned"].transform("any")
            assets = assets.assign(mentioned=mentioned).drop_duplicates("source")
        return {
            "title": self.title(),
            "places": gpd.GeoDataFrame(pd.concat(places, ignore_index=True), geometry="geometry", crs="EPSG:4326"),
            "assets": gpd.GeoDataFrame(assets, geometry="geometry", crs="EPSG:4326"),
            "zones": frames[0]["zones"],
            "attribution": frames[0]["attribution"],
        }

    def exposure(self) -> pd.DataFrame:
        """One row per (zone, feature): inside, crossing, then by distance; mentioned if any cable names it."""
        parts = [pd.DataFrame(a.exposure.drop(columns="geometry", errors="ignore")) for a in self.analyses]
        table = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
        if table.empty:
            return pd.DataFrame(columns=EXPOSURE_COLUMNS)
        table = table.assign(mentioned=table.groupby(["zone", "source"])["mentioned"].transform("any"))
        table = table.drop_duplicates(["zone", "source"])
        order = table["status"].map(_STATUS_ORDER).fillna(3)
        table = table.assign(_order=order).sort_values(["zone", "_order", "distance_km", "name"], kind="stable")
        return table[EXPOSURE_COLUMNS].reset_index(drop=True)

    def excerpts(self) -> list[dict]:
        """Each sentence that names a place, once, in cable order: refid, paragraph, sentence, mentions, names."""
        out: dict[tuple[str, str, str], dict] = {}
        for a in self.analyses:
            rows = a.places.assign(_pos=pd.to_numeric(a.places["start"], errors="coerce")).sort_values("_pos")
            for r in rows.itertuples(index=False):
                key = (a.cable.refid, str(r.paragraph or ""), str(r.sentence or ""))
                item = out.setdefault(
                    key, {"refid": key[0], "paragraph": key[1], "sentence": key[2], "mentions": [], "names": []}
                )
                for field, value in (("mentions", r.mention), ("names", r.name)):
                    if value and value not in item[field]:
                        item[field].append(str(value))
        return list(out.values())


def brief(analyses: Sequence[Analysis], zone_specs: Sequence[str] = (), within_km: float = 100.0) -> Briefing:
    """The briefing on *analyses* (made with the same *zone_specs* and *within_km*).

    >>> import geo
    >>> b = geo.brief([geo.analyse(geo.read_cable(geo.SAMPLE_CABLE), ["South Ossetia+20km"])], ["South Ossetia+20km"])
    >>> b.refids, b.classification
    (['08BAKU812'], 'CONFIDENTIAL')
    """
    seen: dict[str, Analysis] = {}
    for a in analyses:
        seen.setdefault(a.cable.refid, a)
    return Briefing(tuple(seen.values()), tuple(zone_specs), within_km)


def generated_at() -> str:
    """The time a document is made, in UTC, to the minute."""
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _document(b: Briefing, map_html: str) -> str:
    from maps.briefing import briefing_document

    return briefing_document(
        title=b.title(),
        marking=b.classification,
        cables=b.cables(),
        map_html=map_html,
        zones=b.zone_specs,
        within_km=b.within_km,
        exposure=b.exposure(),
        excerpts=b.excerpts(),
        attribution=b.analyses[0].credits,
        generated=generated_at(),
    )


def briefing_html(b: Briefing) -> str:
    """The briefing as one offline HTML file with the interactive map."""
    import maps

    return _document(b, maps.to_fragment(maps.cable_map(**b.map_frames()), height="620px"))


#: Size of the static map in a PDF briefing (CSS pixels; it is scaled to the page width as vectors).
PDF_MAP_SIZE = (960, 700)


def briefing_pdf(b: Briefing, paper: str = "a4", chromium: str | None = None) -> bytes:
    """The briefing as PDF (A4 or US Letter) with the static vector map, printed by *chromium*
    (default: ``$CABLEMAP_CHROMIUM`` (see :mod:`geo.settings`), else Debian's or the PATH's)."""
    require("static")
    require("pdf")
    from maps.briefing import svg_image
    from maps.briefing_pdf import pdf_bytes
    from maps.static_map import image_bytes, static_map

    width, height = PDF_MAP_SIZE
    svg = image_bytes(static_map(**b.map_frames(), width=width, height=height), "svg")
    html = _document(b, svg_image(svg, f"Map of {', '.join(b.refids)}"))
    chromium = chromium or Settings.from_env().chromium
    return pdf_bytes(html, marking=b.classification, paper=paper, chromium=chromium)
