"""folium-offline's asset copies kept between runs, so a map need not import the library.

A map inlines about a dozen library files (Leaflet, its plugins, their stylesheets) that the
``folium-offline`` package carries inside its modules; importing it takes a tenth of a second, as
long as the rest of a one-cable map. The copies a run takes are kept in the application's cache
folder, one JSON file per installed copy of the library, told apart by its asset module's path,
size and modification time (read without importing it). A file that cannot be read or written is
only a miss: the copy then comes from the library, as without a folder.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

#: The folder copies are kept in (one item; empty: none, every copy comes from the library).
_FOLDER: list[Path] = []
#: Kept copies read so far, by file.
_LOADED: dict[Path, dict[str, str]] = {}


def keep_asset_copies_in(folder: Path | None) -> None:
    """Keep the library's asset copies in *folder* (a cache) from now on; None keeps none."""
    _FOLDER[:] = [] if folder is None else [Path(folder)]


@functools.cache  # once per process: a map asks for a dozen copies
def _library_stamp() -> str | None:
    """A short hash of where folium-offline's asset module is, its size and modification time; None if absent."""
    spec = importlib.util.find_spec("offlinefolium")
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    if not locations:
        return None
    module = Path(locations[0]) / "elements.py"
    try:
        st = module.stat()
    except OSError:
        return None
    return hashlib.sha256(f"{module.resolve()}\t{st.st_size}\t{st.st_mtime_ns}".encode()).hexdigest()[:16]


def _read(path: Path) -> dict[str, str]:
    if path not in _LOADED:
        kept: dict[str, str] = {}
        with contextlib.suppress(OSError, ValueError):
            loaded = json.loads(path.read_bytes())
            if isinstance(loaded, dict):
                kept = {k: v for k, v in loaded.items() if isinstance(k, str) and isinstance(v, str)}
        _LOADED[path] = kept
    return _LOADED[path]


def _write(path: Path, kept: dict[str, str]) -> None:
    """Replace *path* by *kept* as JSON: readers see the old file or the new one, never half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(kept, f)
        os.replace(name, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(name)


def kept_copy(url: str, take: Callable[[str], str]) -> str:
    """The asset copy of *url*: a kept one when there is, else ``take(url)`` (from the library), then kept."""
    stamp = _library_stamp() if _FOLDER else None
    if stamp is None:
        return take(url)
    path = _FOLDER[0] / f"offline-assets-{stamp}.json"
    kept = _read(path)
    if url not in kept:
        kept[url] = take(url)
        with contextlib.suppress(OSError):
            _write(path, kept)
    return kept[url]
