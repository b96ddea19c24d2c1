"""Regular expressions for the parts of a cable.

Every repeat is bounded or runs over one character class, so each pattern works in
linear time even on a 10 MB line without a newline (no catastrophic backtracking).

For speed, patterns scanned over the whole text start with a literal or a character class,
never with a look-behind: ``(?<![A-Za-z])TAGS`` is written ``[Tt](?<![A-Za-z][Tt])…``, which
matches the same spans but lets the regex engine skip ahead to candidate characters.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator


def line_matches(rx: re.Pattern[str], work: str, start: int = 0, stop: int | None = None) -> Iterator[re.Match[str]]:
    """``rx.finditer(work, start, stop)`` for a pattern that matches only at a line start (``^``, MULTILINE).

    Only line starts are tried, which is several times faster than the regex engine trying
    every position; the matches are the same. The line starts are found in the engine too:
    a newline followed by the pattern (a literal it skips to), then the match is made again
    from the line start, so spans and groups are those of *rx*.
    """
    stop = len(work) if stop is None else min(stop, len(work))
    after = _after_newline(rx)
    m = rx.match(work, start, stop) if start < stop and (start == 0 or work[start - 1] == "\n") else None
    if m is not None:
        yield m
    nl = work.find("\n", start) if m is None else _newline_after(work, m)
    while 0 <= nl < stop - 1:  # nl: the newline before the next line start to try
        hit = after.search(work, nl, stop)
        if hit is None or hit.start() + 1 >= stop:
            return
        m = rx.match(work, hit.start() + 1, stop)
        if m is None:  # cannot happen (the same pattern at the same place); kept safe
            nl = work.find("\n", hit.start() + 1)
            continue
        yield m
        nl = _newline_after(work, m)


def _newline_after(work: str, m: re.Match[str]) -> int:
    """The newline that ends match *m*'s last line (-1: none)."""
    end = m.end()
    return end - 1 if work[end - 1] == "\n" else work.find("\n", end)


@functools.cache
def _after_newline(rx: re.Pattern[str]) -> re.Pattern[str]:
    """A newline then *rx*: where *rx* matches at a line start after the first."""
    return re.compile("\n(?:" + rx.pattern + ")", rx.flags)


MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
_MONTH_ALT = "|".join(MONTHS)


# Classification word of a banner: spaced or damaged in any case ("S e c r e t", "C ONFIDENTIAL"),
# or solid capitals.
def _loose(word: str) -> str:
    return rf"(?=(?i:{' ?'.join(word)}))(?!(?i:{word}))(?i:{' ?'.join(word)})"


_CLASS_LOOSE = "|".join(_loose(w) for w in ("UNCLASSIFIED", "UNCLAS", "CONFIDENTIAL", "SECRET"))
CLASS = (
    rf"(?:{_CLASS_LOOSE}"
    r"|(?<![A-Za-z])(?:CONFIDENTIAL|SECRET|UNCLASSIFIED|UNCLAS|LIMITED OFFICIAL USE)(?![A-Za-z]))"
)
_QUALIFIER = (
    r"(?:[ \t]{0,3}/{0,2}[ \t]{0,3}"
    r"(?:E ?F ?T ?O|NOFORN|SENSITIVE|FOR OFFICIAL USE ONLY|FOUO|SBU)(?![A-Za-z])){0,3}"
)
_SECTION_TAIL = r"[ \t]{1,5}\d{1,2}[ \t]{1,5}(?i:OF)[ \t]{1,5}\d{1,2}(?!\d)"
SECTION = r"(?i:SECTION)" + _SECTION_TAIL
_WORD = r"[A-Za-z][A-Za-z.'-]{0,24}"

BANNER = re.compile(
    rf"(?=[CSULcsu])(?P<cls>{CLASS}){_QUALIFIER}(?:[ \t]{{1,12}}|[ \t]{{0,12}}\n[ \t]{{0,12}}(?=(?i:section)))"
    rf"(?:{SECTION}[ \t]{{1,12}})?"
    rf"(?:(?P<year>\d{{2}})[ \t]{{1,5}})?"
    rf"(?P<post>{_WORD}(?:[ \t]{{1,3}}{_WORD}){{0,3}}?)[ \t]{{1,12}}(?P<serial>\d{{1,8}})(?!\d)"
)
"""A classification banner: ``C O N F I D E N T I A L SECTION 01 OF 02 TBILISI 001341``."""

