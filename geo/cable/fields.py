"""The header fields of a cable: where the body starts, reference id, date, origin, TAGS, SUBJECT, REF."""

from __future__ import annotations

import functools
import re
import string
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from . import patterns as P

_DATA = Path(__file__).parents[1] / "data"  # geo/data
_TAG_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9]{0,39}(?:-[A-Za-z0-9]{1,4})?")
_TAG_STOP = frozenset({"SUBJECT", "SUBJ", "REF", "REFS", "CLASSIFIED", "SUMMARY", "E", "EO"})
_PILCROW = re.compile("¶")
_SUBJECT_REACH = 600
_NOT_POST = P.STOP_WORDS | {"REF", "REFS", "REFTEL", "NOTAL", "SEPTEL"}
_CABLE_DATED = re.compile(r"Cable dated:(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})")
_PARA_MARK = re.compile("¶[0-9]")
_NON_CITY_POSTS = frozenset({"STATE", "SECSTATE", "USNATO", "USOSCE", "USEU", "USUN", "UNVIE", "USTR"})
_LOWER_PARTICLES = frozenset({"de", "es", "da", "do", "du", "al", "el", "au", "of"})


@dataclass(frozen=True)
class Tags:
    """TAGS of a cable split by kind."""

    all: tuple[str, ...]
    country: tuple[str, ...]
    countries: tuple[str, ...]
    subject: tuple[str, ...]


@functools.cache
def fips_to_iso() -> dict[str, str]:
    """FIPS 10-4 country code (and the few non-FIPS tags cables use for countries) -> ISO alpha-2."""
    table: dict[str, str] = {}
    with open(_DATA / "fips_iso.tsv", encoding="utf-8") as f:
        next(f)
        for line in f:
            fips, iso2, *_ = line.rstrip("\n").split("\t")
            table[fips] = iso2
    return table


def line_bounds(work: str, pos: int, reach: int = 4000) -> tuple[int, int]:
    """Start and end (without the newline) of the line holding *pos*, looking at most *reach*
    characters each way (a longer line is a reflowed paragraph; cutting it keeps every rule linear).
    """
    start = work.rfind("\n", max(0, pos - reach), pos) + 1 or max(0, pos - reach)
    end = work.find("\n", pos, pos + reach)
    return start, min(len(work), pos + reach) if end < 0 else end


def body_start(work: str, banners: list[re.Match[str]]) -> tuple[int, re.Match[str] | None]:
    """Offset of the first classification banner after the routing header, and that banner.

    Without a routing header the first banner counts; without a banner the body starts after
    the header block's first blank line, or at 0. *banners* are all banner matches in order.
    """
    fm = next(P.line_matches(P.FM_LINE, work), None)
    after = fm.start() if fm else 0
    banner = next((b for b in banners if b.start() >= after), None)
    if banner:
        return banner.start(), banner
    if fm:
        blank = re.compile(r"\n[ \t]*\n").search(work, fm.end())
        return (blank.end() if blank else line_bounds(work, fm.end())[1]), None
    return 0, None


def dtg(work: str, start: int) -> re.Match[str] | None:
    """The date-time group of the routing header (the last one before the body), else the first."""
    last = None
    for m in P.DTG.finditer(work, 0, start):
        last = m
    return last or P.DTG.search(work, 0, min(len(work), start + 20000))


def _year(yy: str) -> int:
    n = int(yy)
    return 1900 + n if n >= 40 else 2000 + n


def created_from_text(work: str, start: int) -> datetime | None:
    """The date-time group of the header as a naive datetime (UTC), else a ``Cable dated:`` stamp."""
    m = dtg(work, start)
    if not m:
        stamp = _CABLE_DATED.search(work, 0, min(len(work), start + 2000))
        try:
            return datetime.fromisoformat(stamp.group(1)) if stamp else None
        except ValueError:
            return None
    try:
        return datetime(
            _year(m["yy"]), P.MONTHS.index(m["mon"]) + 1, int(m["day"]), int(m["hh"]), int(m["mm"])
        )
    except ValueError:
        return None


def refid_from_banner(banner: re.Match[str] | None, year: int | None) -> str | None:
    """``08BAKU812`` from the banner ``… BAKU 000812`` and the year of the DTG."""
    if not banner:
        return None
    post = re.sub(r"[^A-Za-z]", "", banner["post"]).upper()
    if post == "SECSTATE":
        post = "STATE"
    yy = banner["year"] or (f"{year % 100:02d}" if year is not None else None)
    if not post or yy is None:
        return None
    return f"{yy}{post}{int(banner['serial'])}"


def capwords(name: str) -> str:
    """``DAR ES SALAAM`` -> ``Dar Es Salaam`` (WikiLeaks' style)."""
    return string.capwords(name.strip())


