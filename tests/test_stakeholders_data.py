"""Kazakhstan's stakeholder data: size, citations, verbatim Kazakh names; `civcomm validate` on broken copies."""

from __future__ import annotations

import re
import shutil

import pytest

from civcomm.data.project import Project
from civcomm.views import stakeholders as graphs

from .conftest import FIXTURE_DATA, ROOT, SEEDS, civcomm, verbatim_problems

SEED_FILES = {"diss_kz": "001_", "public_diplomacy_diss": "004_", "strategy_guide": "000_"}


def test_kazakhstan_graph_has_60_cited_actors_and_90_cited_relations():
    f = graphs.stakeholder_file("KAZ")
    assert len([a for a in f.actors if a.refs]) >= 60
    assert len([r for r in f.relations if r.refs]) >= 90
    g = graphs.build_stakeholder_graph(f, statuses=("current", "proposed"))
    assert g.number_of_edges() == len(f.relations)


def test_every_rating_in_the_data_is_sourced_or_derived():
    for a in graphs.stakeholder_file("KAZ").actors:
        for r in (a.power, a.interest):
            if r is not None:
                assert r.derived or (r.value and r.refs), a.id


@pytest.mark.skipif(not all(any(SEEDS.glob(p + "*.txt")) for p in SEED_FILES.values()), reason="seed texts not available")
def test_kazakh_names_and_terms_stand_on_their_cited_lines():
    """The validator's own check: each name and term on the line or range its ref cites (no window)."""
    problems, tally = verbatim_problems("stakeholders")
    assert problems == []
    f = graphs.stakeholder_file("KAZ")
    assert tally.checked >= len([a for a in f.actors if a.names.kk]) + sum(len(p.items) for p in f.competence_profiles)


# --------------------------------------------------------------------------- validate rejects, with file and line

BROKEN = {
    "unknown_actor": ("{from: fx_agency, to: fx_law, kind: regulates", "{from: fx_agency, to: fx_nobody, kind: regulates",
                      "unknown actor 'fx_nobody'"),
    "unknown_kind": ("{from: fx_agency, to: fx_citizens, kind: informs", "{from: fx_agency, to: fx_citizens, kind: telepathy",
                     "unknown relation_kind 'telepathy'"),
    "forbidden_self_loop": ("{from: fx_law, to: fx_citizens, kind: regulates", "{from: fx_law, to: fx_law, kind: regulates",
                            "forbids self-loops"),
    "unsourced_rating": ('power: {value: high, refs: ["fixture_seed#l.3"]}', "power: {value: high}",
                         "rating has no source and no 'derived' label"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_validate_rejects_with_file_and_line(case, tmp_path):
    old, new, message = BROKEN[case]
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    path = data / "stakeholders" / "kaz.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    line = next(i + 1 for i, ln in enumerate(text.split("\n")) if new in ln)
    r = civcomm("validate", env={"CIVCOMM_DATA": str(data)})
    assert r.returncode == 2, r.stdout + r.stderr
    assert "Traceback" not in r.stderr
    hits = [ln for ln in r.stderr.splitlines() if message in ln]
    assert hits, r.stderr
    assert any(re.search(rf"stakeholders/kaz\.yaml:{line}:", h) for h in hits), (line, hits)


def test_self_loop_allowed_where_the_kind_allows_it(fixture_data):
    proj = Project.load()
    f = proj.all("stakeholders")[0]
    assert any(r.from_ == r.to and r.kind == "feedback_to" for r in f.relations)


def test_stakeholder_file_outside_data_is_recognised(tmp_path):
    dst = tmp_path / "kaz.yaml"
    shutil.copy(ROOT / "data" / "stakeholders" / "kaz.yaml", dst)
    r = civcomm("validate", str(dst))
    assert r.returncode == 0, r.stdout + r.stderr
