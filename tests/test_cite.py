"""Cite and reuse: BibTeX and CSL-JSON from data/sources.yaml, the tables' data package, CITATION.cff."""

from __future__ import annotations

import json
import shutil
import subprocess
import tomllib

import pandas as pd
import pytest

from civcomm.data import cache
from civcomm.data.modelcheck import ref_source
from civcomm.data.project import Project
from civcomm.output import bibentry, citation
from civcomm.output import tables as export
from civcomm.runner import bundle, datapackage

from .conftest import ROOT, civcomm

CSL_TYPES = {"article-journal", "book", "chapter", "document", "legislation", "report", "speech", "thesis", "webpage"}
CFFCONVERT = ROOT / ".venv" / "cffconvert" / "bin" / "cffconvert"


@pytest.fixture(scope="module")
def sources():
    cache.clear_cache()
    return Project.load().sources


@pytest.fixture(scope="module")
def items(sources):
    return citation.build_items(sources)


# --------------------------------------------------------------------------- parsing, checked by hand


def test_journal_article(sources):
    p = bibentry.parse_entry(sources["bertot_2010"].entry)
    assert p.type == "article-journal"
    assert [(n.family, n.given) for n in p.authors] == [("Bertot", "J.C."), ("Jaeger", "P.T."), ("Grimes", "J.M.")]
    assert p.title.startswith("Using ICTs to create a culture of transparency: E-government")
    assert (p.container, p.year, p.volume, p.issue, p.pages) == ("Government Information Quarterly", 2010, "27", "",
                                                                "264-271")
    k = bibentry.parse_entry(sources["kim_2016"].entry)
    assert (k.container, k.volume, k.issue, k.pages) == ("Korean Journal of Communication Studies", "45", "2", "73-88")


def test_et_al_and_a_year_after_the_authors(sources):
    t = bibentry.parse_entry(sources["tessema_2007"].entry)
    assert [n.family for n in t.authors] == ["Tessema"] and t.others
    b = bibentry.parse_entry(sources["bokayev_2024b"].entry)  # "Balmanova A. (2024b). Multichannel ..."
    assert [n.family for n in b.authors] == ["Bokayev", "Zhanzhigitova", "Balmanova"] and not b.others
    assert b.title.startswith("Multichannel communication") and b.year == 2024 and b.container == "Public Policy and Administration"


def test_chapter_and_books(sources):
    c = bibentry.parse_entry(sources["perry_hondeghem_2008"].entry)
    assert (c.type, c.title, c.container, c.place, c.year, c.pages) == (
        "chapter", "Editors’ Introduction", "Motivation in Public Management: The Call of Public Service", "NY", 2008, "1-14")
    r = bibentry.parse_entry(sources["rainey_2014"].entry)
    assert (r.type, r.edition, r.place, r.publisher, r.year, r.page_count) == (
        "book", "5", "Hoboken", "Jossey-Bass", 2014, "592")
    o = bibentry.parse_entry(sources["oecd_kz_scan_2025"].entry)  # a body as author, no publisher printed
    assert (o.type, [n.literal for n in o.authors], o.place, o.publisher, o.year, o.page_count) == (
        "book", ["OECD"], "Paris", "", 2025, "164")


def test_russian_compilers(sources):
    m = bibentry.parse_entry(sources["mazhitova_ashkenova_2023"].entry)  # "... / сост. А. Мажитова, Г. Ашкенова. – Астана, 2023. – 92 с."
    assert [(n.family, n.given) for n in m.compilers] == [("Мажитова", "А."), ("Ашкенова", "Г.")]
    assert not m.authors and (m.place, m.year, m.page_count) == ("Астана", 2023, "92")


