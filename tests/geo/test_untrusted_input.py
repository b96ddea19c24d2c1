"""Hostile inputs and output paths: devices stay devices, sizes are capped, every failure is one line."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from geo import render
from geo.cable.reader import MAX_CABLE_BYTES, read_cable
from geo.errors import CableError
from maps import MapsError

SEED = Path(__file__).parents[1] / "data" / "cables" / "08BAKU812.txt"
CLI = [sys.executable, "-c", "from geo.cli.main import main; main()"]


def seed_with(tmp_path: Path, paragraph: str, name: str = "cable.txt") -> Path:
    """The seed cable with *paragraph* as its first numbered paragraph."""
    text = SEED.read_text(encoding="utf-8")
    at = text.index("1. (C) SUMMARY")
    path = tmp_path / name
    path.write_text(text[:at] + "1. (C) " + paragraph + "\n\n" + text[at:], encoding="utf-8")
    return path


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


# -- where outputs go ---------------------------------------------------------------------------


def test_dev_null_stays_a_device(run_cli):
    code, _, err = run_cli(["places", SEED, "-o", "/dev/null"])
    assert code == 0, err
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_fifo_is_written_through_not_replaced(run_cli, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    code, _, err = run_cli(["places", SEED, "--format", "csv", "-o", fifo])
    reader.join(timeout=60)
    assert code == 0, err
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert b"Baku-Supsa pipeline" in got[0]


def test_a_directory_target_is_one_line_naming_it(run_cli, tmp_path):
    target = tmp_path / "outdir"
    target.mkdir()
    code, _, err = run_cli(["places", SEED, "-o", target])
    assert code == 2
    assert one_line(err) == f"cablemap: cannot write {target}: it is a directory"
    assert list(tmp_path.iterdir()) == [target] and not list(target.iterdir())


def test_a_missing_folder_is_named_not_the_temp_file(run_cli, tmp_path):
    target = tmp_path / "nowhere" / "map.html"
    code, _, err = run_cli(["map", SEED, "-o", target])
    assert code == 2
    line = one_line(err)
    assert str(target) in line and ".tmp" not in line


def test_a_temp_file_left_by_a_killed_run_is_removed_by_the_next(run_cli, tmp_path):
    out = tmp_path / "places.csv"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f".places.csv.{dead.pid}.abcd1234.tmp"
    stale.write_text("half a file")
    live = tmp_path / f".places.csv.{os.getpid()}.efgh5678.tmp"  # a write still under way
    live.write_text("being written")
    assert run_cli(["places", SEED, "--format", "csv", "-o", out])[0] == 0
    assert not stale.exists() and live.exists() and out.stat().st_size > 0


def test_a_failed_map_run_leaves_none_of_its_outputs(run_cli, tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise MapsError("the map could not be drawn")

    monkeypatch.setattr(render, "map_html", broken)
    png, svg, page = tmp_path / "m.png", tmp_path / "m.svg", tmp_path / "m.html"
    code, _, err = run_cli(["map", SEED, "--png", png, "--svg", svg, "-o", page])
    assert code == 2 and one_line(err) == "cablemap: the map could not be drawn"
    assert list(tmp_path.iterdir()) == []


def test_a_bad_target_is_found_before_anything_is_drawn(run_cli, tmp_path):
    (tmp_path / "dir.html").mkdir()
    code, _, err = run_cli(["map", SEED, "--png", tmp_path / "m.png", "-o", tmp_path / "dir.html"])
    assert code == 2 and "it is a directory" in one_line(err)
    assert not (tmp_path / "m.png").exists()


# -- how much is read ---------------------------------------------------------------------------


def test_a_twenty_megabyte_line_is_refused_at_once(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text(SEED.read_text(encoding="utf-8") + "x" * 20_000_000, encoding="utf-8")
    for command in (["places"], ["map", "-o", str(tmp_path / "m.html")]):
        proc = subprocess.run([*CLI, *command, str(big)], capture_output=True, text=True, timeout=120)
        assert proc.returncode == 2
        assert "no real cable is that long" in one_line(proc.stderr)
    assert not (tmp_path / "m.html").exists()


def test_the_cap_is_a_setting_and_counts_the_cable_not_its_carrier(tmp_path, run_cli):
    size = len(SEED.read_bytes())
    with pytest.raises(CableError, match="over the 0.005 MB limit"):
        read_cable(SEED, max_bytes=5000)
    assert read_cable(SEED, max_bytes=size).refid == "08BAKU812"
    code, _, err = run_cli(["places", SEED, "--max-bytes", "5000"])
    assert code == 2 and "--max-bytes" in one_line(err)
    assert MAX_CABLE_BYTES >= 1_000_000


def test_a_gzip_bomb_is_not_unpacked_past_the_cap(tmp_path):
    import gzip

    bomb = tmp_path / "bomb.txt.gz"
    with gzip.open(bomb, "wb") as f:
        f.write(SEED.read_bytes())
        f.write(b" " * 200_000_000)  # 200 MB of spaces: 200 KB on disk
    with pytest.raises(CableError, match="decompressed data larger than 8 MB"):
        read_cable(bomb)


def test_a_name_repeated_thirty_five_thousand_times_is_read_in_linear_time(tmp_path):
    # Was over 60 s: each mention searched 2,000 characters around it for its sentence.
    cable = seed_with(tmp_path, "U.S. " * 35_000)
    proc = subprocess.run([*CLI, "places", str(cable), "--format", "csv"], capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("United States") >= 35_000


def test_deeply_nested_json_is_one_line(tmp_path, run_cli):
    doc = tmp_path / "deep.jsonl"
    doc.write_text('{"doc_id": 1, "text": "Paris"}\n' + "[" * 100_000 + "]" * 100_000 + "\n")
    code, _, err = run_cli(["geoparse", doc, "-o", tmp_path / "out.jsonl"])
    assert code == 2 and one_line(err) == "cablemap: line 2: JSON nested too deeply"
    assert not (tmp_path / "out.jsonl").exists()


def test_a_document_over_the_cap_stops_geoparse_with_one_line(tmp_path, run_cli):
    doc = tmp_path / "big.jsonl"
    doc.write_text(json.dumps({"doc_id": "a", "text": "Paris. " * 200}) + "\n")
    code, _, err = run_cli(["geoparse", doc, "-o", tmp_path / "out.jsonl", "--max-bytes", "1000"])
    assert code == 2 and one_line(err).startswith("cablemap: line 1: text of 0.0014 MB is over the 0.001 MB limit")


# -- the last line of defence -------------------------------------------------------------------


def test_an_unexpected_error_is_one_line_and_exit_two(run_cli, monkeypatch):
    from geo import places

    def boom(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.delenv("CABLEMAP_DEBUG")
    monkeypatch.setattr(places, "cable_places", boom)
    code, _, err = run_cli(["places", SEED])
    assert code == 2
    assert one_line(err) == (
        "cablemap: internal error: ZeroDivisionError: division by zero (set CABLEMAP_DEBUG=1 for details)"
    )


def test_with_debug_set_the_real_error_is_raised(run_cli, monkeypatch):
    from geo import places

    def boom(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(places, "cable_places", boom)
    with pytest.raises(ZeroDivisionError):
        run_cli(["places", SEED])
