"""The project's real data: every file validates, every ref resolves, every source is cited."""

from __future__ import annotations

from civcomm.data.kinds import MODELS, data_files
from civcomm.data.project import Project
from civcomm.data.schemas import schema_texts

from .conftest import ROOT

TEN = {"USA", "GBR", "DEU", "FRA", "JPN", "KOR", "SGP", "SWE", "CAN", "AUS"}


def test_every_data_file_validates():
    project, problems = Project.check()
    assert not problems, "\n".join(map(str, problems))
    assert len(project.docs) == len(data_files())


def test_the_ten_countries_and_the_baseline_are_present():
    project = Project.load()
    codes = {c.country for c in project.all("country")}
    assert codes == TEN | {"KAZ"}
    assert [c.country for c in project.all("country") if c.is_baseline] == ["KAZ"]


def test_every_foreign_country_has_a_table2_row_and_cited_emphases():
    project = Project.load()
    orders = []
    for c in project.all("country"):
        if c.is_baseline:
            continue
        assert c.table2 is not None, c.country
        orders.append(c.table2.order)
        assert c.emphases, f"{c.country} has no emphases"
        assert all(e.refs for e in c.emphases)
    assert sorted(orders) == list(range(1, 11))


def test_secondary_citations_name_the_citing_seed():
    sources = Project.load().sources
    for sid, s in sources.items():
        if s.kind == "bibliography":
            assert s.bib_no is not None and s.via, f"{sid}: bibliography items need bib_no and via"
            assert s.via.split("#")[0] in sources


def test_codebook_covers_the_dissertation_dimensions():
    comps = Project.load().vocab("competence")
    needed = {"digital_literacy", "intercultural", "crisis_communication", "media_relations", "public_speaking",
              "openness_transparency", "conflict_management", "negotiation", "stress_resilience", "empathy_listening",
              "citizen_participation", "plain_language", "inclusion_vulnerable", "ethics_etiquette",
              "emotional_intelligence", "strategic_communication", "interagency_cooperation", "service_orientation"}
    assert needed <= set(comps)
    for cid, c in comps.items():
        assert c.label.kk and c.label.ru and c.label.en, cid
        if c.group == "communicative":
            assert all(c.lexicon.get(lang) for lang in ("kk", "ru", "en")), f"{cid} lacks lexicon stems"


def test_json_schemas_are_in_sync_with_the_models():
    for name, text in schema_texts().items():
        path = ROOT / "schemas" / name
        assert path.exists(), f"{path} missing: run `make schemas`"
        assert path.read_text(encoding="utf-8") == text, f"{path} is stale: run `make schemas`"
    assert len(schema_texts()) == len(MODELS)
