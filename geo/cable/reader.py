"""Reading a diplomatic cable: its header fields, paragraphs, and the text where places can be named.

A cable file is plain text (the WikiLeaks text layout, the ``txt`` mirror with five metadata
lines, PDF-converted Latin-1 text), a WikiLeaks HTML page, a ``cables.csv`` dump (pick a row
with ``refid=``), or any of these gzipped. :func:`read_cable` reads a file, :func:`parse_cable`
already-decoded text.

Offsets (``Paragraph.start``, ``Cable.excluded`` …) index into ``Cable.text``. The excluded
spans cover everything that is never a place mention: the routing header, classification
banners, caveats, office routing lines, E.O./TAGS/REF lines, page markers, in-text cable
references (``(TBILISI 1362)``), redactions, the signature. ``searchable_text()`` blanks them.
"""

from __future__ import annotations

import bisect
import json
import os
import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cached_property
from pathlib import Path

from ..errors import CableError
from . import carriers as C
from . import fields as F
from . import patterns as P
from . import spans as S

__all__ = ["Cable", "Paragraph", "decode_bytes", "parse_cable", "parse_csv_row", "read_cable"]

decode_bytes = C.decode_bytes

_BLANKS = ("\r", "\xa0", "\u2028", "\u2029", "\x0b", "\x0c")
_MAX_SENTENCE = 400
#: The longest cable read by default (UTF-8 bytes): well above the longest real cable (66 KB in a
#: 6,658-cable sample of Cablegate), small enough that any text this long is read in seconds.
MAX_CABLE_BYTES = 1_000_000
_REJECT_REACH = 20000
_SEARCH_REACH = 2000
# A paragraph number, portion mark or SUBJECT keyword opening a sentence.
_LEAD = re.compile(rf"^(?:(?:SUBJECT|Subject|SUBJ)\s*:\s*|\d{{1,2}}\.\s*|\((?:{P.PORTION})\)\s*){{1,3}}")


@dataclass(frozen=True)
class Paragraph:
    """A numbered paragraph, the subject, or other text of the cable body.

    Attributes
    ----------
    number : the paragraph number, None for the subject and the text before paragraph 1.
    portion : the portion mark as written (``C``, ``SBU``, ``S/NF``), None if absent.
    start, end : character offsets into ``Cable.text``.
    kind : ``"paragraph"``, ``"subject"`` or ``"header"`` (text before paragraph 1 or a
        repeated header copy).
    """

    number: int | None
    portion: str | None
    start: int
    end: int
    kind: str = "paragraph"

    @property
    def label(self) -> str:
        """``¶4 (C)``, ``¶12``, ``subject`` or ``header text``."""
        if self.kind == "subject":
            return "subject"
        if self.number is None:
            return "header text"
        return f"¶{self.number}" + (f" ({self.portion})" if self.portion else "")


