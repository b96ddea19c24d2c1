"""Names the gazetteer knows but cannot place: "the West", "Southern Corridor", "Shah Deniz".

Some names an analyst needs recognised have no point in any bundled source: a
political actor ("the West"), a family of routes ("Southern Corridor"), an oil or
gas field or a tunnel whose outline no open dataset here carries. They are listed
in ``data/unplaced_names.tsv`` (name, kind, genre, note) and reported as names
without coordinates, never with an invented point. ``genre`` ``cable`` limits a
name to cables, where "the West" and "Western" are places of the discourse;
in news they are mostly not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class UnplacedName:
    """A known name without a point."""

    start: int
    end: int
    name: str  #: as listed
    kind: str
    note: str


class UnplacedNames:
    """Finds the listed names in a text (as written, or in capitals; a line break may split them)."""

    def __init__(self, rows: list[dict[str, str]]):
        self._rows = {}
        for row in rows:
            for form in (row["name"], row["name"].upper()):
                self._rows[form] = row
        self._pattern = re.compile(
            r"(?<![\w-])("
            + "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in sorted(self._rows, key=len, reverse=True))
            + r")(?![\w-])"
        )

    def find(self, text: str, taken: list[tuple[int, int]], genre: str) -> list[UnplacedName]:
        """Listed names in *text* that overlap no span of *taken* (``genre``: ``cable`` or ``text``)."""
        out = []
        for m in self._pattern.finditer(text):
            row = self._rows[" ".join(m[1].split())]
            start, end = m.span(1)
            if row["genre"] == "cable" and genre != "cable":
                continue
            if any(s < end and start < e for s, e in taken) or not _stands_alone(row["name"], text, start, end):
                continue
            out.append(UnplacedName(start, end, row["name"], row["kind"], row["note"]))
        return out


def _stands_alone(name: str, text: str, start: int, end: int) -> bool:
    """A one-word name is not the first word of a longer name ("West Bank", "Western Union");
    "West" is the West only as "the West"."""
    if " " in name or "-" in name or name.isupper():
        return True
    if re.match(r"[ \t]+[A-Z]", text[end : end + 3]):
        return False
    return name != "West" or bool(re.search(r"\b[Tt]he[ \t\n]+$", text[max(0, start - 6) : start]))
