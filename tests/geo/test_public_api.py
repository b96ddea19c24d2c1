"""The public API a notebook uses: every exported name resolves, and importing geo stays light."""

from __future__ import annotations

import subprocess
import sys

import pytest

import geo
import geo.corpus


@pytest.mark.parametrize("package", [geo, geo.corpus])
def test_every_exported_name_resolves_and_is_listed(package) -> None:
    for name in package.__all__:
        assert getattr(package, name) is not None, name
    assert set(package.__all__) <= set(dir(package))


def test_version_is_the_installed_one() -> None:
    from importlib.metadata import version

    assert geo.__version__ == version("cablemap")


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = geo.nope


def test_importing_geo_loads_no_map_click_or_corpus_stack() -> None:
    code = "import sys, geo; geo.read_cable(geo.SAMPLE_CABLE); print(sorted(m for m in ('folium', 'click', 'dask', 'matplotlib', 'starlette') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
