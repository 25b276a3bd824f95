"""The reports workflow's own commands, run here: N shards merged equal one unsharded run, file by file (slow).

A small project (one fixture notebook in three languages, exporting tables, one of them written by
every run) keeps this to nine notebook executions.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from civcomm.runner.merge import strip_provenance

from .conftest import FIXTURE_DATA, ROOT

pytestmark = pytest.mark.slow

SHARED = "tables/fixture_competence_ids.csv"  # written by every run: shards must agree on it


def _workflow_commands() -> tuple[str, str]:
    """The shard job's and the merge job's commands, as the workflow has them."""
    jobs = YAML(typ="safe").load((ROOT / ".github" / "workflows" / "reports.yml").read_text(encoding="utf-8"))["jobs"]
    shard = [s["run"] for s in jobs["shard"]["steps"] if "make reports" in s.get("run", "")]
    merge = [s["run"] for s in jobs["merge"]["steps"] if "civcomm merge" in s.get("run", "")]
    assert len(shard) == 1 and len(merge) == 1
    return shard[0], merge[0]


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("ci") / "proj"
    (root / "notebooks").mkdir(parents=True)
    shutil.copy(ROOT / "tests" / "fixtures" / "notebooks" / "93_fixture_exports.py", root / "notebooks")
    (root / "notebooks" / "runs.yaml").write_text("runs:\n  - notebook: 93_fixture_exports.py\n    reads: [country, diss_table]\n"
                                                  "    grid: {lang: [kk, ru, en]}\n")
    return root


def _run_shards(project: Path, outs: dict[str, Path]) -> None:
    """The shard job's step, once per shard and at the same time, as the matrix runs it: bash runs the
    step's command in the checkout with SHARD set as the workflow sets it."""
    command, _ = _workflow_commands()
    procs = []
    for shard, out in outs.items():
        env = {**os.environ, "SHARD": shard, "CIVCOMM_ROOT": str(project), "CIVCOMM_DATA": str(FIXTURE_DATA),
               "CIVCOMM_OUTPUTS": str(out)}
        procs.append(subprocess.Popen(["bash", "-e", "-c", command], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, text=True))
    for proc in procs:
        stdout, stderr = proc.communicate(timeout=600)
        assert proc.returncode == 0, stdout[-2000:] + stderr[-3000:]


def _run_merge(project: Path, work: Path) -> subprocess.CompletedProcess:
    """The merge job's step, in a folder laid out like the merge job's: .venv, shards/<artifact>/, outputs/."""
    _, command = _workflow_commands()
    if not (work / ".venv").exists():
        (work / ".venv").symlink_to(Path(sys.prefix))
    env = {**os.environ, "CIVCOMM_ROOT": str(project), "CIVCOMM_DATA": str(FIXTURE_DATA)}
    env.pop("CIVCOMM_OUTPUTS", None)
    return subprocess.run(["bash", "-e", "-c", command], cwd=work, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def single(project, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("single") / "outputs"
    _run_shards(project, {"": out})  # the same step with no shard: the whole run list
    return out


def _files(root: Path) -> dict[str, Path]:
    return {p.relative_to(root).as_posix(): p for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def sharded(project, tmp_path_factory):
    """The shard folders of a run split N ways, as the merge job downloads them (made once per N)."""
    made: dict[int, Path] = {}

    def make(n: int) -> Path:
        if n not in made:
            shards = tmp_path_factory.mktemp(f"shards{n}")
            _run_shards(project, {f"{k}/{n}": shards / f"outputs-shard-{k}" for k in range(1, n + 1)})
            made[n] = shards
        return made[n]

    return make


def _merge_job(sharded, n: int, tmp_path: Path) -> Path:
    work = tmp_path / "merge-job"
    shutil.copytree(sharded(n), work / "shards")
    return work


@pytest.mark.parametrize("n", [2, 3])
def test_merged_shards_equal_one_unsharded_run(project, single, sharded, tmp_path, n):
    work = _merge_job(sharded, n, tmp_path)
    shard_reports = [sorted(p.stem for p in (work / "shards" / f"outputs-shard-{k}" / "reports").glob("*.html"))
                     for k in range(1, n + 1)]
    assert sum(map(len, shard_reports)) == 3 and all(shard_reports)  # a real split, every shard with work
    # the precondition of the conflict check: more than one shard wrote the shared table
    assert sum((work / "shards" / f"outputs-shard-{k}" / SHARED).is_file() for k in range(1, n + 1)) >= 2
    r = _run_merge(project, work)
    assert r.returncode == 0, r.stderr[-3000:]
    merged, expected = _files(work / "outputs"), _files(single)
    assert sorted(merged) == sorted(expected)
    assert {"manifest.json", "index.html", "assets/plotly.min.js", SHARED} <= set(merged)
    differ = [rel for rel in expected
              if strip_provenance(rel, merged[rel].read_bytes()) != strip_provenance(rel, expected[rel].read_bytes())]
    assert differ == []
    # only reports, notebooks and the index carry a provenance block; everything else is the same bytes
    same = [rel for rel in expected if merged[rel].read_bytes() == expected[rel].read_bytes()]
    assert set(expected) - set(same) <= {rel for rel in expected if rel.endswith((".html", ".ipynb"))}
    manifest = json.loads(merged["manifest.json"].read_text(encoding="utf-8"))
    assert manifest["shard"] is None and manifest["data_version"] and manifest["commit"]


def test_shards_of_another_commit_or_with_other_bytes_are_refused(project, sharded, tmp_path):
    work = _merge_job(sharded, 2, tmp_path)
    shard2 = work / "shards" / "outputs-shard-2"
    manifest_path = shard2 / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    real_commit = manifest["commit"]
    manifest["commit"] = "0" * 40
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    r = _run_merge(project, work)
    assert r.returncode == 2
    assert f"outputs-shard-2/manifest.json: commit: made from commit '{'0' * 40}', but" in r.stderr
    assert f"from '{real_commit}' (expected bundles of one commit" in r.stderr
    assert not (work / "outputs").exists()
    manifest["commit"] = real_commit
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    (shard2 / SHARED).write_bytes((shard2 / SHARED).read_bytes() + b"extra,row\n")
    r = _run_merge(project, work)
    assert r.returncode == 2 and f"outputs-shard-2/{SHARED}: differs from" in r.stderr, r.stderr
    assert not (work / "outputs").exists()
