"""A corpus of cables, streamed: a directory of cable files, a ``cables.csv`` dump, JSON Lines.

The input is read one cable at a time and cut into numbered batches of :class:`Item`; nothing
holds more than one batch of text. An item carries what a worker needs to read one cable: a
CSV row, a file path, or a text. What cannot be read at all (a CSV row with the wrong number
of fields, a JSON line that is not an object with a ``text``, a cable over
:data:`MAX_CABLE_CHARS`) becomes an ``error`` item, so every input position is accounted for.

Formats, by file name (``.gz`` accepted everywhere) or, for a single file, by its first bytes:

* ``*.csv``: the Cablegate ``cables.csv`` dialect (no header, eight quoted fields, backslash
  escapes; see ``geo.cable.carriers.CSV_COLUMNS``);
* ``*.jsonl`` / ``*.ndjson``: one JSON object per line with a ``text`` field (``refid`` or
  ``doc_id`` name it);
* anything else: one cable per file (plain text or a WikiLeaks HTML page).
"""

from __future__ import annotations

import gzip
import io
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, TypeAlias

from ..cable.csv_dump import csv_rows
from ..errors import CablemapError

#: Longest cable accepted, in characters (bytes for files); the longest real cable is ~70k.
MAX_CABLE_CHARS = 2_000_000
_CSV_HEAD = re.compile(rb'"\d{1,9}","\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}","')
_CSV_SUFFIXES = (".csv",)
_JSONL_SUFFIXES = (".jsonl", ".ndjson")
#: A file opened for reading bytes, or read through gzip (see :func:`_gunzipped`).
_Bytes: TypeAlias = IO[bytes] | gzip.GzipFile


class CorpusInputError(CablemapError):
    """The corpus input cannot be opened (missing, unreadable, empty directory)."""


@dataclass(frozen=True)
class Item:
    """One cable of the input, as handed to a worker.

    Attributes
    ----------
    position : 1-based position of the cable in the input.
    where : the file, with ``row N`` or ``line N`` inside a multi-cable file.
    kind : ``"csv"`` (payload: the row's fields), ``"file"`` (a path), ``"text"``
        (the cable text) or ``"error"`` (a one-line reason).
    payload : see *kind*.
    refid : the reference id when the carrier names it, else ``""``.
    """

    position: int
    where: str
    kind: str
    payload: Any
    refid: str = ""


@dataclass(frozen=True)
class Batch:
    """Items ``[index * size, index * size + len(items))`` of the input, and the input bytes they span."""

    index: int
    items: tuple[Item, ...]
    nbytes: int

    def __dask_tokenize__(self) -> tuple:
        """What names the batch in a Dask graph: where it sits, not a hash of every cable in it (seconds of
        the driver's time per corpus)."""
        ends = (self.items[0].where, self.items[-1].where) if self.items else ()
        return ("cablemap.Batch", self.index, self.nbytes, len(self.items), *ends)


@dataclass(frozen=True)
class Corpus:
    """An opened corpus input: its size for progress, a fingerprint for resuming, and its items."""

    path: Path
    total_bytes: int
    fingerprint: dict[str, Any]

    def batches(self, size: int) -> Iterator[Batch]:
        """The items in batches of *size*, numbered from 0, in input order."""
        items: list[Item] = []
        index = done = 0
        for item, consumed in _items(self.path):
            items.append(item)
            if len(items) == size:
                yield Batch(index, tuple(items), consumed - done)
                index, done, items = index + 1, consumed, []
        if items:
            yield Batch(index, tuple(items), self.total_bytes - done)


def open_corpus(path: str | os.PathLike) -> Corpus:
    """Open the corpus at *path* (a file or a directory, read lazily).

    Raises
    ------
    CorpusInputError
        *path* does not exist, is empty, or is a directory without any (non-empty) file.
    """
    p = Path(path)
    if not p.exists():
        raise CorpusInputError(f"{p}: no such file or directory")
    if p.is_dir():
        files = list(_walk(p))
        if not files:
            raise CorpusInputError(f"{p}: directory holds no files")
        stats = [f.stat() for f in files]
        total = sum(s.st_size for s in stats)
        latest = max(s.st_mtime_ns for s in stats)
        stamp = {"files": len(files), "bytes": total, "mtime_ns": latest}
    else:
        st = p.stat()
        total = st.st_size
        stamp = {"bytes": total, "mtime_ns": st.st_mtime_ns}
    if total == 0:
        raise CorpusInputError(f"{p}: {'every file there is' if p.is_dir() else 'the file is'} empty: no cables to read")
    return Corpus(p, total, {"input": str(p.resolve()), **stamp})


def _walk(top: Path) -> Iterator[Path]:
    """Every non-hidden file under *top*, depth first, in sorted order."""
    for root, dirs, files in os.walk(top):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


