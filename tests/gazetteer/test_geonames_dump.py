"""Building a store from a GeoNames dump, on small files in the exact GeoNames format.

The rows are real GeoNames rows: Tbilisi, Poti and Gori copied from GeoNames
``cities500`` (March 2023), Andorra features from an ``AD.txt`` extract, Ghana's
country row and Nice airport (with its ``alternateNames`` rows) from the
samples GeoNames users quote. The tests write them into ``GE.zip`` (``GE.txt``
plus a ``readme.txt``, like the real download) and friends themselves.
"""

from __future__ import annotations

import csv
import io
import os
import zipfile
from pathlib import Path

import geopandas as gpd
import pytest

from gazetteer import Context, Gazetteer, _store
from gazetteer.build import COLUMNS
from gazetteer.geonames_dump import GeonamesDumpError, _alternate_ok, build_store

GE_ROWS = [
    ("611717\tTbilisi\tTbilisi\tTBS,Tbilis,Tbilisi,Tbilisi - tbilisi,Tbilisi - თბილისი,Tbilisi osh,Tbilisis,"
    "Tbiliso,Tbilissi,Tbilisy,Tbiliszi,Tbilsi,Tblisi,Thbilisi,Tibilisi,Tiblisi,Tiblissi,Tiblíssi,Tibîlîsî,"
    "Tiflis,Tiphlida,Tpilisi,Triphelis,Ttuplis,Tíblisi,Tíflis,Tıflis,di bi li si,karti,tbilisi,tblys,tblysy,"
    "tbylysy,teubillisi,tfls,tflys,thbi li si,thbilisi,tipilici,tobirishi,Τιφλίδα,Тбилис,Тбилиси,Тбилиси ош,"
    "Тбилисӣ,Тбілісі,Ттуплис,Қарҭ,Թբիլիսի,טביליסי,تبليسي,تبلیس,تبلیسی,تبىلىسى,تفلیس,طفلس,ܛܒܝܠܝܣܝ,त्बिलिसी,"
    "थ्बिलीसी,তিবি\u200cলিসি,திபிலீசி,ทบิลิซิ,ཁྲེ་བྷི་ལི་སི།,თბილისი,ქართი,ትብሊሲ,トビリシ,第比利斯,트빌리시"
    "\t41.69411\t44.83368\tP\tPPLC\tGE\t\t51\t\t\t\t1049498\t\t491\tAsia/Tbilisi\t2019-12-03"),
    ("612366\tP’ot’i\tP'ot'i\tP'ot'i,Poti,P’ot’i,poti,Поти,ფოთი\t42.14272\t41.67384\tP\tPPL\tGE\t\t71\t\t\t\t41498"
    "\t\t6\tAsia/Tbilisi\t2021-11-13"),
    ("614455\tGori\tGori\tGori,Goris,ge li,goli,gori,gwry,Гори,גורי,گوری,გორი,ゴリ,哥里,고리\t41.98422\t44.11578\tP"
    "\tPPLA\tGE\t\t73\t\t\t\t45557\t\t600\tAsia/Tbilisi\t2023-02-13"),
]
AD_ROWS = [
    ("2994701\tRoc Mélé\tRoc Mele\tRoc Mele,Roc Meler,Roc Mélé\t42.58765\t1.74028\tT\tMT\tAD\tAD,FR\t00\t\t\t\t0"
    "\t\t2803\tEurope/Andorra\t2014-11-05"),
    ("3017833\tEstany de les Abelletes\tEstany de les Abelletes\tEstany de les Abelletes,Etang de Font-Negre,"
    "Étang de Font-Nègre\t42.52915\t1.73362\tH\tLK\tAD\tFR\tA9\t\t\t\t0\t\t2260\tEurope/Andorra\t2014-11-05"),
    ("3023203\tPort Vieux de la Coume d’Ose\tPort Vieux de la Coume d'Ose\tPort Vieux de Coume d'Ose,"
    "Port Vieux de Coume d’Ose,Port Vieux de la Coume d'Ose,Port Vieux de la Coume d’Ose\t42.62568\t1.61823\tT"
    "\tPASS\tAD\t\t00\t\t\t\t0\t\t2687\tEurope/Andorra\t2014-11-05"),
    ("3038817\tXixerella\tXixerella\tXixerella\t42.55\t1.48333\tA\tADMD\tAD\t\t00\t\t\t\t0\t\t1548\tEurope/Andorra"
    "\t2012-01-18"),
    "3038818\tRiu Xic\tRiu Xic\t\t42.56667\t1.68333\tH\tSTM\tAD\t\t00\t\t\t\t0\t\t2340\tEurope/Andorra\t1993-12-23",
    ("3038830\tBosc de Villar\tBosc de Villar\t\t42.6\t1.55\tV\tFRST\tAD\t\t00\t\t\t\t0\t\t2298\tEurope/Andorra"
    "\t1993-12-23"),
]
GHANA = (
    "2300660\tRepublic of Ghana\tRepublic of Ghana\tGaana,Gana,Gana - Ghana,Ganaa,Ganaea,Ganaen,Ganao,Gane,Ganäa,"
    "Ganän,Ganë,Gha-na,Gha-na (Ghana),Ghana,Ghana nutome,Ghána,Gold Coast,Gàna,Gána,Kana,Ngana,Nkana,Qana,"
    "Republic of Ghana,gana,gana gong he guo,gana jۇmھۇryyyty,ghana,ghna,ghʼanʻ,gʼnh,i-Ghana,il-Ghana,jia na,"
    "ka na,kana,khana,prathes kana,qana,Γκάνα,Гана,Գանա,גאנה,גהאַנע,غانا,غنا,غەنا,قانا,ګana,ګانا,گانا,"
    "گانا جۇمھۇرىيىتى,گهانا,گھانا,घाना,গানা,ঘানা,ਘਾਨਾ,ઘાના,ଘାନା,கானா,ఘనా,ಘಾನಾ,ഖാന,ഘാന,ඝානාව,กานา,กาน่า,"
    "ประเทศกานา,ການາ,ཀ་ན།,ག་ན,གྷ་ན,གྷ་ན།,ဂါနာ,განა,ጋና,ហគាណា,ហ្គាណា,ガーナ,ガーナ共和国,加纳,迦納,가나\t8.1\t-1.2\tA\tPCLI"
    "\tGH\t\t00\t\t\t\t29767108\t\t137\tAfrica/Accra\t2021-08-16"
)
NICE_AIRPORT = (
    "6299418\tNice Côte d'Azur International Airport\tNice Cote d'Azur International Airport\tAeroport de Nice "
    "Cote d'Azur,Aéroport de Nice Côte d'Azur,Flughafen Nizza,LFMN,NCE,Nice Airport,Nice Cote d'Azur International "
    "Airport,Nice Côte d'Azur International Airport,Niza Aeropuerto\t43.66272\t7.20787\tS\tAIRP\tFR\t\tB8\t06\t062"
    "\t06088\t0\t3\t-9999\tEurope/Paris\t2012-06-30"
)
#: Its rows of alternateNames.txt (8 columns; alternateNamesV2.txt adds empty ``from`` and ``to``).
NICE_ALTERNATES = [
    "1886047\t6299418\ticao\tLFMN\t\t\t\t",
    "1888981\t6299418\tiata\tNCE\t\t\t\t",
    "1969714\t6299418\tde\tFlughafen Nizza\t\t\t\t",
    "1969715\t6299418\ten\tNice Côte d'Azur International Airport\t\t\t\t",
    "2187822\t6299418\tes\tNiza Aeropuerto\t1\t1\t\t",
    "3032536\t6299418\tlink\thttp://en.wikipedia.org/wiki/Nice_C%C3%B4te_d%27Azur_Airport\t\t\t\t",
    "5713800\t6299418\tfr\tAéroport de Nice Côte d'Azur\t\t\t\t",
    "7717894\t6299418\ten\tNice Airport\t\t1\t\t",
]
README = "Readme for GeoNames Gazetteer extract files\n\nThe main 'geoname' table has the following fields :\n"


