"""The root of every error cablemap reports to the user (one-line messages), and geo's own.

:mod:`gazetteer` and :mod:`maps` import nothing of cablemap's, so each has its own family
(:class:`gazetteer.GazetteerError`, :class:`maps.MapsError`); this module makes both derive
from :class:`CablemapError` as soon as :mod:`geo` is used, so one ``except CablemapError``
catches every error cablemap means to report:

>>> from gazetteer import GazetteerError
>>> from maps import MapsError
>>> issubclass(GazetteerError, CablemapError) and issubclass(MapsError, CablemapError)
True
"""

from __future__ import annotations

import gazetteer.errors
import maps.errors


class CablemapError(Exception):
    """Base of every error cablemap reports to the user."""

    __slots__ = ()  # the layout of Exception, so that the package roots below can take it as their base


for _root in (gazetteer.errors.GazetteerError, maps.errors.MapsError):
    if _root.__bases__ == (Exception,):
        _root.__bases__ = (CablemapError,)


class ZoneError(CablemapError, ValueError):
    """A zone specification that cannot be parsed, resolved or built."""


class CableError(CablemapError, ValueError):
    """A cable that cannot be read or parsed."""


class MissingExtra(CablemapError, ImportError):
    """An optional part of cablemap that is not installed (the message names the extra)."""


class OutputError(CablemapError, OSError):
    """An output path that cannot be written (a directory, a missing folder)."""
