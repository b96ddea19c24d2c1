"""The files a cable comes in: plain text, a WikiLeaks HTML page, a ``cables.csv`` dump, gzip.

Each carrier gives the cable text and whatever metadata it holds (reference id, dates,
classification, origin, title) outside that text.
"""

from __future__ import annotations

import gzip
import io
import os
import re
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

from ..errors import CableError
from .csv_dump import CSV_COLUMNS, csv_rows

_MAX_BYTES = 1 << 30
#: How much larger than the cable a file carrying one cable may be (a WikiLeaks page's markup).
CARRIER_ALLOWANCE = 8
_HEAD_BYTES = 4096
_TOO_BIG_HINT = "no real cable is that long (raise --max-bytes to read it anyway)"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_SURROGATE = re.compile("[\udc80-\udcff]")
_CSV_HEAD = re.compile(r'"\d{1,9}","\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}","')
_HTML_HEAD = re.compile(r"\s*(?:<!DOCTYPE\s+html|<html|<\?xml|<head|<body)", re.IGNORECASE)
#: The text of a WikiLeaks page's ``<h3>`` that names the cable: "Viewing cable REFID, TITLE".
_VIEWING = re.compile(r"\s*Viewing cable\s+[^,]{1,40},\s*(.{0,300})", re.IGNORECASE | re.DOTALL)
_REFID = re.compile(r"\d{2,4}[A-Z]{2,30}\d{1,7}")
_RUBY_DATE = re.compile(r"[A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} [+-]\d{4} \d{4}")
_META_KEYS = ("Identifier", "Reference ID", "Created", "Released", "Classification", "Origin")


@dataclass(frozen=True)
class Meta:
    """Metadata a carrier holds outside the cable text (WikiLeaks table, CSV columns, txt lines)."""

    refid: str | None = None
    created: datetime | None = None
    classification: str | None = None
    origin: str | None = None
    title: str | None = None
    tags: tuple[str, ...] = field(default=())


def _error(name: str, reason: str) -> CableError:
    return CableError(f"{name}: {reason}".replace("\n", " ").replace("\r", " "))


def decode_bytes(data: bytes, name: str) -> str:
    """Decode a text file: UTF-8 (a BOM is fine), else cp1252/Latin-1 when it is clearly text.

    Line ends are normalised to ``\\n``. Raises :class:`CableError` for empty, binary (NUL
    bytes, many control characters), UTF-16 or otherwise undecodable data.
    """
    if not data.strip():
        raise _error(name, "empty file" if not data else "the file holds only whitespace")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise _error(name, "UTF-16 text; save the cable as UTF-8")
    if b"\x00" in data:
        raise _error(name, "binary data (NUL bytes), not a text cable")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
    return clean_text(text, name)


