"""The reviewer's checks (issue 13) on the fixture project and its source text: each catches its case with
its message; the real data passes them; every library message says what was expected."""

from __future__ import annotations

import re
import shutil

import pytest
from pydantic import BaseModel

from civcomm.data import cache, langcheck, messages, modelcheck, sourcetext, structure, verbatim
from civcomm.data import models as m
from civcomm.data.kinds import MODELS
from civcomm.data.project import Project

from .conftest import FIXTURE_DATA, FIXTURE_SOURCES, SEEDS, civcomm


def check(tmp_path, monkeypatch, edits: dict[str, list[tuple[str, str]]], sources=FIXTURE_SOURCES) -> list[str]:
    """Problems of a copy of the fixture project with ``edits`` (file -> [(old, new)]) applied."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    for rel, pairs in edits.items():
        path = data / rel
        text = path.read_text(encoding="utf-8")
        for old, new in pairs:
            assert text.count(old) == 1, (rel, old)
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("CIVCOMM_DATA", str(data))
    cache.clear_cache()
    _, problems = Project.check(sources=sources)
    return [str(p) for p in sorted(set(problems))]


def line_of(rel: str, needle: str) -> int:
    """The line of ``needle`` in a fixture file (edits here keep line numbers)."""
    lines = (FIXTURE_DATA / rel).read_text(encoding="utf-8").split("\n")
    return next(i + 1 for i, ln in enumerate(lines) if needle in ln)


# --------------------------------------------------------------------------- the fixture project itself


def test_fixture_project_passes_every_check_with_its_text(monkeypatch):
    monkeypatch.setenv("CIVCOMM_DATA", str(FIXTURE_DATA))
    project, problems = Project.check(sources=FIXTURE_SOURCES)
    assert problems == []
    assert project.verbatim.checked >= 30 and project.verbatim.not_checked == 0


# --------------------------------------------------------------------------- quotes at their lines


def test_quote_one_line_off_says_where_the_words_are(tmp_path, monkeypatch):
    rel = "countries/aaa.yaml"
    out = check(tmp_path, monkeypatch, {rel: [('refs: ["fixture_seed#l.10", "fixture_bib#[7]"]',
                                              'refs: ["fixture_seed#l.11", "fixture_bib#[7]"]')]})
    line = line_of(rel, "Ашықтыққа көңіл бөлінеді.")
    assert out == [f"data/{rel}:{line}: table2.approach.kk: 'Ашықтыққа көңіл бөлінеді.' found at l.10, not l.11 "
                   "(expected the words on the line or range the ref cites)"]


def test_quote_absent_from_the_source_is_a_paraphrase(tmp_path, monkeypatch):
    rel = "countries/aaa.yaml"
    out = check(tmp_path, monkeypatch, {rel: [('quote: {kk: "ашықтыққа"', 'quote: {kk: "ашықтықты дамытуға"')]})
    line = line_of(rel, 'quote: {kk: "ашықтыққа"')
    assert out == [f"data/{rel}:{line}: emphases[0].quote.kk: 'ашықтықты дамытуға' is not in fixture.txt "
                   "(expected the words verbatim at l.10; a paraphrase is not a quote)"]


def test_a_quote_is_in_the_language_of_the_text_it_cites(tmp_path, monkeypatch):
    rel = "countries/aaa.yaml"
    out = check(tmp_path, monkeypatch, {rel: [('quote: {kk: "ашықтыққа", en: "to openness", translation: project}',
                                              'quote: {en: "to openness", original: en}')]})
    line = line_of(rel, 'quote: {kk: "ашықтыққа"')
    assert out == [f"data/{rel}:{line}: emphases[0].quote.en: 'to openness' is given as the en original, but the text it "
                   "cites is fixture_seed (kk) (expected original: kk with the words as printed; a translation goes beside it)"]


def test_line_beyond_the_end_of_the_text(tmp_path, monkeypatch):
    rel = "countries/bbb.yaml"
    out = check(tmp_path, monkeypatch, {rel: [('competence: crisis_communication\n    levels: []\n    refs: ["fixture_seed#l.9"]',
                                              'competence: crisis_communication\n    levels: []\n    refs: ["fixture_seed#l.999"]')]})
    line = line_of(rel, "levels: []") + 1
    assert out == [f"data/{rel}:{line}: emphases[0].refs[0]: 'fixture_seed#l.999': l.999 is beyond the end of fixture.txt "
                   "(52 lines) (expected lines 1-52)"]


def test_a_range_and_a_cell_continued_on_a_later_line(tmp_path):
    text = tmp_path / "t.txt"
    text.write_text("one two\n\nthree [12] «four»\nfive six\nseven\n", encoding="utf-8")
    src = sourcetext.SourceText(text)
    assert src.n_lines == 5
    assert src.is_at('two three "four"', sourcetext.Span(1, 3))  # blank line, citation mark, quote marks
    assert not src.is_at("two three", sourcetext.Span(1, 1))
    assert src.find("FIVE") == [sourcetext.Span(4, 4)]  # case folded
    assert src.runs_across("seven one", [sourcetext.Span(5, 5), sourcetext.Span(1, 1)])  # l.5, then l.1
    assert not src.runs_across("two seven", [sourcetext.Span(5, 5), sourcetext.Span(1, 1)])


@pytest.mark.parametrize("locator, spans", [("§1.3 l.334", [(334, 334)]), ("Table 5 l.520-522", [(520, 522)]),
                                            ("l.7, l.9", [(7, 7), (9, 9)]), ("[102, p. 300-317]", []),
                                            ("chart cache l.1619–1638", [(1619, 1638)]), ("ll.5", [])])
def test_locator_lines(locator, spans):
    assert [(s.first, s.last) for s in sourcetext.parse_lines(locator)] == spans


def test_bibliography_entry_is_checked_on_its_numbered_line(tmp_path, monkeypatch):
    out = check(tmp_path, monkeypatch, {"sources.yaml": [("01.01.2024.", "02.02.2024.")]})
    line = line_of("sources.yaml", "entry:")
    assert out == [f"data/sources.yaml:{line}: sources.fixture_bib.entry: 'Fixture entry as printed // https://exa…' "
                   "is not in fixture.txt (expected the words verbatim at l.51; a paraphrase is not a quote)"]


def test_a_bibliography_number_without_an_entry(tmp_path, monkeypatch):
    out = check(tmp_path, monkeypatch, {"sources.yaml": [("bib_no: 7", "bib_no: 9")]})
    line = line_of("sources.yaml", "entry:")
    assert f"data/sources.yaml:{line}: sources.fixture_bib.entry: no entry numbered 9 in the bibliography of fixture.txt " \
           "(expected a line that opens with 9 and the entry as printed)" in out


def test_without_the_texts_one_summary_line_says_what_was_not_checked(tmp_path, monkeypatch):
    monkeypatch.setenv("CIVCOMM_DATA", str(FIXTURE_DATA))
    project, problems = Project.check(sources=tmp_path / "nowhere")
    assert problems == []
    summary = project.verbatim.summary(project.sources)
    n = project.verbatim.missing_text["fixture_seed"]
    assert n >= 30 and project.verbatim.checked == 0
    assert summary[1] == (f"{n} verbatim field(s) not checked: no text in {tmp_path / 'nowhere'} for fixture_seed "
                          f"(fixture.txt, {n}) (expected --sources DIR or $CIVCOMM_SOURCES naming the folder that holds them)")


def test_cli_prints_the_count_and_takes_sources_from_the_option(tmp_path):
    r = civcomm("validate", "--sources", str(FIXTURE_SOURCES), env={"CIVCOMM_DATA": str(FIXTURE_DATA)})
    assert r.returncode == 0, r.stderr
    assert re.search(r"^\d+ verbatim field\(s\) checked against their source texts$", r.stdout, re.M), r.stdout


# --------------------------------------------------------------------------- languages


def test_russian_in_kk(tmp_path, monkeypatch):
    rel = "countries/aaa.yaml"
    out = check(tmp_path, monkeypatch, {rel: [('approach: {kk: "Ашықтыққа көңіл бөлінеді."',
                                              'approach: {kk: "Внимание к открытости информации."')]})
    line = line_of(rel, "approach:")
    assert (f"data/{rel}:{line}: table2.approach.kk: 'Внимание к открытости информации.' looks Russian, not Kazakh "
            "(none of ә ғ қ ң ө ұ ү һ і in 4 words; Russian forms: Внимание, к, открытости) (expected Kazakh in kk; "
            "Russian goes in ru)"
            ) in out


def test_kazakh_in_ru(tmp_path, monkeypatch):
    rel = "countries/aaa.yaml"
    out = check(tmp_path, monkeypatch, {rel: [('en: "Attention to openness.", translation: project}',
                                              'ru: "Ашықтыққа көңіл бөлінеді.", en: "Attention to openness.", translation: project}')]})
    line = line_of(rel, "approach:")
    assert out == [f"data/{rel}:{line}: table2.approach.ru: 'Ашықтыққа көңіл бөлінеді.' looks Kazakh, not Russian "
                   "(3 of 3 words with ә ғ қ ң ө ұ ү һ і: Ашықтыққа, көңіл, бөлінеді) (expected Russian in ru; Kazakh goes in kk)"]


def test_latin_only_is_an_error_unless_marked(tmp_path, monkeypatch):
    rel = "stakeholders/kaz.yaml"
    plain = check(tmp_path / "a", monkeypatch, {rel: [('names: {kk: "Агенттік", en: Agency, translation: project}',
                                                       'names: {kk: "Агенттік", ru: "Agency", en: Agency, translation: project}')]})
    line = line_of(rel, 'names: {kk: "Агенттік"')
    assert plain == [f"data/{rel}:{line}: actors[0].names.ru: 'Agency' is in Latin letters only (expected Russian in Cyrillic; "
                     "a name kept as printed is marked latin_script: [ru])"]
    marked = check(tmp_path / "b", monkeypatch, {rel: [('names: {kk: "Агенттік", en: Agency, translation: project}',
                                                        'names: {kk: "Агенттік", ru: "Agency", en: Agency, translation: project, '
                                                        'latin_script: [ru]}')]})
    assert marked == []


@pytest.mark.parametrize("text, lang", [
    # short names, loanwords and labels of the real data that have none of the nine letters
    ("Парламент", "kk"), ("Сингапур", "kk"), ("Критерий", "kk"), ("министрлер", "kk"), ("колл-центрлер", "kk"),
    ("Коммуникация арнасы немесе платформасы", "kk"), ("процестер мен ресурстар", "kk"), ("Орташа (A-3, B-3, C-3, т.б.)", "kk"),
    ("10%-дан аз", "kk"), ("1", "kk"),
    # a Russian field with a Kazakh-lettered official code, and one Kazakh name among Russian words
    ("Приказ МКИ № 17-НҚ (методика сбора обратной связи)", "ru"), ("Русский текст про портал Ашық и его работу", "ru"),
])
def test_language_rule_lets_names_and_codes_pass(text, lang):
    assert langcheck.language_problem(text, lang) is None


@pytest.mark.parametrize("text, lang", [
    ("Развитие коммуникативных компетенций", "kk"), ("Этика и риторика", "kk"),
    ("Стратегия тактика коммуникация этика риторика", "kk"),
    ("Қазақстан", "ru"), ("мемлекеттік қызметшілер", "ru"),
])
def test_language_rule_catches_the_wrong_language(text, lang):
    assert langcheck.language_problem(text, lang) is not None


# --------------------------------------------------------------------------- structure


def test_missing_locator(tmp_path, monkeypatch):
    rel = "countries/bbb.yaml"
    out = check(tmp_path, monkeypatch, {rel: [('levels: []\n    refs: ["fixture_seed#l.9"]', 'levels: []\n    refs: ["fixture_seed"]')]})
    line = line_of(rel, "levels: []") + 1
    assert out == [f"data/{rel}:{line}: emphases[0].refs[0]: 'fixture_seed' has no locator "
                   "(expected 'fixture_seed#l.525': where in the source a reader finds it)"]


def test_a_source_with_a_text_is_cited_by_line_and_a_bibliography_item_by_its_number():
    sources = {"seed": m.Source(kind="seed", title="S", seed_file="s.txt"),
               "item": m.Source(kind="bibliography", title="B", bib_no=102, via="seed", entry="B")}
    assert structure.locator_problem("seed#§1.3", sources).startswith("'seed#§1.3' cites seed without a line")
    assert structure.locator_problem("item#[103, p. 5]", sources) == (
        "'item#[103, p. 5]' cites [103] but item is bibliography item [102] (expected 'item#[102...]'; "
        "record a number the seed prints wrongly in data_notes)")
    assert structure.locator_problem("item#[102]", sources) is None  # the work cited as a whole
    assert structure.locator_problem("seed#Table 5 l.520-522", sources) is None


def test_whole_source_fields_need_no_locator(monkeypatch):
    # the fixture act names its bibliography entry as a whole: act_sources: [fixture_bib]; sources name `via: fixture_seed`
    assert "act_sources: [fixture_bib]" in (FIXTURE_DATA / "kz_law" / "v2300032237.yaml").read_text(encoding="utf-8")
    monkeypatch.setenv("CIVCOMM_DATA", str(FIXTURE_DATA))
    _, problems = Project.check(sources=FIXTURE_SOURCES)
    assert problems == []


def test_duplicate_table2_order(tmp_path, monkeypatch):
    out = check(tmp_path, monkeypatch, {"countries/bbb.yaml": [("  order: 1\n", "  order: 2\n")]})
    a, b = line_of("countries/aaa.yaml", "order: 2"), line_of("countries/bbb.yaml", "order: 1")
    assert out == [
        f"data/countries/aaa.yaml:{a}: table2.order: 2 is also the position of BBB (data/countries/bbb.yaml:{b}) "
        "(expected each country at its own position in the dissertation's list)",
        f"data/countries/bbb.yaml:{b}: table2.order: 2 is also the position of AAA (data/countries/aaa.yaml:{a}) "
        "(expected each country at its own position in the dissertation's list)",
        f"data/countries/bbb.yaml:{b}: table2.order: 2, but fixture_seed l.9 numbers this country 1 "
        "(expected 1, the number the dissertation prints)",
    ]


def test_table2_must_cite_a_line_of_the_dissertation(tmp_path, monkeypatch):
    rel = "countries/bbb.yaml"
    out = check(tmp_path, monkeypatch, {rel: [('translation: project}\n  refs: ["fixture_seed#l.9"]',
                                              'translation: project}\n  refs: ["fixture_bib#[7]"]')]})
    line = line_of(rel, 'refs: ["fixture_seed#l.9"]')
    assert f"data/{rel}:{line}: table2.refs: no ref to the line of the dissertation's list where the country stands " \
           "(expected e.g. 'fixture_seed#§1.3 l.334')" in out


def _model_classes() -> list[type[BaseModel]]:
    seen: list[type[BaseModel]] = []
    todo = list(MODELS.values())
    while todo:
        cls = todo.pop()
        if cls in seen:
            continue
        seen.append(cls)
        for info in cls.model_fields.values():
            todo += [c for c in messages.unwrap(info.annotation) if isinstance(c, type) and issubclass(c, BaseModel)]
    return sorted(seen, key=lambda c: c.__name__)


WRONG = [{"a": 1}, [1, 2], "zz-Ж", 12345678901, -5, 1.5, True, None, [], ""]


@pytest.mark.parametrize("cls", _model_classes(), ids=lambda c: c.__name__)
def test_every_library_message_says_what_was_expected(cls):
    """Each field of each model given wrong values of every kind: every message ends in '(expected ...)'."""
    seen_kinds = set()
    for name in cls.model_fields:
        key = cls.model_fields[name].alias or name
        for wrong in WRONG:
            _, problems = modelcheck.validate_model(cls, {key: wrong}, "x.yaml")
            for p in problems:
                assert "(expected" in p.message, (cls.__name__, key, wrong, p.message)
                seen_kinds.add(p.message.split(" ")[-1])
    assert seen_kinds  # every model has required fields or constraints that produce messages


def test_ruamel_messages_say_what_was_expected():
    assert messages.yaml_message("expected ',' or ']', but got '<stream end>'", "while parsing a flow sequence") == (
        "found '<stream end>' while parsing a flow sequence (expected ',' or ']')")
    assert messages.yaml_message("mapping values are not allowed here", "").endswith(
        "(expected valid YAML: mappings 'key: value', lists '- item', quotes closed)")


def test_every_field_the_models_call_verbatim_is_checked():
    """A field whose description says it holds the source's words is in the registry, or excluded with a reason."""
    excluded = {("Text", "latin_script"): "a marker, not text",
                **{(c.__name__, "inferred"): "why a value is the project's reading, not a quote" for c in _model_classes()},
                ("DissTable", "soft_breaks"): "used by the check of every cell, on both sides",
                ("Provision", "locator"): "locators mix the printed article with an English gloss ('7-бап (Art. 7)')",
                ("LegalBasis", "article"): "the project's English form ('art. 7')",
                ("LegalBasis", "act"): "an actor id or a name",
                ("Study", "n"): "a number, checked by the survey checks", ("Study", "mode"): "the project's English",
                ("SurveyFigureFile", "question_is_verbatim"): "a flag",
                ("OfficialHeading", "article"): "checked against the parsed text (lawtexts.shape_problems)",
                ("OfficialHeading", "title"): "checked against the parsed text (lawtexts.shape_problems)",
                ("TextDifference", "unit_key"): "the project's key of a unit, as civcomm prints it",
                ("ReadUnit", "unit_key"): "the project's key of a unit, as civcomm prints it",
                ("LegalAct", "text_differences"): "entries that cite the texts by line",
                ("OfficialText", "chapters"): "counts, checked against the parsed text",
                ("OfficialText", "articles"): "counts, checked against the parsed text",
                ("ReadUnit", "refs"): "refs, checked by line (the quotes under them are verbatim fields)",
                ("NamedUnit", "article"): "a number, checked against the parsed text's headings (test_claims)",
                ("NamedUnit", "refs"): "refs, checked by line"}
    words = re.compile(r"verbatim|as printed|prints|as the source|as the bibliography")
    missing = []
    for cls in _model_classes():
        for name, info in cls.model_fields.items():
            if info.description and words.search(info.description) and (cls.__name__, name) not in excluded:
                if name not in verbatim.VERBATIM.get(cls, {}):
                    missing.append(f"{cls.__name__}.{name}")
    assert missing == []


