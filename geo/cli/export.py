"""Output options shared by the feature commands, and ``cablemap zones``."""

from __future__ import annotations

import click
import geopandas as gpd
import pandas as pd

from ..export.formats import FORMAT_NAMES, MULTI_LAYER, output_format, write_layers
from .common import settings


def output_opts(append: bool = True):
    """Decorator: ``--format``, ``-o/--output`` and (for cable outputs) ``--append``."""

    def deco(f):
        if append:
            f = click.option(
                "--append", is_flag=True,
                help="GeoPackage: add to an existing file, replacing this cable's earlier rows (keyed by refid).",
            )(f)
        f = click.option("-o", "--output", help="Write here instead of stdout (the extension picks the format).")(f)
        return click.option(
            "--format", "fmt", type=click.Choice(FORMAT_NAMES), default=None,
            help="table, csv, geojson, gpkg, kml, kmz or parquet [default: from -o's extension, else table].",
        )(f)

    return deco


def with_refid(frame: pd.DataFrame, refid: str) -> gpd.GeoDataFrame:
    """*frame* with the cable's ``refid`` as first column (the key ``--append`` replaces rows by)."""
    out = frame.copy()
    out.insert(0, "refid", refid)
    return gpd.GeoDataFrame(out, geometry="geometry", crs="EPSG:4326")


def emit_layers(
    layers: dict[str, gpd.GeoDataFrame], main: pd.DataFrame, fmt: str | None, output: str | None, *,
    title: str, append: bool = False, append_key: str = "refid",
) -> None:
    """Write a command's layers (see :func:`geo.export.formats.write_layers`) and say where."""
    fmt = output_format(fmt, output)
    if append and fmt != "gpkg":
        raise click.UsageError("--append adds to a GeoPackage: use it with -o FILE.gpkg")
    text = write_layers(layers, main, fmt, output, title=title, append_key=append_key if append else None)
    if text is not None:
        click.echo(text, nl=False)
    else:
        what = f" ({', '.join(layers)})" if fmt in MULTI_LAYER else ""
        click.echo(f"wrote {output}{what}", err=True)


def round_km(frame: pd.DataFrame, fmt: str | None, output: str | None) -> pd.DataFrame:
    """``km_inside``/``distance_km`` to 2 decimals in the table and CSV (full precision in geodata)."""
    if output_format(fmt, output) in ("table", "csv"):
        frame = frame.copy()
        frame[["km_inside", "distance_km"]] = frame[["km_inside", "distance_km"]].round(2)
    return frame


@click.command("zones")
@click.argument("specs", nargs=-1, metavar="SPEC...")
@output_opts(append=False)
@click.option("--append", is_flag=True, help="GeoPackage: add to an existing file, replacing zones of the same name.")
def zones(specs, fmt, output, append):
    """Write the buffered zones themselves: SPEC is "REGION+N km" or FILE.geojson[+N km].

    e.g. cablemap zones "South Ossetia+20km" "Abkhazia+20km" -o zones.gpkg
    """
    from ..zones import build_zones

    if not specs:
        raise click.UsageError('give at least one zone, e.g. "South Ossetia+20km"')
    built = build_zones(specs, settings().gazetteer().regions)
    emit_layers({"zones": built}, built, fmt, output, title="cablemap zones", append=append, append_key="name")
