"""The exceptions cablemap raises for bad input (one-line messages)."""

from __future__ import annotations


class CablemapError(Exception):
    """Base of every error cablemap reports to the user."""


class ZoneError(CablemapError, ValueError):
    """A zone specification that cannot be parsed, resolved or built."""


class CableError(CablemapError, ValueError):
    """A cable that cannot be read or parsed."""


class OutputError(CablemapError, OSError):
    """An output path that cannot be written (a directory, a missing folder)."""