CLASS_LINE = re.compile(
    rf"^[ \t]*(?:{CLASS}(?:[ \t]{{1,12}}[A-Z]{{3}}\d{{3,5}})?[ \t/]*)+$", re.MULTILINE
)
"""A line holding only a classification (``CONFIDENTIAL``, ``CONFIDENTIAL     PTQ2529``)."""

SECTION_RE = re.compile(r"[Ssſ](?<![A-Za-z][Ssſ])(?i:ECTION)" + _SECTION_TAIL)

DTG = re.compile(
    rf"(?P<day>\d(?<![\dA-Za-z]\d)\d)(?P<hh>\d{{2}})(?P<mm>\d{{2}})Z[ \t]{{1,5}}"
    rf"(?P<mon>{_MONTH_ALT})[ \t]{{1,5}}(?P<yy>\d{{2}})(?!\d)"
)
"""A date-time group: ``271351Z AUG 08``."""

FM_LINE = re.compile(
    r"^FM[ \t]{1,5}(?P<fm>[A-Z][A-Z0-9 .,/'()&-]{1,80}?)[ \t]*\n[ \t]*TO[ \t]", re.MULTILINE
)
"""The ``FM`` line of a routing header (followed by its ``TO`` line)."""

EO = re.compile(r"[Ee](?<![A-Za-z][Ee])(?i:\.? ?O\.?)[ \t]{0,3}:?[ \t]{0,3}1\d{4}(?!\d)")
"""An executive-order line start: ``E.O. 12958``, ``EO 12958``, ``E.o. 12958``."""

TAGS_LINE = re.compile(
    r"^[ \t]*(?:TAGS?|Tags?|tags?|TAGES|TAS|TGS)(?:[ \t]*:[ \t]*|[ \t]+)(?=[A-Za-z]|(?<=:)[ \t]*\n)",
    re.MULTILINE,
)
TAGS_INLINE = re.compile(r"[Tt](?<![A-Za-z][Tt])(?i:AGS?)[ \t]*:[ \t]*(?=[A-Za-z])")

SUBJECT_LINE = re.compile(r"^[ \t]*(?:SUBJECT|Subject|subject|SUBJ|Subj)[ \t]*:", re.MULTILINE)
SUBJECT_INLINE = re.compile(r"(?:S(?<![A-Za-z]S)(?:UBJECT|ubject|UBJ)|s(?<![A-Za-z]s)ubject)[ \t]*:")

REF_LINE = re.compile(
    r"^[ \t]*(?:REFS?|Refs?|REFERENCES?|References?|REFTELS?)(?:[ \t]*:|[ \t]+(?=[A-Z(]))",
    re.MULTILINE,
)
REF_INLINE = re.compile(r"R(?<=[ \t]R)(?:EFS?|efs?)[ \t]*:")

CLASSIFIED_BY = re.compile(r"(?i:classified[ \t]{1,3}by)")

PORTION = r"[A-Za-z]{1,6}(?:/{1,2}[A-Za-z]{1,5}){0,3}"
PORTION_HEADS = frozenset({"U", "C", "S", "TS", "SBU", "LOU", "UNCLAS", "FOUO"})

PARA_LINE = re.compile(
    rf"^[ \t]*(?:\((?P<pre>{PORTION})\)[ \t]{{0,3}})?¶?[ \t]?(?P<num>\d{{1,2}})[ \t]?\.(?!\d)"
    rf"(?:[ \t]{{0,4}}\((?P<portion>{PORTION})\))?(?=[ \t(A-Za-z\"'“]|$)",
    re.MULTILINE,
)
"""A paragraph number at a line start: ``¶1. (C)``, ``1.  PRESS``, ``(C) 1. The``."""

PARA_INLINE = re.compile(
    rf"(?<=[ \t])¶?(?P<num>\d{{1,2}})[ \t]?\.[ \t]{{0,3}}\((?P<portion>{PORTION})\)"
)
"""A paragraph number inside a reflowed line; needs a portion mark: ``… 4. (SBU) The``."""