def test_web_pages_urls_and_access_dates(sources):
    w = bibentry.parse_entry(sources["opm_executive_leadership_2020"].entry)
    assert (w.type, w.title, [n.literal for n in w.authors], w.year, w.url, w.accessed) == (
        "webpage", "Executive Leadership Program", ["U.S. Office of Personnel Management"], 2020, "https://www.opm.gov/",
        (2024, 11, 10))
    d = bibentry.parse_entry(sources["dta_design_system_2022"].entry)  # "... (2022) // URL. 02.2024."
    assert (d.title, d.year, d.accessed) == ("Digital Transformation Agency Australian Government Design System", 2022, (2024, 2))
    a = bibentry.parse_entry(sources["delivering_for_australians"].entry)  # printed with a space inside the URL
    assert a.url == "https://www.pmc.gov.au/resource-centre/government/delivering-australians" and a.year is None
    e = bibentry.parse_entry(sources["opm_ecq"].entry)  # no '//' before the URL
    assert e.title == "Executive Core Qualifications" and e.url.endswith("/executive-core-qualifications/")


def test_worded_access_dates_and_unreadable_entries():
    ru = bibentry.parse_entry("NIFO Factsheet Norway [Электронный ресурс]. URL: https://example.org/nifo (дата обращения 10.04.2024)")
    assert ru.url == "https://example.org/nifo" and ru.accessed == (2024, 4, 10)
    en = bibentry.parse_entry("Some Page // https://example.org/p (accessed 3 March 2024).")
    assert en.url == "https://example.org/p" and en.accessed == (2024, 3, 3) and en.title == "Some Page"
    odd = bibentry.parse_entry("Smith J. Something odd ;; printed – in a way – nobody uses")
    assert odd.type == "document" and not odd.title and not odd.year and not odd.container  # less, never wrong
    half = bibentry.parse_entry("Smith J. A title // Some Journal. – 2020. – Vol. 3. – an area nobody prints.")
    assert half.type == "document" and (half.container, half.year, half.volume) == ("", None, "")  # all or nothing


def test_legal_acts_agree_with_data_kz_law(sources):
    """The parse of each act's printed entry against the act's own file (dated and numbered by hand)."""
    acts = Project.load().all("kz_act")
    checked = 0
    for act in acts:
        for ref in act.act_sources:
            p = bibentry.parse_entry(sources[ref_source(ref)].entry)
            if p.type != "legislation":
                continue
            assert (p.date, p.number, p.genre, p.title) == (
                (act.date.year, act.date.month, act.date.day), act.number, act.form_kk, act.title.kk), act.act
            checked += 1
    assert checked >= 10
    s = bibentry.parse_entry(sources["kz_strategy_2050"].entry)
    assert s.type == "speech" and [(n.family, n.given) for n in s.authors] == [("Назарбаев", "Н.Ә.")]


def test_every_parse_agrees_with_the_curated_fields(sources):
    """Title, authors, year and URL in data/sources.yaml were entered by hand: the parser must agree."""
    problems = []
    for sid, src in sources.items():
        if not src.entry:
            continue
        p = bibentry.parse_entry(src.entry)
        if p.year != src.year:
            problems.append(f"{sid}: year {p.year} != {src.year}")
        if (p.url or None) != src.url:
            problems.append(f"{sid}: url {p.url} != {src.url}")
        if src.title in src.entry and p.title != src.title:
            problems.append(f"{sid}: title {p.title!r} != {src.title!r}")
        names = [n.literal or (f"{n.given} {n.family}" if src.entry.find(n.given) < src.entry.find(n.family)
                                else f"{n.family} {n.given}") for n in p.authors + p.compilers]
        curated = [a.removesuffix(bibentry.ET_AL) for a in src.authors]
        if src.authors and names != curated:
            problems.append(f"{sid}: authors {names} != {curated}")
    assert not problems, "\n".join(problems)


def test_names():
    assert bibentry.parse_name("Балманова Асель Аманбековна") == bibentry.Name("Балманова", "Асель Аманбековна")
    assert bibentry.parse_name("Айгүл Болотова") == bibentry.Name(literal="Айгүл Болотова")  # order unknown: kept whole
    assert bibentry.parse_name("Бокаев Б. Н.") == bibentry.Name("Бокаев", "Б. Н.")
    assert bibentry.parse_name("Қ.-Ж. Тоқаев") == bibentry.Name("Тоқаев", "Қ.-Ж.")


