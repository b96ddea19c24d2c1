"""The static map (PNG, PDF, SVG): size, banners, title, legend, scale, credits, literal text."""

from __future__ import annotations

import io
import shutil
import subprocess
import xml.etree.ElementTree as ET

import geopandas as gpd
import numpy as np
import pytest
import shapely
from maps_seed import PAYLOAD, Inputs, hostile_inputs
from PIL import Image

from maps import MapsError
from maps._extent import map_extent
from maps._projection import fit_frame
from maps.static_map import image_bytes, static_map

EMPTY = gpd.GeoDataFrame(geometry=[], crs="EPSG:4326")
CONFIDENTIAL_BLUE = (0x00, 0x33, 0xA0)
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def seed_figure(seed: Inputs) -> object:
    return static_map(**seed.kwargs())


@pytest.fixture(scope="module")
def seed_svg_text(seed_figure: object) -> list[str]:
    return _svg_texts(image_bytes(seed_figure, "svg"))


def _svg_texts(svg: bytes) -> list[str]:
    root = ET.fromstring(svg)
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def _pdftotext(pdf: bytes, tmp_path) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "map.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_png_has_the_asked_size_and_is_not_blank(seed_figure: object) -> None:
    for scale, size in ((1, (1600, 1000)), (2, (3200, 2000))):
        img = Image.open(io.BytesIO(image_bytes(seed_figure, "png", scale=scale))).convert("RGB")
        assert img.size == size
        pixels = np.asarray(img.resize((400, 250)))
        assert len(np.unique(pixels.reshape(-1, 3), axis=0)) > 200  # a map, not a flat colour
        assert pixels.std() > 20


def test_png_of_an_odd_size_is_exact(seed: Inputs) -> None:
    fig = static_map(**seed.kwargs(), width=1366, height=768)
    assert Image.open(io.BytesIO(image_bytes(fig, "png", scale=1.5))).size == (2049, 1152)


def test_png_carries_the_classification_banner_top_and_bottom(seed_figure: object) -> None:
    img = np.asarray(Image.open(io.BytesIO(image_bytes(seed_figure, "png"))).convert("RGB"))
    for row in (img[3], img[-3]):
        share = np.mean(np.all(row == CONFIDENTIAL_BLUE, axis=1))
        assert share > 0.8  # the band runs across the image
    assert not np.all(img[500] == CONFIDENTIAL_BLUE, axis=1).any()


def test_svg_has_title_legend_banners_scale_north_and_credits(seed_svg_text: list[str]) -> None:
    text = "\n".join(seed_svg_text)
    assert seed_svg_text.count("CONFIDENTIAL") == 2
    assert "08BAKU812 — FOREIGN MINISTER: RUSSIAN INVANSION SENDS MESSAGE" in " ".join(text.split())
    assert "Embassy Baku" in text
    assert "Legend" in seed_svg_text
    for label in ("Oil pipeline — mentioned", "Port — mentioned", "Zone", "Country outline", "Land (Natural Earth)"):
        assert label in seed_svg_text, label
    assert "N" in seed_svg_text  # north arrow
    assert any(t.endswith(" km") for t in seed_svg_text)  # scale bar
    assert "Natural Earth (public domain)" in text and "GeoNames (CC BY 4.0)" in text
    assert "Azimuthal equidistant projection" in text
    assert "Poti" in seed_svg_text and "Gori" in seed_svg_text  # place labels


def test_svg_legend_lists_only_symbols_in_use(seed: Inputs) -> None:
    texts = _svg_texts(image_bytes(static_map(title={}, places=EMPTY, assets=EMPTY, zones=seed.zones), "svg"))
    assert "Zone" in texts and "Oil pipeline" not in texts and "Place" not in texts
    assert "CLASSIFICATION UNKNOWN" in texts  # no marking is never shown as unclassified


def test_pdf_is_vector_with_extractable_text(seed_figure: object, tmp_path) -> None:
    pdf = image_bytes(seed_figure, "pdf")
    assert pdf.startswith(b"%PDF")
    text = _pdftotext(pdf, tmp_path)
    assert "08BAKU812" in text and text.count("CONFIDENTIAL") >= 2 and "Legend" in text
    info = subprocess.run(["pdfinfo", str(tmp_path / "map.pdf")], capture_output=True, text=True).stdout
    assert "1152 x 720 pts" in info  # 16 x 10 inches, the figure's size
    assert "Pages:           1" in info


def test_hostile_text_is_drawn_literally(seed: Inputs, tmp_path) -> None:
    fig = static_map(**hostile_inputs(seed))
    texts = _svg_texts(image_bytes(fig, "svg"))
    joined = "\n".join(texts)
    assert f"{PAYLOAD} — {PAYLOAD}" in " ".join(joined.split()) or PAYLOAD in joined
    assert any(PAYLOAD in t for t in texts)
    assert f"Poti {PAYLOAD}" in texts  # a place label
    assert PAYLOAD in " ".join(_pdftotext(image_bytes(fig, "pdf"), tmp_path).split())
    png = Image.open(io.BytesIO(image_bytes(fig, "png")))
    assert png.size == (1600, 1000)


def test_dollar_signs_are_not_math(seed: Inputs) -> None:
    places = seed.places.assign(name=seed.places["name"].where(seed.places["name"] != "Poti", "Poti $x^2$ and $y$"))
    texts = _svg_texts(image_bytes(static_map(**seed.kwargs() | {"places": places}), "svg"))
    assert "Poti $x^2$ and $y$" in texts


def test_frame_fits_local_places_and_zones(seed: Inputs) -> None:
    extent = map_extent(seed.places, seed.assets, seed.zones)
    frame = fit_frame(extent, 1.6)
    xmin, ymin, xmax, ymax = frame.bounds
    assert (xmax - xmin) / (ymax - ymin) == pytest.approx(1.6)
    local = seed.places[seed.places["kind"] != "country"]
    must_see = np.array([*local.geometry, *seed.zones.geometry], dtype=object)
    projected = frame.project(must_see)
    view = shapely.box(xmin, ymin, xmax, ymax)
    assert all(view.contains(g) for g in projected)
    assert frame.regional


def test_world_view_uses_equal_earth_without_scale_bar() -> None:
    texts = _svg_texts(image_bytes(static_map(title={}, places=EMPTY, assets=EMPTY, zones=EMPTY), "svg"))
    joined = "\n".join(texts)
    assert "Equal Earth projection" in joined
    assert not any(t.endswith(" km") for t in texts) and "N" not in texts


@pytest.mark.parametrize(("width", "height"), [(100, 1000), (1600, 50), (20000, 1000)])
def test_bad_size_raises_one_line(seed: Inputs, width: int, height: int) -> None:
    with pytest.raises(MapsError, match="image size") as caught:
        static_map(**seed.kwargs(), width=width, height=height)
    assert "\n" not in str(caught.value)


def test_bad_format_or_scale_raises(seed_figure: object) -> None:
    with pytest.raises(MapsError, match="unknown image format 'gif'"):
        image_bytes(seed_figure, "gif")
    with pytest.raises(MapsError, match="pixel scale"):
        image_bytes(seed_figure, "png", scale=50)
