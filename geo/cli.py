"""The ``cablemap`` command line: thin wrappers over :mod:`geo`'s Python API."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from ._cli_common import (
    FORMATS,
    cable_arg,
    check_within,
    emit,
    load_cable,
    table_text,
    zone_opts,
)
from .errors import CablemapError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="cablemap")
def cli() -> None:
    """Turn diplomatic cables into maps: places, assets, buffer zones, exposure.

    CABLE is a cable file (plain text, a WikiLeaks HTML page, or a cables.csv file
    with --refid); without it the bundled sample cable 08BAKU812 is used.
    """


@cli.command()
@cable_arg
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.option("-o", "--output", help="Write here instead of stdout.")
def places(cable, refid, fmt, output):
    """Every place, region, asset and demonym the cable mentions, resolved."""
    from gazetteer import Gazetteer

    from .places import PLACE_COLUMNS, cable_places

    frame = cable_places(load_cable(cable, refid), Gazetteer.bundled())
    if fmt == "table":
        frame = frame[["paragraph", "mention", "name", "kind", "source", "confidence", "reason", "geometry"]]
    else:
        frame = frame[[*PLACE_COLUMNS, "geometry"]]
    emit(table_text(frame, fmt), output)


@cli.command()
@cable_arg
@zone_opts
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.option("-o", "--output", help="Write here instead of stdout.")
def exposure(cable, refid, zones, within_km, fmt, output):
    """Which assets and mentioned places fall inside which zone."""
    from .analysis import analyse

    if not zones:
        raise click.UsageError('give at least one --zone, e.g. --zone "South Ossetia+20km"')
    check_within(within_km)
    result = analyse(load_cable(cable, refid), zones, within_km).exposure
    cols = ["zone", "name", "kind", "status", "km_inside", "distance_km", "mentioned", "source", "geometry"]
    frame = result[cols].copy()
    if fmt != "geojson":
        frame[["km_inside", "distance_km"]] = frame[["km_inside", "distance_km"]].round(2)
    emit(table_text(frame, fmt), output)


@cli.command("map")
@cable_arg
@zone_opts
@click.option("-o", "--output", help="Output HTML file (default: <REFID>.html here).")
@click.option("--tiles", type=click.Choice(["osm"]), help="Add online OpenStreetMap tiles (needs the network).")
def map_(cable, refid, zones, within_km, output, tiles):
    """An interactive map of the cable, one self-contained offline HTML file."""
    from ._io import atomic_write, safe_filename
    from .analysis import analyse
    from .render import map_html

    check_within(within_km)
    cab = load_cable(cable, refid)
    html = map_html(analyse(cab, zones, within_km), tiles=tiles)
    out = Path(output) if output else Path(safe_filename(cab.refid, ".html"))
    atomic_write(out, html)
    click.echo(f"wrote {out} ({len(html.encode()) / 1024:.0f} KB)", err=True)


# Commands defined in other modules register here.


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
    except Exception as e:
        if os.environ.get("CABLEMAP_DEBUG"):
            raise
        click.echo(f"cablemap: internal error: {type(e).__name__}: {e} (set CABLEMAP_DEBUG=1 for details)", err=True)
        sys.exit(1)
