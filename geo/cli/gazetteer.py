"""``cablemap gazetteer``: build a fuller gazetteer store from a GeoNames dump."""

from __future__ import annotations

from pathlib import Path

import click

from .common import settings


@click.group("gazetteer")
def gazetteer() -> None:
    """Gazetteer stores: build one from a GeoNames dump."""


@gazetteer.command("build")
@click.option(
    "--geonames", "dump", required=True, metavar="FILE", type=click.Path(exists=True, dir_okay=False),
    help="A GeoNames dump: allCountries.zip, a country file (GE.zip), cities500.zip, or the bare .txt.",
)
@click.option(
    "--alternate-names", metavar="FILE", type=click.Path(exists=True, dir_okay=False),
    help="alternateNamesV2.zip (or .txt): take English, unlabelled and abbreviated names from it.",
)
@click.option(
    "-o", "--output", metavar="STORE_DIR", type=click.Path(file_okay=False),
    help="Store folder to write (default: $CABLEMAP_STORE, else ~/.local/share/cablemap/store).",
)
@click.option("--no-bundled", is_flag=True, help="Only the dump's records, without the bundled store's.")
@click.option(
    "--feature-classes", metavar="CLASSES",
    help="Keep only these GeoNames feature classes, e.g. PAHLT (default: all of A H L P R S T U V).",
)
@click.option("--quiet", is_flag=True, help="No progress bar.")
def build(
    dump: str, alternate_names: str | None, output: str | None, no_bundled: bool, feature_classes: str | None,
    quiet: bool,
) -> None:
    """Build a store folder (records.parquet, common_words.txt) from a GeoNames dump.

    The bundled records come first; the dump adds what they lack. Use the store
    with CABLEMAP_STORE=STORE_DIR.
    """
    from gazetteer.geonames_dump import build_store

    if feature_classes is not None and not set(feature_classes.upper()) <= set("AHLPRSTUV"):
        raise click.BadParameter(
            f"{feature_classes!r}: GeoNames classes are A H L P R S T U V", param_hint="--feature-classes")
    out = Path(output) if output else settings().store_home
    result = build_store(dump, out, alternate_names=alternate_names, with_bundled=not no_bundled,
                         feature_classes=feature_classes, progress=not quiet)
    click.echo(
        f"wrote {result.store} ({result.records:,} records, {result.added:,} from the dump, "
        f"{result.skipped:,} already bundled; common words from {result.common_words}); "
        f"use it with CABLEMAP_STORE={result.store}",
        err=True,
    )
