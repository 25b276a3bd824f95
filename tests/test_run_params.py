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
