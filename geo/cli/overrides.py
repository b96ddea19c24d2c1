"""``--overrides FILE`` for every command that outputs places: the option and its warnings."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from ..overrides import Overrides


def overrides_opt(f):
    """Decorator: ``--overrides FILE``, passed to the command as ``overrides_path``."""
    return click.option(
        "--overrides", "overrides_path", metavar="FILE",
        help="Analyst fixes to apply (JSON Lines; default: $CABLEMAP_OVERRIDES, else "
        "~/.config/cablemap/overrides.jsonl when it exists).",
    )(f)


def warn_unmatched(overrides: Overrides) -> None:
    """One stderr line per override that matched nothing (never dropped silently)."""
    for line in overrides.unmatched():
        click.echo(f"cablemap: warning: {overrides.path}: override {line}", err=True)
