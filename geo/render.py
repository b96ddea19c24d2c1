"""Hand an :class:`~geo.analysis.Analysis` to :mod:`maps` as plain frames and strings."""

from __future__ import annotations

import maps
from gazetteer import attribution

from .analysis import Analysis, exposure_summary


def map_html(analysis: Analysis, tiles: str | None = None) -> str:
    """The cable's interactive map as one self-contained HTML document."""
    cable = analysis.cable
    summary = exposure_summary(analysis.exposure)
    assets = analysis.assets.assign(
        source=analysis.assets["record_id"] + " — " + analysis.assets["source"],
        exposure=[summary.get(rid, "") for rid in analysis.assets["record_id"]],
    )
    title = {
        "refid": cable.refid,
        "date": cable.created.strftime("%Y-%m-%d %H:%M") if cable.created else None,
        "subject": cable.subject,
        "classification": cable.classification,
        "origin": cable.origin,
    }
    m = maps.cable_map(
        title=title,
        places=analysis.places,
        assets=assets,
        zones=analysis.zones,
        attribution=attribution(),
        tiles=tiles,
    )
    return maps.to_html(m)