_PARA_INLINE_DOT = re.compile(r"\.[ \t]{0,3}\(")


def inline_paragraphs(work: str, start: int = 0) -> Iterator[re.Match[str]]:
    """``PARA_INLINE.finditer(work, start)``, found faster.

    Every match has its ``.`` 1-4 characters after its start, followed by ``(``; those dots
    are found first (a literal the engine skips to), and only the four positions before each
    are tried, in order, never inside a match already found.
    """
    end = start
    for dot in _PARA_INLINE_DOT.finditer(work, start):
        for pos in range(max(end, dot.start() - 4), dot.start()):
            m = PARA_INLINE.match(work, pos)
            if m:
                yield m
                end = m.end()
                break

PAGE_MARKER = re.compile(
    r"(?P<serial>\d(?<![\w]\d)\d{4,7})[ \t]{1,6}\d{3}(?:\.\d{1,2})?[ \t]{1,6}(?i:of)[ \t]{1,6}\d{3}(?!\d)"
)
"""The number part of a continuation line: ``00001336 002 OF 002``, ``00000402 001.2 OF 003``."""

PAGE_HEADER = re.compile(
    r"PAGE(?<![\w]PAGE)[ \t]{1,6}\d{2,3}[ \t]{1,6}(?:[A-Z][A-Z'-]{1,20}[ \t]{1,6}){1,3}\d{4,6}"
    r"[ \t]{1,6}\d{2}[ \t]{1,6}OF[ \t]{1,6}\d{2}(?:[ \t]{1,6}\d{6}Z)?"
)
"""A received-copy page header: ``PAGE 02 HARARE 05461 01 OF 02 271458Z``."""

REDACTION = re.compile(r"[Xx][Xx]{3,}")
PILCROW = re.compile(r"¶")
REFTEL = re.compile(
    r"(?:[Rr](?<![A-Za-z][Rr])(?i:eftels?)|[Ssſ](?<![A-Za-z][Ssſ])(?i:eptels?))(?![A-Za-z])"
    r"(?:[ \t]{1,3}\(?[A-Ha-h]\)?(?![A-Za-z]))?"
)

_MONTH_NAMES = (
    "JANUARY", "FEBRUARY", "MARCH", "APRIL", "JUNE", "JULY", "AUGUST", "SEPTEMBER", "OCTOBER",
    "NOVEMBER", "DECEMBER", "SEPT", *MONTHS,
)
STOP_WORDS = frozenset((
    "IN", "AT", "ON", "OF", "TO", "FROM", "AND", "OR", "THE", "FOR", "BY", "WITH", "SINCE", "ABOUT",
    "OVER", "UNDER", "NEAR", "AFTER", "BEFORE", "UNTIL", "PAR", "PARA", "PARAS", "PARAGRAPH", "NO",
    "NOS", "NUMBER", "RESOLUTION", "ARTICLE", "SECTION", "PAGE", "ROOM", "FLIGHT", "ROUTE", "PHASE",
    "SITREP", "REPORT", "VISION", "USD", "EUR", "GBP", "RUB", "AZN", "GEL", "AMD", "US", "UN", "EU",
    "DECL", "TOTAL", "SOME", "ONLY", "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY",
    "SATURDAY", "SUNDAY", "SUMMER", "WINTER", "SPRING", "AUTUMN", "FALL", *_MONTH_NAMES,
))
"""Words that are never (part of) the post name of a cable reference."""

