"""Replacing a file atomically: readers see the old file or the whole new one, never half of it.

cablemap's one atomic writer; :mod:`geo` builds its output checks on it (``gazetteer`` is the
lowest layer, so the store builder and every command share this code).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def temp_prefix(path: Path) -> str:
    """The name every temp file of a write to *path* starts with (``.<name>.<pid>.``)."""
    return f".{path.name}.{os.getpid()}."


@contextmanager
def replacing(path: str | os.PathLike) -> Iterator[Path]:
    """A new temp file next to *path*; when the block succeeds it is synced to disk and renamed onto *path*.

    For any writer: open it, or hand its name to a library (Parquet, GDAL). On an error the
    temp file is removed and *path* is left as it was.
    """
    path = Path(path)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=temp_prefix(path), suffix=".tmp")
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