def _city(name: str) -> str:
    words = capwords(name).split(" ")
    return " ".join(w.lower() if i and w.lower() in _LOWER_PARTICLES else w for i, w in enumerate(words))


_FM_PREFIXES = {
    "AMEMBASSY": "Embassy", "AMEMB": "Embassy", "AMCONSUL": "Consulate", "AMCONGEN": "Consulate",
    "USINT": "US Interests Section", "USEU": "USEU",
}


def origin_and_post(work: str, banner: re.Match[str] | None) -> tuple[str | None, str | None]:
    """Origin in WikiLeaks' wording and the posting city, from the FM line, else the banner."""
    fm = next(P.line_matches(P.FM_LINE, work), None)
    if fm:
        return _origin_from_fm(fm["fm"])
    if banner:
        return _origin_from_banner(banner["post"])
    return None, None


def _origin_from_fm(sender: str) -> tuple[str | None, str | None]:
    """Origin and city from the sender of the FM line (``AMEMBASSY BAKU``, ``USMISSION USUN NEW YORK``)."""
    words = sender.split()
    head, rest = words[0], " ".join(words[1:])
    if head == "SECSTATE":
        return "Secretary of State", None
    prefix = _FM_PREFIXES.get(head)
    if prefix is not None:
        return f"{prefix} {capwords(rest)}", _city(rest) or None
    if head == "USMISSION":
        return _mission(words, rest)
    return capwords(sender), None


def _mission(words: list[str], rest: str) -> tuple[str | None, str | None]:
    """Origin and city of a ``USMISSION`` sender: USUN and UNVIE by name, else the mission's city if it names one."""
    if words[1:2] == ["USUN"]:
        return "USUN New York", "New York"
    if words[1:2] == ["UNVIE"]:
        return "UNVIE", "Vienna"
    city = rest if len(words) > 1 and words[1].isalpha() and not words[1].startswith("US") else ""
    return f"Mission {rest if rest.startswith('US') else capwords(rest)}", _city(city) or None


def _origin_from_banner(banner_post: str) -> tuple[str | None, str | None]:
    """Origin and city from the banner's post name: a city post names its city, other posts nothing."""
    post = banner_post.upper()
    if post.startswith("USUN"):
        return "USUN New York", "New York"
    if post.split()[0] in _NON_CITY_POSTS:
        return None, None
    return None, _city(post)


def post_from_origin(origin: str | None) -> str | None:
    """``Embassy Baku`` -> ``Baku`` (the city of a metadata origin)."""
    if not origin:
        return None
    m = re.match(r"(?:Embassy|Consulate|US Interests Section|USEU|USUN)\s+(.+)", origin)
    return _city(m.group(1)) if m else None


def classification(work: str, start: int, banner: re.Match[str] | None) -> str | None:
    """Classification derived from the banner and the caveats near it (``SECRET//NOFORN``)."""
    if not banner:
        return None
    cls = re.sub(r"\s", "", banner["cls"]).upper()
    head = work[start:start + 1500]
    if cls.startswith("UNCLAS"):
        if re.search(r"(?i)(?<![A-Za-z])(?:sensitive|e ?f ?t ?o|for official use only)(?![A-Za-z])", head):
            return "UNCLASSIFIED//FOR OFFICIAL USE ONLY"
        return "UNCLASSIFIED"
    if cls == "LIMITEDOFFICIALUSE":
        return "LIMITED OFFICIAL USE"
    if re.search(r"(?i)(?<![A-Za-z])noforn(?![A-Za-z])", head):
        return f"{cls}//NOFORN"
    return cls


def tag_run(work: str, pos: int, line_end: int) -> tuple[list[str], int]:
    """Tag tokens from *pos* to the end of the line; returns the tokens and where they end.

    Tokens are all upper case or, in a sentence-case copy (``Tags: pgov, prl``), all lower
    case; a token of the other case, a keyword (SUBJECT, REF) or punctuation ends the run.
    """
    tokens: list[str] = []
    end = pos
    i = pos
    lower: bool | None = None
    while i < line_end:
        ch = work[i]
        if ch in " \t,;":
            i += 1
            continue
        if ch == "(":
            close = work.find(")", i, min(line_end, i + 60))
            if close < 0:
                break
            i = end = close + 1
            continue
        m = _TAG_TOKEN.match(work, i, line_end)
        if not m or m.end() < line_end and work[m.end()] not in " \t,;(":
            break
        raw = m.group()
        if lower is None:
            lower = raw.islower()
        if (not raw.islower() if lower else raw.upper() != raw) or raw.upper() in _TAG_STOP:
            break
        tokens.append(raw.upper())
        i = end = m.end()
    return tokens, end