UNITS = frozenset((
    "MILE", "MILES", "KM", "KMS", "KILOMETER", "KILOMETERS", "KILOMETRE", "KILOMETRES", "METER",
    "METERS", "METRE", "METRES", "M", "FEET", "FT", "NM", "MW", "GW", "KV", "KW", "PERCENT", "PER",
    "PEOPLE", "PERSONS", "MEN", "WOMEN", "CHILDREN", "TROOPS", "SOLDIERS", "POLICE", "OFFICERS",
    "DEAD", "KILLED", "WOUNDED", "INJURED", "TANKS", "VEHICLES", "AIRCRAFT", "PLANES", "HELICOPTERS",
    "SHIPS", "TON", "TONS", "TONNE", "TONNES", "BARRELS", "BBL", "BCM", "CUBIC", "DOLLARS", "EURO",
    "EUROS", "USD", "HOUR", "HOURS", "HRS", "DAY", "DAYS", "WEEK", "WEEKS", "MONTH", "MONTHS", "YEAR",
    "YEARS", "MINUTE", "MINUTES", "TIMES", "LOCAL", "AM", "PM", "GMT", "UTC", "EDT", "EST", "MILLION",
    "BILLION", "THOUSAND", "HUNDRED", "MLN", "BLN", *_MONTH_NAMES,
))
"""Words after a number that make it a quantity or a date, not a cable serial."""

NUMBER = re.compile(r"(?<![\w.,/-])0{0,6}\d{1,6}(?!\d)(?![.,:/-]\d)")
"""A number that can be a cable serial (not part of a word, decimal, date or range)."""

AFTER_WORD = re.compile(r"(?:[ \t]{1,4}|[ \t]{0,3}\n[ \t]{0,3})[A-Za-z]")
"""Matched on the reversed text before a number: the number follows a word."""

CAPS_NAME_REVERSED = re.compile(
    r"(?:[ \t]{1,4}|[ \t]{0,3}\n[ \t]{0,3})(?P<name>[A-Z'-]{0,20}[A-Z](?:[ \t]{1,3}[A-Z'-]{0,20}[A-Z]){0,2})"
    r"(?:[ \t]{1,3}(?P<year>\d{2}))?(?![\w/-])"
)
"""Post name in capitals before a number, matched on the reversed text: ``TBILISI`` in ``TBILISI 1337``."""

TITLE_NAME_REVERSED = re.compile(
    r"[ \t]{1,4}(?P<name>[a-z'-]{1,20}[A-Z](?:[ \t]{1,3}[a-z'-]{1,20}[A-Z]){0,2})"
    r"(?:[ \t]{1,3}(?P<year>\d{2}))?(?![\w/-])"
)
"""Post name in mixed case before a number, on the reversed text: ``Tbilisi`` in ``(Tbilisi 1356)``."""

_SERIAL_END = r"(?![\d])(?![.,:/-]\d)"

REF_ITEM = re.compile(
    rf"(?<![\w/-])(?:(?P<year>\d{{2}})[ \t]{{1,3}})?"
    rf"(?P<post>(?:[A-Za-z][A-Za-z'-]{{1,20}}[ \t]{{1,3}}){{0,2}}[A-Za-z][A-Za-z'-]{{1,20}})"
    rf"[ \t]{{1,4}}(?P<serial>\d{{1,8}}){_SERIAL_END}"
)
"""One referenced cable inside a REF block: ``TBILISI 1337``, ``08 baku 1119``, ``Moscow 2522``."""

DUMP_START = re.compile(r"^[ \t]*(?:<<\d{1,9}>>|\d{5,7}|id:[ \t]*\d{1,9})[ \t]*$", re.MULTILINE)
REFID_LINE = re.compile(r"^[ \t]*(?:refid:[ \t]*)?\d{2,4}[A-Z]{2,30}\d{1,7}[ \t]*$")
HEADER_ENDS = re.compile(r"^-{3,}[ \t]*header ends[ \t]*-{3,}[ \t]*$", re.MULTILINE)

DISTRIBUTION = re.compile(
    r"^[ \t]*(?:(?:ACTION|INFO)[ \t]{1,8})?(?:[A-Z][A-Z/]{0,6}-\d\d[ \t]{1,8}){2,}.*$|"
    r"^[ \t]*ACTION[ \t]{1,8}[A-Z]{1,6}-\d\d[ \t]*$|"
    r"^[ \t]*-{6,}[0-9A-F]{4,8}[ \t]{1,6}\d{6}Z[ \t]{1,6}/\d{1,3}[ \t]*$",
    re.MULTILINE,
)
"""Distribution lists and page separators of received-copy printouts (``INFO  LOG-00 NP-00 …``)."""

