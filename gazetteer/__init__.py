"""Names to places: the bundled gazetteer, its name index, finding and resolving mentions.

>>> from gazetteer import Gazetteer, Context
>>> gaz = Gazetteer.bundled()
>>> [r.name for r in gaz.find("Shelling near Gori and Tskhinvali.", Context(countries=("GE",)))]
['Gori', 'Tskhinvali']

The public names below are imported on first use, so that a light submodule
(:mod:`gazetteer.titles`, :mod:`gazetteer.atomic`, :mod:`gazetteer.errors`) costs no geopandas.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from .errors import GazetteerError

_HOME = {
    "CONVENTIONS": "_conventions", "Gazetteer": "_gazetteer", "Spanned": "_gazetteer", "cache_dir": "_image",
    "name_key": "_normalize", "Candidate": "_resolve", "Context": "_resolve", "Resolution": "_resolve",
    "attribution": "_store",
}

__all__ = [
    "CONVENTIONS", "Candidate", "Context", "Gazetteer", "GazetteerError", "Resolution", "Spanned", "attribution",
    "cache_dir", "name_key",
]

if TYPE_CHECKING:
    from ._conventions import CONVENTIONS
    from ._gazetteer import Gazetteer, Spanned
    from ._image import cache_dir
    from ._normalize import name_key
    from ._resolve import Candidate, Context, Resolution
    from ._store import attribution


def __getattr__(name: str) -> object:
    if name not in _HOME:
        raise AttributeError(f"module 'gazetteer' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_HOME[name]}", __name__), name)
    globals()[name] = value  # looked up once
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOME})
