"""Writing outputs safely: atomic replace, sanitised file names."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_filename(stem: str, suffix: str) -> str:
    """A file name made only of ``[A-Za-z0-9._-]`` from an untrusted *stem*.

    >>> safe_filename("../../etc/passwd", ".html")
    'etc_passwd.html'
    """
    clean = _UNSAFE.sub("_", stem).strip("._-")[:100] or "cable"
    return clean + suffix


def atomic_write(path: str | os.PathLike, data: str | bytes) -> Path:
    """Write *data* to *path* through a temporary file and a rename.

    Readers see the old file or the whole new one, never half of it; on any error
    the old file is left as it was.
    """
    path = Path(path)
    mode = "wb" if isinstance(data, bytes) else "w"
    fd, tmp = tempfile.mkstemp(dir=path.parent or ".", prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, mode, **({} if mode == "wb" else {"encoding": "utf-8", "newline": ""})) as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path