# --------------------------------------------------------------------------- the real data


needs_seeds = pytest.mark.skipif(not (SEEDS / "001_eda807f350549cf2.txt").exists(), reason="seed texts not available")


@needs_seeds
def test_real_data_passes_every_check_and_checks_every_verbatim_field():
    project, problems = Project.check(sources=SEEDS)
    assert [str(p) for p in problems] == []
    tally = project.verbatim
    assert tally.checked >= 850 and tally.missing_text == {}
    kinds = {type(v.owner).__name__ for d in project.docs for v in verbatim.iter_verbatim(d.model)}
    assert {"Emphasis", "Provision", "Actor", "ProfileItem", "DissTableRow", "TableRow", "CategoryGroup",
            "CompetenceItem", "Source", "LegalAct", "SurveyClaim", "SurveyFigureFile"} <= kinds


def test_real_data_languages_and_locators():
    project, _ = Project.check(sources=SEEDS)
    targets = {d.path for d in project.docs}
    assert langcheck.check(project, targets) == []
    assert structure.check(project, targets) == []


def test_table5_items_are_coded_once_across_files():
    """The stakeholder profiles of Table 5 code each of the author's items as data/tables/table5.yaml does."""
    project = Project.load()
    table5 = next(t for t in project.all("diss_table") if t.table == 5)
    coded: dict[str, set[str]] = {}
    for row in table5.rows:
        for item in row.kazakh_items + row.author_items:
            coded.setdefault(item.item_kk.casefold(), set()).update(c.competence for c in item.competences)
    stake = project.all("stakeholders")[0]
    profiles = [p for p in stake.competence_profiles if p.id in ("kz_order71_table5", "kz_table5_additions")]
    compared = 0
    for p in profiles:
        for item in p.items:
            term = item.term.casefold()
            # an item of the profile is a whole item of the table or one part of an 'X және Y' item
            key = next((k for k in coded if k == term), None) or next((k for k in coded if term in k.split(" және ")), None)
            assert key is not None, (p.id, item.term)
            assert item.competence in coded[key], (p.id, item.term, item.competence, coded[key])
            compared += 1
    assert compared == sum(len(p.items) for p in profiles) >= 20


def test_inferred_ties_say_why_and_reach_every_export():
    from civcomm.output import graphs as export
    from civcomm.views import stakeholders as graphs

    f = graphs.stakeholder_file("KAZ")
    marked = [r for r in f.relations if r.inferred]
    assert len(marked) >= 5 and all(len(r.inferred) > 20 for r in marked)
    g = graphs.build_stakeholder_graph(f)
    frame = graphs.inferred_frame(g)
    assert len(frame) == len([r for r in marked if r.status == "current"])
    assert set(frame["inferred"]) <= {r.inferred for r in marked}
    assert b'title="inferred"' in export.gexf_bytes(g)

