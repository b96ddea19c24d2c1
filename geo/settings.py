"""Every setting cablemap reads from its environment, in one typed place.

Nothing else in cablemap reads a ``CABLEMAP_*`` variable or works out a per-user folder:
:mod:`gazetteer` and :mod:`maps` are handed the paths they need. Per-user folders follow
the platform's conventions (``$XDG_CACHE_HOME``, ``$XDG_CONFIG_HOME`` and ``$XDG_DATA_HOME``
on Linux) through :mod:`platformdirs`.

=========================  ======================================================================
variable                   setting
=========================  ======================================================================
``CABLEMAP_CACHE``         :attr:`Settings.cache`: where the store image and map assets are cached
``CABLEMAP_STORE``         :attr:`Settings.store`: a store built by ``cablemap gazetteer build``
``CABLEMAP_OVERRIDES``     :attr:`Settings.overrides`: the analyst's fixes (JSON Lines)
``CABLEMAP_CHROMIUM``      :attr:`Settings.chromium`: the browser that prints PDF briefings
``CABLEMAP_USER_AGENT``    :attr:`Settings.user_agent`: sent to Nominatim by ``--geocoder``
``CABLEMAP_NOMINATIM_URL`` :attr:`Settings.nominatim_url`: the Nominatim server for ``--geocoder``
``CABLEMAP_DEBUG``         :attr:`Settings.debug`: an unexpected error shows its traceback
=========================  ======================================================================

>>> s = Settings.from_env({"CABLEMAP_CACHE": "/tmp/c", "CABLEMAP_DEBUG": "1"})
>>> s.cache, s.store, s.debug
(PosixPath('/tmp/c'), None, True)
>>> s.with_store("/tmp/store").store
PosixPath('/tmp/store')
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

if TYPE_CHECKING:
    from gazetteer import Gazetteer

APP = "cablemap"
#: The public Nominatim server (its usage policy: one request a second, a user agent naming you).
PUBLIC_NOMINATIM = "https://nominatim.openstreetmap.org"


def _path(value: str | None) -> Path | None:
    value = (value or "").strip()
    return Path(value).expanduser() if value else None


@dataclass(frozen=True)
class Settings:
    """What the environment asks of cablemap; build one with :meth:`from_env`."""

    cache: Path  #: folder for the gazetteer's store image, the geocoder's answers and the maps' library assets
    store: Path | None  #: a user's gazetteer store folder; ``None`` is the bundled store
    overrides: Path  #: the analyst's fixes file
    store_home: Path  #: where ``cablemap gazetteer build`` writes a store unless told
    chromium: str | None  #: the Chromium executable for PDFs; ``None`` looks in the usual places
    user_agent: str | None  #: the user agent for Nominatim; ``None`` uses cablemap's own
    nominatim_url: str  #: the Nominatim server for ``--geocoder``
    debug: bool  #: re-raise unexpected errors instead of printing one line

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """The settings *environ* (by default ``os.environ``) asks for, defaults elsewhere."""
        env = os.environ if environ is None else environ
        data = platformdirs.user_data_path(APP)
        return cls(
            cache=_path(env.get("CABLEMAP_CACHE")) or platformdirs.user_cache_path(APP),
            store=_path(env.get("CABLEMAP_STORE")),
            overrides=_path(env.get("CABLEMAP_OVERRIDES")) or platformdirs.user_config_path(APP) / "overrides.jsonl",
            store_home=_path(env.get("CABLEMAP_STORE")) or data / "store",
            chromium=env.get("CABLEMAP_CHROMIUM", "").strip() or None,
            user_agent=env.get("CABLEMAP_USER_AGENT", "").strip() or None,
            nominatim_url=env.get("CABLEMAP_NOMINATIM_URL", "").strip() or PUBLIC_NOMINATIM,
            debug=bool(env.get("CABLEMAP_DEBUG", "").strip()),
        )

    def with_store(self, store: str | os.PathLike | None) -> Settings:
        """These settings with *store* as the gazetteer store (``None`` keeps the current one)."""
        return self if store is None else replace(self, store=Path(store).expanduser())

    def gazetteer(self) -> Gazetteer:
        """The gazetteer of :attr:`store`, its image cached under :attr:`cache` (once per process)."""
        from gazetteer import Gazetteer

        return Gazetteer.from_store(self.store, cache=self.cache)
