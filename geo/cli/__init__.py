"""The ``cablemap`` command line: every module that imports click lives here, and nothing
outside this package imports it. :func:`main` is the console entry point.
"""

from __future__ import annotations

from .main import cli, main

__all__ = ["cli", "main"]
