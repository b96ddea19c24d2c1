"""Writing outputs safely: atomic replace, sanitised file names."""

from __future__ import annotations

import glob
import os
import re
import stat
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import IO

from gazetteer.atomic import replacing

from .errors import OutputError

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_filename(stem: str, suffix: str) -> str:
    """A file name made only of ``[A-Za-z0-9._-]`` from an untrusted *stem*.

    >>> safe_filename("../../etc/passwd", ".html")
    'etc_passwd.html'
    """
    clean = _UNSAFE.sub("_", stem).strip("._-")[:100] or "cable"
    return clean + suffix


def _stale_temp_files(path: Path) -> list[Path]:
    """Temp files of earlier writes to *path* whose writer is gone (killed before it could clean up)."""
    stale = []
    for tmp in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        pid = tmp.name[len(path.name) + 2 :].split(".", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            stale.append(tmp)
    return stale


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _direct(path: Path) -> bool:
    """True for targets that are written in place: devices, FIFOs, sockets (``/dev/null``, ``/dev/stdout``)."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))  # a directory is refused by check_writable


def check_writable(path: str | os.PathLike) -> None:
    """Raise :class:`~geo.errors.OutputError` now if *path* is a directory or its folder is missing.

    For commands with several outputs: checked before anything is drawn or written.
    """
    if str(path) == "-":
        return
    given = Path(path)
    real = Path(os.path.realpath(given))
    if real.is_dir():
        msg = f"cannot write {given}: it is a directory"
        raise OutputError(msg)
    if not real.parent.is_dir():
        msg = f"cannot write {given}: no folder {given.parent}"
        raise OutputError(msg)
    if not os.access(real.parent, os.W_OK) and not (real.exists() and not real.is_file()):
        msg = f"cannot write {given}: permission denied"
        raise OutputError(msg)


@contextmanager
def atomic_path(path: str | os.PathLike) -> Iterator[Path]:
    """A temp path next to *path*, renamed onto *path* only when the block succeeds.

    For writers that open the file themselves (GDAL writing a GeoPackage). A directory
    or a missing folder is an :class:`~geo.errors.OutputError` naming *path*; temp files
    left by a killed earlier write to the same path are removed. A link is followed.
    """
    given = Path(path)
    path = Path(os.path.realpath(given))
    check_writable(given)
    for tmp in _stale_temp_files(path):
        tmp.unlink(missing_ok=True)
    with ExitStack() as stack:
        try:
            tmp = stack.enter_context(replacing(path))
        except OSError as e:
            msg = f"cannot write {given}: {e.strerror or e}"
            raise OutputError(msg) from None
        yield tmp


@contextmanager
def atomic_writer(path: str | os.PathLike, binary: bool = False) -> Iterator[IO]:
    """A file to write *path* through: renamed into place only when the block succeeds.

    Readers see the old file or the whole new one, never half of it; on any error
    the old file is left as it was. ``"-"`` writes to stdout; a device or FIFO
    (``/dev/null``) is written directly, never replaced; a directory or a missing
    folder is an :class:`~geo.errors.OutputError` naming *path*. A link is followed.
    Temp files left by a killed earlier write to the same path are removed.
    """
    if str(path) == "-":
        yield sys.stdout.buffer if binary else sys.stdout
        return
    mode, encoding, newline = ("wb", None, None) if binary else ("w", "utf-8", "")
    real = Path(os.path.realpath(path))
    if _direct(real):
        with open(real, mode, encoding=encoding, newline=newline) as f:
            yield f
        return
    with atomic_path(path) as tmp, open(tmp, mode, encoding=encoding, newline=newline) as f:
        yield f


def atomic_write(path: str | os.PathLike, data: str | bytes) -> Path:
    """Write *data* to *path* atomically (see :func:`atomic_writer`)."""
    with atomic_writer(path, binary=isinstance(data, bytes)) as f:
        f.write(data)
    return Path(path)
