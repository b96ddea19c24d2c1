"""The ``cablemap`` command line: thin wrappers over :mod:`geo`'s Python API."""

from __future__ import annotations

import signal
import sys
import threading

import click

from ..errors import CablemapError
from ..settings import Settings
from .common import (
    cable_arg,
    check_within,
    load_cable,
    settings,
    zone_opts,
)
from .export import emit_layers, output_opts, round_km, with_refid
from .map_outputs import image_opts, write_map_outputs
from .overrides import overrides_opt, warn_unmatched


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="cablemap")
@click.option(
    "--store", type=click.Path(exists=True, file_okay=False), metavar="DIR",
    help="A gazetteer store built with `cablemap gazetteer build` (default: $CABLEMAP_STORE, else the bundled one).",
)
@click.pass_context
def cli(ctx: click.Context, store: str | None) -> None:
    """Turn diplomatic cables into maps: places, assets, buffer zones, exposure.

    CABLE is a cable file (plain text, a WikiLeaks HTML page, or a cables.csv file
    with --refid); without it the bundled sample cable 08BAKU812 is used.
    """
    ctx.obj = Settings.from_env().with_store(store)


@cli.command()
@cable_arg
@output_opts()
@overrides_opt
def places(cable, refid, max_bytes, fmt, output, append, overrides_path):
    """Every place, region, asset and demonym the cable mentions, resolved."""
    from ..export.formats import output_format
    from ..overrides import load_overrides
    from ..places import PLACE_COLUMNS, REVIEW_COLUMNS, cable_places

    overrides = load_overrides(overrides_path)
    cab = load_cable(cable, refid, max_bytes)
    frame = cable_places(cab, settings().gazetteer(), overrides)
    warn_unmatched(overrides)
    full = frame[[*PLACE_COLUMNS, *REVIEW_COLUMNS, "geometry"]]
    main = full
    if output_format(fmt, output) == "table":
        cols = ["paragraph", "mention", "name", "kind", "source", "confidence", "reviewed", "reason", "geometry"]
        main = frame[cols]
    emit_layers({"places": with_refid(full, cab.refid)}, main, fmt, output, title=f"{cab.refid}: places",
                append=append)


@cli.command()
@cable_arg
@zone_opts
@output_opts()
@click.option("--asset-kind", "asset_kind", metavar="KINDS",
              help="Only catalogued assets of these kinds, comma-separated: a subkind (air-base, dam, field...) "
                   "or base, pipeline, terminal, plant, nuclear.")
@click.option("--status", "asset_status", metavar="STATUSES",
              help="Only assets with one of these statuses, comma-separated (operating, construction, proposed...).")
@overrides_opt
def exposure(cable, refid, max_bytes, zones, within_km, fmt, output, append, asset_kind, asset_status, overrides_path):
    """Which assets and mentioned places fall inside which zone.

    GeoPackage, KML and KMZ hold the whole analysis: places, assets, zones and exposure layers.
    """
    import pandas as pd

    from ..analysis import analyse
    from ..layers import asset_details, asset_subkinds, filter_assets
    from ..overrides import load_overrides
    from ..places import PLACE_COLUMNS, REVIEW_COLUMNS

    if not zones:
        raise click.UsageError('give at least one --zone, e.g. --zone "South Ossetia+20km"')
    check_within(within_km)
    kinds = asset_subkinds(asset_kind) if asset_kind is not None else None
    statuses = {s.strip().lower() for s in asset_status.split(",") if s.strip()} if asset_status is not None else None
    if kinds is not None and not kinds or statuses is not None and not statuses:
        raise click.BadParameter("--asset-kind and --status need at least one value")
    overrides = load_overrides(overrides_path)
    cab = load_cable(cable, refid, max_bytes)
    gaz = settings().gazetteer()
    result = analyse(cab, zones, within_km, gazetteer=gaz, overrides=overrides)
    warn_unmatched(overrides)
    table = pd.concat([result.exposure, asset_details(gaz, result.exposure["source"])], axis=1)
    if kinds or statuses:
        table = filter_assets(table, kinds, statuses)
    cols = ["zone", "name", "kind", "subkind", "status", "km_inside", "distance_km", "mentioned", "source",
            "asset_status", "owner", "capacity", "source_ids", "geometry"]
    frame = table[cols]
    layers = {
        "places": result.places[[*PLACE_COLUMNS, *REVIEW_COLUMNS, "geometry"]],
        "assets": result.assets, "zones": result.zones, "exposure": frame,
    }
    emit_layers({name: with_refid(layer, cab.refid) for name, layer in layers.items()},
                round_km(frame, fmt, output), fmt, output, title=f"{cab.refid}: exposure", append=append)


