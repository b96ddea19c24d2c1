"""The ``cablemap`` command line: thin wrappers over :mod:`geo`'s Python API."""

from __future__ import annotations

import gc
import importlib
import signal
import sys
import threading

import click

import maps

from ..errors import CablemapError
from ..settings import Settings
from .common import cable_arg, check_within, load_cable, settings, zone_opts
from .map_outputs import image_opts, write_map_outputs
from .overrides import overrides_opt, warn_unmatched

#: Commands of other modules: ``module:function`` by name, imported when run or listed, so that
#: ``cablemap map`` loads no export or corpus code.
_COMMANDS = {
    "brief": ".brief:brief",
    "corpus": ".corpus:corpus",
    "corpus-exposure": ".corpus:corpus_exposure",
    "corpus-map": ".corpus:corpus_map",
    "exposure": ".features:exposure",
    "gazetteer": ".gazetteer:gazetteer",
    "geoparse": ".geoparse:geoparse",
    "places": ".features:places",
    "review": ".review:review",
    "zones": ".export:zones",
}


class _Commands(click.Group):
    """A group that imports the commands of :data:`_COMMANDS` when they are first asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in _COMMANDS and cmd_name not in self.commands:
            module, name = _COMMANDS[cmd_name].split(":")
            self.add_command(getattr(importlib.import_module(module, __package__), name), cmd_name)
        return super().get_command(ctx, cmd_name)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
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
    maps.keep_asset_copies_in(ctx.obj.cache)  # a map then need not import folium-offline


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


def _terminate(signum: int, frame: object) -> None:
    """SIGTERM unwinds like Ctrl-C, so temp files are removed and children told to stop."""
    raise SystemExit(128 + signum)


def _one_line(text: object) -> str:
    return " ".join(str(text).split())[:500]


def main(argv: list[str] | None = None) -> None:
    """Entry point: bad input is one line on stderr and exit status 2, never a traceback.

    Anything unexpected is one line too, saying so (exit 2); with ``CABLEMAP_DEBUG=1`` it is
    raised instead, traceback and all (the tests run that way).

    Without *argv* (the ``cablemap`` program, ``python -m geo.cli``) the command line is the
    process's own, and so is its garbage collector: it runs less often (as mypy's does), since
    pandas, folium and the gazetteer make objects by the hundred thousand and collections took
    a tenth of a map's time; and as the process ends with this call, every object left is then
    frozen (:func:`gc.freeze`), which spares the interpreter's final collections over them (half a
    second after a map). Called with *argv* (in-process), the collector is left alone.
    """
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminate)
    own_process = argv is None
    if own_process:
        gc.set_threshold(200_000, 30, 30)
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
    finally:
        if own_process:
            gc.freeze()
