"""The official texts of Law 416-V read as published (skipped where the official-texts folder is absent), and
made-up texts for every kind of bad input (tests/fixtures/legal/, written for the tests, not law)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from civcomm.analysis.amendments import read_note
from civcomm.analysis.lawalign import align, unexplained, unit_key
from civcomm.analysis.lawtexts import read_law_texts, text_counts
from civcomm.analysis.legaltext import EDITORIAL_WORDS, LAW_KINDS, parse_file
from civcomm.core.paths import LAW_TEXTS_ENV, law_texts_dirs

from .conftest import LAW_416, OFFICIAL_TEXTS, ROOT, civcomm, needs_official_texts

LEGAL = ROOT / "tests" / "fixtures" / "legal"
SHARED, ACT, needs_texts = OFFICIAL_TEXTS, LAW_416, needs_official_texts


@pytest.fixture(scope="module")
def law():
    return read_law_texts([ACT])


# --------------------------------------------------------------------------- the official texts of Law 416-V


@needs_texts
def test_both_texts_are_read_whole_with_no_problem(law):
    assert law.problems == [] and law.missing == []
    counts = text_counts(law).set_index("lang")
    for lang in ("kk", "ru"):
        assert counts.loc[lang, "n_articles"] == 80 and counts.loc[lang, "n_chapters"] == 13
        assert counts.loc[lang, "source_id"] == f"law_416v_{lang}"


@needs_texts
def test_no_unit_of_law_text_holds_the_publishers_words(law):
    units = law.provisions[law.provisions["kind"].isin(LAW_KINDS)]
    assert not units["text"].str.contains(EDITORIAL_WORDS).any()
    # and the publisher's rows hold them: every editorial note, the contents heading, the press release
    ed = law.provisions[law.provisions["kind"] == "editorial"]
    assert {"ЗҚАИ-ның ескертпесі!", "МАЗМҰНЫ", "БАСПАСӨЗ-РЕЛИЗ"} <= set(ed["marker"])
    assert {"Примечание ИЗПИ!", "Примечание РЦПИ!", "ОГЛАВЛЕНИЕ", "ПРЕСС-РЕЛИЗ"} <= set(ed["marker"])
    # the header before chapter 1 is the publisher's, not a preamble of the law (the preamble is repealed)
    assert not (law.provisions["kind"] == "preamble").any()


@needs_texts
@pytest.mark.parametrize("lang,unit,starts", [
    # the editorial note "16) тармақшаға өзгеріс енгізу көзделген" stands before 16): not in its text
    ("kk", "art10.sp16", "Қазақстан Республикасының заңнамасына сәйкес мемлекеттік органның ақпараттық"),
    ("ru", "art10.sp16", "обеспечивать информационную безопасность"),
    # a bare "Ескертпе." heads the act's own note on the next paragraph
    ("kk", "art15.p7.note1", "Осы бапта халықаралық қызметшілер деп"),
    ("ru", "art15.p7.note1", "Международными служащими в настоящей статье"),
    # a cross-reference broken over lines ("... 3-тармағының" / "6) тармақшасы") is text, not a subparagraph
    ("kk", "art16.p3.sp9", "мемлекеттік қызметке кірер алдындағы үш жыл ішінде қылмыстық теріс қылық"),
])
def test_units_start_with_their_own_words(law, lang, unit, starts):
    row = law.provisions[law.provisions["provision_id"] == f"{ACT}.{lang}.{unit}"]
    assert len(row) == 1 and row["text"].iloc[0].startswith(starts), row["text"].tolist()


@needs_texts
def test_every_note_is_read_into_events_and_both_languages_agree(law):
    ev = law.events
    notes = law.provisions[law.provisions["kind"] == "amendment"]
    assert set(notes["provision_id"]) <= set(ev["note_id"])  # no amendment note without events
    assert (notes.groupby("lang").size() == 59).all()
    key = ["article", "paragraph", "subparagraph", "action", "amending_date", "amending_act", "is_pending"]
    kk = ev[ev["lang"] == "kk"][key].fillna("").value_counts().sort_index()
    ru = ev[ev["lang"] == "ru"][key].fillna("").value_counts().sort_index()
    pd.testing.assert_series_equal(kk, ru, check_names=False)
    assert ev[["amending_date", "amending_act"]].drop_duplicates().shape[0] == 41


@needs_texts
def test_amendments_read_as_a_lawyer_reads_them(law):
    ev = law.events[law.events["lang"] == "kk"]

    def on(article, action, act, **kw):
        rows = ev[(ev["article"] == article) & (ev["action"] == action) & (ev["amending_act"] == act)]
        for k, v in kw.items():
            rows = rows[rows[k] == v]
        return rows

    assert len(on("22", "repealed", "357-VI")) == 1  # "22-бап алып тасталды"
    assert len(on("12", "new_wording", "393-VI")) == 1 and len(on("12", "amended", "214-VII")) == 1
    assert len(on("24-1", "added", "484-V")) == 1 and len(on("24-1", "repealed", "273-VI")) == 1
    assert on("10", "amended", "86-VI")["amending_form"].tolist() == ["constitutional_law"]
    assert on("13", "amended", "157-VII")["in_force_date"].tolist() == ["2023-01-01"]
    pending = ev[ev["is_pending"]]
    assert set(zip(pending["article"].fillna(""), pending["subparagraph"].fillna(""), pending["action"])) == {
        ("", "", "words_replaced"), ("10", "16", "amended"), ("16", "14", "deferred"), ("59", "3-1", "added"),
        ("61", "7-1", "added"), ("61", "", "amended"), ("64-1", "13", "deferred")}
    assert on("59", "suspended", "156-VIII")["is_pending"].tolist() == [False]  # in force: suspended until 2027


@needs_texts
def test_every_unit_is_in_both_languages_or_explained(law):
    assert len(law.aligned) == 858 and (law.aligned["present"] == "both").all()
    assert law.unexplained.empty


@needs_texts
def test_cli_parse_prints_the_counts_and_writes_the_tables(tmp_path):
    r = civcomm("parse", ACT, "--out", str(tmp_path))
    assert r.returncode == 0, r.stderr
    assert "80 articles" in r.stdout and "13 chapters" in r.stdout and "0 units holding an editorial marker" in r.stdout
    assert "858 units in both, 0 only in kk, 0 only in ru" in r.stdout
    assert "2019-11-26 № 273-VI: 33 / 33" in r.stdout  # the event count per amending law
    aligned = pd.read_csv(tmp_path / f"{ACT}.aligned.csv", dtype=str, encoding="utf-8-sig")
    assert len(aligned) == 858


# --------------------------------------------------------------------------- alignment and notes, made up


def test_a_unit_in_one_language_only_must_be_listed():
    kk = parse_file(LEGAL / "fixture_act.kk.txt", act_id="fx").provisions
    ru_text = (LEGAL / "fixture_act.ru.txt").read_text(encoding="utf-8").replace(
        "2-1. Пункт, добавленный позднее (дополнен Законом РК от 02.02.2020 № 2-VI).\n", "")
    from civcomm.analysis.legaltext import parse_text
    ru = parse_text(ru_text, "ru", "fx").provisions
    aligned = align(pd.concat([kk, ru]), "fx")
    assert aligned.loc[aligned["present"] == "kk", "unit_key"].tolist() == ["art2|p2-1|||text"]

    class Listed:
        lang, unit_key = "kk", "art2|p2-1|||text"

    assert unexplained(aligned, [])[0]["unit_key"].tolist() == ["art2|p2-1|||text"]
    missing, stale = unexplained(aligned, [Listed()])
    assert missing.empty and stale == []
    Listed.unit_key = "art9|||text"
    assert unexplained(aligned, [Listed()])[1]  # a listed difference no unit shows is stale


def test_unit_keys_are_the_same_for_both_languages_and_omit_the_first_part():
    assert unit_key("16", "3", "14", 2, "text") == "art16|p3|sp14|pt2|text"
    assert unit_key("10", None, "16", 1, "text") == "art10||sp16||text"
    assert unit_key("15", "7", None, 1, "note") == "art15|p7||pt1|note"


@pytest.mark.parametrize("lang,note,expected", [
    ("kk", "Ескерту. 5-бапқа өзгеріс енгізілді – ҚР 01.02.2020 № 7-VI (01.03.2020 бастап қолданысқа енгізіледі); "
           "жаңа редакцияда – ҚР 01.02.2021 № 9-VII Заңдарымен.",
     [("5", "amended", "7-VI", "2020-03-01"), ("5", "new_wording", "9-VII", None)]),
    ("ru", "Сноска. Глава 2 дополнена статьей 7-1 в соответствии с Законом РК от 01.02.2020 № 7-VІ (вводится в "
           "действие с 01.01.2021); исключена Законом РК от 02.02.2022 № 8-VII.",
     [("7-1", "added", "7-VI", "2021-01-01"), ("7-1", "repealed", "8-VII", None)]),
])
def test_notes_are_read_into_events(lang, note, expected):
    events, why = read_note(note, lang, {"article": "5"})
    assert why is None
    assert [(e["article"], e["action"], e["amending_act"], e["in_force_date"]) for e in events] == expected


@pytest.mark.parametrize("note,why", [
    ("Ескерту. 5-бапқа өзгеріс енгізілді – ҚР № 7-VI Заңымен.", "no date and number could be read"),
    ("Ескерту. 5-бапқа қарсы 01.02.2020 № 7-VI.", "no action words"),
])
def test_a_note_that_cannot_be_read_is_reported_not_dropped(note, why):
    events, reason = read_note(note, "kk", {"article": "5"})
    assert events == [] and why in reason


# --------------------------------------------------------------------------- where the texts live


def test_official_texts_folders_come_from_the_option_or_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv(LAW_TEXTS_ENV, str(tmp_path))
    assert tmp_path.resolve() in law_texts_dirs()
    shutil.copy(LEGAL / "fixture_act.kk.txt", tmp_path / "fixture_act.kk.txt")
    r = civcomm("parse", "fixture_act", "--law-texts", str(tmp_path), env={LAW_TEXTS_ENV: "/nonexistent"})
    assert r.returncode == 0, r.stderr
    assert "fixture_act.kk.txt" in r.stdout and "4 articles" in r.stdout


def test_no_text_for_an_act_is_one_line_exit_2(tmp_path):
    r = civcomm("parse", "nosuchact", "--law-texts", str(tmp_path))
    assert r.returncode == 2 and "no official text found" in r.stderr and "Traceback" not in r.stderr


# --------------------------------------------------------------------------- bad input: one line, exit 2, nothing overwritten


def _registered_project(tmp_path: Path, monkeypatch) -> Path:
    """A copy of the fixture project that registers tests/fixtures/legal/fixture_act.<lang>.txt as an act's
    official texts (2 chapters, 4 articles, article 2 titled as printed)."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "tests" / "fixtures" / "data", data)
    sources = (data / "sources.yaml").read_text(encoding="utf-8")
    for lang, title in (("kk", "Коммуникация"), ("ru", "Коммуникация")):
        sources += (f"  fx_act_{lang}:\n    kind: official_text\n    title: Fixture act\n    lang: {lang}\n"
                    f"    official:\n      act: fixture_act\n      file: fixture_act.{lang}.txt\n"
                    f"      edition: written for the tests\n      amended_to: '2020-02-02'\n      chapters: 2\n"
                    f"      articles: 4\n      headings:\n        - {{article: '2', title: {title}, line: 14}}\n")
    (data / "sources.yaml").write_text(sources, encoding="utf-8")
    (data / "kz_law" / "fixture_act.yaml").write_text(
        "act: fixture_act\nas_of: '2026-12-07'\ntype: law\ntitle: {en: Fixture act, original: en}\n"
        "status: not_stated\nact_sources: [fx_act_kk, fx_act_ru]\nrefs: ['fixture_seed#l.30']\n", encoding="utf-8")
    monkeypatch.setenv("CIVCOMM_DATA", str(data))
    return data


