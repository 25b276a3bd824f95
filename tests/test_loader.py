"""Loader and validator on small broken inputs: every problem found, located by file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from civcomm.data.problems import DataError
from civcomm.data.project import Project
from civcomm.data.yamlio import read_yaml


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def problems_of(paths):
    _, problems = Project.check([Path(p) for p in paths])
    return [str(p) for p in problems]


def test_fixture_project_is_valid(fixture_data):
    project = Project.load()
    assert {c.country for c in project.all("country")} == {"AAA", "BBB", "KAZ"}


@pytest.mark.parametrize("text, line, needle", [
    ("country: AAA\nnames: [unclosed\n", 2, "YAML syntax"),
    ("country: AAA\n\tnames: x\n", 2, "tab character"),
    ("country: AAA\nas_of: 2026-01-01\ncountry: BBB\n", 3, "duplicate key"),
    ("", 1, "file is empty"),
    ("- a\n- b\n", 1, "expected a mapping"),
])
def test_yaml_level_errors_name_the_line(tmp_path, text, line, needle):
    path = write(tmp_path / "aaa.yaml", text)
    _, problems = read_yaml(path)
    assert len(problems) == 1
    assert problems[0].line == line
    assert needle in problems[0].message


def test_cp1251_bytes_are_named(tmp_path):
    path = write(tmp_path / "aaa.yaml", "country: AAA\nnames: {kk: Қазақстан елі Астана}\n".encode("cp1251", "replace")
                 .replace(b"?", b"\xe0\xe1\xe2\xe3"))
    _, problems = read_yaml(path)
    assert "not UTF-8" in problems[0].message and "CP1251" in problems[0].message
    assert problems[0].line == 2


def test_directory_and_oversize(tmp_path):
    (tmp_path / "dir.yaml").mkdir()
    assert "is a directory" in read_yaml(tmp_path / "dir.yaml")[1][0].message
    big = write(tmp_path / "big.yaml", b"a: " + b"x" * 5_000_001)
    assert "bytes" in read_yaml(big)[1][0].message


def test_model_errors_carry_lines_and_expected_values(fixture_data, tmp_path):
    text = (FIXTURE := fixture_data / "countries" / "aaa.yaml").read_text(encoding="utf-8")
    broken = text.replace("    role: training\n", "    role: training\n    rol: x\n")
    broken = broken.replace("competence: crisis_communication", "competence: crisis_comms")
    broken = broken.replace("as_of: 2026-11-22", "as_of: 2026-13-01")
    broken = broken.replace('"fixture_seed#l.11"', '"nowhere#l.11"')
    path = write(tmp_path / "aaa.yaml", broken)
    out = problems_of([path])
    lines = broken.split("\n")
    def line_with(s):
        return next(i + 1 for i, ln in enumerate(lines) if s in ln)
    assert any(f":{line_with('rol: x')}: institutions[0].rol: unknown key 'rol'" in p for p in out), out
    assert any(f":{line_with('crisis_comms')}: emphases[1].competence: unknown competence 'crisis_comms'" in p
               and "openness_transparency" in p for p in out), out
    assert any(f":{line_with('2026-13-01')}: as_of:" in p and "impossible date" in p for p in out), out
    assert any(f":{line_with('nowhere#l.11')}: methods[0].refs[0]: unknown source 'nowhere'" in p for p in out), out
    assert len(out) == 4, out
    assert FIXTURE.read_text(encoding="utf-8") == text  # the original is untouched


def test_load_raises_with_every_problem(fixture_copy):
    (fixture_copy / "countries" / "aaa.yaml").write_text("country: AAA\n", encoding="utf-8")
    (fixture_copy / "countries" / "bbb.yaml").write_text("country: BBB\nas_of: 2026-11-22\nnames: {en: B, original: en}\nfoo: 1\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        Project.load()
    text = str(err.value)
    assert "data/countries/aaa.yaml:1: as_of: required field is missing" in text or "aaa.yaml:1: as_of" in text
    assert "bbb.yaml:4: foo: unknown key 'foo'" in text


def test_file_name_must_match_country(fixture_copy):
    src = fixture_copy / "countries" / "aaa.yaml"
    src.rename(fixture_copy / "countries" / "ccc.yaml")
    _, problems = Project.check()
    assert any("ccc.yaml:1: country: 'AAA' does not match the file name (expected the file to be named aaa.yaml)"
               in str(p) for p in problems)


def test_unused_source_and_duplicate_id(fixture_copy):
    sources = fixture_copy / "sources.yaml"
    sources.write_text(sources.read_text(encoding="utf-8") + "  orphan:\n    kind: other\n    title: Nobody cites me\n",
                       encoding="utf-8")
    bbb = fixture_copy / "countries" / "bbb.yaml"
    bbb.write_text(bbb.read_text(encoding="utf-8") + "institutions:\n  - id: aaa_school\n    name: {en: Dup, original: en}\n"
                   "    role: training\n    refs: [fixture_seed]\n", encoding="utf-8")
    _, problems = Project.check()
    text = "\n".join(map(str, problems))
    assert "sources.orphan: source is cited by no data file" in text
    assert "id 'aaa_school' is already used at" in text


def test_unknown_file_under_data(fixture_copy):
    write(fixture_copy / "notes.yaml", "a: 1\n")
    _, problems = Project.check()
    assert any("notes.yaml:1: unknown data file" in str(p) for p in problems)


def test_translation_must_be_marked(fixture_copy):
    aaa = fixture_copy / "countries" / "aaa.yaml"
    aaa.write_text(aaa.read_text(encoding="utf-8").replace(
        'names: {kk: Аа елі, en: Country A, translation: project}', 'names: {kk: Аа елі, en: Country A}'), encoding="utf-8")
    _, problems = Project.check()
    assert any("aaa.yaml:3: names: en given beside original 'kk' without 'translation'" in str(p) for p in problems)


def test_a_clean_parse_is_kept_for_the_same_bytes_and_only_for_them(tmp_path, monkeypatch):
    """The parse of a file is reused (in the process, and across processes from .civcomm-cache/yaml/) only for
    the same bytes; a changed file is parsed again; a file with a problem is never kept."""
    from civcomm.data import yamlio

    monkeypatch.setenv("CIVCOMM_ROOT", str(tmp_path))
    f = tmp_path / "a.yaml"
    f.write_text("as_of: 2026-12-07\nkey: [1, 2]\n", encoding="utf-8")
    yamlio._PARSED.clear()
    data, problems = yamlio.read_yaml(f)
    assert problems == [] and data["key"] == [1, 2]
    kept = list((tmp_path / ".civcomm-cache" / "yaml").glob("*.pickle"))
    assert len(kept) == 1

    def no_parse(raw, shown):
        raise AssertionError("parsed again")

    yamlio._PARSED.clear()  # as in a new process: the kept parse is read, the file not parsed
    monkeypatch.setattr(yamlio, "_parse", no_parse)
    assert yamlio.read_yaml(f)[0]["key"] == [1, 2]
    f.write_text("as_of: 2026-12-07\nkey: [1, 3]\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="parsed again"):
        yamlio.read_yaml(f)
    monkeypatch.undo()
    monkeypatch.setenv("CIVCOMM_ROOT", str(tmp_path))
    f.write_text("key: [1, 2\n", encoding="utf-8")  # a syntax error: reported, never kept
    assert yamlio.read_yaml(f)[1]
    assert len(list((tmp_path / ".civcomm-cache" / "yaml").glob("*.pickle"))) == 1  # the first file's only
