"""Hostile or broken input gets one clear line and exit 2 within seconds: never a traceback, a hang or a
memory blow-up (the rule: only regular files, bounded reads, the same safe loader for -p values)."""

from __future__ import annotations

import os
import shutil

import pytest

from .conftest import FIXTURE_DATA, civcomm

TIMEOUT = 60  # a hang fails the test (a bounded wait, not a timing assertion)


def problem_lines(stderr: str) -> list[str]:
    return [ln for ln in stderr.splitlines()
            if ln.strip() and not ln.endswith(("problem(s) found", "no notebook was run"))]


@pytest.fixture
def data(tmp_path):
    dst = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, dst)
    return dst


def run_plan_only(*params: str, data=FIXTURE_DATA):
    """`civcomm run --list` with -p values: parsed and checked, nothing executed."""
    return civcomm("run", "--list", *[x for p in params for x in ("-p", p)],
                   env={"CIVCOMM_DATA": str(data)}, timeout=TIMEOUT)


@pytest.mark.parametrize("value, expected", [
    ("countries=&a [AAA, *a]", "-p countries: YAML alias '*a' (expected every value written out"),
    ("countries=" + "[" * 1000 + "]" * 1000, "-p countries: nesting deeper than 40 levels"),
    ("countries=!!python/object/apply:os.system ['true']", "-p countries: YAML tags such as !!python/..."),
    ("countries=!!python/name:os.system", "-p countries: YAML tags such as !!python/..."),
    ("countries=[USA", "-p countries: YAML syntax: found '<stream end>' while parsing a flow sequence (expected ',' or ']')"),
    ("countries=" + "x" * 20000, "-p countries: value is 20,000 characters (expected at most 10,000)"),
    ("coun\u200btries=[AAA]", "is not a parameter name (contains U+200B ZERO WIDTH SPACE)"),
    ("lang", "-p lang: expected NAME=VALUE"),
])
def test_hostile_parameter_values(value, expected):
    r = run_plan_only(value)
    assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr[-1500:]
    lines = problem_lines(r.stderr)
    assert len(lines) == 1 and expected in lines[0], lines


def test_a_billion_laughs_value_is_refused_before_it_expands():
    layers = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    layers += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, "
               f"*a{i - 1}, *a{i - 1}]" for i in range(1, 9)]
    r = run_plan_only("countries={" + ", ".join(layers) + "}")
    assert r.returncode == 2 and "YAML alias '*a0'" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.parametrize("jobs", ["0", "-1"])
def test_jobs_must_be_positive(jobs):
    r = civcomm("run", "-j", jobs, "--list", env={"CIVCOMM_DATA": str(FIXTURE_DATA)}, timeout=TIMEOUT)
    assert r.returncode == 2 and f"-j {jobs}: expected a positive number of parallel runs" in r.stderr


def _validate_and_run(data, tmp_path):
    """Both commands: `validate` and `run` (which validates changed data before any kernel starts)."""
    env = {"CIVCOMM_DATA": str(data), "CIVCOMM_OUTPUTS": str(tmp_path / "outputs")}
    return (civcomm("validate", env=env, timeout=TIMEOUT), civcomm("run", "--list", env=env, timeout=TIMEOUT))


def _one_problem(results, expected: str):
    for r in results:
        assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr[-1500:]
        lines = problem_lines(r.stderr.replace("civcomm run: ", ""))
        assert len(lines) == 1 and expected in lines[0], lines


def test_a_fifo_as_a_country_file(data, tmp_path):
    os.mkfifo(data / "countries" / "ccc.yaml")
    _one_problem(_validate_and_run(data, tmp_path), "countries/ccc.yaml:1: is a FIFO (named pipe), not a file")


def test_a_symlink_to_dev_zero(data, tmp_path):
    (data / "countries" / "ccc.yaml").symlink_to("/dev/zero")
    _one_problem(_validate_and_run(data, tmp_path), "countries/ccc.yaml:1: is a device, not a file")


def test_a_symlink_loop(data, tmp_path):
    (data / "countries" / "ccc.yaml").symlink_to(data / "countries" / "ddd.yaml")
    (data / "countries" / "ddd.yaml").symlink_to(data / "countries" / "ccc.yaml")
    for r in _validate_and_run(data, tmp_path):
        assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr[-1500:]
        lines = problem_lines(r.stderr.replace("civcomm run: ", ""))
        assert sorted(ln.split(":")[0].rsplit("/", 1)[-1] for ln in lines) == ["ccc.yaml", "ddd.yaml"]
        assert all("is a symlink loop (expected a regular file)" in ln for ln in lines)


def test_a_folder_named_like_a_data_file(data, tmp_path):
    (data / "countries" / "ccc.yaml").mkdir()
    _one_problem(_validate_and_run(data, tmp_path), "countries/ccc.yaml:1: is a directory (expected a YAML file)")


def test_ten_thousand_nested_lists(data, tmp_path):
    (data / "countries" / "ccc.yaml").write_text("country: CCC\nnote: " + "[" * 10000 + "]" * 10000 + "\n")
    _one_problem(_validate_and_run(data, tmp_path), "countries/ccc.yaml:2: nesting deeper than 40 levels")


def test_an_alias_bomb_in_a_data_file(data, tmp_path):
    (data / "countries" / "ccc.yaml").write_text(
        "country: CCC\na: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b]\n")
    _one_problem(_validate_and_run(data, tmp_path), "countries/ccc.yaml:3: YAML alias '*a'")


def test_a_zero_width_character_in_an_iso3_code(data, tmp_path):
    src = (data / "countries" / "bbb.yaml").read_text(encoding="utf-8")
    (data / "countries" / "bbb.yaml").write_text(src.replace("country: BBB", "country: \"B\u200bBB\""), encoding="utf-8")
    r = civcomm("validate", env={"CIVCOMM_DATA": str(data)}, timeout=TIMEOUT)
    assert r.returncode == 2
    assert "country: 'B\\u200bBB' is not an ISO3 code (contains the invisible character U+200B ZERO WIDTH SPACE)" \
        in r.stderr


def test_validate_given_a_fifo_does_not_hang(tmp_path):
    fifo = tmp_path / "x.yaml"
    os.mkfifo(fifo)
    r = civcomm("validate", str(fifo), env={"CIVCOMM_DATA": str(FIXTURE_DATA)}, timeout=TIMEOUT)
    assert r.returncode == 2 and f"{fifo}:1: is a FIFO (named pipe), not a file (expected a regular file)" in r.stderr


def test_a_hostile_official_text_is_named_not_read(data, tmp_path):
    texts = data / "kz_law" / "texts"
    texts.mkdir()
    os.mkfifo(texts / "fixture_act.kk.txt")
    from civcomm.analysis.legaltext import parse_dir

    provisions, messages = parse_dir(texts)
    assert provisions.empty and any("is a FIFO" in m for m in messages)
