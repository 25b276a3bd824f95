"""The worker processes that execute runs: started, fed one run at a time, stopped with their kernels on Ctrl-C.

Each worker (runner.worker) has a folder of its own in the temp directory; a kernel it starts may be cold, warm
(started ahead, runner.warm) or a fork of the pool's zygote (runner.zygote). The pool is kept between batches by
`civcomm preview`, used for one batch by `civcomm run`.
"""

from __future__ import annotations

import json
import os
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from civcomm.core.environ import KERNEL_DIR_ENV
from civcomm.core.paths import notebooks_dir, outputs_dir
from civcomm.data.project import Project
from civcomm.runner.plan import Run

KERNEL_DIRS = "civcomm-kernels-"  # prefix of the workers' folders in the temp directory



@dataclass
class Worker:
    proc: subprocess.Popen
    kernel_dir: Path
    job: Run | None = None
    seq: int = 0
    started: float = field(default_factory=time.monotonic)


def start_worker(kernel_root: Path, i: int, kernels: dict[str, str] | None = None,
                 zygote: tuple[int, int] | None = None) -> Worker:
    """A worker process; ``kernels``: its kernel settings (warm.KERNELS_ENV, warm.SNAPSHOT_ENV); ``zygote``: its
    (request, reply) pipe ends to the pool's zygote (runner.zygote), passed on and closed here."""
    from civcomm.runner.zygote import ZYGOTE_ENV

    kdir = kernel_root / f"worker-{i}"
    kdir.mkdir(parents=True)
    env = {**os.environ, **(kernels or {}), KERNEL_DIR_ENV: str(kdir)}
    if zygote:
        env[ZYGOTE_ENV] = ",".join(map(str, zygote))
    try:
        proc = subprocess.Popen([sys.executable, "-m", "civcomm.runner.worker"], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, env=env, text=True, encoding="utf-8", bufsize=1,
                                pass_fds=zygote or (),
                                start_new_session=True)  # a terminal's Ctrl-C reaches the runner only
    finally:
        for fd in zygote or ():
            os.close(fd)
    return Worker(proc, kdir)


def stop_workers(workers: list[Worker], kernel_root: Path, grace: float = 2.0) -> None:
    """Stop every worker and its kernel now (SIGTERM, then SIGKILL after ``grace`` seconds), and remove their
    connection files and sockets."""
    for w in workers:
        if w.proc.poll() is None:
            _signal_group(w.proc.pid, signal.SIGTERM)
    pids = [int(p.read_text()) for p in kernel_root.rglob("kernel-*.pid") if p.read_text().strip().isdigit()]
    for pid in pids:
        _signal_group(pid, signal.SIGKILL)
    deadline = time.monotonic() + grace
    for w in workers:
        try:
            w.proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            _signal_group(w.proc.pid, signal.SIGKILL)
            w.proc.wait()
    shutil.rmtree(kernel_root, ignore_errors=True)


def _signal_group(pid: int, sig: int) -> None:
    try:
        os.killpg(pid, sig)
    except (ProcessLookupError, PermissionError):
        try:
            os.kill(pid, sig)
        except (ProcessLookupError, PermissionError):
            pass


def sweep_kernel_dirs() -> None:
    """Remove what killed runs left in the temp directory (their workers' pids are gone)."""
    for d in Path(tempfile.gettempdir()).glob(f"{KERNEL_DIRS}*"):
        try:
            owner = int(d.name.rsplit("-", 1)[-1])
            os.kill(owner, 0)
        except (ValueError, ProcessLookupError):
            shutil.rmtree(d, ignore_errors=True)
        except PermissionError:
            pass


def job_of(r: Run, seq: int, snapshot: str = "") -> dict[str, Any]:
    reports = r.out_dir / "reports"
    assets = outputs_dir() / "assets"
    return {"notebook": str(r.notebook), "params": r.params, "report_id": r.report_id, "out_dir": str(r.out_dir),
            "reads": list(r.reads), "lang": r.params.get("lang", r.declared.get("lang")), "seq": seq,
            "assets_href": os.path.relpath(assets, reports) + "/", "snapshot": snapshot}


