"""The ``cables.csv`` dump: its eight columns and the one reader of its rows.

WikiLeaks' dump writes one cable a record, backslash-escaped; a body can run to megabytes.
Both a one-cable read (:mod:`geo.cable.carriers`) and a corpus stream
(:mod:`geo.corpus.reader`) take their rows from :func:`csv_rows`.

>>> for number, row, problem in csv_rows(['1,"1/1/2008 10:00",08BAKU812,a,b,c,d,e\\n', '\\n', 'x,y\\n']):
...     print(number, row[:3], problem)
1 ['1', '1/1/2008 10:00', '08BAKU812'] None
3 ['x', 'y'] has 2 fields, expected 8
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

CSV_COLUMNS = ("id", "created", "refid", "origin", "classification", "references", "header", "body")
#: The longest field read (a cable's body); Python's default, 128 KiB, is less than some cables.
FIELD_LIMIT = 256 * 1024 * 1024


def csv_rows(lines: Iterable[str]) -> Iterator[tuple[int, list[str], str | None]]:
    """Each non-blank record of *lines*: its number (from 1), its fields, and what is wrong with it.

    What is wrong is ``None``, ``has N fields, expected 8``, or, for a record that cannot
    be parsed (no fields), the :mod:`csv` module's message; reading goes on after it.
    """
    csv.field_size_limit(max(csv.field_size_limit(), FIELD_LIMIT))
    reader = csv.reader(lines, escapechar="\\")
    number = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            number += 1
            yield number, [], str(e)
            continue
        number += 1
        if not row:
            continue
        problem = None if len(row) == len(CSV_COLUMNS) else f"has {len(row)} fields, expected {len(CSV_COLUMNS)}"
        yield number, row, problem
