"""The ``cablemap`` command line: thin wrappers over :mod:`geo`'s Python API."""

from __future__ import annotations

import io
import os
import sys
from importlib import resources
from pathlib import Path

import click
import geopandas as gpd
import pandas as pd

from .errors import CablemapError

SAMPLE_CABLE = "08BAKU812.txt"
_FORMATS = click.Choice(["table", "csv", "geojson"])


def _sample_path() -> str:
    return str(resources.files("geo") / "data" / SAMPLE_CABLE)


def _cable_arg(f):
    f = click.option("--refid", help="Which cable of a multi-cable CSV file.")(f)
    return click.argument("cable", required=False, metavar="CABLE")(f)


def _zone_opts(f):
    f = click.option(
        "--within", "within_km", default=100.0, show_default=True, type=float,
        help="Report features up to this many km from a zone.",
    )(f)
    return click.option(
        "--zone", "zones", multiple=True, metavar="SPEC",
        help='"REGION+N km" (e.g. "South Ossetia+20km") or a GeoJSON/GPKG file of polygons. Repeatable.',
    )(f)


def _load(cable: str | None, refid: str | None):
    from .cable import read_cable

    return read_cable(cable or _sample_path(), refid=refid)


def _check_within(within_km: float) -> None:
    if not (0 <= within_km <= 20000):
        raise click.BadParameter(f"--within must be between 0 and 20000 km, not {within_km}")


def _table(frame: pd.DataFrame, fmt: str) -> str:
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


def _emit(text: str, out: str | None) -> None:
    from ._io import atomic_write

    if out:
        atomic_write(out, text)
        click.echo(f"wrote {out}", err=True)
    else:
        click.echo(text, nl=False)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="cablemap")
def cli() -> None:
    """Turn diplomatic cables into maps: places, assets, buffer zones, exposure.

    CABLE is a cable file (plain text, a WikiLeaks HTML page, or a cables.csv file
    with --refid); without it the bundled sample cable 08BAKU812 is used.
    """


@cli.command()
@_cable_arg
@click.option("--format", "fmt", type=_FORMATS, default="table", show_default=True)
@click.option("-o", "--output", help="Write here instead of stdout.")
def places(cable, refid, fmt, output):
    """Every place, region, asset and demonym the cable mentions, resolved."""
    from .places import PLACE_COLUMNS, cable_places
    from gazetteer import Gazetteer

    frame = cable_places(_load(cable, refid), Gazetteer.bundled())
    if fmt == "table":
        frame = frame[["paragraph", "mention", "name", "kind", "source", "confidence", "reason", "geometry"]]
    else:
        frame = frame[[*PLACE_COLUMNS, "geometry"]]
    _emit(_table(frame, fmt), output)


@cli.command()
@_cable_arg
@_zone_opts
@click.option("--format", "fmt", type=_FORMATS, default="table", show_default=True)
@click.option("-o", "--output", help="Write here instead of stdout.")
def exposure(cable, refid, zones, within_km, fmt, output):
    """Which assets and mentioned places fall inside which zone."""
    from .analysis import analyse

    if not zones:
        raise click.UsageError('give at least one --zone, e.g. --zone "South Ossetia+20km"')
    _check_within(within_km)
    result = analyse(_load(cable, refid), zones, within_km).exposure
    cols = ["zone", "name", "kind", "status", "km_inside", "distance_km", "mentioned", "source", "geometry"]
    frame = result[cols].copy()
    if fmt != "geojson":
        frame[["km_inside", "distance_km"]] = frame[["km_inside", "distance_km"]].round(2)
    _emit(_table(frame, fmt), output)


@cli.command("map")
@_cable_arg
@_zone_opts
@click.option("-o", "--output", help="Output HTML file (default: <REFID>.html here).")
@click.option("--tiles", type=click.Choice(["osm"]), help="Add online OpenStreetMap tiles (needs the network).")
def map_(cable, refid, zones, within_km, output, tiles):
    """An interactive map of the cable, one self-contained offline HTML file."""
    from ._io import atomic_write, safe_filename
    from .analysis import analyse
    from .render import map_html

    _check_within(within_km)
    cab = _load(cable, refid)
    html = map_html(analyse(cab, zones, within_km), tiles=tiles)
    out = Path(output) if output else Path(safe_filename(cab.refid, ".html"))
    atomic_write(out, html)
    click.echo(f"wrote {out} ({len(html.encode()) / 1024:.0f} KB)", err=True)


def main(argv: list[str] | None = None) -> None:
    """Entry point: bad input is one line on stderr and exit status 2, never a traceback."""
    try:
        cli.main(args=argv, prog_name="cablemap", standalone_mode=False)
    except click.exceptions.Exit as e:
        sys.exit(e.exit_code)
    except click.exceptions.Abort:
        click.echo("cablemap: aborted", err=True)
        sys.exit(130)
    except click.ClickException as e:
        click.echo(f"cablemap: {e.format_message()}", err=True)
        sys.exit(2)
    except CablemapError as e:
        click.echo(f"cablemap: {e}", err=True)
        sys.exit(2)
    except OSError as e:
        click.echo(f"cablemap: {e.strerror or e}: {e.filename or ''}".rstrip(": "), err=True)
        sys.exit(2)
    except Exception as e:  # noqa: BLE001 — the promise is: no traceback for the user
        if os.environ.get("CABLEMAP_DEBUG"):
            raise
        click.echo(f"cablemap: internal error: {type(e).__name__}: {e} (set CABLEMAP_DEBUG=1 for details)", err=True)
        sys.exit(1)
