"""Survey figures: the CSV checks on the real data and on broken copies, claims, fidelity to the seeds."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest

from civcomm.data import cache
from civcomm.data.project import Project
from civcomm.report import validate_parameters
from civcomm.views import survey
from tests.conftest import ROOT, SEEDS, civcomm, verbatim_problems

SURVEY = ROOT / "data" / "survey"
DISS_SEED = SEEDS / "001_eda807f350549cf2.txt"
ARTICLE_SEED = SEEDS / "003_4b587e87ab38042e.txt"


def _csv_rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture
def data_copy(tmp_path, monkeypatch) -> Path:
    """A writable copy of the real data/ (the survey checks need the real sources and studies)."""
    dst = tmp_path / "data"
    shutil.copytree(ROOT / "data", dst)
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "pyproject.toml").write_text("")
    monkeypatch.setenv("CIVCOMM_DATA", str(dst))
    monkeypatch.setenv("CIVCOMM_ROOT", str(tmp_path))
    return dst


def _edit_cell(path: Path, line: int, column: str, value: str) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    header = lines[0].split(",")
    cells = lines[line - 1].split(",")
    cells[header.index(column)] = value
    lines[line - 1] = ",".join(cells)
    path.write_text("\n".join(lines), encoding="utf-8")


def _survey_problems(data: Path) -> list[str]:
    cache.clear_cache()
    _, problems = Project.check(root=data)
    return [str(p) for p in problems if "survey/" in p.path]


# --------------------------------------------------------------------------- real data


def test_real_survey_files_pass_every_check():
    _, problems = Project.check()
    assert [str(p) for p in problems if "survey" in p.path] == []
    assert len(survey.figure_ids()) == len(list(SURVEY.glob("*_fig*.yaml")))


@pytest.mark.parametrize("path", sorted(SURVEY.glob("*.csv")), ids=lambda p: p.name)
def test_counts_are_whole_and_equal_share_times_n(path):
    meta = survey.figure_meta(path.stem)
    for row in _csv_rows(path):
        if row["n"]:
            assert float(row["share_pct"]) * meta.n_base / 100 == pytest.approx(int(row["n"]), abs=1e-6)


def test_figure4_missing_answers_are_detected_and_reported():
    rows = _csv_rows(SURVEY / "diss2022_fig4.csv")
    counted = sum(int(r["n"]) for r in rows)
    summary = survey.summarise_figure("diss2022_fig4")
    assert counted < survey.figure_meta("diss2022_fig4").n_base  # the source's 4,788 of 4,790
    assert int(summary["n_answered"].iloc[0]) == counted
    assert int(summary["n_missing"].iloc[0]) == survey.figure_meta("diss2022_fig4").n_base - counted


@pytest.mark.parametrize("fid", ["diss2022_fig5", "article2023_fig2"])
def test_multiple_response_reports_choices_per_respondent(fid):
    total = sum(float(r["share_pct"]) for r in _csv_rows(SURVEY / f"{fid}.csv"))
    summary = survey.summarise_figure(fid)
    assert total > 100
    assert summary["choices_per_respondent"].iloc[0] == pytest.approx(total / 100, abs=1e-3)
    meta = survey.figure_meta(fid)
    if meta.max_choices:
        assert summary["choices_per_respondent"].iloc[0] <= meta.max_choices


def test_design_parts_add_up():
    studies = cache.project().one("survey_studies").studies
    assert [p.n for p in studies["interviews_2023"].parts] == [7, 3, 9]
    assert [p.n for p in studies["focus_groups_2023"].parts] == [8, 11, 13]
    for s in studies.values():
        if s.parts:
            assert sum(p.n for p in s.parts) == s.n


# --------------------------------------------------------------------------- broken copies


def test_share_column_not_summing_to_100_fails_with_file_and_row(data_copy):
    path = data_copy / "survey" / "diss2022_fig1.csv"
    _edit_cell(path, 3, "share_pct", "2.62839248434238")  # +1 point on score 2
    problems = _survey_problems(data_copy)
    sums = [p for p in problems if "shares sum to" in p]
    assert sums and sums[0].startswith("data/survey/diss2022_fig1.csv:2: share_pct: series 'all' (rows 2-6)")
    assert "expected 100.0000" in sums[0]


def test_count_not_share_times_n_fails_with_file_and_row(data_copy):
    path = data_copy / "survey" / "diss2022_fig2.csv"
    _edit_cell(path, 5, "n", "1549")
    problems = _survey_problems(data_copy)
    assert any(p.startswith("data/survey/diss2022_fig2.csv:5: n: 1549 is not share_pct x N / 100") and
               "expected n = 1548" in p for p in problems), problems


def test_count_that_is_not_whole_fails(data_copy):
    _edit_cell(data_copy / "survey" / "diss2022_fig1.csv", 4, "n", "962.5")
    problems = _survey_problems(data_copy)
    assert any(p.startswith("data/survey/diss2022_fig1.csv:4: n: '962.5' is not a whole number") for p in problems)


def test_undeclared_missing_answers_fail(data_copy):
    meta = data_copy / "survey" / "diss2022_fig4.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("n_missing: 2\n", ""), encoding="utf-8")
    problems = _survey_problems(data_copy)
    assert any(p.startswith("data/survey/diss2022_fig4.csv:2: n: series 'all' (rows 2-12): counts sum to 4,788 "
                            "of N = 4,790") and "2 answer(s) missing" in p for p in problems), problems
    assert any("data/survey/diss2022_fig4.csv:2: share_pct:" in p for p in problems)


def test_every_problem_is_reported_in_one_run_by_the_cli(data_copy, tmp_path):
    _edit_cell(data_copy / "survey" / "diss2022_fig1.csv", 3, "share_pct", "2.62839248434238")
    _edit_cell(data_copy / "survey" / "diss2022_fig2.csv", 5, "n", "1549")
    _edit_cell(data_copy / "survey" / "diss2022_fig5.csv", 7, "option_code", "no_such_option")
    (data_copy / "survey" / "stray.csv").write_text("question_id,series_code,option_code,share_pct,n\n")
    r = civcomm("validate", env={"CIVCOMM_DATA": str(data_copy), "CIVCOMM_ROOT": str(tmp_path)})
    assert r.returncode == 2
    assert "data/survey/diss2022_fig1.csv:2: share_pct" in r.stderr
    assert "data/survey/diss2022_fig2.csv:5: n" in r.stderr
    assert "data/survey/diss2022_fig5.csv:7: option_code: unknown option 'no_such_option'" in r.stderr
    assert "data/survey/stray.csv:1: no meta file names this table" in r.stderr
    assert "Traceback" not in r.stderr


def test_parts_not_adding_up_fail_at_the_yaml_line(data_copy):
    path = data_copy / "survey" / "studies.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    n: 19\n", "    n: 20\n"), encoding="utf-8")
    line = text.split("\n").index("    n: 19") + 1
    problems = _survey_problems(data_copy)
    assert any(p.startswith(f"data/survey/studies.yaml:{line}: studies.interviews_2023.n: 20 but the parts add up "
                            "to 7 + 3 + 9 = 19") for p in problems), problems


def test_base_n_must_match_the_study(data_copy):
    path = data_copy / "survey" / "article2023_fig1.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("n_base: 4606", "n_base: 4790"), encoding="utf-8")
    assert any("article2023_fig1.yaml" in p and "n_base: 4790 but study 'survey_2023' has n = 4606" in p
               for p in _survey_problems(data_copy))


# --------------------------------------------------------------------------- claims and parameters


def test_claims_flag_listening_and_follow_the_data():
    claims = survey.claims_frame(lang="en").set_index("claim_id")
    row = claims.loc["diss2022_fig5_openness_listening_lead"]
    assert not row["is_supported"] and "rank 6 of 14 (14.9%)" in row["data_show"]
    assert not claims.loc["diss2022_fig4_all_answered"]["is_supported"]
    assert not claims.loc["diss2022_fig2_self_below_colleagues"]["is_supported"]
    # the verdict is computed from the numbers: make listening the top answer and the claim holds
    meta = survey.figure_meta("diss2022_fig5")
    df = survey.figure_frame("diss2022_fig5")
    df.loc[df["option_code"].isin(["listening", "accessibility_openness"]), "share_pct"] = [99.0, 98.0]
    claim = next(c for c in meta.claims if c.id == "diss2022_fig5_openness_listening_lead")
    assert survey.evaluate_claim(claim, meta, df, "en")[1] is True


def test_figures_parameter_is_checked_against_the_data():
    assert validate_parameters({"figures": []}, {"figures": ["diss2022_fig5"]}) == []
    problems = validate_parameters({"figures": []}, {"figures": ["diss2022_fig9"]})
    assert problems and "'diss2022_fig9'" in problems[0]


# --------------------------------------------------------------------------- fidelity to the seeds

needs_seeds = pytest.mark.skipif(not DISS_SEED.exists(), reason="../shared/seeds is absent")


def _cache(line: int) -> list[str]:
    return DISS_SEED.read_text(encoding="utf-8").split("\n")[line - 1].rstrip("\t").split("\t")


@needs_seeds
def test_dissertation_shares_equal_the_chart_cache():
    """The CSVs hold the chart cache's numbers exactly as printed (l.1619-1638)."""
    def shares(fid, series=None):
        return [r["share_pct"] for r in _csv_rows(SURVEY / f"{fid}.csv") if series in (None, r["series_code"])]

    assert shares("diss2022_fig1") == _cache(1631)[5:10]
    assert shares("diss2022_fig3", "nonverbal") == _cache(1620)[6:12]
    assert shares("diss2022_fig3", "verbal") == _cache(1621)[6:12]
    assert shares("diss2022_fig4") == _cache(1625)[11:22]
    assert shares("diss2022_fig5") == _cache(1628)[14:28]
    rows = [_cache(n)[4:8] for n in range(1634, 1639)]  # score 1..5 rows, series in label order
    for i, series in enumerate(["self", "direct_supervisor", "colleagues", "first_head"]):
        assert shares("diss2022_fig2", series) == [r[i] for r in rows]


@needs_seeds
def test_article_shares_equal_the_text():
    lines = ARTICLE_SEED.read_text(encoding="utf-8").split("\n")
    for fid, line in (("article2023_fig1", 152), ("article2023_fig2", 158)):
        printed = [v.replace(",", ".") for v in re.findall(r"\((\d+(?:,\d+)?) ?%\)", lines[line - 1])]
        assert [r["share_pct"] for r in _csv_rows(SURVEY / f"{fid}.csv")] == printed


@needs_seeds
def test_original_language_texts_are_verbatim_in_the_seed():
    """The validator's own check: captions, notes, verbatim questions, option and series labels and the claims'
    sentences on the lines their figure file cites (refs and data_refs), not anywhere in the text."""
    problems, tally = verbatim_problems("survey_figure", "survey_studies")
    assert problems == []
    assert tally.checked > 40