def text(rows: list[str]) -> bytes:
    return "".join(r + "\n" for r in rows).encode("utf-8")


def zipped(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


@pytest.fixture
def ge_zip(tmp_path) -> Path:
    return zipped(tmp_path / "GE.zip", {"GE.txt": text(GE_ROWS), "readme.txt": README.encode()})


def read(store: Path) -> gpd.GeoDataFrame:
    return gpd.read_parquet(store / "records.parquet").set_index("id", drop=False)


def test_country_zip(ge_zip, tmp_path):
    result = build_store(ge_zip, tmp_path / "store", with_bundled=False, progress=False)
    assert (result.records, result.added, result.skipped) == (3, 3, 0)
    rec = read(tmp_path / "store")
    assert list(rec.columns) == COLUMNS and rec.crs.to_epsg() == 4326
    assert list(rec["id"]) == ["geonames:611717", "geonames:612366", "geonames:614455"]
    poti = rec.loc["geonames:612366"]
    assert poti["name"] == "Poti" and list(poti["names"]) == ["Poti", "P’ot’i"]
    assert (poti.geometry.x, poti.geometry.y) == (41.67384, 42.14272)
    assert (poti["kind"], poti["subkind"], poti["country"], poti["population"]) == ("place", "PPL", "GE", 41498)
    assert (poti["geonameid"], poti["lon"], poti["lat"]) == (612366, 41.67384, 42.14272)
    # Same town radius as the bundled build: Poti 2.1 km, Gori 2.2 km, Tbilisi 10.6 km.
    assert rec["accuracy_m"].to_dict() == {
        "geonames:611717": 10600.0, "geonames:612366": 2100.0, "geonames:614455": 2200.0}
    assert set(rec["source"]) == {"GeoNames GE.zip (CC BY 4.0)"}
    tbilisi = list(rec.loc["geonames:611717", "names"])
    assert rec.loc["geonames:611717", "subkind"] == "PPLC"
    assert {"Tbilisi", "Tiflis", "Tbilissi"} <= set(tbilisi)
    assert "Tíflis" not in tbilisi  # same match key as Tiflis (accents folded)
    # Machine romanisations (lower case), non-Latin scripts and codes are left out.
    assert not {"tbilisi", "Тбилиси", "TBS", "karti"} & set(tbilisi)


def test_store_works_with_the_gazetteer(ge_zip, tmp_path):
    build_store(ge_zip, tmp_path / "store", with_bundled=False, progress=False)
    gaz = Gazetteer(read(tmp_path / "store"), _store.demonyms(), frozenset())
    found = gaz.find("Shelling near Gori; ships left Poti for Tiflis.", Context(countries=("GE",)))
    assert [(r.name, r.record_id) for r in found] == [
        ("Gori", "geonames:614455"), ("Poti", "geonames:612366"), ("Tbilisi", "geonames:611717")]


def test_feature_classes_from_bare_txt(tmp_path):
    dump = tmp_path / "AD.txt"
    dump.write_bytes(text([*AD_ROWS, GHANA, NICE_AIRPORT]))
    build_store(dump, tmp_path / "store", with_bundled=False, progress=False)
    rec = read(tmp_path / "store")
    got = {i: (r.name, r.kind, r.subkind, r.accuracy_m) for i, r in zip(rec["id"], rec.itertuples())}
    assert got == {
        "geonames:2994701": ("Roc Mele", "feature", "mountain", 1000.0),
        "geonames:3017833": ("Estany de les Abelletes", "feature", "lake", 2000.0),
        "geonames:3023203": ("Port Vieux de la Coume d'Ose", "feature", "pass", 1000.0),
        "geonames:3038817": ("Xixerella", "region", "ADMD", 10000.0),
        "geonames:3038818": ("Riu Xic", "feature", "river", 10000.0),
        "geonames:3038830": ("Bosc de Villar", "feature", "FRST", 5000.0),
        "geonames:2300660": ("Republic of Ghana", "country", "admin0", 100000.0),
        "geonames:6299418": ("Nice Cote d'Azur International Airport", "asset", "airport", 2000.0),
    }
    assert list(rec.loc["geonames:2994701", "names"]) == ["Roc Mele", "Roc Meler"]
    assert {"Ghana", "Gold Coast"} <= set(rec.loc["geonames:2300660", "names"])
    assert rec.loc["geonames:2300660", "population"] == 29767108
    ghana = rec.loc["geonames:2300660"].geometry
    assert (ghana.x, ghana.y) == (-1.2, 8.1)


def test_feature_class_filter(tmp_path, capsys):
    dump = tmp_path / "AD.txt"
    dump.write_bytes(text([*AD_ROWS, GHANA, NICE_AIRPORT]))
    result = build_store(dump, tmp_path / "store", with_bundled=False, feature_classes="ta", progress=True)
    assert result.added == 4
    # Mountains and passes (T), the parish and the country (A); no lake, stream, forest or airport.
    assert sorted(read(tmp_path / "store")["id"]) == [
        "geonames:2300660", "geonames:2994701", "geonames:3023203", "geonames:3038817"]
    assert "GeoNames AD.txt" in capsys.readouterr().err  # the progress bar, on stderr


@pytest.mark.parametrize("columns", [10, 8])
def test_alternate_names_file(tmp_path, columns):
    dump = zipped(tmp_path / "FR.zip", {"FR.txt": text([NICE_AIRPORT]), "readme.txt": README.encode()})
    rows = [r + "\t\t" if columns == 10 else r for r in NICE_ALTERNATES]
    alternates = zipped(tmp_path / "alternateNamesV2.zip", {
        "alternateNamesV2.txt": text(rows), "iso-languagecodes.txt": b"ISO 639-3\tISO 639-2\n"})
    build_store(dump, tmp_path / "store", alternate_names=alternates, with_bundled=False, progress=False)
    names = list(read(tmp_path / "store").loc["geonames:6299418", "names"])
    # English names only: no ICAO/IATA codes, no links, no German/Spanish/French names.
    assert names == ["Nice Cote d'Azur International Airport", "Nice Airport"]
    build_store(dump, tmp_path / "plain", with_bundled=False, progress=False)
    assert "Flughafen Nizza" in read(tmp_path / "plain").loc["geonames:6299418", "names"]


def test_abbreviations_keep_short_forms():
    assert _alternate_ok("abbr", "UK") and _alternate_ok("abbr", "D.C.")
    assert not _alternate_ok("", "UK") and not _alternate_ok("", "tbilisi")
    assert _alternate_ok("en", "Washington, D.C.")


def test_adds_to_the_bundled_store(tmp_path):
    dump = zipped(tmp_path / "GE.zip", {"GE.txt": text([*GE_ROWS, *AD_ROWS, GHANA]), "readme.txt": README.encode()})
    result = build_store(dump, tmp_path / "store", progress=False)
    bundled = _store.records()
    # Poti, Gori and Tbilisi are bundled (same ids); Ghana is the bundled NE country (its geonameid column).
    assert (result.added, result.skipped) == (len(AD_ROWS), 4)
    rec = read(tmp_path / "store")
    assert len(rec) == result.records == len(bundled) + len(AD_ROWS)
    assert rec["id"].is_unique
    assert rec.loc["ne:admin0:GEO"].geometry.equals(bundled.set_index("id").loc["ne:admin0:GEO"].geometry)
    assert rec.loc["geonames:3038818", "subkind"] == "river"
    # Ghana keeps its polygon but stands at the dump's own point for it (the bundled
    # store's GeoNames point for it is the same), and its source names the dump alone.
    ghana, before = rec.loc["ne:admin0:GHA"], bundled.set_index("id").loc["ne:admin0:GHA"]
    assert (ghana["lon"], ghana["lat"]) == (-1.2, 8.1)
    assert ghana.geometry.equals(before.geometry)
    assert ghana["source"].endswith("; point: GeoNames 2300660 from GE.zip") and ghana["source"].count("point:") == 1
    words = set((tmp_path / "store/common_words.txt").read_text(encoding="utf-8").split())
    assert _store.common_words() <= words


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("GE.zip", b"Tbilisi\t41.69411\t44.83368\n", "GE.zip: not a zip archive"),
        ("GE.txt", b"611717\tTbilisi\t41.69411\t44.83368\tP\n", "a line has 5 tab-separated columns, not 19"),
        ("GE.txt", text([GE_ROWS[1].replace("42.14272", "north")]), "bad geonameid or coordinates"),
        ("GE.txt", b"", "not a GeoNames file"),
        ("GE.txt", text([GE_ROWS[1], GE_ROWS[1]]), "geonameid 612366 occurs more than once"),
    ],
)
def test_bad_input_is_one_line_and_leaves_the_store(tmp_path, name, data, message):
    store = tmp_path / "store"
    build_store(zipped(tmp_path / "GE.zip", {"GE.txt": text(GE_ROWS)}), store, with_bundled=False, progress=False)
    before = (store / "records.parquet").read_bytes()
    bad = tmp_path / "bad" / name
    bad.parent.mkdir()
    bad.write_bytes(data)
    with pytest.raises(GeonamesDumpError, match=message) as err:
        build_store(bad, store, with_bundled=False, progress=False)
    assert "\n" not in str(err.value)
    assert (store / "records.parquet").read_bytes() == before
    assert sorted(p.name for p in store.iterdir()) == ["common_words.txt", "records.parquet"]