# --------------------------------------------------------------------------- BibTeX and CSL-JSON read back


def test_bibtex_round_trip(items, sources):
    import bibtexparser
    from bibtexparser.middlewares import LatexDecodingMiddleware

    text = citation.bibtex(items)
    assert text == citation.bibtex(citation.build_items(sources))  # same inputs, same bytes
    lib = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])
    assert not lib.failed_blocks
    entries = {e.key: e for e in lib.entries}
    assert set(entries) == set(sources)
    assert all(e["note"] == sources[k].entry for k, e in entries.items() if sources[k].entry)  # verbatim
    b = entries["bertot_2010"]
    assert (b.entry_type, b["journal"], b["volume"], b["pages"], b["year"]) == (
        "article", "Government Information Quarterly", "27", "264–271", "2010")  # "--" typesets as an en dash
    assert b["author"] == "Bertot, J.C. and Jaeger, P.T. and Grimes, J.M."
    assert b["title"].startswith("Using ICTs to create")  # {ICTs} protected in the file, plain once decoded
    assert "{ICTs}" in text
    assert entries["tessema_2007"]["author"] == "Tessema, M.T. and others"
    assert entries["opm_leadership_dev"]["title"] == "Leadership & Executive Development"
    law = entries["kz_law_416_v"]
    assert (law.entry_type, law["date"], law["number"], law["type"], law["urldate"]) == (
        "misc", "2015-11-23", "416-V ҚРЗ", "Қазақстан Республикасының Заңы", "2025-05-10")
    d = entries["diss_kz"]
    assert (d.entry_type, d["author"], d["year"], d["address"]) == ("phdthesis", "Балманова, Асель Аманбековна", "2025", "Астана")
    assert d["school"] == sources["diss_kz"].publisher
    assert entries["mazhitova_ashkenova_2023"]["editor"] == "Мажитова, А. and Ашкенова, Г."


def test_csl_json_round_trip(items, sources):
    data = json.loads(citation.csl_json(items))
    assert [i["id"] for i in data] == sorted(sources)
    for item in data:
        assert all(isinstance(item.get(k), str) and item[k] for k in citation.CSL_REQUIRED), item["id"]
        assert item["type"] in CSL_TYPES
        for key in ("issued", "accessed"):
            if key in item:
                parts = item[key]["date-parts"]
                assert len(parts) == 1 and 1 <= len(parts[0]) <= 3 and all(isinstance(x, int) for x in parts[0])
        for name in item.get("author", []) + item.get("compiler", []):
            assert set(name) in ({"family", "given"}, {"family"}, {"literal"}), item["id"]
    by_id = {i["id"]: i for i in data}
    assert by_id["kim_2016"]["container-title"] == "Korean Journal of Communication Studies"
    assert by_id["kim_2016"]["page"] == "73-88" and by_id["kim_2016"]["issued"] == {"date-parts": [[2016]]}
    assert by_id["kz_decree_602"]["issued"] == {"date-parts": [[2024, 7, 17]]}
    assert by_id["kz_decree_602"]["type"] == "legislation" and by_id["kz_decree_602"]["number"] == "602"
    assert by_id["comm_abroad_article"]["DOI"] == "10.48081/HAKS4286"
    assert by_id["usds_playbook_2019"]["accessed"] == {"date-parts": [[2024, 11, 10]]}
    assert by_id["public_speaking_academy"]["note"] == sources["public_speaking_academy"].entry


# --------------------------------------------------------------------------- the data package


