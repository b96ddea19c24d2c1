"""The cable reader's fast paths find exactly what the plain regex scans find (real cables, random text)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from geo.cable import patterns as P
from geo.cable import spans as S

DATA = Path(__file__).parents[1] / "data"
_LINE_PATTERNS = [
    "CLASS_LINE", "ROUTING_LINE", "FM_LINE", "REF_LINE", "DUMP_START", "PARA_LINE", "TAGS_LINE", "CAVEAT_LINE",
    "DISTRIBUTION", "OFFICE_LINE", "SUBJECT_LINE",
]
# Pieces that make the patterns fire, glued at random.
_PIECES = [
    "\n", " ", "\t", ".", "(", ")", "(C)", "(SBU)", "¶", "1", "12", "0001", "2008", " 4. (C) ", "FM AMEMBASSY BAKU\n",
    "TO SECSTATE WASHDC\n", "CONFIDENTIAL", "REF: A. TBILISI 1337", "TAGS: PREL GG", "<<249839>>", "RUEHC/SECSTATE",
    "TBILISI 001341", "Baku 123", "x", "Reftel", "SEPTEL", "ſection 1 of 2", "E.O. 12958",
    "PAGE 02 HARARE 05461 01 OF 02",
]


def _texts() -> list[str]:
    real = [p.read_text(encoding="utf-8", errors="replace") for p in sorted((DATA / "cables").glob("*.txt"))]
    rng = random.Random(5)
    noise = ["".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 300))) for _ in range(300)]
    return real + noise


@pytest.mark.parametrize("name", _LINE_PATTERNS)
def test_line_matches_are_finditer(name: str) -> None:
    rx = getattr(P, name)
    for text in _texts():
        for start, stop in ((0, None), (7, None), (3, len(text) // 2), (0, text.find("\n") + 1 or None)):
            want = [(m.span(), m.groups()) for m in rx.finditer(text, start, len(text) if stop is None else stop)]
            got = [(m.span(), m.groups()) for m in P.line_matches(rx, text, start, stop)]
            assert got == want, (name, start, stop, text[:200])


def test_inline_paragraphs_are_finditer() -> None:
    for text in _texts():
        for start in (0, 5):
            want = [(m.span(), m.groups()) for m in P.PARA_INLINE.finditer(text, start)]
            assert [(m.span(), m.groups()) for m in P.inline_paragraphs(text, start)] == want


def test_cable_references_match_a_plain_number_scan() -> None:
    """``_cable_refs`` tries only numbers after a space; that is every number the rule can take."""
    for text in _texts():
        numbers = [m for m in P.NUMBER.finditer(text, 1) if text[m.start() - 1] in " \t\n"]
        tried = [P.NUMBER.match(text, d.start()) for d in S._DIGIT_AFTER_SPACE.finditer(text, 1)]
        assert [m.span() for m in numbers] == [m.span() for m in tried if m]


def test_reftels_are_found_whatever_the_case() -> None:
    text = "see REFTEL A and Septel, reFtEls B; not septelsx or xreftel"
    assert [text[s:e] for s, e in S._reftels(text, 0)] == [m.group() for m in P.REFTEL.finditer(text)]
    assert len(S._reftels(text, 0)) == 3 and S._reftels("no such word", 0) == []
    assert S._reftels("ſeptel", 0) == [(0, 6)]  # the long s matches s case-insensitively
