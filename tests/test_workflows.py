"""The GitHub workflows: valid against GitHub's schema, clean for a linter, pinned, least privilege, injection-free.

Everything here runs offline: check-jsonschema's vendored GitHub schema and zizmor's offline audits.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from .conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40} # v\d+\.\d+\.\d+$")
# no token (zizmor's online audits would want one) and a proxy that refuses: any download attempt fails
OFFLINE = {**{k: v for k, v in os.environ.items() if k not in ("GH_TOKEN", "GITHUB_TOKEN", "ZIZMOR_GITHUB_TOKEN")},
           **{k: "http://127.0.0.1:9" for k in ("HTTPS_PROXY", "HTTP_PROXY", "https_proxy", "http_proxy")}}


def _load(path: Path) -> dict:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def _tool(name: str, *args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / name), *args], cwd=cwd, env=OFFLINE, capture_output=True, text=True, timeout=120)


def _steps(workflow: dict):
    for job_id, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            yield job_id, step


def test_both_workflows_exist():
    assert [p.name for p in WORKFLOWS] == ["reports.yml", "tests.yml"]


def test_workflows_validate_against_githubs_schema(tmp_path):
    # one call (the tool takes seconds to start): the workflows and a broken one, which shows the check can fail
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  build:\n    step:\n      - run: make\n")
    r = _tool("check-jsonschema", "--builtin-schema", "vendor.github-workflows", "-o", "json", *map(str, WORKFLOWS),
              str(bad))
    report = json.loads(r.stdout)
    assert report["parse_errors"] == []
    assert {(Path(e["filename"]).name, e["best_match"]["message"]) for e in report["errors"]} == \
        {("bad.yml", "'runs-on' is a required property")}


def test_workflows_pass_the_linter_offline(tmp_path):
    r = _tool("zizmor", "--offline", "--pedantic", "--no-progress", *map(str, WORKFLOWS))
    assert r.returncode == 0, r.stdout + r.stderr
    # the linter is awake: an expression expanded inside a script (template injection) is flagged
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text("on: issues\npermissions: {}\njobs:\n  greet:\n    runs-on: ubuntu-24.04\n    steps:\n"
                   "      - run: echo \"${{ github.event.issue.title }}\"\n")
    r = _tool("zizmor", "--offline", "--no-progress", str(bad))
    assert r.returncode != 0 and "template-injection" in r.stdout + r.stderr


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_are_pinned_to_a_commit_with_their_version(path):
    uses = [line.split("uses:", 1)[1].strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip().lstrip("- ").startswith("uses:")]
    assert uses, "no action used?"
    assert [u for u in uses if not PINNED.match(u)] == []


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_permissions_are_read_only_except_where_pages_needs_them(path):
    wf = _load(path)
    assert wf["permissions"] == {"contents": "read"}
    for job_id, job in wf["jobs"].items():
        granted = job.get("permissions", {})
        if job_id == "pages":
            assert granted == {"pages": "write", "id-token": "write"}
        else:
            assert granted == {}, job_id
    # no secret reaches a step, and checkouts leave no token behind in .git/config
    assert "secrets." not in path.read_text(encoding="utf-8")
    for _, step in _steps(wf):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_expression_is_expanded_inside_a_script(path):
    # values reach scripts through env: (quoted by the shell), never spliced into the script text
    scripts = [(job, step["run"]) for job, step in _steps(_load(path)) if "run" in step]
    assert scripts and [(job, s) for job, s in scripts if "${{" in s] == []


def test_reports_workflow_shards_merges_and_publishes_only_when_asked():
    wf = _load(ROOT / ".github" / "workflows" / "reports.yml")
    on = wf[True] if True in wf else wf["on"]  # YAML 1.1 reads the key `on` as a boolean
    assert "push" in on and on["workflow_dispatch"]["inputs"]["shards"]["default"] == 2
    assert on["workflow_dispatch"]["inputs"]["publish"]["default"] is False
    jobs = wf["jobs"]
    assert jobs["shard"]["strategy"]["matrix"]["shard"] == "${{ fromJSON(needs.plan.outputs.shards) }}"
    shard_run = [s for s in jobs["shard"]["steps"] if "make reports" in s.get("run", "")]
    assert shard_run[0]["env"]["SHARD"] == "${{ matrix.shard }}/${{ needs.plan.outputs.count }}"
    uploads = [s for s in jobs["shard"]["steps"] if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert uploads[0]["with"]["name"] == "outputs-shard-${{ matrix.shard }}"
    merge_steps = jobs["merge"]["steps"]
    assert jobs["merge"]["needs"] == ["plan", "shard"]
    assert any("civcomm merge shards/*" in s.get("run", "") for s in merge_steps)
    download = [s for s in merge_steps if s.get("uses", "").startswith("actions/download-artifact@")][0]
    assert download["with"]["pattern"] == "outputs-shard-*"
    assert [s["with"]["name"] for s in merge_steps if s.get("uses", "").startswith("actions/upload-artifact@")] == \
        ["reports"]
    assert "inputs.publish" in jobs["pages"]["if"] and "default_branch" in jobs["pages"]["if"]
    for job in ("shard", "merge"):
        setup = [s for s in jobs[job]["steps"] if s.get("uses", "").startswith("actions/setup-python@")][0]
        assert setup["with"]["cache"] == "pip" and setup["with"]["cache-dependency-path"] == "requirements.txt"


def _plan_script() -> str:
    wf = _load(ROOT / ".github" / "workflows" / "reports.yml")
    return [s for s in wf["jobs"]["plan"]["steps"] if s.get("id") == "plan"][0]["run"]


@pytest.mark.parametrize("requested, count, shards", [("", "2", "[1,2]"), ("1", "1", "[1]"), ("3", "3", "[1,2,3]"),
                                                      ("20", "20", "[" + ",".join(map(str, range(1, 21))) + "]")])
def test_the_plan_job_turns_the_input_into_the_matrix(tmp_path, requested, count, shards):
    out = tmp_path / "github_output"
    r = subprocess.run(["bash", "-e", "-c", _plan_script()], env={**os.environ, "REQUESTED": requested,
                       "GITHUB_OUTPUT": str(out)}, capture_output=True, text=True, timeout=30)
    assert r.returncode == 0, r.stdout + r.stderr
    assert out.read_text().splitlines() == [f"count={count}", f"shards={shards}"]


@pytest.mark.parametrize("requested", ["0", "21", "2; echo pwned", "-1", "two"])
def test_the_plan_job_refuses_a_bad_shard_count(tmp_path, requested):
    out = tmp_path / "github_output"
    r = subprocess.run(["bash", "-e", "-c", _plan_script()], env={**os.environ, "REQUESTED": requested,
                       "GITHUB_OUTPUT": str(out)}, capture_output=True, text=True, timeout=30)
    assert r.returncode == 1 and "::error::shards must be a whole number from 1 to 20" in r.stdout
    assert "pwned" not in r.stdout.splitlines() and (not out.exists() or out.read_text() == "")


def test_tests_workflow_runs_what_ci_runs_with_chromium_from_apt():
    wf = _load(ROOT / ".github" / "workflows" / "tests.yml")
    job = wf["jobs"]["test"]
    assert [s["run"] for s in job["steps"] if "run" in s][-1] == "bash .ci/run"
    assert "apt-get install" in (ROOT / ".ci" / "run").read_text() and "make test" in (ROOT / ".ci" / "run").read_text()
    assert job["container"].endswith("bookworm")  # Debian's chromium package, installed as root
    cache = [s for s in job["steps"] if s.get("uses", "").startswith("actions/cache@")][0]
    assert "hashFiles('requirements.txt')" in cache["with"]["key"]


@pytest.mark.skipif(shutil.which("make") is None, reason="make not installed")
def test_make_passes_shard_to_the_runner():
    def dry_run(*args: str) -> list[str]:
        # --no-print-directory: under `make test` this make is nested and would add Entering/Leaving lines
        r = subprocess.run(["make", "--no-print-directory", "-n", "reports", "JOBS=2", *args], cwd=ROOT,
                           capture_output=True, text=True, timeout=60)
        return [line for line in r.stdout.splitlines() if "civcomm run" in line]

    assert dry_run("SHARD=2/3") == [".venv/bin/civcomm run -j 2 --shard 2/3"]
    assert dry_run() == [".venv/bin/civcomm run -j 2"]
