"""The overrides file: one analyst fix per JSON line, read strictly, written atomically under a lock.

Where it lives: ``--overrides FILE``, else ``$CABLEMAP_OVERRIDES``, else
``$XDG_CONFIG_HOME/cablemap/overrides.jsonl`` (``~/.config/cablemap/overrides.jsonl``).

Each line is one JSON object with sorted keys, so the file reads well and diffs
line by line. Every entry has ``id``, ``scope``, ``action``, ``who``, ``when`` and
``note``, and then:

* ``scope: "mention"`` — one mention of one cable: ``refid``, ``start``/``end``
  (offsets into the decoded cable), ``mention`` (the text as written) and
  ``context`` (a hash of the text around it, to find the mention again when the
  offsets have moved);
* ``scope: "rule"`` — a name in a context: ``name`` (matched case- and
  accent-folded) and ``countries`` (ISO codes; the rule holds in cables whose
  TAGS name any of them, or in every cable when empty).

Actions: ``choose`` and ``add`` take ``record`` (a gazetteer id); ``point`` takes
``lat``, ``lon``, ``accuracy_m`` and a ``note`` saying where the position comes
from; ``not-a-place`` takes nothing more.

Writers (:func:`save_entry`, :func:`delete_entry`) hold a thread lock and an OS
lock (``fcntl.flock`` on ``FILE.lock``), re-read the file under them (parsing it
again only when its inode, size or times changed since this process last read or
wrote it), and replace it through a temporary file and a rename, so concurrent
writers lose nothing. A file that does not parse is never overwritten.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import math
import os
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Required, TypedDict, cast

from ._io import atomic_write
from .errors import CablemapError

SCOPES = ("mention", "rule")
ACTIONS = ("choose", "add", "point", "not-a-place")
#: Characters either side of a mention that its context hash covers.
CONTEXT_CHARS = 40

_COMMON: dict[str, type] = {"id": str, "scope": str, "action": str, "who": str, "when": str, "note": str}
_BY_SCOPE: dict[str, dict[str, type]] = {
    "mention": {"refid": str, "start": int, "end": int, "mention": str, "context": str},
    "rule": {"name": str, "countries": list},
}
_BY_ACTION: dict[str, dict[str, type]] = {
    "choose": {"record": str},
    "add": {"record": str},
    "point": {"lat": float, "lon": float, "accuracy_m": float},
    "not-a-place": {},
}
_THREAD_LOCKS: dict[Path, threading.Lock] = {}
_THREAD_LOCKS_GUARD = threading.Lock()
#: Entries last read or written, by file: (stamp, entries); see :func:`current_entries`.
_KNOWN: dict[Path, tuple[tuple[int, ...] | None, tuple[Override, ...]]] = {}


class OverridesError(CablemapError, ValueError):
    """An overrides file (or entry) that cannot be read or is not valid."""


class _Fields(TypedDict, total=False):
    """The stored fields of an entry, typed as :class:`Override` holds them (what :func:`parse_entry` checks)."""

    scope: Required[str]
    action: Required[str]
    who: Required[str]
    when: Required[str]
    note: str
    id: Required[str]
    refid: str
    start: int
    end: int
    mention: str
    context: str
    name: str
    countries: tuple[str, ...]
    record: str
    lat: float
    lon: float
    accuracy_m: float


def new_id() -> str:
    """A fresh random entry id (8 hex digits)."""
    return secrets.token_hex(4)


@dataclass(frozen=True)
class Override:
    """One analyst fix, as stored on one line of the overrides file."""

    scope: str
    action: str
    who: str
    when: str
    note: str = ""
    id: str = field(default_factory=new_id)
    refid: str | None = None
    start: int | None = None
    end: int | None = None
    mention: str | None = None
    context: str | None = None
    name: str | None = None
    countries: tuple[str, ...] = ()
    record: str | None = None
    lat: float | None = None
    lon: float | None = None
    accuracy_m: float | None = None
    line: int = field(default=0, compare=False)  #: where it was read (0: not from a file)

    def fields(self) -> dict[str, object]:
        """The stored fields of this entry (those its scope and action use)."""
        keys = sorted({*_COMMON, *_BY_SCOPE[self.scope], *_BY_ACTION[self.action]})
        return {k: list(self.countries) if k == "countries" else getattr(self, k) for k in keys}

    def to_line(self) -> str:
        """One JSON line, keys sorted."""
        return json.dumps(self.fields(), ensure_ascii=False, sort_keys=True)

    def same_target(self, other: Override) -> bool:
        """True when *other* decides the same thing (the newer one replaces the older)."""
        if self.scope != other.scope:
            return False
        if self.scope == "mention":
            return (self.refid, self.start, self.end) == (other.refid, other.start, other.end)
        from gazetteer import name_key

        return (name_key(self.name or ""), sorted(self.countries)) == (
            name_key(other.name or ""), sorted(other.countries),
        )

    def describe(self) -> str:
        """A one-line summary for warnings: where it was read and what it decides."""
        where = f"line {self.line}: " if self.line else ""
        what = {
            "choose": f"-> {self.record}", "add": f"add {self.record}",
            "point": f"point {self.lat},{self.lon}", "not-a-place": "not a place",
        }[self.action]
        if self.scope == "rule":
            ctx = f" in cables tagged {'/'.join(self.countries)}" if self.countries else ""
            return f"{where}rule `{self.name}`{ctx} {what}"
        return f"{where}{self.refid} `{self.mention}` at {self.start}-{self.end} {what}"


def context_hash(text: str, start: int, end: int) -> str:
    """Hash of the mention and up to 40 characters either side, whitespace collapsed."""
    window = " ".join(text[max(0, start - CONTEXT_CHARS) : end + CONTEXT_CHARS].split())
    return "sha256:" + hashlib.sha256(window.encode("utf-8")).hexdigest()[:16]


def now() -> str:
    """The current UTC time as ``2026-11-27T21:30:05Z``."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _check(value: object, kind: type, key: str) -> object:
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if (kind is int and isinstance(value, bool)) or not isinstance(value, kind):
        names = {str: "a string", int: "an integer", float: "a number", list: "a list"}
        raise ValueError(f"{key!r} must be {names[kind]}")
    return value


