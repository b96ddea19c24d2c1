"""Fixtures for tests/maps: the seed-like map of 08BAKU812 (inputs, offline HTML, file on disk)."""

from __future__ import annotations

from pathlib import Path

import pytest
from maps_seed import Inputs, seed_inputs

import maps


@pytest.fixture(scope="session")
def seed() -> Inputs:
    """The seed-like inputs (do not mutate; copy frames before changing them)."""
    return seed_inputs()


@pytest.fixture(scope="session")
def seed_html(seed: Inputs) -> str:
    """The seed-like map as offline HTML."""
    return maps.to_html(maps.cable_map(**seed.kwargs()))


@pytest.fixture(scope="session")
def seed_file(seed_html: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed-like map written to disk, as a browser would open it."""
    path = tmp_path_factory.mktemp("maps") / "08BAKU812.html"
    path.write_text(seed_html, encoding="utf-8")
    return path
