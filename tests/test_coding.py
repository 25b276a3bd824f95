"""The dictionary coder: inflected Kazakh and Russian forms match at word starts, substrings do not."""

from __future__ import annotations

import pandas as pd
import pytest
from baselines import naive_code

from civcomm.analysis.coding import Coder, quote_around

from .conftest import ROOT, civcomm

LEXICON = {
    "openness_transparency": ["ашықты", "открытост", "прозрачн"],
    "media_relations": ["сми", "бақ-", "средств массов информац", "бұқаралық ақпарат"],
    "ethics_etiquette": ["этик", "әдеп"],
    "crisis_communication": ["дағдарыс", "кризис"],
}


def _terms(text: str, lang: str = "kk") -> list[tuple[str, str]]:
    seg = Coder(LEXICON, lang).code_text(text)
    return list(zip(seg["competence_id"], seg["term"]))


@pytest.mark.parametrize("text,term", [
    ("Мемлекеттік органдардың ашықтығы қамтамасыз етіледі.", "ашықтығы"),
    ("Қызметші ашықтықты сақтайды.", "ашықтықты"),
    ("АШЫҚТЫҚ қағидаты.", "АШЫҚТЫҚ"),
    ("обеспечение открытости деятельности", "открытости"),
    ("с открытостью и подотчётностью", "открытостью"),
    ("Прозрачная процедура", "Прозрачная"),
])
def test_inflected_forms_match(text, term):
    assert ("openness_transparency", term) in _terms(text)


@pytest.mark.parametrize("text", [
    "Қашықтықтан оқыту курсы.",          # "ашықты" inside "қашықтық" (distance)
    "Полупрозрачная плёнка.",            # "прозрачн" inside a longer word
    "Смирение не требуется.",            # the abbreviation "сми" inside a word
    "Поэтика текста и кибернетика.",     # "этик" inside "поэтика"
    "Посткризисный период.",             # "кризис" not at a word start
])
def test_substrings_inside_unrelated_words_do_not_match(text):
    assert _terms(text) == []


def test_multiword_stem_with_flexible_whitespace_and_span():
    text = "Служащий работает со средствами\n  массовой   информации; далее текст."
    seg = Coder(LEXICON, "ru").code_text(text)
    row = seg[seg["competence_id"] == "media_relations"].iloc[0]
    assert text[row.start:row.end] == row.term
    assert row.term.startswith("средствами") and row.term.endswith("информации")
    assert row.quote == "Служащий работает со средствами\n  массовой   информации;"


def test_abbreviation_whole_word_and_kazakh_hyphen_suffix():
    assert ("media_relations", "СМИ") in _terms("Работа со СМИ.", "ru")
    assert ("media_relations", "БАҚ-пен") in _terms("БАҚ-пен жұмыс.")


def test_shared_stem_yields_every_competence():
    coder = Coder({"a": ["медиа сауат"], "b": ["медиа"]}, "kk")
    seg = coder.code_text("Медиа сауаттылық дамиды.")
    assert set(seg["competence_id"]) == {"a", "b"}


def test_code_frame_on_dataframe_keeps_ids_and_offsets():
    df = pd.DataFrame({"provision_id": ["p1", "p2", "p3"], "act_id": ["x", "x", "y"],
                       "text": ["Кризис.", None, "Нет совпадений. Открытость в конце"]})
    seg = Coder(LEXICON, "ru").code_frame(df, keep=["act_id"])
    assert list(seg["provision_id"]) == ["p1", "p3"]
    assert list(seg["act_id"]) == ["x", "y"]
    for r in seg.itertuples():
        text = df.set_index("provision_id").loc[r.provision_id, "text"]
        assert text[r.start:r.end] == r.term
    assert seg.iloc[1].quote == "Открытость в конце"


def test_multiword_stem_does_not_run_from_one_provision_into_the_next():
    # the texts are scanned joined: the join must not let "средств ... информац" cross provisions
    df = pd.DataFrame({"provision_id": ["p1", "p2"], "text": ["Работа средств", "массовой информации."]})
    seg = Coder(LEXICON, "ru").code_frame(df)
    assert seg.empty