def parse_entry(obj: object, line: int = 0) -> Override:
    """Validate one decoded JSON object; ``ValueError`` with a short reason if it is not an entry."""
    if not isinstance(obj, dict):
        raise ValueError("not a JSON object")
    scope, action = obj.get("scope"), obj.get("action")
    if scope not in SCOPES:
        raise ValueError(f"'scope' must be one of {', '.join(SCOPES)}")
    if action not in ACTIONS:
        raise ValueError(f"'action' must be one of {', '.join(ACTIONS)}")
    wanted = {**_COMMON, **_BY_SCOPE[scope], **_BY_ACTION[action]}
    if unknown := sorted(set(obj) - set(wanted)):
        raise ValueError(f"unknown field {unknown[0]!r} for a {scope} {action} entry")
    if missing := sorted(set(wanted) - set(obj) - {"note"}):
        raise ValueError(f"missing field {missing[0]!r}")
    values = {k: _check(obj[k], kind, k) for k, kind in wanted.items() if k in obj}
    _check_scope(scope, values)
    _check_action(action, values)
    if not values["id"]:
        raise ValueError("'id' is empty")
    # each value passed _check against its kind in `wanted` (countries made a tuple of ISO codes
    # by _check_scope), and those kinds are the field types _Fields spells out
    return Override(**cast(_Fields, values), line=line)