CAVEAT_WORDS = (
    "SIPDIS", "SIPDS", "NOFORN", "SENSITIVE", "EXDIS", "NODIS", "LIMDIS", "STADIS", "ROGER",
    "NOT FOR INTERNET DISTRIBUTION", "FOR OFFICIAL USE ONLY", "SENSITIVE BUT UNCLASSIFIED",
    "CONFIDENTIAL", "SECRET", "UNCLASSIFIED", "UNCLAS", "E F T O", "EFTO", "PASS", "CORRECTED COPY",
)
CAVEAT_LINE = re.compile(
    r"^[ \t]*(?:(?i:" + "|".join(w.replace(" ", "[ \t]") for w in CAVEAT_WORDS) + r")[ \t,;./]*){1,6}$",
    re.MULTILINE,
)
"""A line of handling caveats only: ``SIPDIS``, ``NOFORN``, ``SENSITIVE``."""

TRAILER_LINE = re.compile(
    r"^[ \t]*(?:NNNN?|BT|(?i:end[ \t]cable[ \t]text)|=+[ \t]*CABLE[ \t]ENDS[ \t]*=+|>|\"|"
    r"GP-\d|EXEMPT|(?i:minimize[ \t]considered\.?)|"
    r"(?i:declassified/released[ \t]us[ \t]department[ \t]of[ \t]state(?:[ \t]eo)?.{0,60})|"
    r"(?i:(?:eo[ \t])?systematic[ \t]review.{0,30})|"
    rf"{CLASS}[ \t]*|\d{{4}}[A-Z]{{2,20}}\d{{2,8}}[ \t]-[ \t]Classification:.{{0,40}})[ \t]*$"
)
SIGNATURE_LINE = re.compile(
    r"^[ \t]*(?:[A-Z][A-Z'.-]{1,25}|[A-Z][a-z'-]{1,25}|van|de|von)"
    r"(?:[ \t/]{1,3}(?:[A-Z][A-Z'.-]{0,25}|[A-Z][a-z'-]{1,25}|van|de|von)){0,2}[ \t]*$"
)

ROUTING_LINE = re.compile(
    r"^[ \t]*(?:VZCZC[A-Z0-9]{0,12}|(?:PP|OO|RR|ZZ|OP|PO)(?:[ \t]{1,3}R[A-Z]{3,6}){1,20}"
    r"|DE[ \t]{1,3}R[A-Z]{3,6}[ \t]{1,3}#\d{1,5}[^\n]{0,30}|ZN[YR][ \t]{1,3}[A-Z]{5}[ \t]{1,3}ZZH"
    rf"|[PORZ](?:[ \t][PORZ])?[ \t]{{1,3}}\d{{6}}Z[ \t]{{1,3}}(?:{_MONTH_ALT})[ \t]{{1,3}}\d{{2}}[^\n]{{0,12}}"
    r"|R[A-Z]{3,6}(?:[ \t]{1,3}R[A-Z]{3,6}){0,20}|R[A-Z]{3,6}/[A-Z][^\n]{0,100}"
    r"|(?:AMEMBASSY|AMCONSUL|AMCONGEN|USMISSION|USINT|USDEL|SECSTATE|SECDEF)[ \t][A-Z0-9 ./'()-]{2,80})[ \t]*$",
    re.MULTILINE,
)
"""A line of a routing header (transmission id, relay, DE, security, DTG, addressee lines)."""

OFFICE_LINE = re.compile(
    r"^[ \t]*(?:(?:PLEASE[ \t]+)?(?:ALSO[ \t]+)?PASS[ \t]+(?:TO[ \t]+)?[A-Z]"
    r"|(?i:dept|department|state|secstate)(?:[ \t]+(?i:also))?[ \t]+(?i:for|pass)\b"
    r"|[A-Z][A-Z/&-]{1,20}(?:[ \t]+[A-Z][A-Z/&-]{1,20}){0,3}[ \t]+(?:ALSO[ \t]+|PLEASE[ \t]+|PLS[ \t]+)?"
    r"(?:FOR|PASS)[ \t:]+[A-Z0-9])"
    r"[^\n]{0,1500}$",
    re.MULTILINE,
)
"""An office routing line of the header part: ``DEPT FOR EUR/CARC``, ``LONDON FOR CHARLES GURNEY``."""