def _bad(tmp_path: Path, name: str, text: str) -> Path:
    folder = tmp_path / "texts"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("case", ["neither_layout", "another_act", "truncated", "wrong_language"])
def test_each_bad_text_is_one_line_with_file_and_line_exit_2_nothing_overwritten(case, tmp_path, monkeypatch):
    data = _registered_project(tmp_path, monkeypatch)
    kk = (LEGAL / "fixture_act.kk.txt").read_text(encoding="utf-8")
    ru = (LEGAL / "fixture_act.ru.txt").read_text(encoding="utf-8")
    if case == "neither_layout":
        path, needle = _bad(tmp_path, "fixture_act.ru.txt", (LEGAL / "fixture_unstructured.ru.txt").read_text(
            encoding="utf-8")), ":1: no chapter, article, paragraph or subparagraph markers"
    elif case == "another_act":
        path, needle = _bad(tmp_path, "fixture_act.kk.txt", kk.replace("2-бап. Коммуникация", "2-бап. Басқа бап")), \
            "a text of another act under this act's name"
    elif case == "truncated":
        path, needle = _bad(tmp_path, "fixture_act.kk.txt", kk.split("3-бап.")[0].replace(
            "2-1. Бұл тармақ кейін енгізілген (ҚР 2020.02.02 № 2-VI Заңымен өзгеріс енгізілді).", "2-1. Бұл тармақ")), \
            "a truncated file?"
    else:
        path, needle = _bad(tmp_path, "fixture_act.kk.txt", ru + "\n" + ru.replace("Статья", "Глава 9\nСтатья", 0)), \
            "the text reads as Russian"
    out = tmp_path / "kept.csv"
    out.write_text("the last good table\n", encoding="utf-8")
    r = civcomm("parse", str(path), "--out", str(out), env={"CIVCOMM_DATA": str(data)})
    lines = r.stderr.strip().splitlines()
    assert r.returncode == 2 and len(lines) == 1, r.stderr
    assert lines[0].startswith(f"{path}:") and needle in lines[0], lines[0]
    assert "Traceback" not in r.stderr
    assert out.read_text(encoding="utf-8") == "the last good table\n"


def test_the_registered_fixture_texts_pass_the_same_checks(tmp_path, monkeypatch):
    data = _registered_project(tmp_path, monkeypatch)
    r = civcomm("parse", "fixture_act", "--law-texts", str(LEGAL), env={"CIVCOMM_DATA": str(data)})
    assert r.returncode == 0, r.stderr
    assert "fixture_act kk/ru:" in r.stdout
