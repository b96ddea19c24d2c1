"""Names to places: the bundled gazetteer, its name index, finding and resolving mentions.

>>> from gazetteer import Gazetteer, Context
>>> gaz = Gazetteer.bundled()
>>> [r.name for r in gaz.find("Shelling near Gori and Tskhinvali.", Context(countries=("GE",)))]
['Gori', 'Tskhinvali']
"""

from __future__ import annotations

from ._conventions import CONVENTIONS as CONVENTIONS
from ._gazetteer import Gazetteer as Gazetteer
from ._gazetteer import Spanned as Spanned
from ._image import cache_dir as cache_dir
from ._normalize import name_key as name_key
from ._resolve import Candidate as Candidate
from ._resolve import Context as Context
from ._resolve import Resolution as Resolution
from ._store import attribution as attribution
from .errors import GazetteerError as GazetteerError

__all__ = [
    "CONVENTIONS", "Candidate", "Context", "Gazetteer", "GazetteerError", "Resolution", "Spanned", "attribution",
    "cache_dir", "name_key",
]
