"""Runs you can trust: declared inputs decide what reruns, changed data is validated before any kernel
starts, one-off runs never touch the canonical outputs, undeclared reads fail naming the file."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from .conftest import ROOT, civcomm

pytestmark = pytest.mark.slow  # executes notebooks

NOTEBOOKS = ROOT / "tests" / "fixtures" / "notebooks"
RUNS = """runs:
  - notebook: 94_fixture_matrix.py
    reads: [country]
  - notebook: 91_fixture_codebook.py
"""


def project(tmp_path: Path, data: Path, runs: str = RUNS, notebooks=("94_fixture_matrix.py", "91_fixture_codebook.py")):
    root = tmp_path / "proj"
    (root / "notebooks").mkdir(parents=True)
    for name in notebooks:
        shutil.copy(NOTEBOOKS / name, root / "notebooks")
    (root / "notebooks" / "runs.yaml").write_text(runs)
    return root, {"CIVCOMM_ROOT": str(root), "CIVCOMM_DATA": str(data), "CIVCOMM_OUTPUTS": str(root / "outputs")}


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def new_country(data: Path, iso: str = "CCC") -> Path:
    """A valid new country file (a copy of the fixture's BBB under another code, without BBB's place in
    Table 2: a country from another source has none, README "Adding a country" step 5)."""
    src = (data / "countries" / "bbb.yaml").read_text(encoding="utf-8")
    src = re.sub(r"(?ms)^table2:\n.*?(?=^\S)", "", src)
    path = data / "countries" / f"{iso.lower()}.yaml"
    path.write_text(src.replace("country: BBB", f"country: {iso}"), encoding="utf-8")
    return path


def test_a_new_country_reruns_exactly_the_reports_that_read_countries(tmp_path, fixture_copy):
    root, env = project(tmp_path, fixture_copy)
    first = civcomm("run", "-j", "2", env=env)
    assert first.returncode == 0 and "2 ran, 0 skipped" in first.stderr, first.stderr[-2000:]
    matrix = root / "outputs" / "tables" / "fixture_matrix.en.csv"
    assert "CCC" not in matrix.read_text(encoding="utf-8-sig")
    added = new_country(fixture_copy)
    second = civcomm("run", env=env)
    assert second.returncode == 0 and "1 ran, 1 skipped" in second.stderr, second.stderr[-2000:]
    assert "94_fixture_matrix" in second.stderr and "91_fixture_codebook" not in second.stderr.split("civcomm run:")[0]
    assert "CCC" in matrix.read_text(encoding="utf-8-sig")
    added.unlink()  # removing it reruns them again
    third = civcomm("run", env=env)
    assert "1 ran, 1 skipped" in third.stderr and "CCC" not in matrix.read_text(encoding="utf-8-sig")
    assert "0 ran, 2 skipped" in civcomm("run", env=env).stderr


def test_a_renamed_file_is_noticed(tmp_path, fixture_copy):
    root, env = project(tmp_path, fixture_copy)
    assert civcomm("run", env=env).returncode == 0
    note = fixture_copy / "countries" / "zz_notes.txt"  # not a data file: listed under countries/ all the same?
    note.write_text("x")
    # a file that no declared glob matches does not rerun anything; it is still validated (an unknown file)
    r = civcomm("run", env=env)
    assert r.returncode == 0 and "0 ran, 2 skipped" in r.stderr, r.stderr[-2000:]
    note.unlink()
    aaa = fixture_copy / "countries" / "aaa.yaml"
    aaa.rename(fixture_copy / "countries" / "aab.yaml")
    r = civcomm("run", env=env)  # the file name no longer matches the code inside: a data problem, exit 2
    assert r.returncode == 2 and "aab.yaml" in r.stderr and "expected the file to be named aaa.yaml" in r.stderr


def test_a_broken_new_file_stops_the_run_and_touches_no_output(tmp_path, fixture_copy):
    root, env = project(tmp_path, fixture_copy)
    assert civcomm("run", env=env).returncode == 0
    before = snapshot(root / "outputs")
    (fixture_copy / "countries" / "nor.yaml").write_text("country: NOR\nnames: [broken\n", encoding="utf-8")
    r = civcomm("run", env=env)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "countries/nor.yaml:2: YAML syntax:" in r.stderr and "no notebook was run" in r.stderr
    assert snapshot(root / "outputs") == before


def test_a_one_off_run_keeps_the_canonical_outputs_and_is_indexed_apart(tmp_path, fixture_copy):
    root, env = project(tmp_path, fixture_copy)
    assert civcomm("run", env=env).returncode == 0
    before = snapshot(root / "outputs")
    r = civcomm("run", "94", "-p", "countries=[AAA]", env=env)
    assert r.returncode == 0, r.stderr[-2000:]
    after = snapshot(root / "outputs")
    canonical = {k: v for k, v in after.items() if not k.startswith("adhoc/") and k not in ("index.html", "index.kk.html", "index.ru.html", "manifest.json")}
    assert canonical == {k: v for k, v in before.items() if k not in ("index.html", "index.kk.html", "index.ru.html", "manifest.json")}
    own = root / "outputs" / "adhoc" / "94_fixture_matrix.countries-AAA"
    assert (own / "reports" / f"{own.name}.html").is_file()
    adhoc_matrix = (own / "tables" / "fixture_matrix.en.csv").read_text(encoding="utf-8-sig")
    assert "AAA" in adhoc_matrix and "BBB" not in adhoc_matrix
    index = (root / "outputs" / "index.html").read_text(encoding="utf-8")
    assert "One-off runs" in index and f"adhoc/{own.name}/reports/{own.name}.html" in index
    assert "&#34;countries&#34;: [&#34;AAA&#34;]" in index  # its parameters
    new_country(fixture_copy)  # its inputs change: the one-off run is marked stale, not rerun
    assert civcomm("run", "91", env=env).returncode == 0
    index = (root / "outputs" / "index.html").read_text(encoding="utf-8")
    assert index.count("<b>stale</b>") == 2  # the one-off run and the canonical matrix report


def test_a_notebook_that_reads_what_it_did_not_declare_fails_naming_it(tmp_path, fixture_copy):
    runs = "runs:\n  - notebook: 94_fixture_matrix.py\n"  # declares nothing, reads the country files
    root, env = project(tmp_path, fixture_copy, runs, ("94_fixture_matrix.py",))
    r = civcomm("run", env=env)
    assert r.returncode == 1
    assert "UndeclaredInput" in r.stderr and "94_fixture_matrix.py reads the country files (data/countries/*.yaml)" \
        in r.stderr, r.stderr[-2000:]
    texts = fixture_copy / "kz_law" / "texts"
    texts.mkdir()
    (texts / "fixture_act.kk.txt").write_text("1-бап. Жалпы ережелер\n1. Ашықтық.\n", encoding="utf-8")
    runs = "runs:\n  - notebook: 92_fixture_texts.py\n    reads: [kz_act]\n"
    root2, env2 = project(tmp_path / "two", fixture_copy, runs, ("92_fixture_texts.py",))
    r = civcomm("run", env=env2)
    assert r.returncode == 1 and "reads data/kz_law/texts/fixture_act.kk.txt" in r.stderr.replace(str(fixture_copy.parent) + "/", ""), \
        r.stderr[-2000:]


def test_an_official_text_dropped_into_the_texts_folder_reruns_the_notebook_that_declares_it(tmp_path, fixture_copy):
    runs = "runs:\n  - notebook: 92_fixture_texts.py\n    reads: [kz_law/texts/*]\n"
    root, env = project(tmp_path, fixture_copy, runs, ("92_fixture_texts.py",))
    texts = fixture_copy / "kz_law" / "texts"
    first = civcomm("run", env=env)
    assert first.returncode == 0 and "1 ran" in first.stderr, first.stderr[-2000:]
    assert "0 ran, 1 skipped" in civcomm("run", env=env).stderr
    texts.mkdir()
    (texts / "fixture_act.kk.txt").write_text("1-бап. Жалпы ережелер\n1. Мемлекеттік органдар ашықтығы.\n",
                                              encoding="utf-8")
    assert "1 ran" in civcomm("run", env=env).stderr
    assert "0 ran, 1 skipped" in civcomm("run", env=env).stderr
    (texts / "fixture_act.kk.txt").write_text("1-бап. Жалпы ережелер\n1. Өзгертілген мәтін.\n", encoding="utf-8")
    assert "1 ran" in civcomm("run", env=env).stderr


def test_any_change_under_data_is_validated_before_a_kernel_starts(tmp_path, fixture_copy):
    root, env = project(tmp_path, fixture_copy, "runs:\n  - notebook: 91_fixture_codebook.py\n", ("91_fixture_codebook.py",))
    assert civcomm("run", env=env).returncode == 0
    # the codebook notebook reads no country; a broken country file still stops the run (nothing reruns)
    country = fixture_copy / "countries" / "aaa.yaml"
    country.write_text(country.read_text(encoding="utf-8") + "misspelt_key: 1\n", encoding="utf-8")
    r = civcomm("run", env=env)
    assert r.returncode == 2 and "misspelt_key" in r.stderr and "no notebook was run" in r.stderr


def test_a_clean_run_prints_no_warning_or_error(tmp_path, fixture_copy):
    root, env = project(tmp_path, fixture_copy)
    r = civcomm("run", "-j", "2", env=env)
    assert r.returncode == 0
    noisy = [ln for ln in (r.stdout + r.stderr).splitlines() if "WARNING" in ln or "ERROR" in ln or "Traceback" in ln]
    assert noisy == []
