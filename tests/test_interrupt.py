"""Ctrl-C stops a parallel run at once: queued runs cancelled, running kernels stopped, finished runs kept
and recorded, no kernel or connection file left behind (slow: executes notebooks)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from .conftest import ROOT, alive, kernels_of, zygotes_of

pytestmark = pytest.mark.slow

RUNS = """runs:
  - notebook: 91_fixture_codebook.py
  - notebook: 95_fixture_sleep.py
    grid: {seconds: [300, 301, 302]}
"""


def wait_for(condition, timeout: float, step: float = 0.2) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(step)
    return condition()


def test_sigint_to_the_group_stops_a_parallel_run_and_keeps_what_finished(tmp_path, fixture_copy):
    root = tmp_path / "proj"
    (root / "notebooks").mkdir(parents=True)
    for name in ("91_fixture_codebook.py", "95_fixture_sleep.py"):
        shutil.copy(ROOT / "tests" / "fixtures" / "notebooks" / name, root / "notebooks")
    (root / "notebooks" / "runs.yaml").write_text(RUNS)
    out = root / "outputs"
    env = {**os.environ, "CIVCOMM_ROOT": str(root), "CIVCOMM_DATA": str(fixture_copy), "CIVCOMM_OUTPUTS": str(out)}
    temp = Path(tempfile.gettempdir())
    json_before = set(temp.glob("tmp*.json"))
    # a terminal's Ctrl-C goes to the whole foreground process group: the runner leads its own group here
    proc = subprocess.Popen([sys.executable, "-m", "civcomm", "run", "--force", "-j", "2"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    seen: set[int] = set()  # every kernel and zygote of the runner seen while it ran

    def two_sleeping_runs() -> bool:
        kernels = kernels_of(proc.pid)
        seen.update(kernels, zygotes_of(proc.pid))
        return done.exists() and len(kernels) >= 2

    try:
        done = out / "reports" / "91_fixture_codebook.html"
        # two sleeping runs execute (each worker may also hold its next kernel: 2 to 4 kernels)
        assert wait_for(two_sleeping_runs, timeout=600), \
            "the quick run never finished while two sleeping runs were executing"
        assert zygotes_of(proc.pid), "kernels are forked from a zygote by default"
        started = time.monotonic()
        os.killpg(proc.pid, signal.SIGINT)
        proc.wait(timeout=10)  # "within a few seconds": a runner that keeps working fails here
        print(f"runner exited {time.monotonic() - started:.2f}s after SIGINT")
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    stderr = proc.stderr.read()
    assert proc.returncode == 130, stderr[-2000:]
    assert "interrupted; 1 run(s) finished and kept, 3 not run" in stderr, stderr[-2000:]
    assert "Traceback" not in stderr and "ZMQError" not in stderr and "DeadKernelError" not in stderr
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(manifest["reports"]) == ["91_fixture_codebook"]  # recorded: the next run does not redo it
    assert wait_for(lambda: not kernels_of(proc.pid) and not alive(seen), timeout=3), (kernels_of(proc.pid), alive(seen))
    assert not (temp / f"civcomm-kernels-{proc.pid}").exists()
    assert set(temp.glob("tmp*.json")) <= json_before  # no connection file (they hold the kernel key)
    assert not list(out.rglob("*.tmp"))
    env_next = {k: env[k] for k in ("CIVCOMM_ROOT", "CIVCOMM_DATA", "CIVCOMM_OUTPUTS")}
    listing = subprocess.run([sys.executable, "-m", "civcomm", "run", "--list"], env={**os.environ, **env_next},
                             capture_output=True, text=True, timeout=120)
    assert listing.returncode == 0
