"""The review page, served by the real app on 127.0.0.1, driven in Debian's headless Chromium."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from gazetteer import Gazetteer
from geo.cable.reader import read_cable
from geo.cli.main import main
from geo.overrides_file import read_entries
from geo.review.app import create_app
from geo.review.data import ReviewSession
from geo.review.server import new_token, serving

pytestmark = pytest.mark.browser

CABLES = Path(__file__).parents[1] / "data" / "cables"
SEED = CABLES / "08BAKU812.txt"
GOREY = "geonames:2963962"
PAYLOAD = '</script><img src=x onerror="window.__xss=1"> ${window.__xss=2} `whoami` \\\\ end'


class Review:
    """A running review app and a browser page on it (requests off the app are aborted and recorded)."""

    def __init__(self, browser, url: str, path: Path) -> None:
        self.url, self.path = url, path
        self.context = browser.new_context(viewport={"width": 1400, "height": 900})
        self.page = self.context.new_page()
        self.offsite: list[str] = []
        self.errors: list[str] = []
        origin = "/".join(url.split("/", 3)[:3]) + "/"
        self.context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(origin)
                           else (self.offsite.append(route.request.url), route.abort()))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.open()

    def open(self) -> None:
        self.page.goto(self.url)
        self.page.wait_for_selector("#text .mention")

    def mention(self, text: str, nth: int = 0):
        return self.page.locator("#text .mention", has_text=text).nth(nth)

    def select(self, text: str, nth: int = 0) -> None:
        self.mention(text, nth).click()
        self.page.wait_for_function("t => document.querySelector('#m-title').textContent.includes(t)", arg=text)

    def saved(self, what: str) -> None:
        self.page.wait_for_function("t => document.querySelector('#status').textContent.includes(t)", arg=what)
        assert "error" not in (self.page.get_attribute("#status", "class") or "")

    def select_text(self, text: str) -> None:
        """Select *text* in the cable as a person would with the mouse, and let go."""
        self.page.evaluate(
            """t => {
                const spans = [...document.querySelectorAll('#text .seg')];
                const span = spans.find(s => s.textContent.includes(t));
                const node = span.firstChild, at = node.textContent.indexOf(t);
                const r = document.createRange();
                r.setStart(node, at); r.setEnd(node, at + t.length);
                const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(r);
                document.querySelector('#text').dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
            }""",
            text,
        )
        self.page.wait_for_selector("#add-panel:not([hidden])")


@pytest.fixture
def review(browser, tmp_path) -> Iterator:
    """``review(*cables)``: serve these cables with a fresh overrides file, open the page."""
    stack = []

    def _open(*cables: Path) -> Review:
        path = tmp_path / "overrides.jsonl"
        token = new_token()
        session = ReviewSession([read_cable(c) for c in cables], path, Gazetteer.bundled())
        ctx = serving(create_app(session, token), token)
        url = ctx.__enter__()
        stack.append(ctx)
        r = Review(browser, url, path)
        stack.append(r.context)
        return r

    yield _open
    for item in reversed(stack):
        if hasattr(item, "close"):
            item.close()
        else:
            item.__exit__(None, None, None)


def _places(path: Path, capsys) -> list[dict]:
    capsys.readouterr()
    main(["places", str(SEED), "--overrides", str(path), "--format", "geojson"])
    return [f["properties"] for f in json.loads(capsys.readouterr().out)["features"]]


def test_another_candidate_is_kept_after_a_reload_and_reaches_places(review, capsys):
    r = review(SEED)
    r.select("Gori")
    r.page.check(f'#candidates input[value="{GOREY}"]')
    r.page.click("#choose")
    r.saved(f"is now {GOREY}")
    r.open()
    assert "1 of" in r.page.inner_text("#progress")
    r.select("Gori")
    assert f"Gorey ({GOREY})" in r.page.inner_text("#m-current")
    assert "reviewed" in r.page.inner_text("#m-current .badge")
    assert r.page.is_checked(f'#candidates input[value="{GOREY}"]')
    assert "reviewed" in r.mention("Gori").get_attribute("class")
    gori = [p for p in _places(r.path, capsys) if p["mention"] == "Gori"]
    assert gori[0]["source"] == GOREY and gori[0]["reviewed"] is True
    assert r.offsite == [] and r.errors == []


def test_a_false_positive_and_a_missed_mention(review, capsys):
    r = review(SEED)
    r.select("Kazakhs")
    r.page.keyboard.press("x")
    r.saved("marked not a place")
    assert "dismissed" in r.mention("Kazakhs").get_attribute("class")
    r.select_text("Kososvo")
    assert r.page.input_value("#search") == "Kososvo"
    r.page.locator("#results li", has_text="nothing by that name").wait_for()  # the typo is no name
    r.page.fill("#search", "Kosovo")
    r.page.wait_for_selector('#results input[value="ne:admin0:KOS"]')
    r.page.check('#results input[value="ne:admin0:KOS"]')
    r.page.click("#add")
    r.saved("added “Kososvo”")
    assert "reviewed" in r.mention("Kososvo").get_attribute("class")
    assert "Kosovo (ne:admin0:KOS)" in r.page.inner_text("#m-current")
    places = {p["mention"]: p for p in _places(r.path, capsys)}
    assert "Kazakhs" not in places
    assert places["Kososvo"]["source"] == "ne:admin0:KOS" and places["Kososvo"]["paragraph"] == "¶9 (C)"
    assert [e.action for e in read_entries(r.path)] == ["not-a-place", "add"]
    assert r.errors == []


def test_a_rule_saved_on_one_cable_applies_to_the_second(review):
    r = review(CABLES / "08TBILISI1336.txt", CABLES / "08TBILISI1341.txt")
    r.select("Tbilisi")
    r.page.check('input[name="scope"][value="rule"]')
    assert r.page.is_checked('#rule-countries input[value="GE"]')
    assert not r.page.is_checked('#rule-countries input[value="RU"]')
    r.page.check('#candidates input[value="ne:admin1:GEO:Tbilisi"]')
    r.page.click("#choose")
    r.saved("is now ne:admin1:GEO:Tbilisi")
    r.page.select_option("#cable", index=1)
    r.page.wait_for_function("() => document.querySelector('#subject').textContent.startsWith('08TBILISI1341')")
    r.select("Tbilisi")
    assert "ne:admin1:GEO:Tbilisi" in r.page.inner_text("#m-current")
    assert "rule: `Tbilisi` in cables tagged GE" in r.page.inner_text("#m-note")
    (entry,) = read_entries(r.path)
    assert (entry.scope, entry.name, entry.countries) == ("rule", "Tbilisi", ("GE",))
    assert r.errors == []


def test_a_point_placed_by_clicking_the_map_needs_a_source_note(review, capsys):
    r = review(SEED)
    r.select_text("Southern Corridor")
    r.page.click("#add-place")
    box = r.page.locator("#map").bounding_box()
    x, y = box["width"] * 0.6, box["height"] * 0.5
    lat, lon = r.page.evaluate("([x, y]) => { const ll = map.containerPointToLatLng([x, y]); return [ll.lat, ll.lng]; }", [x, y])
    r.page.mouse.click(box["x"] + x, box["y"] + y)
    assert r.page.inner_text("#point-pos") != "not set"
    assert r.page.is_disabled("#point-save")
    r.page.fill("#point-note", "EU TRACECA route map, 2008")
    assert r.page.is_enabled("#point-save")
    r.page.click("#point-save")
    r.saved("placed “Southern Corridor” by hand")
    (entry,) = read_entries(r.path)
    assert entry.action == "point" and entry.note == "EU TRACECA route map, 2008" and entry.accuracy_m > 0
    assert abs(entry.lat - lat) < 0.05 and abs(entry.lon - lon) < 0.05  # within a few pixels of the click
    corridor = [p for p in _places(r.path, capsys) if p["mention"] == "Southern Corridor"]
    assert corridor[0]["source"] == "manual:EU TRACECA route map, 2008"
    assert corridor[0]["accuracy_m"] == entry.accuracy_m


def test_keyboard_moves_between_mentions(review):
    r = review(SEED)
    r.select("Gori")
    r.page.keyboard.press("j")
    assert "Kaspi" in r.page.inner_text("#m-title")
    r.page.keyboard.press("ArrowDown")
    r.page.keyboard.press("k")
    assert "Kaspi" in r.page.inner_text("#m-title")
    r.page.keyboard.press("ArrowUp")
    assert "Gori" in r.page.inner_text("#m-title")
    assert "selected" in r.mention("Gori").get_attribute("class")


def test_hostile_cable_text_shows_literally_and_runs_nothing(browser, review, tmp_path):
    text = SEED.read_text(encoding="utf-8")
    text = text.replace("city of Poti is in their sphere", f"city of Poti {PAYLOAD} is in their sphere")
    text = text.replace("SUBJECT: FOREIGN MINISTER:", f"SUBJECT: FOREIGN MINISTER {PAYLOAD}:", 1)
    hostile = tmp_path / "08BAKU812.txt"
    hostile.write_text(text, encoding="utf-8")
    r = review(hostile)
    assert PAYLOAD in r.page.inner_text("#subject")
    assert PAYLOAD in r.page.locator("#text").text_content()
    # make the payload itself a (hand-placed) mention, so it also reaches the panel and the map
    r.select_text(PAYLOAD)
    r.page.click("#add-place")
    box = r.page.locator("#map").bounding_box()
    r.page.mouse.click(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.5)
    r.page.fill("#point-note", PAYLOAD)
    r.page.click("#point-save")
    r.saved("by hand")
    assert PAYLOAD in r.page.inner_text("#m-title")
    assert PAYLOAD in r.page.inner_text("#m-current")
    r.mention(PAYLOAD[:20]).hover()
    assert r.page.locator("img").count() == 0
    assert r.page.evaluate("window.__xss") is None
    assert r.offsite == [] and r.errors == []
