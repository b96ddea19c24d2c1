"""What the ``cablemap`` commands share: the CABLE argument, zone options, output."""

from __future__ import annotations

import io
from importlib import resources

import click
import geopandas as gpd
import pandas as pd

SAMPLE_CABLE = "08BAKU812.txt"


def sample_path() -> str:
    """The bundled sample cable."""
    return str(resources.files("geo") / "data" / SAMPLE_CABLE)


def max_bytes_opt(f):
    """Decorator: ``--max-bytes``, the longest cable (or document) read."""
    from .cable import MAX_CABLE_BYTES

    return click.option(
        "--max-bytes", type=click.IntRange(1), default=MAX_CABLE_BYTES, show_default=True, metavar="N",
        help="Refuse a cable (or document) longer than N bytes: no real cable comes near the default.",
    )(f)


def cable_arg(f):
    """Decorator: the optional CABLE argument, ``--refid`` and ``--max-bytes``."""
    f = max_bytes_opt(f)
    f = click.option("--refid", help="Which cable of a multi-cable CSV file.")(f)
    return click.argument("cable", required=False, metavar="CABLE")(f)


def zone_opts(f):
    """Decorator: ``--zone`` (repeatable) and ``--within``."""
    f = click.option(
        "--within", "within_km", default=100.0, show_default=True, type=float,
        help="Report features up to this many km from a zone.",
    )(f)
    return click.option(
        "--zone", "zones", multiple=True, metavar="SPEC",
        help='"REGION+N km" (e.g. "South Ossetia+20km") or a GeoJSON/GPKG file of polygons. Repeatable.',
    )(f)


def load_cable(cable: str | None, refid: str | None, max_bytes: int):
    """Read CABLE (or the bundled sample)."""
    from .cable import read_cable

    return read_cable(cable or sample_path(), refid=refid, max_bytes=max_bytes)


def check_within(within_km: float) -> None:
    """Reject a ``--within`` outside 0..20000 km."""
    if not (0 <= within_km <= 20000):
        raise click.BadParameter(f"--within must be between 0 and 20000 km, not {within_km}")


def table_text(frame: pd.DataFrame, fmt: str) -> str:
    """*frame* as a text table, CSV (with lon/lat) or GeoJSON."""
    if fmt == "geojson":
        return gpd.GeoDataFrame(frame, geometry="geometry", crs="EPSG:4326").to_json(drop_id=True, ensure_ascii=False) + "\n"
    plain = pd.DataFrame(frame.drop(columns="geometry"))
    if fmt == "csv":
        pts = frame.geometry.representative_point()
        buf = io.StringIO()
        plain.assign(lon=pts.x.round(6), lat=pts.y.round(6)).to_csv(buf, index=False)
        return buf.getvalue()
    if plain.empty:
        return "(none)\n"
    with pd.option_context("display.max_colwidth", 60, "display.width", 250):
        return plain.to_string(index=False) + "\n"

