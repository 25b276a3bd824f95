"""The legal-text parser on fixture acts written for the tests (tests/fixtures/legal/, not law)."""

from __future__ import annotations

import pandas as pd
import pytest

from civcomm.analysis.legaltext import LegalTextError, parse_file, parse_text
from civcomm.analysis.textfile import clean_lines, decode_bytes

from .conftest import ROOT, civcomm

LEGAL = ROOT / "tests" / "fixtures" / "legal"

# every unit each fixture holds: (chapter, article, paragraph, subparagraph, kind)
EXPECTED_UNITS = [
    (None, None, None, None, "preamble"),
    ("1", "1", "1", None, "text"), ("1", "1", "1", "1", "text"), ("1", "1", "1", "2", "text"),
    ("1", "1", "1", "3", "text"), ("1", "1", "2", None, "text"), ("1", "1", None, None, "amendment"),
    ("2", "2", "1", None, "text"), ("2", "2", "2", None, "text"), ("2", "2", "2-1", None, "text"),
    ("2", "3", None, None, "text"), ("2", "4", None, None, "text"), ("2", "4", None, None, "note"),
]
AMENDED = {  # provision id suffix -> (repealed?, words the amendment note must hold)
    "kk": {"art1.p1.sp2": (True, "алып тасталды"), "art1.amendment1": (False, "1-бапқа өзгеріс енгізілді"),
           "art2.p2-1": (False, "№ 2-VI Заңымен"), "art3": (True, "Алып тасталды")},
    "ru": {"art1.p1.sp2": (True, "исключен Законом РК"), "art1.amendment1": (False, "с изменением, внесенным Законом"),
           "art2.p2-1": (False, "дополнен Законом РК"), "art3": (True, "Исключена Законом РК")},
}


def _units(df: pd.DataFrame) -> list[tuple]:
    return [tuple(None if pd.isna(v) else v for v in row)
            for row in df[["chapter", "article", "paragraph", "subparagraph", "kind"]].itertuples(index=False)]


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_fixture_recovers_every_unit_and_amendment(lang):
    res = parse_file(LEGAL / f"fixture_act.{lang}.txt")
    df = res.provisions
    assert res.encoding == "utf-8"
    assert _units(df) == EXPECTED_UNITS
    assert df["provision_id"].is_unique
    # a unit's inline amendment note is cut out of its text; the publisher's amendment note after an
    # article is a row of its own, its words in `editorial`, never in `text`
    notes = df["amendment_notes"].fillna(df["editorial"].where(df["kind"] == "amendment"))
    with_notes = df[notes.notna()].assign(notes=notes)
    got = {pid.split(f"fixture_act.{lang}.", 1)[1]: row for pid, row in zip(with_notes["provision_id"], with_notes.itertuples())}
    assert set(got) == set(AMENDED[lang])
    assert (df.loc[df["kind"] == "amendment", "text"] == "").all()
    for key, (repealed, words) in AMENDED[lang].items():
        assert words in got[key].notes, key
        assert bool(got[key].is_repealed) is repealed, key
    # amendment notes are moved out of the text; the real text stays
    p21 = df[df["provision_id"].str.endswith("art2.p2-1")].iloc[0]
    assert "Заң" not in p21.text and "Закон" not in p21.text and p21.text


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_titles_hyphenation_and_page_break(lang):
    df = parse_file(LEGAL / f"fixture_act.{lang}.txt").provisions
    art2 = df[df["provision_id"].str.endswith(".art2.p1")].iloc[0]
    assert ("баспасөзбен" if lang == "kk" else "средствами") in art2.text  # hyphen across lines joined
    assert "- 2 -" not in " ".join(df["text"])  # the page number went with the page break
    art4 = df[df["provision_id"].str.endswith(".art4")].iloc[0]
    assert art4.text.endswith(("тесттерде қолданылады.", "только в тестах."))  # paragraph closed over the break
    assert df["chapter_title"].dropna().iloc[0] in ("Жалпы ережелер", "Общие положения")
    if lang == "kk":  # a real hyphen ("өзін-өзі" occurs on one line elsewhere) is kept across a line break
        assert "өзін-өзі бағалау" in df[df["provision_id"].str.endswith(".art2.p2")].iloc[0].text
    else:  # "Статья 5 настоящего ..." inside a paragraph is not an article heading
        assert "Статья 5 настоящего" in df[df["provision_id"].str.endswith(".art2.p2")].iloc[0].text