class Pool:
    """Worker processes that execute runs; kept between batches by `civcomm preview`, one batch for `run`.

    ``kernels="warm"``: each worker keeps its next kernel started ahead (runner.warm), which takes the
    validated project from the latest snapshot (``set_project``). Ctrl-C during ``execute``: queued runs
    are cancelled, running ones stopped (a worker gets ``grace`` seconds after SIGTERM, then SIGKILL),
    KeyboardInterrupt propagates once everything is cleaned up."""

    def __init__(self, jobs: int, kernels: str = "cold", project: Project | None = None, grace: float = 2.0):
        sweep_kernel_dirs()
        self.root = Path(tempfile.gettempdir()) / f"{KERNEL_DIRS}{os.getpid()}"
        shutil.rmtree(self.root, ignore_errors=True)  # a dead run's, whose pid this process now has
        self.root.mkdir(mode=0o700)
        self.jobs, self.kernels, self.grace = jobs, kernels, grace
        self.workers: list[Worker] = []
        self.zygotes: list[subprocess.Popen] = []  # kernels="fork": one for each batch of workers started
        self.sel = selectors.DefaultSelector()
        self.seq = 0
        self.count = 0  # workers started (each has its own folder)
        self.snapshot = ""
        self.set_project(project)

    def set_project(self, project: Project | None) -> None:
        """The validated project the next runs take (a new snapshot file: kernels may read the old one)."""
        if self.kernels in ("fork", "warm") and project is not None:
            from civcomm.runner.warm import write_snapshot

            self.seq += 1
            self.snapshot = str(write_snapshot(project, self.root, f"project-{self.seq}.pickle"))

    def _start(self, n: int) -> None:
        from civcomm.runner.warm import KERNELS_ENV, SNAPSHOT_ENV

        settings = {KERNELS_ENV: self.kernels, SNAPSHOT_ENV: self.snapshot}
        pipes: list[tuple[int, int]] = []
        if self.kernels == "fork" and len(self.workers) < n:
            from civcomm.runner.warm import notebook_imports
            from civcomm.runner.zygote import start_zygote

            zygote, pipes = start_zygote(notebook_imports(sorted(notebooks_dir().glob("*.py"))), n - len(self.workers))
            self.zygotes.append(zygote)
        while len(self.workers) < n:
            w = start_worker(self.root, self.count, settings, pipes.pop(0) if pipes else None)
            self.count += 1
            self.workers.append(w)
            self.sel.register(w.proc.stdout, selectors.EVENT_READ, w)

    def warm(self) -> None:
        """Start every worker now (preview: the kernels warm up before the first edit)."""
        self._start(self.jobs)

    def execute(self, todo: list[Run], on_result) -> None:
        """Run ``todo``; ``on_result(run, result)`` as each finishes (in the caller's process, so what it
        records survives an interrupt)."""
        queue = list(todo)
        try:
            self._start(min(self.jobs, len(todo)))
            for w in self.workers:
                if queue and w.job is None:
                    self._send(w, queue.pop(0))
            while any(w.job for w in self.workers):
                for key, _ in self.sel.select(timeout=1.0):
                    w: Worker = key.data
                    line = w.proc.stdout.readline()
                    if not line:  # the worker died (killed, out of memory): its run failed
                        result = {"report_id": w.job.report_id, "status": "failed", "failed_notebook": "",
                                  "error": f"worker process ended with status {w.proc.wait()}", "seconds": 0.0}
                        self.sel.unregister(w.proc.stdout)
                        self.workers.remove(w)
                        run, w.job = w.job, None
                        on_result(run, result)
                        continue
                    run, w.job = w.job, None
                    on_result(run, json.loads(line))
                    if queue:
                        self._send(w, queue.pop(0))
                if queue and not any(w.job for w in self.workers):  # every worker died: start new ones
                    self._start(min(self.jobs, len(queue)))
                    for w in self.workers:
                        if queue and w.job is None:
                            self._send(w, queue.pop(0))
        except BaseException:  # Ctrl-C: stop every worker and kernel now
            self.kill()
            raise

    def _send(self, w: Worker, r: Run) -> None:
        self.seq += 1
        w.job, w.seq, w.started = r, self.seq, time.monotonic()
        w.proc.stdin.write(json.dumps(job_of(r, self.seq, self.snapshot), ensure_ascii=False) + "\n")
        w.proc.stdin.flush()

    def close(self) -> None:
        """Let idle workers end (their warm kernels shut down), stop any still busy, remove the folder."""
        for w in self.workers:
            if w.proc.poll() is None and w.job is None:
                try:
                    w.proc.stdin.close()
                except OSError:
                    pass
        for w in self.workers:
            if w.job is None:
                try:
                    w.proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    pass
        self.kill()

    def kill(self, grace: float | None = None) -> None:
        """Stop every worker, kernel and zygote now (workers get ``grace`` seconds, default the pool's, after
        SIGTERM)."""
        stop_workers(self.workers, self.root, self.grace if grace is None else grace)
        for z in self.zygotes:  # its kernels are gone with the workers' (their pids are recorded)
            if z.poll() is None:
                _signal_group(z.pid, signal.SIGKILL)
            z.wait()
        self.zygotes = []
        for w in self.workers:
            try:
                self.sel.unregister(w.proc.stdout)
            except (KeyError, ValueError):
                pass
        self.workers = []
