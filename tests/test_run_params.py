"""Runner input checks: parameters validated before any kernel starts (exit 2, clear message)."""

from __future__ import annotations

import pytest

from civcomm.report import validate_parameters
from civcomm.runner import plan as run

from .conftest import civcomm


def test_bad_lang_exits_2():
    r = civcomm("run", "01", "-p", "lang=xx")
    assert r.returncode == 2
    assert "parameter 'lang' has value(s) 'xx' that are not allowed (expected one of kk, ru, en)" in r.stderr


def test_misspelt_parameter_exits_2_and_suggests():
    r = civcomm("run", "01", "-p", "contry=KAZ")
    assert r.returncode == 2
    assert "unknown parameter 'contry'" in r.stderr and "did you mean 'countries'" in r.stderr


def test_unknown_country_and_notebook():
    r = civcomm("run", "01", "-p", "countries=[USA,XXX]")
    assert r.returncode == 2 and "'XXX'" in r.stderr
    r = civcomm("run", "99_nothing")
    assert r.returncode == 2 and "no notebook in runs.yaml matches '99_nothing'" in r.stderr


def test_list_shows_every_run():
    r = civcomm("run", "--list")
    assert r.returncode == 0
    ids = [line.split("\t")[0] for line in r.stdout.splitlines()]
    assert {"01_compare_countries.lang-kk", "01_compare_countries.lang-ru", "01_compare_countries.lang-en"} <= set(ids)


def test_override_collapses_grid():
    runs = run.select_runs(run.load_runs(), ["01"], {"lang": "en"})
    assert [r.report_id for r in runs] == ["01_compare_countries.lang-en"]


def test_type_mismatch_is_reported():
    problems = validate_parameters({"lang": "kk", "countries": []}, {"countries": "USA"})
    assert "expected list" in problems[0]


def test_shard_splits_runs():
    runs = run.select_runs(run.load_runs(), [], {})
    a, b = run.shard(runs, "1/2"), run.shard(runs, "2/2")
    assert sorted(r.report_id for r in a + b) == sorted(r.report_id for r in runs)
    assert not {r.report_id for r in a} & {r.report_id for r in b}
    with pytest.raises(run.RunInputError):
        run.shard(runs, "3/2")


def test_report_id_is_stable_and_short():
    assert run.report_id("01_x", {"lang": "kk"}) == "01_x.lang-kk"
    long = run.report_id("01_x", {"countries": ["USA"] * 40})
    assert len(long) < 80 and long == run.report_id("01_x", {"countries": ["USA"] * 40})


def test_a_check_reuses_the_last_clean_parse_only_for_unchanged_files_and_the_same_code(fixture_copy, tmp_path,
                                                                                        monkeypatch):
    """`civcomm run` keeps its last clean parse in .civcomm-cache/: an unchanged file is not parsed again, a
    changed one is, and other code parses everything; a problem in a changed file is still found."""
    from civcomm.data import project as project_mod
    from civcomm.runner import run as run_mod
    from civcomm.runner.cache import PARSED_DIR
    from civcomm.runner.plan import RunInputError

    monkeypatch.setenv("CIVCOMM_ROOT", str(tmp_path))
    parsed: list[str] = []
    real = project_mod.read_yaml
    monkeypatch.setattr(project_mod, "read_yaml", lambda p: (parsed.append(p.name), real(p))[1])

    def check(code: str) -> list[str]:
        parsed.clear()
        run_mod.validate_data({}, code=code)
        return sorted(parsed)

    every = check("code-a")
    assert len(every) > 5 and list((tmp_path / PARSED_DIR).glob("parsed-*.pickle"))
    assert check("code-a") == []  # nothing changed: nothing parsed
    aaa = fixture_copy / "countries" / "aaa.yaml"
    aaa.write_text(aaa.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    assert check("code-a") == ["aaa.yaml"]
    assert check("code-b") == every  # another version of civcomm trusts no earlier parse
    aaa.write_text(aaa.read_text(encoding="utf-8").replace("as_of: 2026-11-22", "as_of: someday"), encoding="utf-8")
    with pytest.raises(RunInputError, match="aaa.yaml"):
        run_mod.validate_data({}, code="code-b")
