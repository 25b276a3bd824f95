"""The dissertation's claims about Law 416-V beside the official text: verdicts, their evidence, staleness, and the
data that links the two readings (the official texts are read from the official-texts folder; the tests that
need them are skipped where it is absent)."""

from __future__ import annotations

import shutil

import pytest

from civcomm.analysis.claims import claims_frame, reading_date, stale_units
from civcomm.analysis.lawreading import code_official
from civcomm.analysis.lawtexts import read_law_texts
from civcomm.core.i18n import t
from civcomm.data.project import Project
from civcomm.present.labels import label
from civcomm.present.lawtables import claims_table

from .conftest import LAW_416, OFFICIAL_TEXTS, ROOT, civcomm, needs_official_texts

SHARED, ACT, needs_texts = OFFICIAL_TEXTS, LAW_416, needs_official_texts


@pytest.fixture(scope="module")
def project():
    return Project.load()


def _claims(project, directories=None):
    law = read_law_texts([ACT], project=project, directories=directories)
    return claims_frame(project, law, code_official(law, project=project), ACT), law


@needs_texts
def test_each_of_the_seven_codings_gets_a_verdict_and_article_7_its_wording(project):
    claims, law = _claims(project)
    assert len(claims) == 7 and claims["verdict_code"].notna().all()
    art7 = claims[claims["provision_id"].str.startswith("z416_art_7") & (claims["strength"] == "explicit")]
    assert sorted(art7["competence_id"]) == ["internal_communication", "negotiation", "public_diplomacy"]
    wording = law.aligned[law.aligned["article"] == "7"]
    for r in art7.itertuples():  # the official Article 7 beside each, both languages, and what it does not say
        assert all(p in r.official_kk for p in wording["text_kk"]) and all(p in r.official_ru for p in wording["text_ru"])
        assert r.verdict_code == "not_named" and not isinstance(r.evidence, str)
    shown = claims_table(claims, "kk")
    assert set(shown.loc[art7.index, "evidence"]) == {t("no_words_of_competence", "kk")}
    assert reading_date(project, next(a for a in project.all("kz_act") if a.act == ACT)) == "2025-05-10"


@needs_texts
def test_a_changed_official_unit_changes_the_verdict(project, tmp_path):
    """A made-up copy of the official texts whose Article 7 asks for negotiation skills: the verdict follows."""
    for lang, old, new in (("kk", "Мемлекеттік әкімшілік қызметшілер үшін мемлекеттік лауазымдардың санаттары белгіленеді.",
                            "Мемлекеттік саяси қызметшілер келіссөздер жүргізу дағдыларын меңгереді."),
                           ("ru", "Для административных государственных служащих устанавливаются категории",
                            "Политические государственные служащие владеют навыками ведения переговоров. Для "
                            "административных государственных служащих устанавливаются категории")):
        text = (SHARED / f"{ACT}.{lang}.txt").read_text(encoding="utf-8")
        assert old in text
        (tmp_path / f"{ACT}.{lang}.txt").write_text(text.replace(old, new, 1), encoding="utf-8")
    before, _ = _claims(project)
    after, _ = _claims(project, directories=[tmp_path])
    key = (before["provision_id"] == "z416_art_7_political") & (before["competence_id"] == "negotiation")
    assert before.loc[key, "verdict_code"].item() == "not_named"
    assert after.loc[key, "verdict_code"].item() == "names"
    assert "келіссөздер" in after.loc[key, "evidence"].item() and "переговоров" in after.loc[key, "evidence"].item()


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_without_an_official_text_a_claim_says_so_in_the_readers_language(project, tmp_path, lang):
    claims, _ = _claims(project, directories=[tmp_path])  # an empty folder: no text of the act
    assert set(claims["verdict_code"]) == {"no_text"}
    assert label("verdict", "no_text", lang) == t("v_verdict_no_text", lang)
    assert {"kk": "ресми мәтін жоқ", "ru": "нет официального текста", "en": "no official text"}[lang] == \
        label("verdict", "no_text", lang)


@needs_texts
def test_units_amended_after_the_reading_date_name_the_claims_that_cover_them(project):
    law = read_law_texts([ACT], project=project)
    stale = stale_units(project, law, ACT)
    assert len(stale) and (stale["amending_date"] > "2025-05-10").all()
    assert {"196-VIII", "256-VIII"} <= set(stale["amending_act"])
    # the act-level provision covers every amended unit; the Article 7 ones only the whole-text change
    assert stale["provision_ids"].map(lambda ids: f"{ACT}:z416_priority_communication" in ids).all()
    art7 = stale[stale["provision_ids"].map(lambda ids: f"{ACT}:z416_art_7_political" in ids)]
    assert set(art7["scope"]) == {"act"}


@needs_texts
def test_named_units_cite_the_article_headings_of_the_official_texts(project):
    law = read_law_texts([ACT], project=project)
    heads = {(r.lang, r.article): r.line for r in law.articles.itertuples()}
    act = next(a for a in project.all("kz_act") if a.act == ACT)
    named = [(n, ref) for p in act.provisions for n in p.names for ref in n.refs]
    assert len(named) == 8
    for n, ref in named:
        sid, _, loc = ref.partition("#")
        lang = sid.rsplit("_", 1)[1]
        assert loc.endswith(f" l.{heads[(lang, n.article)]}"), ref


def test_an_article_locator_without_a_named_unit_is_a_data_problem(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    path = data / "kz_law" / f"{ACT}.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  names:\n  - article: '50'\n    refs: ['law_416v_kk#50-бап l.1843', "
                                 "'law_416v_ru#ст. 50 l.1782']\n", "", 1), encoding="utf-8")
    r = civcomm("validate", str(path), env={"CIVCOMM_DATA": str(data)})
    assert r.returncode == 2 and "names an article, but the provision names no unit of the official text" in r.stderr


@needs_texts
def test_a_quote_of_the_official_text_not_in_the_cited_unit_is_reported(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    path = data / "kz_law" / "readings" / f"{ACT}.yaml"
    text = path.read_text(encoding="utf-8")
    # the first quote of the reading, moved to a unit's lines where it does not stand
    first = text.index("quote_kk: '")
    line_ref = text.rindex("l.", 0, first)
    end = text.index("'", line_ref)
    broken = text[:line_ref] + "l.30" + text[end:]
    path.write_text(broken, encoding="utf-8")
    r = civcomm("validate", str(path), env={"CIVCOMM_DATA": str(data)})
    assert r.returncode == 2 and ".quote_" in r.stderr and "not l.30 (expected the words" in r.stderr, r.stderr[-2000:]
