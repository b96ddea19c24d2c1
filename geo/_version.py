"""The installed distribution's version (read on first use: importlib.metadata costs tens of ms to import)."""

from __future__ import annotations

from importlib import metadata

try:
    __version__ = metadata.version("cablemap")
except metadata.PackageNotFoundError:  # run from a source tree that was never installed
    __version__ = "0+unknown"