def _check_scope(scope: str, values: dict) -> None:
    """A mention's span, or a rule's name and countries (made a tuple)."""
    if scope == "mention":
        if not 0 <= values["start"] < values["end"]:
            raise ValueError("'start' and 'end' must satisfy 0 <= start < end")
        if len(values["mention"]) != values["end"] - values["start"]:
            raise ValueError("'mention' must be end - start characters long")
        return
    if not values["name"].strip():
        raise ValueError("'name' is empty")
    if not all(isinstance(c, str) and len(c) == 2 and c.isupper() for c in values["countries"]):
        raise ValueError("'countries' must be two-letter ISO codes such as \"GE\"")
    values["countries"] = tuple(values["countries"])


def _check_action(action: str, values: dict) -> None:
    """A chosen or added record, or a point with its position's source."""
    if action in ("choose", "add") and not values["record"].strip():
        raise ValueError("'record' is empty")
    if action == "point":
        lat, lon, acc = values["lat"], values["lon"], values["accuracy_m"]
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise ValueError("'lat'/'lon' out of range")
        if not (math.isfinite(acc) and acc > 0):
            raise ValueError("'accuracy_m' must be a positive number of metres")
        if not values.get("note", "").strip():
            raise ValueError("a point needs a 'note' saying where its position comes from")


def read_entries(path: Path) -> list[Override]:
    """Every entry of the file at *path*, in file order; ``OverridesError`` naming the first bad line."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return []
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise OverridesError(f"{path}: not UTF-8 text (byte {e.start})") from None
    entries, ids = [], set()
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            entry = parse_entry(json.loads(line), n)
        except json.JSONDecodeError as e:
            raise OverridesError(f"{path}:{n}: not valid JSON ({e.msg}, column {e.colno})") from None
        except ValueError as e:
            raise OverridesError(f"{path}:{n}: {e}") from None
        if entry.id in ids:
            raise OverridesError(f"{path}:{n}: duplicate id {entry.id!r}")
        ids.add(entry.id)
        entries.append(entry)
    return entries


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold the in-process lock for *path* and an exclusive ``flock`` on ``<path>.lock``."""
    key = path.resolve()
    with _THREAD_LOCKS_GUARD:
        lock = _THREAD_LOCKS.setdefault(key, threading.Lock())
    with lock:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(key.with_name(key.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)


def _stamp(path: Path) -> tuple[int, ...] | None:
    """What changes whenever the file is replaced or written: inode, size, times (None: no file)."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns


def current_entries(path: str | os.PathLike) -> list[Override]:
    """The file's entries as :func:`read_entries` gives them, parsed again only when the file changed.

    The file's stamp is taken before it is read, so a change made while reading
    is seen on the next call.
    """
    path = Path(path)
    key = path.resolve()
    stamp = _stamp(path)
    known = _KNOWN.get(key)
    if known is None or known[0] != stamp or stamp is None:
        known = (stamp, tuple(read_entries(path)))
        _KNOWN[key] = known
    return list(known[1])


def _write(path: Path, entries: list[Override]) -> list[Override]:
    """Replace the file with *entries* (under :func:`_locked`); the entries as read back would be."""
    atomic_write(path, "".join(e.to_line() + "\n" for e in entries))
    written = tuple(replace(e, line=n) for n, e in enumerate(entries, 1))
    _KNOWN[path.resolve()] = (_stamp(path), written)
    return list(written)


def save_entry(path: str | os.PathLike, entry: Override) -> list[Override]:
    """Add *entry*, replacing any entry that decides the same thing; the file's entries after it."""
    path = Path(path)
    with _locked(path):
        entries = [e for e in current_entries(path) if not e.same_target(entry)]
        entries.append(entry)
        return _write(path, entries)


def delete_entry(path: str | os.PathLike, entry_id: str) -> list[Override]:
    """Remove the entry with *entry_id* (``OverridesError`` if there is none); the entries left."""
    path = Path(path)
    with _locked(path):
        entries = current_entries(path)
        kept = [e for e in entries if e.id != entry_id]
        if len(kept) == len(entries):
            raise OverridesError(f"{path}: no override with id {entry_id!r}")
        return _write(path, kept)