@dataclass(frozen=True)
class Cable:
    """One cable: its text, header fields, paragraphs and the spans that are never place mentions."""

    text: str
    refid: str
    created: datetime | None
    origin: str | None
    post: str | None
    classification: str | None
    tags: tuple[str, ...]
    country_tags: tuple[str, ...]
    countries: tuple[str, ...]
    subject_tags: tuple[str, ...]
    subject: str | None
    references: tuple[str, ...]
    paragraphs: tuple[Paragraph, ...]
    body_start: int
    excluded: tuple[tuple[int, int], ...]
    _noise: tuple[tuple[int, int], ...] = field(default=(), repr=False, compare=False)
    _para_starts: tuple[int, ...] = field(init=False, repr=False, compare=False)
    _noise_starts: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_para_starts", tuple(p.start for p in self.paragraphs))
        object.__setattr__(self, "_noise_starts", tuple(s for s, _ in self._noise))

    def searchable_text(self) -> str:
        """The text with every excluded span replaced by spaces (newlines kept); same length."""
        parts = []
        pos = 0
        for s, e in self.excluded:
            parts.append(self.text[pos:s])
            parts.append("\n".join(" " * len(line) for line in self.text[s:e].split("\n")))
            pos = e
        parts.append(self.text[pos:])
        return "".join(parts)

    def paragraph_at(self, offset: int) -> Paragraph | None:
        """The paragraph holding character *offset*, or None (before the body, out of range)."""
        i = bisect.bisect_right(self._para_starts, offset) - 1
        if i >= 0 and self.paragraphs[i].start <= offset < self.paragraphs[i].end:
            return self.paragraphs[i]
        return None

    def sentence_at(self, start: int, end: int) -> str:
        """The sentence holding ``text[start:end]``, cleaned for display.

        Whitespace is collapsed, page markers, banners and ``¶`` are removed, and a sentence
        longer than about 400 characters is cut around the span with ``…``.
        """
        start = max(0, min(start, len(self.text)))
        end = max(start, min(end, len(self.text)))
        para = self.paragraph_at(start)
        lo, hi = (para.start, para.end) if para else (0, len(self.text))
        lo, hi = max(lo, start - _SEARCH_REACH), min(hi, end + _SEARCH_REACH)
        s, e = self._sentence_breaks.around(start, end, lo, hi)
        prefix = suffix = ""
        if e - s > _MAX_SENTENCE:
            room = max(0, (_MAX_SENTENCE - (end - start)) // 2)
            if start - room > s:
                s = self.text.rfind(" ", s, max(s + 1, start - room)) + 1 or start - room
                prefix = "… "
            if end + room < e:
                cut = self.text.find(" ", min(e, end + room), e)
                e = cut if cut > 0 else end + room
                suffix = " …"
        return prefix + _LEAD.sub("", self._clean(s, e)) + suffix

    @cached_property
    def _sentence_breaks(self) -> S.SentenceBreaks:
        """Where the text's sentences end, found once for every :meth:`sentence_at`."""
        return S.sentence_breaks(_work(self.text))

    def _clean(self, s: int, e: int) -> str:
        """``text[s:e]`` without page noise (markers, banners, ¶), whitespace collapsed."""
        parts = []
        pos = s
        i = max(0, bisect.bisect_right(self._noise_starts, s) - 1)
        for a, b in self._noise[i:]:
            if a >= e:
                break
            if b <= pos:
                continue
            parts.append(self.text[pos:max(pos, a)])
            pos = max(pos, b)
        parts.append(self.text[pos:e] if pos < e else "")
        return " ".join("".join(parts).split())


def _work(text: str) -> str:
    """Same-length view of *text* for matching: CR, NBSP and line separators read as spaces.

    A chain of ``str.replace`` calls: many times faster than ``str.translate`` with a table.
    """
    for ch in _BLANKS:
        if ch in text:
            text = text.replace(ch, " ")
    return text


def read_cable(path: str | os.PathLike, refid: str | None = None, *, max_bytes: int = MAX_CABLE_BYTES) -> Cable:
    """Read the cable in the file at *path* (text, WikiLeaks HTML, ``cables.csv``, gzip).

    Parameters
    ----------
    path : the cable file.
    refid : which cable of a multi-cable CSV file. For other files it names the cable when the
        file carries no reference id in metadata (the id from the banner may be malformed,
        e.g. ``08EFTOLONDON2883``); a file whose metadata names another cable is an error.
    max_bytes : the longest cable read (UTF-8 bytes of its text); a file carrying one cable may be
        8 times that (page markup), a ``cables.csv`` dump up to 1 GiB.

    Raises
    ------
    CableError
        One line naming the file: missing, empty, binary, undecodable, too long, not a cable, or a
        CSV file with several cables and no *refid*.

    Examples
    --------
    >>> import geo
    >>> cable = geo.read_cable(geo.SAMPLE_CABLE)
    >>> cable.refid, cable.origin, cable.classification, cable.tags
    ('08BAKU812', 'Embassy Baku', 'CONFIDENTIAL', ('AJ', 'ENRG', 'GG', 'PREL', 'RS'))
    """
    text, meta = C.load(path, refid, max_bytes)
    cable = _parse(text, str(path), meta)
    if refid is not None and cable.refid.upper() != refid.strip().upper():
        if meta.refid is not None:
            raise CableError(f"{path}: holds cable {cable.refid}, not {refid}")
        return replace(cable, refid=refid.strip())
    return cable


def parse_cable(text: str, name: str = "<text>", *, max_bytes: int = MAX_CABLE_BYTES) -> Cable:
    """Parse already-decoded cable *text*; *name* names it in error messages and as a last-resort id.

    A text longer than *max_bytes* (UTF-8) is a :class:`CableError`.

    >>> cable = parse_cable("UNCLAS TBILISI 000123\\n\\nSUBJECT: PORTS\\n\\n1. Tankers loaded at Poti.\\n", "09TBILISI123.txt")
    >>> cable.refid, cable.subject, cable.classification
    ('09TBILISI123', 'PORTS', 'UNCLASSIFIED')
    """
    if isinstance(text, str):
        C.check_size(text, name, max_bytes)
    return _parse(text, name, C.text_metadata(text))


def parse_csv_row(row: list[str], name: str = "<row>") -> Cable:
    """Parse one row of a ``cables.csv`` dump: its eight fields as ``csv.reader`` gives them.

    The row reads as :func:`read_cable` reads a one-row CSV file: the same text, metadata and
    checks (binary or undecodable text raises :class:`CableError` naming *name*).
    """
    if len(row) != len(C.CSV_COLUMNS):
        raise CableError(f"{name}: CSV row has {len(row)} fields, expected {len(C.CSV_COLUMNS)}")
    text, meta = C.csv_cable(row)
    return _parse(C.clean_text(text, name), name, meta)


def _stem(name: str) -> str:
    stem = Path(name).name
    for suffix in (".gz", ".txt", ".html", ".htm", ".csv"):
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
    return stem or name


def _reject(work: str, name: str, has_banner: bool, meta: C.Meta, tag_runs: list | None) -> None:
    """Raise CableError unless *work* reads as a cable (banner, or two of TAGS/SUBJECT/DTG/E.O./FM).

    *tag_runs* are the TAGS runs of the first 20,000 characters when already known.
    """
    lead = work.lstrip()[:3]
    if lead[:1] in ("{", "[") and _is_json(work):
        raise CableError(f"{name}: looks like JSON, not a cable")
    if lead.startswith(("# ", "```")):
        raise CableError(f"{name}: looks like a Markdown document, not a cable")
    score = 2 * has_banner
    score += bool(F.tag_spans(work, 0, _REJECT_REACH) if tag_runs is None else tag_runs)
    score += next(P.line_matches(P.SUBJECT_LINE, work, 0, _REJECT_REACH), None) is not None
    score += bool(P.DTG.search(work, 0, _REJECT_REACH))
    score += bool(P.EO.search(work, 0, _REJECT_REACH))
    score += next(P.line_matches(P.FM_LINE, work, 0, _REJECT_REACH), None) is not None
    if score < 2 and not (meta.refid and score >= 1):
        raise CableError(
            f"{name}: not a cable (no classification banner, and no two of TAGS, SUBJECT, "
            "date-time group, E.O. or FM lines)"
        )


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return text.lstrip().startswith("{")
    return True


def _parse(text: str, name: str, meta: C.Meta) -> Cable:
    _check_text(text, name)
    work = _work(text)
    banner_matches = list(P.BANNER.finditer(work))
    start, banner = F.body_start(work, banner_matches)
    n = len(work)
    tag_runs = _checked_tag_runs(work, name, bool(banner_matches), meta)
    created = meta.created or F.created_from_text(work, start)
    refid, origin, post = _refid_origin_post(work, name, meta, banner, created)
    tags = F.tags(_header_tag_runs(work, start, tag_runs), meta.tags)
    subjects = F.subject_spans(work, start, n)
    subject = _subject(work, start, subjects, meta)
    refs = F.ref_spans(work, start, n)
    excluded, noise = S.excluded_spans(
        work, start, banner["post"] if banner else None, banner_matches, subjects, refs,
        [r for r in tag_runs if r[0] >= start],
    )
    banners = tuple((m.start(), m.end()) for m in banner_matches if m.start() >= start)
    paragraphs = _paragraphs(work, start, banners, subjects)
    return Cable(
        text=text,
        refid=refid,
        created=created,
        origin=origin,
        post=post,
        classification=meta.classification or F.classification(work, start, banner),
        tags=tags.all,
        country_tags=tags.country,
        countries=tags.countries,
        subject_tags=tags.subject,
        subject=subject,
        references=F.references(work, refs),
        paragraphs=paragraphs,
        body_start=start,
        excluded=excluded,
        _noise=noise,
    )


def _check_text(text: str, name: str) -> None:
    """Raise CableError unless *text* is a string with something besides whitespace."""
    if not isinstance(text, str):
        raise CableError(f"{name}: cable text must be a string, not {type(text).__name__}")
    if not text.strip():
        raise CableError(f"{name}: empty cable text")


def _checked_tag_runs(work: str, name: str, has_banner: bool, meta: C.Meta) -> list[tuple[int, int, list[str]]]:
    """TAGS runs of the whole text, after :func:`_reject` has accepted it as a cable (sharing the runs it needs)."""
    # a check that scans a shorter stretch only scans again when that stretch ends before the text does
    n = len(work)
    tag_runs = F.tag_spans(work, 0, n) if n <= _REJECT_REACH else None
    _reject(work, name, has_banner, meta, tag_runs)
    if tag_runs is None:
        tag_runs = F.tag_spans(work, 0, n)
    return tag_runs


def _refid_origin_post(
    work: str, name: str, meta: C.Meta, banner: re.Match[str] | None, created: datetime | None
) -> tuple[str, str | None, str | None]:
    """Reference id, origin and post city: the metadata's first, then the header's, then the file name (refid)."""
    origin, post = F.origin_and_post(work, banner)
    refid = (
        meta.refid
        or F.refid_from_banner(banner, created.year if created else None)
        or _stem(name)
    )
    origin = meta.origin or origin
    post = post or F.post_from_origin(origin)
    return refid, origin, post


def _header_tag_runs(
    work: str, start: int, tag_runs: list[tuple[int, int, list[str]]]
) -> list[tuple[int, int, list[str]]]:
    """The TAGS runs that count for the cable: those before paragraph 1 or within 6,000 characters of the body start."""
    n = len(work)
    first_para = next(P.line_matches(P.PARA_LINE, work, start), None)
    top = first_para.start() if first_para else n
    stop = max(top, min(n, start + 6000))
    return tag_runs if stop >= n else F.tag_spans(work, 0, stop)


def _subject(work: str, start: int, subjects: list[tuple[int, int, int]], meta: C.Meta) -> str | None:
    """The subject from the body, else from the routing header, else the metadata's title."""
    return F.subject(work, subjects) or F.subject(work, F.subject_spans(work, 0, start)) or meta.title


def _paragraphs(
    work: str, start: int, banners: tuple[tuple[int, int], ...], subjects: list[tuple[int, int, int]]
) -> tuple[Paragraph, ...]:
    """Paragraphs covering ``work[start:]``: header text, subjects, numbered paragraphs, in order.

    A banner after a numbered paragraph starts header text again (a section break or a repeated
    header copy); a SUBJECT counts only in header text, not quoted inside a paragraph.
    """
    bounds = _paragraph_bounds(work, start, banners)
    bounds += _subject_bounds(bounds, subjects)
    bounds.sort(key=lambda b: b[0])
    return _paragraphs_between(bounds, len(work))


_Bound = tuple[int, str, int | None, str | None]  # (start, kind, number, portion)


def _paragraph_bounds(work: str, start: int, banners: tuple[tuple[int, int], ...]) -> list[_Bound]:
    """Where header text and numbered paragraphs start, in order (header text again at a banner after ¶1)."""
    marks = S.paragraph_marks(work, start, banners)
    heads = [(start, "header")]
    heads += [(b, "header") for b, _ in banners[1:] if marks and marks[0][0] < b]
    bounds: list[_Bound] = [(pos, kind, None, None) for pos, kind in heads]
    bounds += [(pos, "paragraph", num, portion) for pos, num, portion in marks]
    bounds.sort(key=lambda b: b[0])
    return bounds


def _subject_bounds(bounds: list[_Bound], subjects: list[tuple[int, int, int]]) -> list[_Bound]:
    """Start and end of each SUBJECT that lies in header text (sorted *bounds*), as header text resumes after it."""
    starts = [b[0] for b in bounds]
    out: list[_Bound] = []
    for key, _, text_end in subjects:
        i = bisect.bisect_right(starts, key) - 1
        if i >= 0 and bounds[i][1] == "header":
            out += [(key, "subject", None, None), (text_end, "header", None, None)]
    return out


def _paragraphs_between(bounds: list[_Bound], n: int) -> tuple[Paragraph, ...]:
    """One paragraph from each of the sorted *bounds* to the next (or *n*): empty ones dropped, header runs joined."""
    out: list[Paragraph] = []
    for i, (pos, kind, num, portion) in enumerate(bounds):
        end = bounds[i + 1][0] if i + 1 < len(bounds) else n
        if end <= pos:
            continue
        if kind == "header" and out and out[-1].kind == "header":
            out[-1] = Paragraph(None, None, out[-1].start, end, "header")
        else:
            out.append(Paragraph(num, portion, pos, end, kind))
    return tuple(out)