@cli.command("map")
@cable_arg
@zone_opts
@click.option("-o", "--output", help="Output HTML file (default: <REFID>.html here).")
@click.option("--tiles", type=click.Choice(["osm"]), help="Add online OpenStreetMap tiles (needs the network).")
@overrides_opt
@image_opts
def map_(cable, refid, max_bytes, zones, within_km, output, tiles, overrides_path, **outputs):
    """An interactive map of the cable, one self-contained offline HTML file.

    --png/--pdf/--svg also write a static map (same symbols, title, legend, scale bar,
    classification banners); --embed writes an HTML fragment to paste into another page.
    """
    from ..analysis import analyse
    from ..overrides import load_overrides

    check_within(within_km)
    cab = load_cable(cable, refid, max_bytes)
    overrides = load_overrides(overrides_path)
    analysis = analyse(cab, zones, within_km, gazetteer=settings().gazetteer(), overrides=overrides)
    warn_unmatched(overrides)
    write_map_outputs(analysis, output=output, tiles=tiles, **outputs)


# Commands defined in other modules register here.
from .brief import brief  # noqa: E402

cli.add_command(brief)

from .corpus import corpus, corpus_exposure, corpus_map  # noqa: E402

cli.add_command(corpus)
cli.add_command(corpus_map)
cli.add_command(corpus_exposure)

from .review import review  # noqa: E402

cli.add_command(review)

from .gazetteer import gazetteer  # noqa: E402

cli.add_command(gazetteer)

from .geoparse import geoparse  # noqa: E402

cli.add_command(geoparse)

from .export import zones  # noqa: E402

cli.add_command(zones)


def _terminate(signum: int, frame: object) -> None:
    """SIGTERM unwinds like Ctrl-C, so temp files are removed and children told to stop."""
    raise SystemExit(128 + signum)


def _one_line(text: object) -> str:
    return " ".join(str(text).split())[:500]


def main(argv: list[str] | None = None) -> None:
    """Entry point: bad input is one line on stderr and exit status 2, never a traceback.

    Anything unexpected is one line too, saying so (exit 2); with ``CABLEMAP_DEBUG=1`` it is
    raised instead, traceback and all (the tests run that way).
    """
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminate)
    try:
        cli.main(args=argv, prog_name="cablemap", standalone_mode=False)
    except click.exceptions.Exit as e:
        sys.exit(e.exit_code)
    except (click.exceptions.Abort, KeyboardInterrupt):
        click.echo("cablemap: aborted", err=True)
        sys.exit(130)
    except click.ClickException as e:
        click.echo(f"cablemap: {_one_line(e.format_message())}", err=True)
        sys.exit(2)
    except CablemapError as e:
        click.echo(f"cablemap: {_one_line(e)}", err=True)
        sys.exit(2)
    except OSError as e:
        click.echo(f"cablemap: {_one_line(e.strerror or e)}: {e.filename or ''}".rstrip(": "), err=True)
        sys.exit(2)
    except MemoryError:
        click.echo("cablemap: out of memory (is the input far larger than a cable? see --max-bytes)", err=True)
        sys.exit(2)
    except Exception as e:
        if Settings.from_env().debug:
            raise
        click.echo(f"cablemap: internal error: {type(e).__name__}: {_one_line(e)} (set CABLEMAP_DEBUG=1 for details)",
                   err=True)
        sys.exit(2)