def _continuation(work: str, line_end: int) -> list[tuple[int, int]]:
    """Lines after a TAGS line that hold only tag tokens (``GG, RU, AM``); at most two."""
    out = []
    pos = line_end + 1
    for _ in range(2):
        if pos >= len(work):
            break
        s, e = line_bounds(work, pos)
        line = work[s:e]
        if not line.strip() or len(line) > 60 or not re.fullmatch(r"[ \t]*(?:[A-Z]{2,5}(?:-\d)?[ \t,;]*)+", line):
            break
        if re.match(r"[ \t]*(?:SUBJ|REF|SUMMARY)", line):
            break
        out.append((s, e))
        pos = e + 1
    return out


def tag_spans(work: str, start: int, stop: int) -> list[tuple[int, int, list[str]]]:
    """Every TAGS run in ``work[start:stop]``: (span start, span end, tokens)."""
    found = []
    for m in P.line_matches(P.TAGS_LINE, work, start, stop):
        _, e = line_bounds(work, m.end())
        tokens, end = tag_run(work, m.end(), e)
        if not work[m.end():e].strip():
            end = e
        if end >= e - 1:
            for cs, ce in _continuation(work, e):
                more, end = tag_run(work, cs, ce)
                tokens += more
        if tokens:
            found.append((m.start(), end, tokens))
    for m in P.TAGS_INLINE.finditer(work, start, stop):
        s, e = line_bounds(work, m.start())
        if s == m.start() or work[s:m.start()].strip() == "":
            continue
        before = work[max(s, m.start() - 80):m.start()]
        if not m.group().startswith("TAGS") and not re.search(
            r"(?i)decl|e\.? ?o\.? ?1\d{4}|n/a|\d/\d{2,4}|ngds|\d\d\d\d", before
        ):
            continue
        tokens, end = tag_run(work, m.end(), e)
        if tokens:
            found.append((m.start(), end, tokens))
    found.sort()
    return found


def tags(runs: list[tuple[int, int, list[str]]], extra: tuple[str, ...] = ()) -> Tags:
    """TAGS of the cable from its TAGS *runs* (:func:`tag_spans`), de-duplicated in order, split by kind."""
    seen: dict[str, None] = dict.fromkeys(t.upper() for t in extra)
    for _, _, tokens in runs:
        seen.update(dict.fromkeys(tokens))
    table = fips_to_iso()
    all_tags = tuple(seen)
    country = tuple(t for t in all_tags if len(t) == 2 and t in table)
    countries = tuple(dict.fromkeys(table[t] for t in country))
    subject = tuple(t for t in all_tags if t not in country)
    return Tags(all_tags, country, countries, subject)


def _subject_stop(work: str, pos: int, end: int) -> tuple[int, bool]:
    """Where subject text on one line ends (before REF:, Classified By, a paragraph, ¶, a banner).

    Returns the offset and whether the subject ran to the end of the line.
    """
    cut = end
    for rx in (P.REF_INLINE, P.CLASSIFIED_BY, P.PARA_INLINE, _PILCROW, P.BANNER):
        m = rx.search(work, pos, cut)
        if m:
            cut = m.start()
    return cut, cut == end


def _is_stop_line(line: str) -> bool:
    return bool(
        not line.strip()
        or P.REF_LINE.match(line)
        or P.EO.match(line.lstrip())
        or P.TAGS_LINE.match(line)
        or P.SUBJECT_LINE.match(line)
        or P.PARA_LINE.match(line)
        or re.match(r"[ \t]*(?i:classified[ \t]+by|summary|begin summary)", line)
        or P.BANNER.search(line, 0, 40)
        or P.PAGE_MARKER.search(line)
    )


def _subject_keys(work: str, start: int, stop: int) -> list[re.Match[str]]:
    """SUBJECT keywords: at a line start, upper case anywhere, any case after a collapsed TAGS run."""
    keys = []
    for m in P.SUBJECT_INLINE.finditer(work, start, stop):
        s, _ = line_bounds(work, m.start())
        at_start = not work[s:m.start()].strip()
        if at_start or m.group().startswith("SUBJ") or re.search(
            r"(?i)tags?:", work[max(s, m.start() - 120):m.start()]
        ):
            keys.append(m)
    return keys


def subject_spans(work: str, start: int, stop: int) -> list[tuple[int, int, int]]:
    """Every SUBJECT in ``work[start:stop]``: (keyword start, text start, text end)."""
    out = []
    done = start
    for m in _subject_keys(work, start, stop):
        if m.start() < done:
            continue
        _, e = line_bounds(work, m.end(), _SUBJECT_REACH)
        text_start = m.end()
        text_end, whole = _subject_stop(work, text_start, e)
        pos = e + 1
        lines = 0
        while whole and lines < 4 and pos < len(work):
            ls, le = line_bounds(work, pos, _SUBJECT_REACH)
            line = work[ls:le]
            if _is_stop_line(line) or len(line) > 200:
                break
            text_end, whole = _subject_stop(work, ls, le)
            pos = le + 1
            lines += 1
        while text_end > text_start and work[text_end - 1] in " \t\n":
            text_end -= 1
        out.append((m.start(), text_start, text_end))
        done = text_end
    return out