def test_zip_without_one_data_file(tmp_path):
    archive = zipped(tmp_path / "dump.zip", {"readme.txt": README.encode(), "a.txt": b"", "b.txt": b""})
    with pytest.raises(GeonamesDumpError, match="expected one GeoNames .txt file inside, found 2"):
        build_store(archive, tmp_path / "store", with_bundled=False, progress=False)


def test_cli_build_and_error(ge_zip, tmp_path, capsys):
    from geo.cli.main import main

    main(["gazetteer", "build", "--geonames", str(ge_zip), "-o", str(tmp_path / "s"), "--no-bundled", "--quiet"])
    assert f"CABLEMAP_STORE={tmp_path / 's'}" in capsys.readouterr().err
    assert len(read(tmp_path / "s")) == 3
    bad = tmp_path / "x.zip"
    bad.write_text("not a zip")
    with pytest.raises(SystemExit) as end:
        main(["gazetteer", "build", "--geonames", str(bad), "-o", str(tmp_path / "s"), "--quiet"])
    assert end.value.code == 2
    assert capsys.readouterr().err == "cablemap: x.zip: not a zip archive\n"
    with pytest.raises(SystemExit) as end:
        main(["gazetteer", "build", "--geonames", str(ge_zip), "--feature-classes", "PX", "-o", str(tmp_path / "s")])
    assert end.value.code == 2
    assert "GeoNames classes are A H L P R S T U V" in capsys.readouterr().err


