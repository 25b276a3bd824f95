"""`civcomm validate` on broken copies: every mistake reported with file and line, exit 2."""

from __future__ import annotations

import re
import shutil

from .conftest import ROOT, civcomm

COUNTRY = ROOT / "data" / "countries" / "usa.yaml"


def _line_of(text: str, needle: str) -> int:
    return next(i + 1 for i, ln in enumerate(text.split("\n")) if needle in ln)


def test_five_broken_copies_all_reported(tmp_path):
    text = COUNTRY.read_text(encoding="utf-8")
    copies = {}

    def make(name: str, new: str, needle: str):
        d = tmp_path / name
        d.mkdir()
        (d / "usa.yaml").write_text(new, encoding="utf-8")
        copies[name] = (d / "usa.yaml", _line_of(new, needle))

    make("misspelt_key", text.replace("\nnames:", "\nnamez:", 1), "namez:")
    first_comp = re.search(r"competence: (\w+)", text).group(1)
    make("unknown_competence", text.replace(f"competence: {first_comp}", "competence: telepathy", 1), "telepathy")
    first_ref = re.search(r"refs: \[\"?(diss_kz)", text)
    assert first_ref, "usa.yaml should cite the dissertation"
    make("dangling_ref", text.replace("diss_kz#", "diss_zz#", 1), "diss_zz#")
    make("impossible_date", re.sub(r"as_of: \S+", "as_of: 2026-02-30", text, count=1), "2026-02-30")
    make("yaml_syntax", text.replace("\nnames:", "\nnames: [oops\n_x:", 1), "[oops")

    result = civcomm("validate", *[str(p) for p, _ in copies.values()])
    assert result.returncode == 2, result.stdout + result.stderr
    err = result.stderr
    assert "Traceback" not in err
    for name, (path, line) in copies.items():
        assert f"{path}:{line}:" in err, f"{name}: expected {path}:{line} in\n{err}"
    assert "unknown key 'namez'" in err
    assert "unknown competence 'telepathy' (expected one of:" in err
    assert "unknown source 'diss_zz'" in err
    assert "impossible date" in err
    assert "YAML syntax" in err
    assert COUNTRY.read_text(encoding="utf-8") == text


def test_validate_ok_exits_0():
    result = civcomm("validate")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok:")


def test_validate_a_directory_path_is_an_error_not_a_crash(tmp_path):
    (tmp_path / "x.yaml").mkdir()
    result = civcomm("validate", str(tmp_path / "x.yaml"))
    assert result.returncode == 2
    assert "is a directory" in result.stderr and "Traceback" not in result.stderr


def test_copy_of_real_data_with_fixed_file_still_valid(tmp_path):
    dst = tmp_path / "usa.yaml"
    shutil.copy(COUNTRY, dst)
    assert civcomm("validate", str(dst)).returncode == 0