@pytest.mark.parametrize("lang,encoding,expected", [
    ("ru", "cp1251", "cp1251"), ("kk", "kz1048", "kz1048"), ("ru", "utf-8-sig", "utf-8-sig"), ("kk", "utf-16", "utf-16")])
def test_encodings_and_windows_line_ends_give_the_same_provisions(tmp_path, lang, encoding, expected):
    src = LEGAL / f"fixture_act.{lang}.txt"
    reference = parse_file(src).provisions
    text = src.read_text(encoding="utf-8").replace("\n", "\r\n")
    other = tmp_path / f"fixture_act.{lang}.txt"
    other.write_bytes(text.encode(encoding))
    res = parse_file(other)
    assert res.encoding.startswith(expected)
    pd.testing.assert_frame_equal(res.provisions, reference)


def test_no_structure_is_refused_unless_asked_then_one_provision_per_paragraph_and_a_warning():
    with pytest.raises(LegalTextError, match=r"fixture_unstructured.ru.txt:1: no chapter, article"):
        parse_file(LEGAL / "fixture_unstructured.ru.txt")
    res = parse_file(LEGAL / "fixture_unstructured.ru.txt", unstructured_ok=True)
    assert list(res.provisions["kind"]) == ["block"] * 3
    assert res.provisions["text"].iloc[0].startswith("Этот текст") and "Второе предложение" in res.provisions["text"].iloc[0]
    assert any("no chapter, article" in w for w in res.warnings)


def test_wrong_language_is_hinted():
    text = (LEGAL / "fixture_act.ru.txt").read_text(encoding="utf-8")
    text = "\n".join(ln for ln in text.split("\n") if not ln[:1].isdigit())  # keep only headings and prose
    with pytest.raises(LegalTextError, match="did you mean --lang ru"):
        parse_text(text, "kk", "x")


def test_cli_parse_reports_encoding_and_writes_csv(tmp_path):
    src = tmp_path / "act.ru.txt"
    src.write_bytes((LEGAL / "fixture_act.ru.txt").read_text(encoding="utf-8").encode("cp1251"))
    out = tmp_path / "p.csv"
    r = civcomm("parse", str(src), "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert "cp1251" in r.stderr
    df = pd.read_csv(out, encoding="utf-8-sig", dtype=str)
    assert len(df) == len(EXPECTED_UNITS) and df["act_id"].eq("act").all()


@pytest.mark.parametrize("content,needle", [
    (b"", "file is empty"), (b"\r\n \n", "file is empty"),
    (bytes(range(256)) * 8, "bytes are not text"), (b"\x00\x01\x02abc\x00" * 50, "not a text file")])
def test_empty_or_undecodable_exits_2_naming_file_and_expectation(tmp_path, content, needle):
    bad = tmp_path / "broken.kk.txt"
    bad.write_bytes(content)
    r = civcomm("parse", str(bad))
    assert r.returncode == 2
    assert str(bad) in r.stderr and needle in r.stderr and "expected" in r.stderr
    assert "Traceback" not in r.stderr


def test_decode_prefers_kz1048_only_when_kazakh_letters_appear():
    assert decode_bytes("Открытость".encode("cp1251"), "x")[1].startswith("cp1251")
    assert decode_bytes("Ашықтық және әдеп".encode("kz1048"), "x")[1].startswith("kz1048")


def test_clean_lines_blanks_page_numbers_only_between_breaks_and_keeps_line_numbers():
    lines, notes = clean_lines("1. Бірінші.\n\n12\n\n2. Екінші.\n")
    assert lines == ["1. Бірінші.", "", "", "", "2. Екінші.", ""] and any("page-number" in n for n in notes)
    kept, _ = clean_lines("Жыл:\n2015 жылы қабылданды.\n")
    assert kept[1] == "2015 жылы қабылданды."