def clean_subject(raw: str) -> str | None:
    """Whitespace collapsed, portion mark and trailing punctuation removed."""
    text = " ".join(raw.split())
    text = re.sub(rf"^\((?:{P.PORTION})\)\s*", "", text)
    return text.strip(" -:;,") or None


def subject(work: str, spans: list[tuple[int, int, int]]) -> str | None:
    """The first complete subject (a truncated ``…`` copy loses to a later full one)."""
    texts = [t for t in (clean_subject(work[s:e]) for _, s, e in spans) if t]
    for t in texts:
        if not t.endswith("..."):
            return t
    return max(texts, key=len) if texts else None


def ref_spans(work: str, start: int, stop: int) -> list[tuple[int, int]]:
    """REF blocks: the REF line, its continuation lines and lettered items; inline ``REF: …`` runs."""
    out = []
    for m in P.line_matches(P.REF_LINE, work, start, stop):
        _, e = line_bounds(work, m.start())
        end, whole = _inline_ref_end(work, m.end(), e)
        if whole:
            end = _ref_block_end(work, e, end)
        out.append((m.start() + len(m.group()) - len(m.group().lstrip()), end))
    out += _inline_refs(work, start, stop)
    return sorted(out)


def _ref_block_end(work: str, line_end: int, end: int) -> int:
    """Where a REF block ends that ran to the end of its first line (*end*): after its continuation lines and items."""
    pos = line_end + 1
    blank = 0
    whole = True
    while whole and pos < len(work) and blank <= 2:
        ls, le = line_bounds(work, pos)
        line = work[ls:le]
        if not line.strip():
            blank += 1
            pos = le + 1
            continue
        if not _continues_ref(line, blank):
            break
        end, whole = _inline_ref_end(work, ls, le)
        blank = 0
        pos = le + 1
    return end


def _continues_ref(line: str, blank: int) -> bool:
    """Whether a non-blank *line* (after *blank* blank lines) still belongs to the REF block above it."""
    if re.match(r"[ \t]*¶?\(?[A-Ha-h][.)][ \t]", line):  # a lettered item
        return True
    if blank:
        return False
    return not (
        _is_stop_line(line) or len(line) > 100
        or not (P.REF_ITEM.search(line) or re.search(r"(?i)notal|\d", line))
    )


def _inline_refs(work: str, start: int, stop: int) -> list[tuple[int, int]]:
    """Inline ``REF: …`` runs after other text on their line that go on with a reference item."""
    out = []
    pos = start
    while (inline := P.REF_INLINE.search(work, pos, stop)) is not None:
        s, e = line_bounds(work, inline.start())
        pos = inline.end()
        if work[s:inline.start()].strip() and P.REF_ITEM.search(work, inline.end(), min(e, inline.end() + 40)):
            end = _inline_ref_end(work, inline.end(), e)[0]
            out.append((inline.start(), end))
            pos = max(pos, end)
    return out


def _inline_ref_end(work: str, pos: int, line_end: int) -> tuple[int, bool]:
    """End of the reference items after ``REF:`` on one line (before Classified By, ¶1. (C) …).

    Returns the offset and whether the items ran to the end of the line.
    """
    limit = min(line_end, pos + 400)
    cut = limit
    for rx in (P.CLASSIFIED_BY, P.PARA_INLINE, P.SUBJECT_INLINE, _PARA_MARK, P.BANNER):
        m = rx.search(work, pos, cut)
        if m:
            cut = m.start()
    if cut == limit and limit < line_end:
        ends = [m.end() for m in P.REF_ITEM.finditer(work, pos, limit)]
        return (ends[-1] if ends else pos), False
    whole = cut == line_end
    while cut > pos and work[cut - 1] in " \t":
        cut -= 1
    return cut, whole


def references(work: str, spans: list[tuple[int, int]]) -> tuple[str, ...]:
    """Referenced cables as written (``TBILISI 1337``, ``08 baku 1119``), one per cable, in order."""
    seen: dict[str, None] = {}
    for s, e in spans:
        for m in P.REF_ITEM.finditer(work, s, e):
            words = m["post"].split()
            while words and words[0].upper() in _NOT_POST and words[1:2] != ["HAGUE"]:
                words.pop(0)
            if not words or len(m["serial"]) < 2 or any(w.upper() in _NOT_POST - {"THE"} for w in words):
                continue
            year = f"{m['year']} " if m["year"] and len(words) == len(m["post"].split()) else ""
            seen.setdefault(f"{year}{' '.join(words)} {m['serial']}", None)
    return tuple(seen)
