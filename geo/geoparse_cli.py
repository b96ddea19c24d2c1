"""``cablemap geoparse``: JSON Lines of documents in, JSON Lines of toponyms out."""

from __future__ import annotations

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

from ._io import atomic_writer


def _progress() -> Progress:
    return Progress(
        TextColumn("geoparse"), BarColumn(), TaskProgressColumn(),
        TextColumn("{task.fields[docs]} docs"), TimeRemainingColumn(),
        console=Console(stderr=True), transient=True,
    )


@click.command()
@click.argument("input_path", metavar="INPUT.jsonl", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", required=True, metavar="OUTPUT.jsonl", help="Where to write the toponyms ('-': stdout).")
def geoparse(input_path: str, output: str) -> None:
    """Find and resolve the toponyms of every document of INPUT.jsonl.

    Each input line is {"doc_id", "text", ...} (other keys are ignored); each
    output line is {"doc_id", "toponyms": [{"start", "end", "name", "lat", "lon",
    "geonameid", "kind", "source", "confidence"}]}, offsets into "text".
    Documents are read and written one at a time.
    """
    from gazetteer import Gazetteer

    from .geoparse import geoparse_lines, read_lines

    gaz = Gazetteer.bundled()
    with open(input_path, "rb") as src, atomic_writer(output) as out, _progress() as bar:
        total = src.seek(0, 2)
        src.seek(0)
        task = bar.add_task("geoparse", total=total or None, docs=0)
        for n, answer in enumerate(geoparse_lines(read_lines(src), gaz), 1):
            out.write(answer)
            bar.update(task, completed=src.tell(), docs=n)
    if output != "-":
        click.echo(f"wrote {output}", err=True)