def test_datapackage_of_a_small_bundle_validates(tmp_path, fixture_data):
    from frictionless import Package

    out = tmp_path / "outputs"
    df = pd.DataFrame({"order": [1, 2], "country_code": ["AAA", "BBB"], "country": ["Ааа", "Ббб"],
                       "approach": ["x", "y, \"quoted\""], "refs": [["fixture_seed#l.1"], ["fixture_bib#[7]"]]})
    export.write_table(df, "table2", lang="kk", formats=("csv", "xlsx"), out_dir=out / "tables")
    odd = pd.DataFrame({"is_gap": [True, False], "share_pct": [1.5, None], "date": ["2015-11-23", None],
                        "mystery": ["a", "b"]})
    export.write_table(odd, "unknown_table", out_dir=out / "tables")
    bundle.write_citation_files(out)
    package = json.loads((out / datapackage.PACKAGE_NAME).read_text(encoding="utf-8"))
    assert [r["path"] for r in package["resources"]] == ["tables/table2.kk.csv", "tables/unknown_table.csv"]
    t2, unknown = package["resources"]
    assert t2["languages"] == ["kk"] and "languages" not in unknown
    assert [s["id"] for s in t2["sources"]] == ["fixture_bib", "fixture_seed"]
    assert {f["name"]: f["type"] for f in t2["schema"]["fields"]}["order"] == "integer"
    assert {f["name"]: f["type"] for f in unknown["schema"]["fields"]} == {
        "is_gap": "boolean", "share_pct": "number", "date": "date", "mystery": "string"}
    assert "description" not in unknown["schema"]["fields"][3]  # nothing invented for an unknown column
    report = Package(str(out / datapackage.PACKAGE_NAME)).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    # a table changed after the package was written no longer matches its hash: frictionless notices
    (out / "tables" / "table2.kk.csv").write_bytes((out / "tables" / "table2.kk.csv").read_bytes() + b"3,CCC,c,z,\n")
    assert not Package(str(out / datapackage.PACKAGE_NAME)).validate().valid
    first = (out / datapackage.PACKAGE_NAME).read_bytes()
    bundle.write_citation_files(out)
    bundle.write_citation_files(out)
    assert (out / datapackage.PACKAGE_NAME).read_bytes() != first  # rewritten from the tables as they are now ...
    again = (out / datapackage.PACKAGE_NAME).read_bytes()
    bundle.write_citation_files(out)
    assert (out / datapackage.PACKAGE_NAME).read_bytes() == again  # ... and byte-identical when nothing changed


def test_column_descriptions_cover_columns_not_in_todays_outputs():
    from civcomm.analysis import lawcoding

    # the automatic-coding export appears only once official texts are in data/kz_law/texts/
    segments = lawcoding.code_provisions(pd.DataFrame())
    assert all(datapackage.describe_column("kz_law_auto_segments", c, "kk") for c in segments.columns)
    assert "totals" in datapackage.describe_column("country_competence_matrix", "Барлығы", "kk")
    assert datapackage.describe_column("competence_country_emphasis", "SGP", "kk").startswith("SGP: number")
    assert datapackage.describe_column("table5", "level", "kk") == "job level as printed"
    assert datapackage.column_title("table5", "level", "kk") == "Жұмыс деңгейі"
    assert datapackage.column_title("table5", "row_id", "kk") == ""  # a machine column has no reader's header
    assert "abroad" in datapackage.describe_column("kz_law_gaps", "n_countries", "en")
    assert datapackage.describe_column("no_such_table", "refs", "en").startswith("sources")


def test_index_links_the_three_files(tmp_outputs, fixture_data):
    bundle.write_citation_files(tmp_outputs)
    index = bundle.write_index({"reports": {}})[0].read_text(encoding="utf-8")
    for name in (citation.BIB_NAME, citation.CSL_NAME, datapackage.PACKAGE_NAME):
        assert f'href="{name}"' in index


