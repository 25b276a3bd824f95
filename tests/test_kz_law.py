"""The Kazakh legal acts as data: coverage, verbatim quotes, Order 71 codes, recorded problems, validation."""

from __future__ import annotations

import re

import pytest

from civcomm.data.models import category_code_problem, normalise_category_code
from civcomm.data.project import Project
from civcomm.views import kz_law, tables

from .conftest import ROOT, SEEDS, civcomm, verbatim_problems

ORDER71 = ROOT / "data" / "kz_law" / "v2300032237.yaml"


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_the_numbered_acts_of_the_master_table_are_present():
    ids = {a.act for a in kz_law.load_acts()}
    for act in ["k1200002050", "z1500000416", "address_constructive_dialogue", "u2100000522", "u2400000602",
                "p2300000269", "strategy_state_society_interaction", "ethics_code_decree_153",
                "resolution_1034_ethics_system", "v2300032237", "u2000000485", "order_13_evaluation_corps_a",
                "information_doctrine_decree_145", "resolution_125_training_rules", "order_17_nk_public_feedback",
                "unified_competency_framework", "listening_state_model"]:
        assert act in ids
    for a in kz_law.load_acts():
        assert a.provisions or a.table_rows, a.act


def test_law_416_has_articles_7_and_50():
    law = kz_law.load_act("z1500000416")
    locators = [p.locator for p in law.provisions]
    assert any(loc.startswith("7-бап") for loc in locators) and any(loc.startswith("50-бап") for loc in locators)


def test_acts_with_an_adilet_id_are_named_by_it():
    for path in (ROOT / "data" / "kz_law").glob("*.yaml"):
        act = kz_law.load_act(path.stem)
        if act.adilet_id:
            assert path.stem == act.adilet_id.lower()


@pytest.mark.skipif(not SEEDS.exists(), reason="shared/seeds not beside this clone")
def test_every_kazakh_quote_is_in_the_seed_at_its_line():
    """The validator's own check on the act files: provision texts and headings, Order 71's groups, table rows,
    titles and forms, each on the line or range it cites (or in the act's bibliography entry)."""
    problems, tally = verbatim_problems("kz_act")
    assert problems == []
    quotes = [p for a in kz_law.load_acts() for p in a.provisions if p.text_kk is not None]
    assert len(quotes) >= 40 and tally.checked >= len(quotes)
    for act in kz_law.load_acts():
        for g in act.category_groups:
            assert ", ".join(i.item_kk for i in g.items) == g.competences_kk


@pytest.mark.skipif(not SEEDS.exists(), reason="shared/seeds not beside this clone")
def test_bibliography_entries_and_titles_are_verbatim():
    problems, tally = verbatim_problems("sources")  # each entry on the line that opens with its number
    assert problems == [] and tally.checked == len([s for s in Project.load().sources.values() if s.entry])
    sources = Project.load().sources
    for act in kz_law.load_acts():
        for ref in act.act_sources:
            src = sources[ref.split("#")[0]]
            if act.type not in ("competency_framework", "model"):
                assert norm(act.title.kk) in norm(src.entry), act.act


@pytest.mark.parametrize("raw, code", [("A-1", "A-1"), ("В-1", "B-1"), ("С-5", "C-5"), ("D-O -1", "D-O-1"),
                                       ("D-O2", "D-O-2"), ("D-O3- R-3", "D-O-3-R-3"), ("C-O4", "C-O-4"),
                                       ("D-R -5", "D-R-5"), ("E-G-1", "E-G-1")])
def test_category_codes_are_normalised(raw, code):
    assert normalise_category_code(raw) == code
    assert category_code_problem(raw) is None


@pytest.mark.parametrize("raw", ["F-1", "A-9", "Ж-1", "A-X", "1-A"])
def test_unknown_category_codes_are_named(raw):
    assert f"unknown category code '{raw}'" in category_code_problem(raw)


