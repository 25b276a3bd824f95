"""Every run in notebooks/runs.yaml executes headless; reports are offline and complete (slow)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from civcomm.runner import bundle
from civcomm.runner import plan as run

from .conftest import FIXTURE_DATA, LAW_416, OFFICIAL_TEXTS, ROOT, civcomm, needs_official_texts

pytestmark = pytest.mark.slow


# what each notebook is written to draw (a figure that silently vanishes fails here)
MIN_FIGURES = {"01_compare_countries": 1, "02_show_legal_framework": 1, "04_code_legal_texts": 1,
               "05_survey_figures": 7, "06_map_stakeholders": 3}
if (OFFICIAL_TEXTS / f"{LAW_416}.kk.txt").is_file():
    MIN_FIGURES["07_read_official_law"] = 2  # amendments by year and by chapter


def reports(out: Path) -> list[Path]:
    return sorted((out / "reports").glob("*.html"))


def test_every_run_in_runs_yaml_produced_a_report(regenerated):
    expected = {r.report_id for r in run.select_runs(run.load_runs(), [], {})}
    assert {p.stem for p in reports(regenerated)} == expected
    pages = {lang: (regenerated / page).read_text(encoding="utf-8") for lang, page in bundle.INDEX_PAGES.items()}
    for rid in expected:  # each report in the catalog of its language
        assert f'href="reports/{rid}.html"' in pages[rid.rsplit("lang-", 1)[-1]], rid


def test_reports_are_offline_and_draw_every_figure(regenerated):
    assert (regenerated / "assets" / "plotly.min.js").stat().st_size > 1_000_000
    for path in reports(regenerated):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"<script[^>]+src=[\"']https?:", text), path.name
        assert text.count('src="../assets/plotly.min.js"') == 1
        divs = [re.search(r'id="([^"]+)"', tag).group(1)
                for tag in re.findall(r'<div[^>]*class="plotly-graph-div"[^>]*>', text)]
        stem = path.stem.split(".")[0]
        assert len(divs) >= MIN_FIGURES.get(stem, 0), f"{path.name}: {len(divs)} figure(s)"
        assert len(divs) == text.count("Plotly.newPlot("), path.name
        assert "civcomm-provenance" in text and "sha256" in text
        assert "ModuleNotFoundError" not in text and "Traceback" not in text


def test_table2_report_languages(regenerated):
    kk = (regenerated / "reports" / "01_compare_countries.lang-kk.html").read_text(encoding="utf-8")
    en = (regenerated / "reports" / "01_compare_countries.lang-en.html").read_text(encoding="utf-8")
    assert "Кесте 2 – Мемлекеттік қызметшілердің" in kk
    assert "Table 2 – Comparative analysis" in en
    for lang in ("kk", "ru", "en"):
        for name in ("table2", "country_competence_matrix"):
            assert (regenerated / "tables" / f"{name}.{lang}.csv").exists()
            assert (regenerated / "tables" / f"{name}.{lang}.xlsx").exists()


def test_second_run_skips_and_changes_no_table_byte(regenerated):
    before = {p.name: p.read_bytes() for p in (regenerated / "tables").iterdir()}
    r = civcomm("run", env={"CIVCOMM_OUTPUTS": str(regenerated)})
    assert r.returncode == 0, r.stderr
    assert "0 ran" in r.stderr and "0 failed" in r.stderr
    forced = civcomm("run", "--force", "01", "-p", "lang=kk", env={"CIVCOMM_OUTPUTS": str(regenerated)})
    assert forced.returncode == 0, forced.stderr
    after = {p.name: p.read_bytes() for p in (regenerated / "tables").iterdir()}
    assert before == after


@pytest.fixture
def tmp_project(tmp_path) -> Path:
    root = tmp_path / "proj"
    (root / "notebooks").mkdir(parents=True)
    shutil.copy(ROOT / "tests" / "fixtures" / "notebooks" / "90_fixture.py", root / "notebooks")
    (root / "notebooks" / "runs.yaml").write_text("runs:\n  - notebook: 90_fixture.py\n    reads: [country, diss_table]\n    parameters: {lang: en}\n")
    return root


def test_failed_notebook_keeps_last_good_report(tmp_project):
    env = {"CIVCOMM_ROOT": str(tmp_project), "CIVCOMM_DATA": str(FIXTURE_DATA),
           "CIVCOMM_OUTPUTS": str(tmp_project / "outputs")}
    ok = civcomm("run", env=env)
    assert ok.returncode == 0, ok.stderr
    report = tmp_project / "outputs" / "reports" / "90_fixture.lang-en.html"
    good = report.read_bytes()
    nb = tmp_project / "notebooks" / "90_fixture.py"
    nb.write_text(nb.read_text().replace('report.show_table(table2, "fixture table")',
                                         'raise RuntimeError("deliberate failure")'))
    bad = civcomm("run", env=env)
    assert bad.returncode == 1
    failed = tmp_project / "outputs" / "failed" / "90_fixture.lang-en.ipynb"
    assert "deliberate failure" in bad.stderr and str(failed) in bad.stderr
    assert failed.exists()
    assert report.read_bytes() == good
    assert not list((tmp_project / "outputs").rglob("*.tmp"))


def test_changed_country_file_reruns_only_the_reports_that_read_it(tmp_path, fixture_copy):
    root = tmp_path / "proj"
    (root / "notebooks").mkdir(parents=True)
    for name in ("90_fixture.py", "91_fixture_codebook.py"):
        shutil.copy(ROOT / "tests" / "fixtures" / "notebooks" / name, root / "notebooks")
    (root / "notebooks" / "runs.yaml").write_text(
        "runs:\n  - notebook: 90_fixture.py\n    reads: [country, diss_table]\n  - notebook: 91_fixture_codebook.py\n")
    env = {"CIVCOMM_ROOT": str(root), "CIVCOMM_DATA": str(fixture_copy), "CIVCOMM_OUTPUTS": str(root / "outputs")}
    first = civcomm("run", "-j", "2", env=env)
    assert first.returncode == 0, first.stderr
    assert "2 ran, 0 skipped" in first.stderr
    aaa = fixture_copy / "countries" / "aaa.yaml"
    aaa.write_text(aaa.read_text(encoding="utf-8").replace("Attention to openness.", "Attention to openness!"),
                   encoding="utf-8")
    second = civcomm("run", env=env)
    assert second.returncode == 0, second.stderr
    assert "1 ran, 1 skipped" in second.stderr
    ran = [line for line in second.stderr.splitlines() if " ran " in line and "fixture" in line]
    assert len(ran) == 1 and "90_fixture" in ran[0] and "91_fixture" not in ran[0], second.stderr
    third = civcomm("run", env=env)
    assert "0 ran, 2 skipped" in third.stderr


@needs_official_texts
def test_civcomm_parse_and_the_report_of_the_law_agree(regenerated, tmp_path):
    import pandas as pd

    r = civcomm("parse", "z1500000416", "--out", str(tmp_path))
    assert r.returncode == 0, r.stderr
    aligned = pd.read_csv(tmp_path / "z1500000416.aligned.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    per_act = pd.read_csv(tmp_path / "z1500000416.amending_acts.csv", dtype=str, encoding="utf-8-sig")
    for lang in ("kk", "ru", "en"):
        units = pd.read_csv(regenerated / "tables" / f"law_units.{lang}.csv", dtype=str, keep_default_na=False,
                            encoding="utf-8-sig")
        assert units["unit_key"].tolist() == aligned["unit_key"].tolist()
        assert units["text_kk"].tolist() == aligned["text_kk"].tolist()
        acts = pd.read_csv(regenerated / "tables" / f"law_amending_acts.{lang}.csv", dtype=str, encoding="utf-8-sig")
        for side in ("kk", "ru"):
            cli = per_act[per_act["lang"] == side].set_index("amending_act")["events"].to_dict()
            assert acts.set_index("amending_act")[f"events_{side}"].to_dict() == cli
    texts = pd.read_csv(regenerated / "tables" / "law_texts.kk.csv", dtype=str, encoding="utf-8-sig").set_index("lang")
    for line in r.stdout.splitlines()[:2]:  # the counts parse prints are the report's
        m = re.search(r"\.(kk|ru)\.txt .*?(\d+) lines\): (\d+) chapters, (\d+) articles; (\d+) units of law.*?"
                      r"(\d+) amendment events", line)
        lang, *numbers = m.groups()
        assert [texts.loc[lang, c] for c in ("n_lines", "n_chapters", "n_articles", "n_law_units", "n_events")] == numbers


def test_the_law_report_says_which_acts_it_could_not_read(tmp_path):
    empty = tmp_path / "no_texts"
    empty.mkdir()
    out = tmp_path / "out"
    r = civcomm("run", "07", "-p", "lang=kk", "--law-texts", str(empty), env={"CIVCOMM_OUTPUTS": str(out)})
    assert r.returncode == 0, r.stderr[-3000:]
    html = (out / "reports" / "07_read_official_law.lang-kk.html").read_text(encoding="utf-8")
    assert "Ресми мәтіні оқылмаған актілер: Заң № 416-V ҚРЗ (kk, ru)" in html