def test_cli_cite_writes_the_files_and_rejects_bad_sources(tmp_path, fixture_copy):
    out = tmp_path / "out"
    ok = civcomm("cite", "--out", str(out), env={"CIVCOMM_DATA": str(fixture_copy)})
    assert ok.returncode == 0, ok.stderr
    assert "@misc{fixture_bib," in (out / citation.BIB_NAME).read_text(encoding="utf-8")
    src = fixture_copy / "sources.yaml"
    src.write_text(src.read_text(encoding="utf-8").replace("    kind: bibliography", "    kind: bibliografy"),
                   encoding="utf-8")
    bad = civcomm("cite", "--out", str(tmp_path / "bad"), env={"CIVCOMM_DATA": str(fixture_copy)})
    assert bad.returncode == 2
    assert "sources.yaml:" in bad.stderr and "kind" in bad.stderr and "Traceback" not in bad.stderr
    assert not (tmp_path / "bad").exists()


# --------------------------------------------------------------------------- CITATION.cff


def _cff() -> dict:
    from ruamel.yaml import YAML

    return YAML(typ="safe").load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def test_citation_cff_names_the_dissertation_as_data_sources_records_it(sources):
    cff = _cff()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert cff["version"] == project["version"] and cff["license"] == project["license"]["text"]
    assert cff["license"] == datapackage.LICENSE["name"]
    (ref,) = [r for r in cff["references"] if r["type"] == "thesis"]
    diss = sources["diss_kz"]
    assert ref["title"] == diss.title and ref["year"] == diss.year
    assert [f"{a['family-names']} {a['given-names']}" for a in ref["authors"]] == diss.authors
    assert ref["institution"] == {"name": diss.publisher, "city": diss.place}


def test_cffconvert_validates_citation_cff(tmp_path):
    if not CFFCONVERT.exists():
        pytest.fail(f"{CFFCONVERT} missing: run `make test` (its install step creates .venv/cffconvert)")
    ok = subprocess.run([str(CFFCONVERT), "--validate", "-i", str(ROOT / "CITATION.cff")], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    broken = tmp_path / "CITATION.cff"
    shutil.copy(ROOT / "CITATION.cff", broken)
    broken.write_text(broken.read_text(encoding="utf-8").replace("type: thesis", "type: dissertation"), encoding="utf-8")
    bad = subprocess.run([str(CFFCONVERT), "--validate", "-i", str(broken)], capture_output=True, text=True)
    assert bad.returncode != 0  # the validator is not a no-op


# --------------------------------------------------------------------------- the real bundle (slow)


@pytest.mark.slow
def test_regenerated_bundle_has_a_valid_data_package(regenerated):
    from frictionless import Package

    package = json.loads((regenerated / datapackage.PACKAGE_NAME).read_text(encoding="utf-8"))
    csvs = sorted(p.relative_to(regenerated).as_posix() for p in (regenerated / "tables").glob("*.csv"))
    assert [r["path"] for r in package["resources"]] == csvs and len(csvs) > 50
    undescribed = [(r["name"], f["name"]) for r in package["resources"] for f in r["schema"]["fields"]
                   if not f.get("description")]
    assert not undescribed, f"describe these columns in civcomm.present.specs: {undescribed}"
    assert all(r["title"] and r["description"] and r["sources"] for r in package["resources"])
    report = Package(str(regenerated / datapackage.PACKAGE_NAME)).validate()
    assert report.valid, report.flatten(["resourcePath", "rowNumber", "fieldName", "type", "note"])[:20]
    cli = subprocess.run([str(ROOT / ".venv" / "bin" / "frictionless"), "validate", datapackage.PACKAGE_NAME],
                         cwd=regenerated, capture_output=True, text=True)
    assert cli.returncode == 0, cli.stdout[-3000:]
    sources = Project.load().sources
    bib = (regenerated / citation.BIB_NAME).read_text(encoding="utf-8")
    assert all(f"{{{sid}," in bib for sid in sources)
    assert {i["id"] for i in json.loads((regenerated / citation.CSL_NAME).read_text(encoding="utf-8"))} == set(sources)
    index = (regenerated / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{n}"' in index for n in (citation.BIB_NAME, citation.CSL_NAME, datapackage.PACKAGE_NAME))
