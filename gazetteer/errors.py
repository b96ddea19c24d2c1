"""The gazetteer's one exception family (it imports nothing of the rest of cablemap; :mod:`geo.errors`
puts it under ``CablemapError``)."""

from __future__ import annotations


class GazetteerError(Exception):
    """A store, dump or online lookup that cannot be used; the message is one line."""
