"""Writing outputs safely: atomic replace, sanitised file names."""

from __future__ import annotations

import os
import re
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_filename(stem: str, suffix: str) -> str:
    """A file name made only of ``[A-Za-z0-9._-]`` from an untrusted *stem*.

    >>> safe_filename("../../etc/passwd", ".html")
    'etc_passwd.html'
    """
    clean = _UNSAFE.sub("_", stem).strip("._-")[:100] or "cable"
    return clean + suffix


@contextmanager
def atomic_writer(path: str | os.PathLike, binary: bool = False) -> Iterator[IO]:
    """A file to write *path* through: renamed into place only when the block succeeds.

    Readers see the old file or the whole new one, never half of it; on any error
    the old file is left as it was. ``"-"`` writes to stdout.
    """
    if str(path) == "-":
        yield sys.stdout.buffer if binary else sys.stdout
        return
    path = Path(path)
    mode = "wb" if binary else "w"
    fd, tmp = tempfile.mkstemp(dir=path.parent or ".", prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, mode, **({} if binary else {"encoding": "utf-8", "newline": ""})) as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def atomic_write(path: str | os.PathLike, data: str | bytes) -> Path:
    """Write *data* to *path* atomically (see :func:`atomic_writer`)."""
    with atomic_writer(path, binary=isinstance(data, bytes)) as f:
        f.write(data)
    return Path(path)
