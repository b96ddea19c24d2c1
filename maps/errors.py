"""Exceptions raised by :mod:`maps` (:mod:`geo.errors` puts them under ``CablemapError``)."""

from __future__ import annotations


class MapsError(Exception):
    """A map could not be built or written (bad input, broken output)."""


class OfflineAssetMissing(MapsError, FileNotFoundError):
    """An external script or stylesheet has no offline copy in the ``folium-offline`` manifest."""

    def __init__(self, url: str) -> None:
        self.url = url
        msg = f"no offline copy of {url} in the folium-offline manifest; the map would need the network"
        super().__init__(msg)
