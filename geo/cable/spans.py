"""Where a cable cannot name a place (excluded spans), its paragraphs, and sentences."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass

from gazetteer.titles import titles

from . import fields as F
from . import patterns as P

Span = tuple[int, int]

# A cable has a few dozen banners at most (sections, repeated header copies); past this many,
# only the banners themselves are excluded, which keeps pathological input linear.
_MAX_BANNER_TAILS = 200

_TAGS_ANY = re.compile(r"[Tt](?<![A-Za-z][Tt])(?i:ags?)[ \t]*:?[ \t]+(?=[A-Za-z])")
_CAVEAT_TOKEN = re.compile(
    r"[ \t,;]*(?:(?i:sipdis|sipds|noforn|sensitive|exdis|nodis|limdis|stadis)"
    r"|NOT FOR INTERNET DISTRIBUTION|FOR OFFICIAL USE ONLY)(?![A-Za-z])"
)
_HEADING_STOP = re.compile(r"[ \t]*(?i:classified[ \t]+by|(?:begin[ \t]+)?summary\b|-{3,})")
_DIGIT_AFTER_SPACE = re.compile(r"\d(?<=[ \t\n]\d)")
_UNIT = re.compile(r"[ \t]{0,2}(%|[A-Za-z]+)")
_NAME_WORD = re.compile(r"[A-Za-z'-]+")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]{0,2}(?=[ \t\n])|\n[ \t]*\n")


#: Abbreviations whose dot ends no sentence: titles ("MR.", "GEN."), and the rest.
_ABBREVIATIONS = frozenset(t.upper() for t in titles("dotted")) | frozenset((
    "U.S", "US", "ST", "JR", "SR", "INC", "CO", "LTD", "NO", "VS", "DEPT", "EST", "APPROX", "FIG", "E.G", "I.E",
    "ETC", "AL",
))


def merge(spans: Iterable[Span]) -> tuple[Span, ...]:
    """Sorted, non-overlapping union of *spans* (empty spans dropped, touching spans joined)."""
    out: list[list[int]] = []
    for s, e in sorted(s for s in spans if s[1] > s[0]):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return tuple((s, e) for s, e in out)


def _lines_after(work: str, pos: int, limit: int) -> Iterable[Span]:
    """Up to *limit* lines starting at the line after *pos*."""
    _, e = F.line_bounds(work, pos)
    for _ in range(limit):
        if e >= len(work):
            return
        s, e = F.line_bounds(work, e + 1)
        yield s, e


_HEADER_END = re.compile(
    "|".join(rx.pattern for rx in (P.SUBJECT_INLINE, P.CLASSIFIED_BY, P.REF_INLINE, P.PARA_INLINE))
)


def _cut(work: str, pos: int, end: int) -> int:
    """Where the collapsed header part of a line ends: SUBJECT, Classified By, REF:, ¶1. (C)."""
    m = _HEADER_END.search(work, pos, min(end, pos + 1500))
    return m.start() if m else min(end, pos + 1500)


def _collapsed_tail(work: str, pos: int, cut: int) -> Span:
    """The caveats, office routing, E.O. and TAGS glued after a banner on the same line."""
    tags = _TAGS_ANY.search(work, pos, cut)
    if tags:
        _, end = F.tag_run(work, tags.end(), cut)
        return pos, end
    seg = work[pos:cut]
    if P.EO.search(seg) or (len(seg) <= 200 and not re.search(r"[a-z]{3,}[.!?][ \t]+[A-Z]", seg)):
        return pos, cut
    end = pos
    while m := _CAVEAT_TOKEN.match(work, end, cut):
        end = m.end()
    return pos, end


def _is_zone_stop(line: str) -> bool:
    return bool(
        len(line) > 200
        or P.EO.match(line.lstrip())
        or P.TAGS_LINE.match(line)
        or P.SUBJECT_LINE.match(line)
        or P.REF_LINE.match(line)
        or P.PARA_LINE.match(line)
        or _HEADING_STOP.match(line)
        or P.BANNER.search(line, 0, 40)
        or P.PAGE_MARKER.search(line)
    )


def _banner_spans(work: str, start: int, matches: list[re.Match[str]]) -> list[Span]:
    """Banners, the collapsed header text after them, and the caveat/office-routing lines below them."""
    out: list[Span] = []
    covered = start
    for i, m in enumerate(b for b in matches if b.start() >= start):
        out.append((m.start(), m.end()))
        if m.start() < covered or i >= _MAX_BANNER_TAILS:
            continue
        _, e = F.line_bounds(work, m.end())
        cut = _cut(work, m.end(), e)
        tail = _collapsed_tail(work, m.end(), cut)
        out.append(tail)
        covered = tail[1]
        if tail[1] < e and work[tail[1]:e].strip():
            continue
        lines = 0
        for ls, le in _lines_after(work, m.end(), 80):
            line = work[ls:le]
            if not line.strip():
                continue
            lines += 1
            if lines > 30 or _is_zone_stop(line) and not P.OFFICE_LINE.match(line):
                break
            out.append((ls, le))
            covered = le
    return out


def _eo_spans(work: str, start: int) -> list[Span]:
    """E.O. lines, or the E.O. part of a collapsed header line (up to its TAGS or SUBJECT)."""
    out = []
    for m in P.EO.finditer(work, start):
        s, e = F.line_bounds(work, m.start())
        if not work[s:m.start()].strip() and e - s <= 300:
            out.append((m.start(), e))
            continue
        stop = min(e, m.end() + 60)
        for rx in (_TAGS_ANY, P.SUBJECT_INLINE):
            k = rx.search(work, m.end(), stop)
            if k:
                stop = k.start()
        out.append((m.start(), stop))
    return out


def _page_markers(work: str, start: int, post: str | None) -> list[Span]:
    """Continuation lines ``TBILISI 00001336 002 OF 002`` anywhere, and ``PAGE 02 HARARE …`` headers."""
    out = [(m.start(), m.end()) for m in P.PAGE_HEADER.finditer(work, start)]
    for m in P.PAGE_MARKER.finditer(work, start):
        s = m.start()
        before = work[max(0, s - 40):s].rstrip()
        gap = s - (max(0, s - 40) + len(before))
        if post and before.upper().endswith(post.upper()):
            out.append((s - gap - len(post), m.end()))
            continue
        w = re.search(r"(?:[A-Z][A-Z'-]{1,20}[ \t]{1,3}){0,2}[A-Z][A-Z'-]{1,20}$|[A-Z][a-z'-]{1,20}$", before)
        out.append((s - gap - (len(w.group()) if w else 0), m.end()))
    return out


def _name_span(m: re.Match[str], end: int) -> tuple[int, bool] | None:
    """Start offset of a post name matched on the reversed text before offset *end*.

    Words from the first stop word on (read backwards: ``TBILISI`` of ``ARMY OF TBILISI``) are
    dropped; None if no word is left. Also says whether the two-digit year before the name
    belongs to the reference.
    """
    words = [(w.start(), w.end()) for w in _NAME_WORD.finditer(m["name"])]
    base = m.start("name")
    keep = 0
    for i, (ws, we) in enumerate(words):
        if m["name"][ws:we][::-1].upper() in P.STOP_WORDS:
            break
        keep = i + 1
    if keep == 0:
        return None
    with_year = keep == len(words) and m["year"] is not None
    far = m.end("year") if with_year else base + words[keep - 1][1]
    return end - far, with_year


def _cable_refs(work: str, start: int) -> list[Span]:
    """In-text cable references: a post name directly followed by a serial number.

    In capitals anywhere (``TBILISI 1337``, ``BAKU 000812``, ``08 BAKU 1119``) unless the number
    is a quantity or date (``BEIRUT 25 MILES``, ``TBILISI 24 AUGUST``) or a year (``TEHRAN
    1979``); in mixed case only where the context says so: ``(Tbilisi 1356)``, ``08 Baku 1119``,
    ``ref A, Baku 123``, a zero-padded serial. Names are matched backwards from each number, so
    the work per number is bounded.
    """
    out = []
    # AFTER_WORD needs a space, tab or newline right before the number: only numbers starting
    # there are tried (the same matches NUMBER.finditer gives there, found faster).
    for digit in _DIGIT_AFTER_SPACE.finditer(work, start + 1):
        num = P.NUMBER.match(work, digit.start())
        if num is None:
            continue
        ns, ne = num.span()
        if not P.AFTER_WORD.match(work[max(start, ns - 9):ns][::-1]):
            continue
        name_start = _ref_name_start(work, start, ns, ne, num.group())
        if name_start is not None:
            out.append((name_start, ne))
    return out


def _ref_name_start(work: str, start: int, ns: int, ne: int, serial: str) -> int | None:
    """Where the post name before the number ``work[ns:ne]`` starts when name and number are a cable reference."""
    unit = _UNIT.match(work, ne, ne + 16)
    if unit and (unit.group(1) == "%" or unit.group(1).upper() in P.UNITS):
        return None
    window = work[max(start, ns - 80):ns][::-1]
    caps = P.CAPS_NAME_REVERSED.match(window)
    if caps and len(serial) >= 2 and not (len(serial) == 4 and 1940 <= int(serial) <= 2039):
        found = _name_span(caps, ns)
        if found:
            return found[0]
    title = P.TITLE_NAME_REVERSED.match(window)
    found = _name_span(title, ns) if title else None
    if found and _mixed_case_ref(work, found[0], ne, serial, found[1]):
        return found[0]
    return None


def _mixed_case_ref(work: str, name_start: int, ne: int, serial: str, with_year: bool) -> bool:
    """Whether a mixed-case name and serial read as a reference: a year before it, a padded serial, ( ) or "ref"."""
    before = work[max(0, name_start - 30):name_start]
    return bool(
        with_year
        or (serial.startswith("0") and len(serial) >= 5)
        or re.search(r"\(\s*$", before)
        or re.match(r"[ \t]*(?:\((?i:notal)\))?[ \t]*[);]", work[ne:ne + 12])
        or re.search(r"(?i)\b(?:ref(?:tel)?s?|septel)\b[^.\n]{0,20}$", before)
    )


def _reftels(work: str, start: int) -> list[Span]:
    """``REFTEL``/``SEPTEL`` words; most cables have none, which a lower-cased search tells quickly."""
    low = work.lower()
    if "eftel" not in low and "eptel" not in low:
        return []
    return [(m.start(), m.end()) for m in P.REFTEL.finditer(work, start)]


def _dump_records(work: str, start: int) -> list[Span]:
    """Export records dumped into the text (``<<249839>>``, ``id: 2745 … header ends``)."""
    out = []
    pos = start
    while (m := next(P.line_matches(P.DUMP_START, work, pos), None)) is not None:
        pos = m.end()
        lines = [(s, e) for s, e in _lines_after(work, m.start(), 12) if work[s:e].strip()][:6]
        if not any(P.REFID_LINE.match(work[s:e]) for s, e in lines):
            continue
        end = None
        for s, e in _lines_after(work, m.start(), 80):
            pos = e
            line = work[s:e]
            if P.HEADER_ENDS.match(line):
                end = e
                break
            if P.BANNER.match(line.lstrip()) and s > m.end():
                end = s
                break
        if end is not None:
            out.append((m.start(), end))
    return out


def _routing_blocks(work: str, start: int) -> list[Span]:
    """Routing-header lines inside the body (dumped copies, another cable's header glued in).

    An ``FM`` line takes its ``TO``/``INFO`` addressee lines with it, up to a blank line or a banner.
    """
    out = [(m.start(), m.end()) for m in P.line_matches(P.ROUTING_LINE, work, start)]
    for m in P.line_matches(P.FM_LINE, work, start):
        end = m.end()
        for s, e in _lines_after(work, m.start(), 60):
            line = work[s:e]
            if not line.strip() or P.BANNER.search(line, 0, 40):
                break
            end = e
        out.append((m.start(), end))
    return out


def _signature(work: str) -> list[Span]:
    """The signature and closing markers on the last non-empty lines (``DERSE``, ``NNNN``)."""
    out: list[Span] = []
    pos = len(work)
    names = 0
    for _ in range(6):
        while pos > 0 and work[pos - 1] in " \t\n":
            pos -= 1
        if pos == 0:
            break
        s, e = F.line_bounds(work, pos - 1)
        line = work[s:e]
        if P.TRAILER_LINE.match(line):
            out.append((s, e))
        elif names < 2 and len(line.strip()) <= 30 and P.SIGNATURE_LINE.match(line):
            out.append((s, e))
            names += 1
        else:
            m = re.search(r"(?<=[.!?\"] )[A-Z][A-Z'-]{1,25}[ \t]*$", line)
            if not out and m and not line.isupper():
                out.append((s + m.start(), e))
            break
        pos = s
    return out


def excluded_spans(
    work: str,
    start: int,
    post: str | None,
    banner_matches: list[re.Match[str]],
    subjects: list[tuple[int, int, int]],
    refs: list[Span],
    tag_runs: list[tuple[int, int, list[str]]],
) -> tuple[tuple[Span, ...], tuple[Span, ...]]:
    """Spans that never name a place, and the subset that is page noise (markers, banners, ¶).

    *start* is the body start; *post* the banner's post name (for continuation lines);
    *banner_matches* every banner in the text; *subjects* and *refs* are
    ``subject_spans(work, start, len(work))`` and ``ref_spans(work, start, len(work))``,
    *tag_runs* ``tag_spans(work, start, len(work))``.
    """
    banner_out = _banner_spans(work, start, banner_matches)
    banners = [(m.start(), m.end()) for m in banner_matches if m.start() >= start]
    markers = _page_markers(work, start, post)
    pilcrows = [(m.start(), m.end()) for m in P.PILCROW.finditer(work, start)]
    sections = [(m.start(), m.end()) for m in P.SECTION_RE.finditer(work, start)]
    spans: list[Span] = [(0, start), *banner_out, *markers, *pilcrows, *sections]
    spans += _marking_spans(work, start)
    spans += _reftels(work, start)
    spans += _cable_refs(work, start)
    spans += _eo_spans(work, start)
    spans += [(s, e) for s, e, _ in tag_runs]
    spans += refs
    spans += _dump_records(work, start)
    spans += _routing_blocks(work, start)
    spans += _subject_and_office_spans(work, start, subjects)
    spans += _signature(work)
    return merge(spans), merge([*banners, *markers, *pilcrows, *sections])


def _marking_spans(work: str, start: int) -> list[Span]:
    """Classification, caveat and distribution lines, and redactions."""
    spans = [(m.start(), m.end()) for m in P.line_matches(P.CLASS_LINE, work, start)]
    for rx in (P.CAVEAT_LINE, P.DISTRIBUTION):
        spans += [(m.start(), m.end()) for m in P.line_matches(rx, work, start)]
    spans += [(m.start(), m.end()) for m in P.REDACTION.finditer(work, start)]
    return spans


def _subject_and_office_spans(work: str, start: int, subjects: list[tuple[int, int, int]]) -> list[Span]:
    """SUBJECT keywords, and office routing lines before paragraph 1 (within 3,000 characters) outside a subject."""
    head_end = min(len(work), start + 3000)
    first = next(P.line_matches(P.PARA_LINE, work, start, head_end), None)
    spans = [(k, s) for k, s, _ in subjects]
    spans += [
        (m.start(), m.end())
        for m in P.line_matches(P.OFFICE_LINE, work, start, first.start() if first else head_end)
        if not any(s < m.end() and m.start() < e for _, s, e in subjects)
    ]
    return spans


def _portion_ok(portion: str | None) -> bool:
    return portion is None or portion.upper().split("/")[0] in P.PORTION_HEADS


def paragraph_marks(work: str, start: int, banners: tuple[Span, ...]) -> list[tuple[int, int, str | None]]:
    """Numbered paragraph starts after *start*: (offset, number, portion mark as written).

    Numbers must climb by 1-3 (a time like ``¶0200.`` or a numbered list inside a paragraph is not
    a paragraph); a banner (a repeated header copy) lets the count start again at 1. When the
    cable uses portion marks, a number without one is not a paragraph.
    """
    return _climbing_marks(_paragraph_candidates(work, start), banners)


def _paragraph_candidates(work: str, start: int) -> dict[int, tuple[int, str | None]]:
    """Paragraph numbers with a valid portion mark (or none) after *start*: offset -> (number, portion)."""
    cands: dict[int, tuple[int, str | None]] = {}
    for m in P.line_matches(P.PARA_LINE, work, start):
        portion = m["portion"] or m["pre"]
        if _portion_ok(portion):
            cands[m.start() + len(m.group()) - len(m.group().lstrip())] = (int(m["num"]), portion)
    for m in P.inline_paragraphs(work, start):
        if _portion_ok(m["portion"]) and not any(p in cands for p in range(m.start() - 3, m.start() + 1)):
            cands[m.start()] = (int(m["num"]), m["portion"])
    return cands


def _climbing_marks(
    cands: dict[int, tuple[int, str | None]], banners: tuple[Span, ...]
) -> list[tuple[int, int, str | None]]:
    """The candidates whose numbers climb by 1-3 (again from 1 after a banner), portion-marked if the cable marks them."""
    marked = sum(1 for _, p in cands.values() if p) >= 2
    banner_starts = [s for s, _ in banners]
    out: list[tuple[int, int, str | None]] = []
    prev = 0
    for pos in sorted(cands):
        num, portion = cands[pos]
        if marked and not portion:
            continue
        after_banner = out and bisect.bisect(banner_starts, pos) > bisect.bisect(banner_starts, out[-1][0])
        if prev < num <= prev + 3 or (num == 1 and after_banner):
            out.append((pos, num, portion))
            prev = num
    return out


@dataclass(frozen=True)
class SentenceBreaks:
    """Every sentence boundary of a text, found once: where each starts and ends, and where the
    sentence before it stops (after ``.!?`` and closing quotes; before a blank line)."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]
    cuts: tuple[int, ...]

    def around(self, start: int, end: int, lo: int, hi: int) -> Span:
        """The sentence around ``[start, end)`` within ``[lo, hi)`` (a paragraph, or a reach around the span)."""
        i = bisect.bisect_right(self.ends, start) - 1
        s = self.ends[i] if i >= 0 and self.starts[i] >= lo else lo
        j = bisect.bisect_left(self.starts, end)
        e = self.cuts[j] if j < len(self.starts) and self.ends[j] <= hi else hi
        return s, e


def sentence_breaks(work: str) -> SentenceBreaks:
    """The :class:`SentenceBreaks` of *work*, in one pass (each lookup is then a bisection)."""
    found = [m for m in _SENTENCE_END.finditer(work) if _is_boundary(work, m)]
    return SentenceBreaks(
        starts=tuple(m.start() for m in found),
        ends=tuple(m.end() for m in found),
        cuts=tuple(m.end() if m.group()[0] in ".!?" else m.start() for m in found),
    )


def _is_boundary(work: str, m: re.Match[str]) -> bool:
    if m.group()[0] not in ".!?":
        return True
    nxt = re.match(r"[ \t\n]+(\S)", work[m.end():m.end() + 20])
    if not nxt or nxt.group(1).islower():
        return False
    word = re.search(r"([A-Za-z.]{1,8})$", work[max(0, m.start() - 8):m.start()])
    if word is None:
        return True
    w = word.group(1).strip(".").upper()
    return not (w in _ABBREVIATIONS or (len(w) == 1 and w.isalpha()))
