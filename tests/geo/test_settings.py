"""The one settings module: every CABLEMAP_* variable, platform folders, and no global state."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.settings import PUBLIC_NOMINATIM, Settings


def test_every_variable_is_read() -> None:
    env = {
        "CABLEMAP_CACHE": "/c", "CABLEMAP_STORE": "/s", "CABLEMAP_OVERRIDES": "/o.jsonl",
        "CABLEMAP_CHROMIUM": "/usr/bin/chromium", "CABLEMAP_USER_AGENT": "desk/1 (me@example.org)",
        "CABLEMAP_NOMINATIM_URL": "http://127.0.0.1:8080", "CABLEMAP_DEBUG": "1",
    }
    s = Settings.from_env(env)
    assert (s.cache, s.store, s.overrides, s.store_home) == (Path("/c"), Path("/s"), Path("/o.jsonl"), Path("/s"))
    assert (s.chromium, s.user_agent, s.nominatim_url, s.debug) == (
        "/usr/bin/chromium", "desk/1 (me@example.org)", "http://127.0.0.1:8080", True)


def test_defaults_follow_the_platform_folders(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name, sub in (("XDG_CACHE_HOME", "cache"), ("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data")):
        monkeypatch.setenv(name, str(tmp_path / sub))
    s = Settings.from_env({})
    assert s.cache == tmp_path / "cache" / "cablemap"
    assert s.overrides == tmp_path / "config" / "cablemap" / "overrides.jsonl"
    assert s.store_home == tmp_path / "data" / "cablemap" / "store"
    assert (s.store, s.chromium, s.user_agent, s.nominatim_url, s.debug) == (None, None, None, PUBLIC_NOMINATIM, False)


def test_blank_values_count_as_unset() -> None:
    s = Settings.from_env({"CABLEMAP_STORE": "  ", "CABLEMAP_DEBUG": "", "CABLEMAP_USER_AGENT": " "})
    assert (s.store, s.debug, s.user_agent) == (None, False, None)


def test_with_store_is_a_new_value() -> None:
    s = Settings.from_env({"CABLEMAP_CACHE": "/c"})
    assert s.with_store(None) is s
    assert s.with_store("/elsewhere").store == Path("/elsewhere") and s.store is None


def test_one_error_root_catches_every_package() -> None:
    from gazetteer import GazetteerError
    from gazetteer.build import BuildError
    from gazetteer.online import OnlineGeocoderError
    from geo.errors import CablemapError
    from maps import MapsError, OfflineAssetMissing

    for error in (GazetteerError, BuildError, OnlineGeocoderError, MapsError, OfflineAssetMissing):
        with pytest.raises(CablemapError):
            raise error("x") if error is not OfflineAssetMissing else error("https://example.org/x.js")