def test_order71_groups_map_every_code_to_a_level():
    df = kz_law.category_codes_frame()
    order = kz_law.load_act("v2300032237")
    assert len(df) == sum(len(g.raw_codes) for g in order.category_groups)
    assert set(df["level_code"]) == {"high", "medium", "low"}
    assert [len(g.items) for g in order.category_groups] == [10, 8, 8]
    ambiguous = set(df.loc[df["is_ambiguous"], "code"])
    both = {c for c in df["code"] if df.loc[df["code"] == c, "group"].nunique() > 1}
    assert ambiguous == {c for c in both if df.loc[df["code"] == c, "level_code"].nunique() > 1}
    assert "D-O" in ambiguous


def test_table5_codes_mix_scripts_and_agree_with_order71():
    check = tables.table5_code_check()
    assert check["has_lookalike"].any() and not check["has_lookalike"].all()
    assert check["is_consistent"].all(), check
    notes = {n.id for n in kz_law.load_act("v2300032237").data_notes}
    assert "order71_lookalike_letters" in notes


def test_recorded_source_problems():
    notes = {n.id for a in kz_law.load_acts() for n in a.data_notes}
    for needed in ["ucf_14_vs_10", "ethics_cited_as_118", "r125_cited_as_122", "r1034_no_entry", "u602_period_mismatch",
                   "order71_duplicates_spacing", "order71_code_in_two_groups"]:
        assert needed in notes
    ucf = kz_law.load_act("unified_competency_framework")
    assert len([r for r in ucf.table_rows if r.table == 3]) == 10


def test_every_coded_competence_cites_the_dissertation():
    for act in kz_law.load_acts():
        for p in act.provisions:
            for c in p.competences:
                assert any(r.startswith("diss_kz#") for r in c.refs), (act.act, p.id)


# ---------------------------------------------------------------- validation with file and line


def _line_of(text: str, needle: str) -> int:
    return next(i + 1 for i, ln in enumerate(text.split("\n")) if needle in ln)


def _broken(tmp_path, name, text):
    d = tmp_path / name
    d.mkdir()
    path = d / "v2300032237.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_validate_rejects_bad_code_date_and_source_with_file_and_line(tmp_path):
    text = ORDER71.read_text(encoding="utf-8")
    cases = {
        "code": (text.replace("- D-O -1\n", "- F-O -1\n", 1), "F-O -1", "unknown category code 'F-O -1'"),
        "date": (text.replace("date: '2023-04-05'", "date: 40.06.2023", 1), "40.06.2023", "'40.06.2023' is not an ISO date"),
        "source": (text.replace("- diss_kz#§2.1 l.381\n", "- nowhere_2020#p. 1\n", 1), "nowhere_2020", "unknown source 'nowhere_2020'"),
    }
    paths = {}
    for name, (new, needle, _) in cases.items():
        assert new != text, name
        paths[name] = (_broken(tmp_path, name, new), _line_of(new, needle))
    result = civcomm("validate", *[str(p) for p, _ in paths.values()])
    assert result.returncode == 2 and "Traceback" not in result.stderr
    for name, (path, line) in paths.items():
        expected = f"{path}:{line}:"
        assert any(ln.startswith(expected) and cases[name][2] in ln for ln in result.stderr.split("\n")), (name, result.stderr)


def test_provision_citing_an_undeclared_source_is_rejected_at_its_line(fixture_copy):
    act = fixture_copy / "kz_law" / "v2300032237.yaml"
    text = act.read_text(encoding="utf-8").replace('refs: ["fixture_seed#l.31"]\ncategory', 'refs: ["ghost_1999#l.31"]\ncategory')
    act.write_text(text, encoding="utf-8")
    project, problems = Project.check()
    hits = [p for p in problems if "ghost_1999" in p.message]
    assert len(hits) == 1 and hits[0].path.endswith("kz_law/v2300032237.yaml")
    assert hits[0].line == _line_of(text, "ghost_1999") and hits[0].field == "provisions[0].refs[0]"
