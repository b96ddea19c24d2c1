"""Personal titles and ranks ("Senator", "Gen.", "LTG"): the one list, ``gazetteer/data/titles.tsv``.

Each title says where it counts (see the file's header): ``before_name`` (a place
name right after it is a person's, :mod:`gazetteer._mentions`), ``ordinary`` (an
ordinary word beside a place name, :mod:`gazetteer.build`) and ``dotted`` (its dot
ends no sentence: geo's cable sentence splitter). A light module: it loads no geopandas.
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources

#: Where a title may count (the values of the file's ``counts`` column).
USES = ("before_name", "ordinary", "dotted")


@cache
def titles(use: str) -> frozenset[str]:
    """The lower-case titles that count for *use* (one of :data:`USES`)."""
    if use not in USES:
        raise ValueError(f"no title use {use!r} (one of {USES})")
    text = (resources.files("gazetteer") / "data" / "titles.tsv").read_text(encoding="utf-8")
    rows = csv.DictReader((line for line in text.splitlines() if not line.startswith("#")), delimiter="\t")
    return frozenset(row["title"] for row in rows if use in row["counts"].split())
