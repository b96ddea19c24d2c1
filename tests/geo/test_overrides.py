"""Analyst overrides on real cables: choosing, dismissing, adding, placing, rules, re-anchoring, the file."""

from __future__ import annotations

import json
import multiprocessing
import threading
from pathlib import Path

import pytest
import shapely

from gazetteer import Gazetteer
from geo.cable.reader import parse_cable, read_cable
from geo.overrides import OverridesError, load_overrides
from geo.overrides_file import Override, context_hash, read_entries, save_entry
from geo.places import REVIEW_COLUMNS, cable_places

CABLES = Path(__file__).parents[1] / "data" / "cables"
SEED = CABLES / "08BAKU812.txt"
GORI, GOREY = "geonames:614455", "geonames:2963962"


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.bundled()


@pytest.fixture(scope="module")
def seed():
    return read_cable(SEED)


@pytest.fixture(autouse=True)
def _no_default_overrides(monkeypatch, tmp_path):
    monkeypatch.setenv("CABLEMAP_OVERRIDES", str(tmp_path / "no-default-overrides.jsonl"))


def _at(cable, word: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = cable.text.index(word, start + 1)
    return start, start + len(word)


def mention(cable, word: str, action: str, nth: int = 0, **kw) -> Override:
    s, e = _at(cable, word, nth)
    return Override(
        scope="mention", action=action, who="tester", when="2026-11-27T21:00:00Z", refid=cable.refid,
        start=s, end=e, mention=word, context=context_hash(cable.text, s, e), **kw,
    )


def rule(name: str, action: str, countries: tuple[str, ...] = (), **kw) -> Override:
    return Override(scope="rule", action=action, who="tester", when="2026-11-27T21:00:00Z",
                    name=name, countries=countries, **kw)


def write(path: Path, *entries: Override) -> Path:
    for e in entries:
        save_entry(path, e)
    return path


def places(cable, gaz, path: Path):
    ov = load_overrides(path)
    return cable_places(cable, gaz, ov), ov




def test_choosing_another_candidate_changes_only_that_mention(seed, gaz, tmp_path):
    before = cable_places(seed, gaz)
    path = write(tmp_path / "o.jsonl", mention(seed, "Gori", "choose", record=GOREY, note="test"))
    after, ov = places(seed, gaz, path)
    assert list(after.columns[-3:]) == [*REVIEW_COLUMNS, "geometry"]
    assert len(after) == len(before)
    row = after[after["mention"] == "Gori"].iloc[0]
    assert (row["source"], row["name"], row["country"], row["reviewed"]) == (GOREY, "Gorey", "IE", True)
    assert row["confidence"] == 1.0 and "chose geonames:2963962" in row["review_note"]
    assert row["paragraph"] == "¶5 (C)" and "communities near Gori" in row["sentence"]
    assert row.geometry.equals(gaz.record(GOREY).geometry)
    assert after["reviewed"].sum() == 1
    assert ov.unmatched() == []


def test_not_a_place_drops_the_mention_and_add_finds_a_missed_one(seed, gaz, tmp_path):
    assert "Kososvo" not in set(cable_places(seed, gaz)["mention"])  # the cable's typo: the geoparser misses it
    path = write(
        tmp_path / "o.jsonl",
        mention(seed, "Kazakhs", "not-a-place"),
        mention(seed, "Kososvo", "add", record="ne:admin0:KOS"),
    )
    after, ov = places(seed, gaz, path)
    assert "Kazakhs" not in set(after["mention"])
    added = after[after["mention"] == "Kososvo"].iloc[0]
    assert (added["name"], added["kind"], added["reviewed"]) == ("Kosovo", "country", True)
    assert added["paragraph"] == "¶9 (C)" and "Kososvo is sui generis" in added["sentence"]
    assert list(after["start"]) == sorted(after["start"])
    assert after["demonym"].dtype == bool and after["start"].dtype == "int64"
    assert ov.unmatched() == []


def test_a_hand_placed_point_is_labelled_manual_with_its_accuracy(seed, gaz, tmp_path):
    point = mention(seed, "Southern Corridor", "point", lat=41.6, lon=45.0, accuracy_m=25000.0, note="EU energy map 2008")
    after, _ = places(seed, gaz, write(tmp_path / "o.jsonl", point))
    row = after[after["mention"] == "Southern Corridor"].iloc[0]
    assert row["source"] == "manual:EU energy map 2008"
    assert row["accuracy_m"] == 25000.0 and row["subkind"] == "manual"
    assert (row.geometry.x, row.geometry.y) == (45.0, 41.6)


def test_a_point_without_a_source_note_is_refused(seed):
    bad = mention(seed, "Gori", "point", lat=41.9, lon=44.1, accuracy_m=500.0).fields()
    bad["note"] = " "
    from geo.overrides_file import parse_entry

    with pytest.raises(ValueError, match="note"):
        parse_entry(bad)


def test_a_rule_applies_in_every_cable_of_its_countries_only(gaz, tmp_path):
    path = write(tmp_path / "o.jsonl", rule("Tbilisi", "choose", ("GE",), record="ne:admin1:GEO:Tbilisi"))
    for refid in ("08TBILISI1336", "08TBILISI1341"):
        after, _ = places(read_cable(CABLES / f"{refid}.txt"), gaz, path)
        tbilisi = after[after["mention"] == "Tbilisi"]
        assert len(tbilisi) >= 1
        assert set(tbilisi["source"]) == {"ne:admin1:GEO:Tbilisi"} and tbilisi["reviewed"].all()
        assert "rule: `Tbilisi` in cables tagged GE" in tbilisi["review_note"].iloc[0]
    armenia = write(tmp_path / "am.jsonl", rule("Tbilisi", "choose", ("AM",), record="ne:admin1:GEO:Tbilisi"))
    after, _ = places(read_cable(CABLES / "08TBILISI1336.txt"), gaz, armenia)  # tagged RU GG
    assert set(after.loc[after["mention"] == "Tbilisi", "source"]) == {"geonames:611717"}
    assert not after["reviewed"].any()


def test_a_mention_override_beats_a_rule_and_an_add_rule_finds_every_occurrence(gaz, tmp_path):
    cable = read_cable(CABLES / "08TBILISI1341.txt")
    path = write(
        tmp_path / "o.jsonl",
        rule("Popov", "not-a-place"),  # a person, not the village
        mention(cable, "Gori", "choose", record=GOREY),
        rule("Gori", "choose", ("GE",), record=GORI),
    )
    after, _ = places(cable, gaz, path)
    assert "Popov" not in set(after["mention"])
    gori = after[after["mention"] == "Gori"]
    assert gori["source"].iloc[0] == GOREY  # the first Gori: its own override
    assert set(gori["source"].iloc[1:]) <= {GORI}
    add = write(tmp_path / "add.jsonl", rule("Kososvo", "add", record="ne:admin0:KOS"))
    seed_after, _ = places(read_cable(SEED), gaz, add)
    assert list(seed_after.loc[seed_after["mention"] == "Kososvo", "source"]) == ["ne:admin0:KOS"]


def test_an_override_follows_its_mention_when_the_offsets_move(seed, gaz, tmp_path):
    path = write(tmp_path / "o.jsonl", mention(seed, "Gori", "choose", record=GOREY))
    moved = parse_cable(seed.text.replace("Continued engagement", "Continued and sustained engagement"), "08BAKU812.txt")
    assert _at(moved, "Gori") != _at(seed, "Gori")
    after, ov = places(moved, gaz, path)
    assert after.loc[after["mention"] == "Gori", "source"].tolist() == [GOREY]
    assert ov.unmatched() == []


def test_overrides_that_match_nothing_are_reported(seed, gaz, tmp_path, run_cli):
    path = write(
        tmp_path / "o.jsonl",
        mention(seed, "Gori", "choose", record=GOREY),
        mention(seed, "Kaspi", "choose", record="geonames:000000"),
    )
    edited = parse_cable(seed.text.replace("near Gori and", "near Gora and"), "08BAKU812.txt")
    _, ov = places(edited, gaz, path)
    problems = ov.unmatched()
    assert len(problems) == 2
    assert any("`Gori`" in p and "no longer in the cable" in p for p in problems)
    assert any("geonames:000000 is not in the gazetteer" in p for p in problems)
    code, _, err = run_cli(["places", SEED, "--overrides", path, "--format", "csv"])
    assert code == 0
    warnings = [line for line in err.splitlines() if "warning" in line]
    assert len(warnings) == 1 and "geonames:000000" in warnings[0] and str(path) in warnings[0]


def test_places_command_reports_the_override(seed, gaz, tmp_path, run_cli):
    path = write(tmp_path / "o.jsonl", mention(seed, "Gori", "choose", record=GOREY))
    code, out, _ = run_cli(["places", SEED, "--overrides", path, "--format", "geojson"])
    assert code == 0
    feats = json.loads(out)["features"]
    gori = [f["properties"] for f in feats if f["properties"]["mention"] == "Gori"]
    assert gori[0]["source"] == GOREY and gori[0]["reviewed"] is True
    assert sum(f["properties"]["reviewed"] for f in feats) == 1


def test_the_default_file_applies_without_the_option(seed, tmp_path, monkeypatch, run_cli):
    path = write(tmp_path / "default.jsonl", mention(seed, "Gori", "not-a-place"))
    monkeypatch.setenv("CABLEMAP_OVERRIDES", str(path))
    code, out, _ = run_cli(["places", SEED, "--format", "csv"])
    assert code == 0 and ",Gori," not in out and ",Kaspi," in out


def test_the_file_is_one_sorted_json_object_per_fix(seed, tmp_path):
    path = tmp_path / "o.jsonl"
    write(path, mention(seed, "Gori", "choose", record=GOREY), mention(seed, "Kaspi", "not-a-place"))
    write(path, mention(seed, "Gori", "choose", record=GORI, note="changed my mind"))
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    for line in lines:
        obj = json.loads(line)
        assert list(obj) == sorted(obj)
        assert {"who", "when", "note", "refid", "start", "end", "mention", "context"} <= set(obj)
    assert json.loads(lines[1])["record"] == GORI and json.loads(lines[1])["note"] == "changed my mind"


BROKEN = [
    ('{"scope": "mention", oops\n', "not valid JSON"),
    (
        (
            '{"scope": "rule", "action": "choose", "who": "a", "when": "t", "note": "", "id": "x1", '
            '"name": "Gori", "countries": ["GE"], "recrod": "geonames:614455"}\n'
        ),
        "unknown field 'recrod'",
    ),
    (
        (
            '{"scope": "mention", "action": "not-a-place", "who": "a", "when": "t", "note": "", "id": "x1", '
            '"refid": "08BAKU812", "start": 10, "end": 5, "mention": "Gori", "context": "sha256:0"}\n'
        ),
        "start < end",
    ),
    ('[1, 2]\n', "not a JSON object"),
]


@pytest.mark.parametrize(("line", "why"), BROKEN)
def test_a_broken_file_names_its_line_and_is_never_overwritten(seed, tmp_path, line, why, run_cli):
    path = tmp_path / "o.jsonl"
    write(path, mention(seed, "Gori", "choose", record=GOREY))
    path.write_bytes(path.read_bytes() + line.encode())
    before = path.read_bytes()
    with pytest.raises(OverridesError, match=rf"o\.jsonl:2: .*{why}"):
        load_overrides(path)
    with pytest.raises(OverridesError, match=r":2: "):
        save_entry(path, mention(seed, "Kaspi", "not-a-place"))
    code, out, err = run_cli(["places", SEED, "--overrides", path])
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("cablemap: ") and "o.jsonl:2:" in err
    assert path.read_bytes() == before


def test_a_missing_explicit_file_is_an_error(tmp_path, run_cli):
    code, _, err = run_cli(["places", SEED, "--overrides", tmp_path / "nope.jsonl"])
    assert code == 2 and "overrides file not found" in err


def _save_many(path: str, who: str, n: int) -> None:
    text = read_cable(SEED).text
    words = ("Russia", "Georgia", "Azerbaijan", "Armenia", "Kosovo", "U.S.")
    for i in range(n):
        word = words[i % len(words)]
        s = text.index(word)
        for _ in range(i // len(words)):
            s = text.index(word, s + 1)
        save_entry(path, Override(scope="mention", action="not-a-place", who=who, when="t", refid=f"{who}-{i}",
                                  start=s, end=s + len(word), mention=word, context=context_hash(text, s, s + len(word))))


def test_concurrent_writers_in_threads_and_processes_lose_nothing(tmp_path):
    path = str(tmp_path / "o.jsonl")
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_save_many, args=(path, f"proc{k}", 12)) for k in range(2)]
    threads = [threading.Thread(target=_save_many, args=(path, f"thread{k}", 12)) for k in range(2)]
    for w in (*procs, *threads):
        w.start()
    for w in (*procs, *threads):
        w.join(60)
    assert all(p.exitcode == 0 for p in procs)
    entries = read_entries(Path(path))
    assert len(entries) == 48
    assert {e.refid for e in entries} == {f"{w}-{i}" for w in ("proc0", "proc1", "thread0", "thread1") for i in range(12)}


def test_apply_keeps_the_frame_contract_on_a_cable_with_no_places(gaz, tmp_path):
    cable = read_cable(SEED)
    empty = cable_places(cable, gaz).iloc[0:0]
    ov = load_overrides(write(tmp_path / "o.jsonl", mention(cable, "Kososvo", "add", record="ne:admin0:KOS")))
    out = ov.apply(empty, refid=cable.refid, text=cable.text, countries=cable.countries, gazetteer=gaz)
    assert list(out["mention"]) == ["Kososvo"] and out.crs == "EPSG:4326"
    assert "Kososvo" in out["sentence"].iloc[0] and isinstance(out.geometry.iloc[0], shapely.Geometry)
