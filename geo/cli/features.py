"""``cablemap places`` and ``cablemap exposure``: a cable's features as a table or a GIS file."""

from __future__ import annotations

import click

from .common import cable_arg, check_within, load_cable, settings, zone_opts
from .export import emit_layers, output_opts, round_km, with_refid
from .overrides import overrides_opt, warn_unmatched


@click.command()
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


@click.command()
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