def test_parallel_scan_gives_the_same_segments_as_one_process():
    import random

    from civcomm.analysis import coding

    rng = random.Random(5)
    words = ["открытости", "кризис", "служащий", "средствами массовой информации", "этики", "поэтика", "СМИ,"]
    texts = [" ".join(rng.choice(words) for _ in range(rng.randint(0, 12))) + "." for _ in range(400)]
    df = pd.DataFrame({"provision_id": [f"p{i}" for i in range(400)], "act_id": "x", "text": texts})
    coder = Coder(LEXICON, "ru")
    one = coder.code_frame(df, keep=["act_id"], workers=1)
    assert len(one) > 400
    for n in (2, 3, 7):
        assert len(coding._split(texts, n)) == n
        assert coder.code_frame(df, keep=["act_id"], workers=n).equals(one)
    with pytest.raises(ValueError, match="workers=0"):
        coder.code_frame(df, workers=0)


def test_a_failed_child_process_falls_back_to_computing_here():
    import os

    from civcomm.analysis import coding

    parent = os.getpid()

    def part(x):
        if os.getpid() != parent:
            os._exit(3)  # a child killed before it could answer
        return [x * 2]

    assert coding._map_forked(part, [1, 2, 3]) == [[2], [4], [6]]


def test_coder_finds_no_more_than_naive_substrings():
    texts = ["Ашықтығы", "Қашықтық", "Поэтика", "Открытость, этика, СМИ"]
    df = pd.DataFrame({"provision_id": ["a", "b", "c", "d"], "text": texts})
    seg = Coder(LEXICON, "kk").code_frame(df)
    naive = naive_code(df, LEXICON)
    coded = set(zip(seg["provision_id"], seg["competence_id"]))
    substr = {(df["provision_id"][r], c) for r, c in zip(naive["row"], naive["competence_id"])}
    assert coded < substr  # the naive loop also "finds" қашықтық and поэтика


def test_quote_is_cut_around_a_long_match():
    text = "а " * 400 + "открытость" + " б" * 400
    q = quote_around(text, 800, 810, limit=100)
    assert "открытость" in q and len(q) <= 102 and q.startswith("…") and q.endswith("…")


def test_real_codebook_codes_its_own_kazakh_and_russian_forms():
    from civcomm.data.project import Project

    project, _ = Project.check()
    kk = Coder.from_codebook("kk", project=project)
    ru = Coder.from_codebook("ru", project=project)
    assert "openness_transparency" in set(kk.code_text("Ақпараттың ашықтығы мен ашықтықты сақтау.")["competence_id"])
    assert "openness_transparency" in set(ru.code_text("Открытостью и открытости органов.")["competence_id"])
    assert kk.code_text("Қашықтықтан оқыту.").empty


def test_cli_code_on_parsed_provisions(tmp_path):
    out = tmp_path / "seg.csv"
    r = civcomm("code", str(ROOT / "tests/fixtures/legal/fixture_act.ru.txt"), "--lang", "ru", "--out", str(out))
    assert r.returncode == 0, r.stderr
    seg = pd.read_csv(out, encoding="utf-8-sig")
    assert {"provision_id", "competence_id", "term", "start", "end", "quote"} <= set(seg.columns)
    assert "openness_transparency" in set(seg["competence_id"])
    bad = civcomm("code", str(tmp_path / "missing.csv"), "--lang", "ru")
    assert bad.returncode == 2 and "missing.csv" in bad.stderr


def test_an_interrupted_parent_leaves_no_child_process_behind():
    import os
    from pathlib import Path

    from civcomm.analysis import coding

    parent = os.getpid()

    def part(x):
        if os.getpid() == parent:
            raise KeyboardInterrupt  # the user presses Ctrl-C while the children still work
        return ["x" * 1_000_000]  # more than a pipe holds: a child blocks until someone reads

    children = Path(f"/proc/{parent}/task/{parent}/children")
    if not children.exists():
        pytest.skip("this kernel does not list a process's children in /proc")
    before = set(children.read_text().split())
    with pytest.raises(KeyboardInterrupt):
        coding._map_forked(part, [1, 2, 3])
    assert set(children.read_text().split()) == before  # none left running or as a zombie