def test_the_dump_is_read_only_by_the_calling_thread(tmp_path, monkeypatch):
    """No Arrow I/O thread may call into Python: one still doing so when the interpreter exits aborts it."""
    import threading

    import gazetteer.geonames_dump as dump

    readers: set[int] = set()
    counting = dump._Counting.readinto

    def readinto(self, buffer):
        readers.add(threading.get_ident())
        return counting(self, buffer)

    monkeypatch.setattr(dump, "_BLOCK", 1 << 16)  # many blocks from a small real file
    monkeypatch.setattr(dump._Counting, "readinto", readinto)
    rows = text(GE_ROWS) + b"".join(
        text([GE_ROWS[1].replace("612366", str(900000 + i), 1)]) for i in range(2000))
    good = tmp_path / "GE.txt"
    good.write_bytes(rows)
    result = build_store(good, tmp_path / "store", with_bundled=False, progress=False)
    assert result.added == len(GE_ROWS) + 2000
    bad = tmp_path / "zeros.txt"
    bad.write_bytes(b"\0" * (1 << 20))
    with pytest.raises(GeonamesDumpError, match="a line is longer than"):
        build_store(bad, tmp_path / "store", with_bundled=False, progress=False)
    assert readers == {threading.get_ident()}


def test_fifty_megabytes_of_zeros_is_one_line_and_exit_2(tmp_path):
    import subprocess
    import sys

    zeros = tmp_path / "allCountries.txt"
    with zeros.open("wb") as f:
        f.truncate(50 * 10**6)
    proc = subprocess.run(
        [sys.executable, "-c", "from geo.cli.main import main; main()", "gazetteer", "build", "--geonames", str(zeros),
         "-o", str(tmp_path / "store"), "--no-bundled"],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert proc.returncode == 2, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.startswith("cablemap:") or "terminate" in line]
    assert lines == ["cablemap: allCountries.txt: not a GeoNames file: a line is longer than 16 MB"]
    assert not (tmp_path / "store" / "records.parquet").exists()


def test_store_option_reads_the_built_store_without_touching_the_environment(ge_zip, tmp_path, capsys, monkeypatch):
    from geo.cli.main import main

    monkeypatch.delenv("CABLEMAP_STORE", raising=False)
    monkeypatch.setenv("CABLEMAP_CACHE", str(tmp_path / "cache"))
    main(["gazetteer", "build", "--geonames", str(ge_zip), "-o", str(tmp_path / "s"), "--no-bundled", "--quiet"])
    capsys.readouterr()
    cable = tmp_path / "c.txt"
    cable.write_text("UNCLAS TBILISI 000001\n\nSUBJECT: PORTS\n\n1. Ships called at Poti and Batumi.\n")
    main(["--store", str(tmp_path / "s"), "places", "--format", "csv", str(cable)])
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {(row["name"], row["source"]) for row in rows} == {("Poti", "geonames:612366")}  # no Batumi here
    assert "CABLEMAP_STORE" not in os.environ
