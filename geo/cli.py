"""The ``cablemap`` command line: thin wrappers over :mod:`geo`'s Python API."""

from __future__ import annotations

import os
import sys

import click
from gazetteer.errors import GazetteerError
from maps.errors import MapsError

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
from .overrides_cli import overrides_opt, warn_unmatched
from .render_outputs import image_opts, write_map_outputs


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="cablemap")
@click.option(
    "--store", type=click.Path(exists=True, file_okay=False), metavar="DIR",
    help="A gazetteer store built with `cablemap gazetteer build` (default: $CABLEMAP_STORE, else the bundled one).",
)
def cli(store: str | None) -> None:
    """Turn diplomatic cables into maps: places, assets, buffer zones, exposure.

    CABLE is a cable file (plain text, a WikiLeaks HTML page, or a cables.csv file
    with --refid); without it the bundled sample cable 08BAKU812 is used.
    """
    if store:
        os.environ["CABLEMAP_STORE"] = store  # read when the store is first loaded


@cli.command()
@cable_arg
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.option("-o", "--output", help="Write here instead of stdout.")
@overrides_opt
def places(cable, refid, fmt, output, overrides_path):
    """Every place, region, asset and demonym the cable mentions, resolved."""
    from gazetteer import Gazetteer

    from .overrides import load_overrides
    from .places import PLACE_COLUMNS, REVIEW_COLUMNS, cable_places

    overrides = load_overrides(overrides_path)
    frame = cable_places(load_cable(cable, refid), Gazetteer.bundled(), overrides)
    warn_unmatched(overrides)
    if fmt == "table":
        cols = ["paragraph", "mention", "name", "kind", "source", "confidence", "reviewed", "reason", "geometry"]
        frame = frame[cols]
    else:
        frame = frame[[*PLACE_COLUMNS, *REVIEW_COLUMNS, "geometry"]]
    emit(table_text(frame, fmt), output)


@cli.command()
@cable_arg
@zone_opts
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.option("-o", "--output", help="Write here instead of stdout.")
@click.option("--asset-kind", "asset_kind", metavar="KINDS",
              help="Only catalogued assets of these kinds, comma-separated: a subkind (air-base, dam, field...) "
                   "or base, pipeline, terminal, plant, nuclear.")
@click.option("--status", "asset_status", metavar="STATUSES",
              help="Only assets with one of these statuses, comma-separated (operating, construction, proposed...).")
@overrides_opt
def exposure(cable, refid, zones, within_km, fmt, output, asset_kind, asset_status, overrides_path):
    """Which assets and mentioned places fall inside which zone."""
    import pandas as pd

    from gazetteer import Gazetteer

    from .analysis import analyse
    from .layers import asset_details, asset_subkinds, filter_assets
    from .overrides import load_overrides

    if not zones:
        raise click.UsageError('give at least one --zone, e.g. --zone "South Ossetia+20km"')
    check_within(within_km)
    kinds = asset_subkinds(asset_kind) if asset_kind is not None else None
    statuses = {s.strip().lower() for s in asset_status.split(",") if s.strip()} if asset_status is not None else None
    if kinds is not None and not kinds or statuses is not None and not statuses:
        raise click.BadParameter("--asset-kind and --status need at least one value")
    overrides = load_overrides(overrides_path)
    result = analyse(load_cable(cable, refid), zones, within_km, overrides=overrides).exposure
    warn_unmatched(overrides)
    result = pd.concat([result, asset_details(Gazetteer.bundled(), result["source"])], axis=1)
    if kinds or statuses:
        result = filter_assets(result, kinds, statuses)
    cols = ["zone", "name", "kind", "subkind", "status", "km_inside", "distance_km", "mentioned", "source",
            "asset_status", "owner", "capacity", "source_ids", "geometry"]
    frame = result[cols].copy()
    if fmt != "geojson":
        frame[["km_inside", "distance_km"]] = frame[["km_inside", "distance_km"]].round(2)
    emit(table_text(frame, fmt), output)


@cli.command("map")
@cable_arg
@zone_opts
@click.option("-o", "--output", help="Output HTML file (default: <REFID>.html here).")
@click.option("--tiles", type=click.Choice(["osm"]), help="Add online OpenStreetMap tiles (needs the network).")
@overrides_opt
@image_opts
def map_(cable, refid, zones, within_km, output, tiles, overrides_path, **outputs):
    """An interactive map of the cable, one self-contained offline HTML file.

    --png/--pdf/--svg also write a static map (same symbols, title, legend, scale bar,
    classification banners); --embed writes an HTML fragment to paste into another page.
    """
    from .analysis import analyse
    from .overrides import load_overrides

    check_within(within_km)
    cab = load_cable(cable, refid)
    overrides = load_overrides(overrides_path)
    analysis = analyse(cab, zones, within_km, overrides=overrides)
    warn_unmatched(overrides)
    write_map_outputs(analysis, output=output, tiles=tiles, **outputs)


# Commands defined in other modules register here.
from .brief_cli import brief  # noqa: E402

cli.add_command(brief)

from .corpus_cli import corpus, corpus_exposure, corpus_map  # noqa: E402

cli.add_command(corpus)
cli.add_command(corpus_map)
cli.add_command(corpus_exposure)

from .review_cli import review  # noqa: E402

cli.add_command(review)

from .gazetteer_cli import gazetteer  # noqa: E402

cli.add_command(gazetteer)

from .geoparse_cli import geoparse  # noqa: E402

cli.add_command(geoparse)


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
    except (CablemapError, GazetteerError, MapsError) as e:
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