def _items(path: Path) -> Iterator[tuple[Item, int]]:
    """Every item of the input with the input bytes consumed once it is read."""
    counter = iter(range(1, 1 << 62))
    if not path.is_dir():
        yield from _file_items(path, counter, 0)
        return
    done = 0
    for f in _walk(path):
        size = f.stat().st_size
        for item, consumed in _file_items(f, counter, done):
            yield item, min(consumed, done + size)
        done += size


def _format(path: Path) -> str:
    """``csv``, ``jsonl`` or ``file``: from the name, else (one file given) from its first bytes."""
    name = path.name.lower().removesuffix(".gz")
    if name.endswith(_CSV_SUFFIXES):
        return "csv"
    if name.endswith(_JSONL_SUFFIXES):
        return "jsonl"
    return "file"


def _sniff(path: Path) -> str:
    try:
        with open(path, "rb") as raw:
            head = _gunzipped(raw).read(256)
    except (OSError, EOFError):
        return "file"
    if _CSV_HEAD.match(head):
        return "csv"
    if head.lstrip()[:1] == b"{":
        return "jsonl"
    return "file"


def _gunzipped(raw: IO[bytes]) -> _Bytes:
    """*raw* read from its start, through gzip when it starts with the gzip magic number."""
    magic = raw.read(2)
    raw.seek(0)
    return gzip.GzipFile(fileobj=raw, mode="rb") if magic == b"\x1f\x8b" else raw


def _file_items(path: Path, counter: Iterator[int], offset: int) -> Iterator[tuple[Item, int]]:
    """The items of one file; *offset* is the input bytes before it (directories)."""
    fmt = _format(path)
    if fmt == "file" and not path.name.lower().endswith((".txt", ".html", ".htm")):
        fmt = _sniff(path)
    if fmt == "file":
        size = path.stat().st_size
        if size > MAX_CABLE_CHARS:
            item = Item(next(counter), str(path), "error", _too_long(size))
        else:
            item = Item(next(counter), str(path), "file", str(path))
        yield item, offset + size
        return
    try:
        raw = open(path, "rb")  # noqa: SIM115 - closed below
    except OSError as e:
        yield Item(next(counter), str(path), "error", f"cannot read the file ({e.strerror or e})"), offset
        return
    with raw:
        stream = _gunzipped(raw)
        rows = _csv_items if fmt == "csv" else _jsonl_items
        try:
            for item in rows(stream, str(path), counter):
                yield item, offset + raw.tell()
        except (OSError, EOFError) as e:  # damaged gzip, unreadable disk
            yield Item(next(counter), str(path), "error", f"input ends early or is damaged ({e})"), offset + raw.tell()


def _too_long(n: int) -> str:
    return f"cable of {n / 1e6:.1f} MB exceeds the {MAX_CABLE_CHARS / 1e6:g} MB limit for one cable"


def _csv_items(stream: _Bytes, where: str, counter: Iterator[int]) -> Iterator[Item]:
    """Rows of a ``cables.csv`` dump; undecodable bytes are kept as surrogates for the worker to reject."""
    text = io.TextIOWrapper(stream, encoding="utf-8", errors="surrogateescape", newline="")
    for row_no, row, problem in csv_rows(text):
        refid = row[2].strip() if len(row) > 2 else ""
        at = f"{where} row {row_no}"
        if not row:
            yield Item(next(counter), at, "error", f"unreadable CSV row ({problem})")
        elif problem:
            yield Item(next(counter), at, "error", f"CSV row {problem}", refid)
        elif (n := len(row[6]) + len(row[7])) > MAX_CABLE_CHARS:
            yield Item(next(counter), at, "error", _too_long(n), refid)
        else:
            yield Item(next(counter), at, "csv", row, refid)


def _jsonl_items(stream: _Bytes, where: str, counter: Iterator[int]) -> Iterator[Item]:
    """One item per non-blank line: a JSON object with a string ``text``."""
    for line_no, line in enumerate(stream, 1):
        if not line.strip():
            continue
        at = f"{where} line {line_no}"
        if len(line) > MAX_CABLE_CHARS:
            yield Item(next(counter), at, "error", _too_long(len(line)))
            continue
        try:
            doc = json.loads(line)
        except ValueError as e:
            yield Item(next(counter), at, "error", f"not a JSON object ({type(e).__name__}: {e})")
            continue
        if not isinstance(doc, dict) or not isinstance(doc.get("text"), str):
            yield Item(next(counter), at, "error", 'not a JSON object with a string "text" field')
            continue
        refid = next((str(doc[k]) for k in ("refid", "doc_id", "id") if doc.get(k) not in (None, "")), "")
        yield Item(next(counter), at, "text", doc["text"], refid)
