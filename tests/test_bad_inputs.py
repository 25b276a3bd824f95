"""The bad-input corpus: each broken file gives exactly one `file:line:` message, exit 2, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import FIXTURE_DATA, ROOT, civcomm

CORPUS = ROOT / "tests" / "bad_inputs"
ENV = {"CIVCOMM_DATA": str(FIXTURE_DATA)}


def expected() -> dict[str, str]:
    rows = [ln.split("\t", 1) for ln in (CORPUS / "expected.tsv").read_text(encoding="utf-8").splitlines()
            if ln and not ln.startswith("#")]
    return dict(rows)


def test_corpus_is_complete():
    files = sorted(p.name for p in CORPUS.glob("*.yaml"))
    assert len(files) >= 30
    assert sorted(expected()) == files


@pytest.mark.parametrize("name", sorted(expected()))
def test_each_bad_file_gives_its_one_line_message(name):
    path = CORPUS / name
    r = civcomm("validate", str(path), env=ENV)
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    lines = [ln for ln in r.stderr.splitlines() if not ln.endswith("problem(s) found")]
    want = f"{path}:" + expected()[name].replace("tests/bad_inputs/", f"{CORPUS}/")
    assert lines == [want]


def test_huge_file_and_directory(tmp_path):
    big = tmp_path / "big.yaml"
    with big.open("wb") as fh:
        fh.write(b"country: AAA\nnote: ")
        fh.write(b"x" * 50_000_000)
    (tmp_path / "dir.yaml").mkdir()
    r = civcomm("validate", str(big), str(tmp_path / "dir.yaml"), env=ENV)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert f"{big}:1: file is 50,000,019 bytes (expected at most 5,000,000 for a data file)" in r.stderr
    assert f"{tmp_path / 'dir.yaml'}:1: is a directory (expected a YAML file)" in r.stderr


def test_bad_data_touches_no_output(tmp_path):
    data = tmp_path / "data"
    import shutil
    shutil.copytree(FIXTURE_DATA, data)
    shutil.copy(CORPUS / "13_impossible_date.yaml", data / "countries" / "aaa.yaml")
    out = tmp_path / "outputs"
    r = civcomm("run", env={"CIVCOMM_DATA": str(data), "CIVCOMM_OUTPUTS": str(out)})
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "aaa.yaml:2: as_of: '2026-02-30' is an impossible date" in r.stderr
    assert not out.exists()


def test_files_keep_their_names_in_messages():
    # a regression guard for display paths: messages name the file given, not a temp copy
    r = civcomm("validate", str(CORPUS / "29_empty.yaml"), env=ENV)
    assert str(Path(CORPUS / "29_empty.yaml")) in r.stderr