def clean_text(text: str, name: str) -> str:
    """*text* with line ends normalised to ``\\n``; :class:`CableError` if it reads as binary.

    Undecodable bytes kept as surrogates (``errors="surrogateescape"``) count as binary.
    """
    bad = len(_CONTROL.findall(text))
    if bad > max(4, len(text) // 200):
        raise _error(name, "binary or undecodable data (control characters), not a text cable")
    if _SURROGATE.search(text):
        raise _error(name, "undecodable bytes (not UTF-8 text)")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _read_bytes(path: Path, name: str, max_bytes: int) -> bytes:
    """The file's bytes (gunzipped). Only a ``cables.csv`` dump may be larger than a cable's
    :data:`CARRIER_ALLOWANCE` times *max_bytes*; nothing is ever read past :data:`_MAX_BYTES`."""
    try:
        if path.is_dir():
            raise _error(name, "is a directory, not a cable file")
        with open(path, "rb") as f:
            head = f.read(2)
            f.seek(0)
            stream = gzip.GzipFile(fileobj=f) if head == b"\x1f\x8b" else f
            try:
                data = stream.read(_HEAD_BYTES)
                limit = _MAX_BYTES if _CSV_HEAD.match(data.decode("utf-8", "replace")) else CARRIER_ALLOWANCE * max_bytes
                data += stream.read(limit + 1 - len(data))
            except (OSError, EOFError, zlib.error) as e:
                raise _error(name, f"damaged gzip data ({e})") from None
    except FileNotFoundError:
        raise _error(name, "no such file") from None
    except PermissionError:
        raise _error(name, "permission denied") from None
    except OSError as e:
        raise _error(name, f"cannot read the file ({e.strerror or e})") from None
    if len(data) > limit:
        what = "decompressed data" if head == b"\x1f\x8b" else "file"
        raise _error(name, f"{what} larger than {_size(limit)}: {_TOO_BIG_HINT}")
    return data


def _size(n: int) -> str:
    return f"{n / 1e6:.3g} MB"


def check_size(text: str, name: str, max_bytes: int, what: str = "cable") -> None:
    """Raise :class:`CableError` when *text* (a *what*) is longer than *max_bytes* (UTF-8)."""
    if len(text) > max_bytes // 4 and (n := len(text.encode("utf-8", "surrogatepass"))) > max_bytes:
        raise _error(name, f"{what} of {_size(n)} is over the {_size(max_bytes)} limit: {_TOO_BIG_HINT}")


def load(path: str | os.PathLike, refid: str | None, max_bytes: int) -> tuple[str, Meta]:
    """The cable text and carrier metadata of the file at *path*.

    A ``cables.csv`` file needs *refid* when it holds several cables. A cable longer than
    *max_bytes* is a :class:`CableError`.
    """
    name = str(path)
    text = decode_bytes(_read_bytes(Path(path), name, max_bytes), name)
    if _CSV_HEAD.match(text):
        text, meta = _from_csv(text, name, refid)
    elif _HTML_HEAD.match(text):
        text, meta = _from_html(text, name)
    else:
        meta = text_metadata(text)
    check_size(text, name, max_bytes)
    return text, meta


def _date(value: str, *formats: str) -> datetime | None:
    for fmt in formats:
        try:
            return datetime.strptime(value.strip(), fmt).replace(tzinfo=None)
        except ValueError:
            continue
    return None


def _from_csv(text: str, name: str, refid: str | None) -> tuple[str, Meta]:
    rows = 0
    first = None
    for i, row, problem in csv_rows(io.StringIO(text, newline="")):
        if not row:
            raise _error(name, f"not a readable cables.csv file ({problem})")
        if problem:
            raise _error(name, f"CSV row {i} {problem} ({', '.join(CSV_COLUMNS)})")
        rows += 1
        first = first or row
        if refid is not None and row[2].strip().upper() == refid.strip().upper():
            return csv_cable(row)
    if rows == 0 or first is None:
        raise _error(name, "CSV file without cable rows")
    if refid is not None:
        raise _error(name, f"holds no cable {refid} ({rows} cable{'s' if rows > 1 else ''}, e.g. {first[2]})")
    if rows > 1:
        raise _error(name, f"holds {rows} cables; pick one with --refid (e.g. {first[2]})")
    return csv_cable(first)


def csv_cable(row: list[str]) -> tuple[str, Meta]:
    """The cable text and metadata of one ``cables.csv`` row (the eight :data:`CSV_COLUMNS`)."""
    _, created, refid, origin, classification, _, header, body = row
    meta = Meta(
        refid=refid.strip() or None,
        created=_date(created, "%m/%d/%Y %H:%M"),
        classification=classification.strip() or None,
        origin=origin.strip() or None,
    )
    text = f"{header}\n\n{body}" if header.strip() else body
    return text.replace("\r\n", "\n"), meta


class _CablePage(HTMLParser):
    """What a WikiLeaks cable page holds: the text of each ``<pre>`` block, the header and data
    cells of its ``<table class="cable">`` and the text of each ``<h3>``.

    Text is taken without the markup inside it (the links of TAGS, say), with character
    references resolved. An element still open at the end of the page is left out.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.heads: list[str] = []
        self.cells: list[str] = []
        self.h3s: list[str] = []
        self._pre: list[str] | None = None
        self._cell: tuple[str, list[str]] | None = None
        self._h3: list[str] | None = None
        self._table = "before"  # the cable table: "before", "in" or "after" it

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "pre" and self._pre is None:
            self._pre = []
        elif tag == "h3" and self._h3 is None:
            self._h3 = []
        elif tag == "table" and self._table == "before" and ("class", "cable") in attrs:
            self._table = "in"
        elif tag in ("td", "th") and self._table == "in" and self._cell is None:
            self._cell = (tag, [])

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre" and self._pre is not None:
            self.blocks.append("".join(self._pre))
            self._pre = None
        elif tag == "h3" and self._h3 is not None:
            self.h3s.append("".join(self._h3))
            self._h3 = None
        elif tag == "table" and self._table == "in":
            self._table, self._cell = "after", None
        elif tag in ("td", "th") and self._cell is not None:
            opened, text = self._cell
            (self.heads if opened == "th" else self.cells).append(" ".join("".join(text).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        for text in (self._pre, self._cell and self._cell[1], self._h3):
            if text is not None:
                text.append(data)


def _from_html(page: str, name: str) -> tuple[str, Meta]:
    parsed = _CablePage()
    parsed.feed(page)
    parsed.close()
    if not parsed.blocks:
        raise _error(name, "an HTML page without a cable text (no <pre> block)")
    body = parsed.blocks[-1]
    header = parsed.blocks[0] if len(parsed.blocks) > 1 else ""
    text = f"{header}\n\n{body}" if header else body
    if not text.endswith("\n"):
        text += "\n"
    return text, _html_metadata(parsed)


def _html_metadata(page: _CablePage) -> Meta:
    values = dict(zip(page.heads, page.cells))
    title = next((" ".join(m[1].split()) for m in map(_VIEWING.fullmatch, page.h3s) if m), "")
    refid = values.get("Reference ID", "")
    return Meta(
        refid=refid if _REFID.fullmatch(refid) else None,
        created=_date(values.get("Created", ""), "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"),
        classification=values.get("Classification") or None,
        origin=values.get("Origin") or None,
        title=title or None,
    )


def text_metadata(text: str) -> Meta:
    """Metadata lines some text copies put before the cable.

    * the ``txt`` mirror: refid, title, Ruby date, classification, origin (five lines);
    * a WikiLeaks-style block: ``Identifier``/``Created``/``Classification``/``Origin`` lines,
      then their values, ``Cable title:`` and ``Tags:``.
    """
    head = text[:4000].split("\n")[:40]
    if len(head) >= 5 and _REFID.fullmatch(head[0].strip()) and _RUBY_DATE.fullmatch(head[2].strip()):
        return Meta(
            refid=head[0].strip(),
            created=_date(head[2], "%a %b %d %H:%M:%S %z %Y"),
            classification=head[3].strip() or None,
            origin=head[4].strip() or None,
            title=head[1].strip() or None,
        )
    keys = []
    for line in head:
        if line.strip() in _META_KEYS:
            keys.append(line.strip())
        else:
            break
    if not keys or len(head) < 2 * len(keys):
        return Meta()
    values = dict(zip(keys, (v.strip() for v in head[len(keys):2 * len(keys)])))
    rest = head[2 * len(keys):]
    title = None
    tags: tuple[str, ...] = ()
    for i, line in enumerate(rest):
        norm = line.replace("\xa0", " ").strip()
        if norm.startswith("Cable title:"):
            title = norm[len("Cable title:"):].strip() or next((r.strip() for r in rest[i + 1:] if r.strip()), None)
        elif norm.startswith("Tags:"):
            tags = tuple(t.upper() for t in re.findall(r"[A-Za-z]{2,12}", norm[len("Tags:"):]))
    refid = values.get("Identifier") or values.get("Reference ID") or ""
    return Meta(
        refid=refid if _REFID.fullmatch(refid) else None,
        created=_date(values.get("Created", ""), "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"),
        classification=values.get("Classification") or None,
        origin=values.get("Origin") or None,
        title=title,
        tags=tags,
    )
