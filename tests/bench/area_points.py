"""Choose GeoNames' area points by snapshot, measured on the development sets; write the shipped table.

Run on demand from the project root (dev-time only; the run time never reads these inputs):

    python tests/bench/area_points.py --catalogue DIR --gvenzl FILE [--shared ../shared]

``<shared>/data/geonames/geonames_area_points.tsv`` gives one GeoNames point per
country, admin-1 unit and continent. Where its sources disagree it keeps the older
snapshot (``pyowm``) and only says that the 2022 one (``catalogue-of-centroids``,
``gvenzl``) differs. This script attaches the 2022 snapshot's points to those rows
(countries by ISO code; admin-1 units by their GeoNames name within the country, the
candidate nearest the older point within 700 km), counts on the development sets'
gold (GeoWebNews, TR-News, GeoVirus: toponyms carrying one of those ids) which snapshot
each gold point equals, and keeps, for every disagreeing row, the snapshot that the
gold matches more often. It writes ``gazetteer/data/geonames_area_points.tsv``
(geonameid, code, name, ASCII name where it differs, lat, lon, snapshot) and prints the counts.

``--catalogue``: a checkout of GitHub ``jhnwllr/catalogue-of-centroids`` at commit
0959e14d0e7a90de28ae2bc23cf570b791e112ef (``sources/GeoNames/export/{ADM1,PCLI}.tsv``);
``--gvenzl``: ``countries-cities-currencies/countries.csv`` of GitHub
``gvenzl/sample-data`` at commit ff00f9e9c2837785227340286084152ba36ee210.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from gazetteer._normalize import name_key  # noqa: E402

OLD, NEW = "pyowm", "2022"
DEV = ("gwn", "trnews", "geovirus")


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def _tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", errors="replace", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def _unmangle(text: str) -> str:
    """The catalogue's GeoNames names were UTF-8 read as cp1252 (``NÄ\x81du``); undo it where it round-trips.

    Bytes that cp1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) were kept as the
    control characters of the same number.
    """
    try:
        return b"".join(bytes([ord(c)]) if 0x80 <= ord(c) <= 0x9F else c.encode("cp1252") for c in text).decode("utf-8")
    except UnicodeError:
        return text


def _newer_points(rows: list[dict[str, str]], admin1: dict[str, tuple[str, str]], catalogue: Path,
                  gvenzl: Path) -> dict[str, tuple[str, str, str]]:
    """geonameid -> (lat, lon, source) of the 2022 snapshot, for the rows whose sources disagree."""
    export = catalogue / "sources" / "GeoNames" / "export"
    by_country: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in _tsv(export / "ADM1.tsv"):
        by_country[r["iso2"]].append(r)
    pcli = {r["iso2"]: r for r in _tsv(export / "PCLI.tsv")}
    with gvenzl.open(encoding="utf-8", newline="") as f:
        gv = {r["COUNTRY_CODE"]: r for r in csv.DictReader(f)}
    out = {}
    for r in rows:
        if "differs" not in r["source"]:
            continue
        lat, lon = float(r["lat"]), float(r["lon"])
        if r["feature_code"] == "ADM1":
            keys = {name_key(r["name"])} | {name_key(n) for n in admin1.get(r["geonameid"], ())}
            near = []
            for c in by_country[r["country_code"]]:
                loc = f" {name_key(_unmangle(c['source_locality_name']))} "
                if any(f" {k} " in loc for k in keys):
                    near.append((_km(lat, lon, float(c["decimal_latitude"]), float(c["decimal_longitude"])), c))
            near.sort(key=lambda x: x[0])
            if near and near[0][0] < 700:
                c = near[0][1]
                out[r["geonameid"]] = (c["decimal_latitude"], c["decimal_longitude"], "catalogue-of-centroids")
        elif "catalogue-of-centroids" in r["source"].split("(")[-1] and r["country_code"] in pcli:
            c = pcli[r["country_code"]]
            out[r["geonameid"]] = (c["decimal_latitude"], c["decimal_longitude"], "catalogue-of-centroids")
        elif r["country_code"] in gv:
            c = gv[r["country_code"]]
            out[r["geonameid"]] = (c["LATITUDE"], c["LONGITUDE"], "gvenzl")
    return out


def _evidence(shared: Path, rows: dict[str, dict[str, str]], newer: dict[str, tuple[str, str, str]]) -> Counter:
    """Gold toponyms (dev sets) on a disagreeing id, by the snapshot their point equals (within 1 km)."""
    seen: Counter = Counter()
    for name in DEV:
        with (shared / "bench" / "geoparse" / f"{name}.jsonl").open(encoding="utf-8") as f:
            for line in f:
                for t in json.loads(line)["toponyms"]:
                    gid = str(t.get("geonameid"))
                    if gid not in newer or t.get("lat") is None:
                        continue
                    old, new = rows[gid], newer[gid]
                    d_old = _km(t["lat"], t["lon"], float(old["lat"]), float(old["lon"]))
                    d_new = _km(t["lat"], t["lon"], float(new[0]), float(new[1]))
                    seen[(name, NEW if d_new < 1 else OLD if d_old < 1 else "neither")] += 1
                    seen[(name, "within 161 km: " + OLD)] += d_old < 161
                    seen[(name, "within 161 km: " + NEW)] += d_new < 161
    return seen


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--catalogue", type=Path, required=True)
    ap.add_argument("--gvenzl", type=Path, required=True)
    ap.add_argument("-o", "--out", type=Path, default=ROOT / "gazetteer" / "data" / "geonames_area_points.tsv")
    a = ap.parse_args()
    geonames = a.shared / "data" / "geonames"
    rows = _tsv(geonames / "geonames_area_points.tsv")
    with (geonames / "admin1CodesASCII.txt").open(encoding="utf-8") as f:
        admin1 = {gid: (n, asc) for _, n, asc, gid in (ln.rstrip("\n").split("\t") for ln in f)}
    newer = _newer_points(rows, admin1, a.catalogue, a.gvenzl)
    seen = _evidence(a.shared, {r["geonameid"]: r for r in rows}, newer)
    for key in sorted(seen):
        print(f"{key[0]:<9} {key[1]:<24} {seen[key]:5d}")
    votes = {s: sum(v for (_, k), v in seen.items() if k == s) for s in (OLD, NEW)}
    choice = max(votes, key=votes.get)
    print(f"disagreeing rows: {sum('differs' in r['source'] for r in rows)}, 2022 point attached to {len(newer)}; "
          f"gold equals {votes}; chosen: {choice}")
    tmp = a.out.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as f:
        f.write("geonameid\tcode\tname\tasciiname\tlat\tlon\tsnapshot\n")
        for r in rows:
            code = {"ADM1": f"{r['country_code']}.{r['admin1_code']}", "CONT": "CONT"}.get(r["feature_code"],
                                                                                          r["country_code"])
            name, ascii_name = admin1.get(r["geonameid"], (r["name"], r["name"]))
            ascii_name = "" if ascii_name == name else ascii_name
            lat, lon, src = r["lat"], r["lon"], r["source"].split(" (")[0]
            if choice == NEW and r["geonameid"] in newer:
                lat, lon, src = newer[r["geonameid"]]
            f.write(f"{r['geonameid']}\t{code}\t{name}\t{ascii_name}\t{lat}\t{lon}\t{src}\n")
    tmp.replace(a.out)
    print(f"wrote {len(rows)} rows to {a.out}")


if __name__ == "__main__":
    main()
