"""The edit loop and the kernel floor (`make bench`, part `preview`; issue #19).

- ``floor_s``: what any run must pay before its first cell: start a kernel and import what the
  notebooks import (runner.warm.notebook_imports), nothing else; median of ``repeat`` kernels.
- ``full_fork_s`` / ``full_warm_s`` / ``full_cold_s``: ``civcomm run -j JOBS --force`` into an empty
  outputs folder with ``--kernels fork`` (the default: each kernel a fork of a process that has the
  imports done and the project loaded), ``--kernels warm`` (each worker starts its next kernel ahead)
  and ``--kernels cold``, rotating which goes first; ``full_vs_floor`` = full_fork_s /
  (runs x floor_s / jobs): how far a full regeneration is from paying only the floor. These reuse the
  parse of unchanged data files kept in .civcomm-cache/ (runner.cache.load_parsed); ``full_fork_unparsed_s``
  is one regeneration without it, first, as on a fresh clone.
- ``edit_to_report_s``: `civcomm preview 01 -p lang=en` on a copy of data/; each edit appends a
  comment line to data/countries/usa.yaml (a new cache key: report 01 reruns); the time from the
  write to the rewritten report file; median of ``edits`` edits, each after the preview is idle.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from run_all import ROOT, clean_env, log, median, run_checked, timed

REPORT = "reports/01_compare_countries.lang-en.html"


def kernel_floor(repeat: int) -> float:
    """Median seconds to start a python3 kernel and import the notebooks' modules in it."""
    from jupyter_client.manager import start_new_kernel

    from civcomm.runner.warm import notebook_imports

    modules = notebook_imports(sorted((ROOT / "notebooks").glob("*.py")))
    code = "; ".join(f"import {m}" for m in modules)
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        km, kc = start_new_kernel(kernel_name="python3", env=clean_env())
        try:
            reply = kc.execute_interactive(code, timeout=120, store_history=False)
            assert reply["content"]["status"] == "ok", reply["content"]
            samples.append(time.perf_counter() - t0)
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)
    return median(samples)


def full_run(out: Path, jobs: int, kernels: str) -> float:
    if out.exists():
        shutil.rmtree(out)
    env = clean_env(CIVCOMM_OUTPUTS=str(out))
    return timed(lambda: run_checked([sys.executable, "-m", "civcomm", "run", "-j", str(jobs), "--force",
                                      "--kernels", kernels], env))


def edit_to_report(tmp: Path, edits: int) -> list[float]:
    data, out = tmp / "preview-data", tmp / "preview-out"
    shutil.rmtree(data, ignore_errors=True)
    shutil.copytree(ROOT / "data", data)
    env = clean_env(CIVCOMM_DATA=str(data), CIVCOMM_OUTPUTS=str(out), PYTHONUNBUFFERED="1")
    proc = subprocess.Popen([sys.executable, "-m", "civcomm", "preview", "01", "-p", "lang=en", "-j", "1"],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(iter(proc.stdout.readline, "")), daemon=True).start()

    def wait(pred, what: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while not pred():
            if proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"preview benchmark: no {what}\n{''.join(lines)[-3000:]}")
            time.sleep(0.005)

    samples = []
    try:
        wait(lambda: any("preview: ready" in x for x in lines), "first run", 300)
        report, usa = out / REPORT, data / "countries" / "usa.yaml"
        for i in range(edits):
            time.sleep(3)  # idle again: the next kernel has warmed up
            before, n = report.stat().st_mtime_ns, len(lines)
            t0 = time.perf_counter()
            with usa.open("a", encoding="utf-8") as fh:
                fh.write(f"# benchmark edit {i}\n")
            wait(lambda: report.stat().st_mtime_ns != before, "rewritten report", 120)
            samples.append(time.perf_counter() - t0)
            wait(lambda: any(" rerun, " in x for x in lines[n:]), "end of the rerun", 120)
            log(f"preview edit {i + 1}: report rewritten {samples[-1]:.2f}s after the write")
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
    return samples


def bench_preview(args, tmp: Path, runs: int) -> dict:
    floor = kernel_floor(args.repeat)
    log(f"kernel start + notebook imports (floor): {floor:.2f}s")
    # the first regeneration parses every data file (no .civcomm-cache/, as on a fresh clone); the measured ones
    # reuse its parse for the unchanged files, as every later run on a researcher's machine does
    shutil.rmtree(ROOT / ".civcomm-cache", ignore_errors=True)
    unparsed = full_run(tmp / "full-unparsed", args.jobs, "fork")
    log(f"civcomm run -j {args.jobs} --force, forked kernels, nothing parsed before: {unparsed:.1f}s")
    kinds = ["fork", "warm", "cold"]
    samples: dict[str, list[float]] = {k: [] for k in kinds}
    for i in range(args.repeat_full):
        for kernels in kinds[i % 3:] + kinds[:i % 3]:
            t = full_run(tmp / f"full-{kernels}", args.jobs, kernels)
            samples[kernels].append(t)
            log(f"repeat {i + 1}: civcomm run -j {args.jobs} --force --kernels {kernels}: {t:.1f}s")
    edits = edit_to_report(tmp, max(5, args.repeat))
    full = {k: median(v) for k, v in samples.items()}
    return {"floor_s": floor, "full_fork_s": full["fork"], "full_fork_unparsed_s": unparsed, "full_warm_s": full["warm"], "full_cold_s": full["cold"],
            "fork_vs_cold": full["fork"] / full["cold"], "warm_vs_cold": full["warm"] / full["cold"],
            "full_vs_floor": full["fork"] / (runs * floor / args.jobs),
            "edit_to_report_s": median(edits),
            "samples_preview": {**{f"full_{k}_s": v for k, v in samples.items()}, "edit_to_report_s": edits}}
