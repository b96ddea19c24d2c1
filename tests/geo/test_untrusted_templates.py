"""Cables are untrusted: template syntax in a cable, a zone file or an overrides note is shown, never run.

Every payload is put where a hostile cable (or file) can put it: the SUBJECT, a paragraph, a
place-like name, a zone's name and an analyst's note. Each output must carry it literally.
"""

from __future__ import annotations

import html
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from geo.cable.reader import read_cable
from geo.overrides_file import Override, context_hash, save_entry
from maps._escape import escape

SEED = Path(__file__).parents[1] / "data" / "cables" / "08BAKU812.txt"

#: Jinja2 expressions, statements and comments; JS/Ruby/EL interpolations. Each would leave a trace if run.
CALC = "{{ 'EVAL' ~ 'UATED' }}"  # EVALUATED if evaluated
STATEMENT = "{% if 1 %}RAN-IF{% endif %}"
COMMENT = "{# hidden #}"
JS = "${'EVAL' + 'JS'}"  # EVALJS if evaluated
RUBY = "#{'EVAL' + 'RB'}"  # EVALRB if evaluated
PYTHON = "{{ cycler.__init__.__globals__.os.getpid() }}"
PAYLOADS = (CALC, STATEMENT, COMMENT, JS, RUBY, PYTHON)
EVALUATED = ("EVALUATED", "EVALJS", "EVALRB")


def hostile_cable(path: Path) -> Path:
    text = SEED.read_text(encoding="utf-8")
    text = text.replace("SUBJECT: FOREIGN MINISTER:", f"SUBJECT: FOREIGN MINISTER {CALC} {STATEMENT} {COMMENT}:")
    text = text.replace(
        "The Foreign Minister told the Ambassador",
        f"The Foreign Minister {JS} {RUBY} {PYTHON} told the Ambassador in Poti",
    )
    text = text.replace("Kulevi oil terminal.", f"Kulevi oil terminal. Troops stood near Dzveri{CALC}.")
    path.write_text(text, encoding="utf-8")
    return path


def hostile_zone(path: Path) -> Path:
    feature = {
        "type": "Feature",
        "properties": {"name": f"Zone {CALC} {STATEMENT} <b>bold</b>"},
        "geometry": {"type": "Polygon", "coordinates": [[[41, 42], [42, 42], [42, 43], [41, 43], [41, 42]]]},
    }
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}), encoding="utf-8")
    return path


def hostile_note(path: Path, cable_path: Path) -> Path:
    """A hand-placed point for "Southern Corridor" whose source note is a payload."""
    cable = read_cable(cable_path)
    s = cable.text.index("Southern Corridor")
    e = s + len("Southern Corridor")
    save_entry(path, Override(
        scope="mention", action="point", who="tester", when="2026-12-02T08:00:00Z", refid=cable.refid,
        start=s, end=e, mention="Southern Corridor", context=context_hash(cable.text, s, e),
        lat=41.6, lon=45.0, accuracy_m=25000.0, note=f"note {STATEMENT} {CALC}",
    ))
    return path


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("hostile")
    cable = hostile_cable(d / "hostile.txt")
    return {"dir": d, "cable": cable, "zone": hostile_zone(d / "zone.geojson"),
            "overrides": hostile_note(d / "overrides.jsonl", cable)}


def shows(text: str, literal: str) -> bool:
    """*literal* is in the page as written, HTML-escaped, or so escaped inside a JSON string."""
    forms = {literal, html.escape(literal), escape(literal)}
    forms |= {f.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e") for f in forms}
    return any(f in text for f in forms)


def assert_literal(text: str) -> None:
    """Each payload is there as written (HTML-escaped or not), and nothing of it was evaluated."""
    for found in EVALUATED:
        assert found not in text
    for payload in PAYLOADS:
        assert shows(text, payload), payload
    # A statement that ran would leave its body without its tags.
    assert text.count("RAN-IF") == text.count("{% if 1 %}RAN-IF")


def test_every_html_output_shows_the_payloads_literally(inputs, run_cli):
    d = inputs["dir"]
    common = ["--zone", inputs["zone"], "--overrides", inputs["overrides"]]
    code, _, err = run_cli(["map", inputs["cable"], "-o", d / "map.html", *common])
    assert code == 0, err
    code, _, err = run_cli(["map", inputs["cable"], "--embed", "-o", d / "embed.html", *common])
    assert code == 0, err
    code, _, err = run_cli(["brief", inputs["cable"], "-o", d / "brief.html", *common])
    assert code == 0, err
    for name in ("map.html", "embed.html", "brief.html"):
        page = (d / name).read_text(encoding="utf-8")
        assert_literal(page)
        assert shows(page, f"Zone {CALC} {STATEMENT} <b>bold</b>"), name
        assert shows(page, f"note {STATEMENT} {CALC}"), name


def test_the_document_title_is_the_subject_as_written(inputs, run_cli):
    out = inputs["dir"] / "title.html"
    assert run_cli(["map", inputs["cable"], "-o", out])[0] == 0
    page = out.read_text(encoding="utf-8")
    title = page[page.index("<title>") + 7 : page.index("</title>")]
    assert html.unescape(title).startswith(f"08BAKU812 — FOREIGN MINISTER {CALC} {STATEMENT} {COMMENT}:")


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_static_images_and_the_pdf_briefing_show_the_payloads(inputs, run_cli):
    d = inputs["dir"]
    code, _, err = run_cli(["map", inputs["cable"], "--zone", inputs["zone"], "--svg", d / "m.svg", "--pdf", d / "m.pdf"])
    assert code == 0, err
    svg = (d / "m.svg").read_text(encoding="utf-8")
    assert shows(svg, f"FOREIGN MINISTER {CALC}") and "EVALUATED" not in svg
    text = subprocess.run(["pdftotext", d / "m.pdf", "-"], capture_output=True, text=True, check=True).stdout
    assert CALC in text and "{% if 1 %}RAN-IF" in text and "EVALUATED" not in text


def test_the_corpus_map_shows_the_payloads_literally(inputs, run_cli, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(inputs["cable"], corpus / "hostile.txt")
    assert run_cli(["corpus", corpus, "-o", tmp_path / "m.parquet", "--workers", "1"])[0] == 0
    code, _, err = run_cli(["corpus-map", tmp_path / "m.parquet", "-o", tmp_path / "m.html"])
    assert code == 0, err
    page = (tmp_path / "m.html").read_text(encoding="utf-8")
    for found in EVALUATED:
        assert found not in page
    assert shows(page, CALC) and "{% if 1 %}RAN-IF{% endif %}" in page


@pytest.mark.browser
def test_a_browser_shows_the_subject_and_runs_no_injected_code(inputs, run_cli, browser, open_offline):
    out = inputs["dir"] / "browser.html"
    assert run_cli(["map", inputs["cable"], "-o", out, "--zone", inputs["zone"]])[0] == 0
    page, requests, errors = open_offline(browser, out)
    assert not requests and not errors
    assert page.title().startswith(f"08BAKU812 — FOREIGN MINISTER {CALC} {STATEMENT} {COMMENT}:")
    block = page.inner_text(".cablemap-title")
    assert f"{CALC} {STATEMENT} {COMMENT}" in block
