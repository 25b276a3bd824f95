"""A worker process of `civcomm run`: executes runs one after another, each in a fresh kernel.

The runner starts each worker in a session of its own (a terminal's Ctrl-C reaches only the runner,
which then stops the workers) and talks to it in JSON lines: a run in on stdin, its result out on
stdout. Each kernel is started with IPC sockets and its connection file in the worker's own folder
(nothing in the shared temp directory, no TCP port), and its pid is written there, so the runner can
stop it and remove every trace however the worker ends.
"""

from __future__ import annotations

import ctypes
import json
import os
import shutil
import signal
import sys
import time
from pathlib import Path
from queue import Empty
from typing import Any

from civcomm.core.imports import skip_slow_optional_imports

skip_slow_optional_imports()  # before nbformat (core/imports.py says why)

import nbformat  # noqa: E402
import papermill as pm  # noqa: E402
from jupyter_client.asynchronous import AsyncKernelClient  # noqa: E402
from jupyter_client.manager import AsyncKernelManager  # noqa: E402
from nbconvert import HTMLExporter  # noqa: E402
from traitlets.config import Config  # noqa: E402

from civcomm.core.environ import DECLARED_ENV, KERNEL_DIR_ENV, REPORT_ENV, RUN_ENV, STATIC_ENV
from civcomm.core.paths import EXPORTS_ENV, data_dir, notebooks_dir
from civcomm.output.atomic import atomic_write_text
from civcomm.output.browser import find_chromium
from civcomm.runner.notebooks import read_notebook, select_language
from civcomm.runner.warm import KERNELS_ENV, SNAPSHOT_ENV, WarmKernel, notebook_imports
from civcomm.runner.zygote import ZYGOTE_ENV, Zygote

TEMPLATES = Path(__file__).parent / "templates"


class ReadyKernelClient(AsyncKernelClient):
    """jupyter_client's ``wait_for_ready`` ends by reading IOPub until it has been quiet for 0.2 s: a fixed
    0.2 s before every run's first cell. This one reads IOPub until the kernel's 'idle' after its own
    kernel_info request, which comes after everything that request caused (asking again if IOPub was not
    connected yet and the message went by). nbclient ignores IOPub messages of other requests either way."""

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        deadline = time.monotonic() + (timeout or 60)
        while True:
            msg_id = self.kernel_info()
            while True:
                reply = await self.get_shell_msg(timeout=max(0.1, deadline - time.monotonic()))
                if reply["parent_header"].get("msg_id") == msg_id:
                    break
            self._handle_kernel_info_reply(reply)
            try:
                while True:
                    msg = await self.get_iopub_msg(timeout=0.5)
                    if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status"
                            and msg["content"].get("execution_state") == "idle"):
                        return
            except Empty:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"Kernel didn't respond in {timeout} seconds") from None


class QuietKernelManager(AsyncKernelManager):
    """jupyter_client interrupts (SIGINT) a kernel before asking it to shut down; an idle kernel then logs
    'KeyboardInterrupt caught in kernel' at ERROR level after every successful run. Ours are idle when
    shut down, so the interrupt is skipped; the pid is recorded for the runner's Ctrl-C. Its clients are
    ReadyKernelClients."""

    client_class = "civcomm.runner.worker.ReadyKernelClient"

    async def _async_interrupt_kernel(self) -> None:
        if self.shutting_down:
            return
        await super()._async_interrupt_kernel()

    def client(self, **kwargs: Any):
        """The clients made for this kernel are kept: papermill leaves its client's channels open when it did
        not start the kernel (a warm one), and WarmKernel.shutdown closes them (else each run leaks a zmq
        context with its thread and sockets)."""
        made = super().client(**kwargs)
        self.__dict__.setdefault("civcomm_clients", []).append(made)
        return made

    async def _async_post_start_kernel(self, **kw: Any) -> None:
        await super()._async_post_start_kernel(**kw)
        pid = getattr(self.provisioner, "pid", None)
        if pid:  # beside its connection file, in the run's folder (removed with it when the run ends)
            (Path(self.connection_file).parent / f"kernel-{pid}.pid").write_text(str(pid))


def clean_notebook(nb) -> None:
    """Drop the metadata that differs between identical runs (timestamps, durations)."""
    nb.metadata.pop("papermill", None)
    nb.metadata.pop("widgets", None)
    for i, cell in enumerate(nb.cells):
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if "id" in cell:
            cell["id"] = f"cell-{i}"


_EXPORTER: list = []  # one HTMLExporter per worker: building one compiles its templates again (~0.2 s a run)


def render_html(nb, title: str, assets_href: str) -> str:
    if not _EXPORTER:
        _EXPORTER.append(HTMLExporter(template_name="civcomm", extra_template_basedirs=[str(TEMPLATES)],
                                      exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True))
    nb.metadata["title"] = title
    body, _ = _EXPORTER[0].from_notebook_node(nb, resources={"civcomm_assets": assets_href})
    return body


def execute(job: dict[str, Any], kernel: WarmKernel | None = None) -> dict[str, Any]:
    """Execute one run, in ``kernel`` (warm, shut down afterwards) or a new cold kernel; returns its result
    record. Never raises for a notebook error."""
    started = time.monotonic()
    out = Path(job["out_dir"])
    rid = job["report_id"]
    env = {RUN_ENV: "1", REPORT_ENV: rid, EXPORTS_ENV: str(out), DECLARED_ENV: json.dumps(job["reads"]),
           "CIVCOMM_NOTEBOOK": Path(job["notebook"]).name}
    os.environ.update(env)
    kernel_dir = Path(os.environ[KERNEL_DIR_ENV]) / f"run-{job['seq']}"
    nb = select_language(read_notebook(Path(job["notebook"])), job.get("lang"))
    how: dict[str, Any] = {}
    phases: dict[str, float] = {}  # seconds: waiting for the warm kernel, executing, rendering (bench, -v)
    if kernel is not None:
        try:
            how = {"km": kernel.take(env, job.get("snapshot", ""))}
            phases["kernel"] = time.monotonic() - started
        except Exception as exc:  # a broken warm-up: the cold kernel shows the real error in the notebook
            print(f"civcomm run: warm kernel not usable ({exc}); {rid} runs in a new kernel", file=sys.stderr)
            kernel.shutdown()
            kernel = None
    if kernel is None:
        kernel_dir.mkdir(parents=True, exist_ok=True)
        how = {"kernel_manager_class": QuietKernelManager,
               "config": Config({"KernelManager": {"transport": "ipc", "ip": str(kernel_dir / "kernel"),
                                                   "connection_file": str(kernel_dir / "kernel.json")}})}
    error = None
    try:
        mark = time.monotonic()
        executed = pm.execute_notebook(nb, None, parameters=job["params"], kernel_name="python3",
                                       cwd=str(notebooks_dir()), progress_bar=False, log_output=False, **how)
    except pm.PapermillExecutionError as exc:
        executed, error = getattr(exc, "nb", None), f"{exc.ename}: {exc.evalue}"
    except Exception as exc:  # kernel died, timeouts: still a failed notebook, not a crash of the runner
        executed, error = None, f"{type(exc).__name__}: {exc}"
    finally:
        if kernel is not None:
            kernel.shutdown()
        shutil.rmtree(kernel_dir, ignore_errors=True)
    failed = out / "failed" / f"{rid}.ipynb"
    if error:
        executed = executed if executed is not None else nb
        clean_notebook(executed)
        atomic_write_text(failed, nbformat.writes(executed))
        return {"report_id": rid, "status": "failed", "error": error, "failed_notebook": str(failed),
                "seconds": time.monotonic() - started}
    clean_notebook(executed)
    phases["execute"] = time.monotonic() - mark
    mark = time.monotonic()
    html_text = render_html(executed, title=rid, assets_href=job["assets_href"])
    atomic_write_text(out / "notebooks" / f"{rid}.ipynb", nbformat.writes(executed))
    atomic_write_text(out / "reports" / f"{rid}.html", html_text)
    failed.unlink(missing_ok=True)
    phases["render"] = time.monotonic() - mark
    return {"report_id": rid, "status": "ran", "seconds": time.monotonic() - started, "phases": phases}


def die_with_parent() -> None:
    """Linux: get SIGTERM when the runner dies, even by SIGKILL, so no worker keeps executing for nobody
    (its kernel, started with JPY_PARENT_PID, then exits within a second on its own)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() == 1:  # the runner died before the call
        sys.exit(0)


def main() -> int:
    """Read runs from stdin (one JSON object a line), write one result a line to the protocol stream."""
    die_with_parent()
    protocol = os.fdopen(os.dup(sys.stdout.fileno()), "w", buffering=1, encoding="utf-8")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # anything else printed goes to stderr
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")
    os.environ["CIVCOMM_DATA"] = str(data_dir())
    os.environ["CIVCOMM_ROOT"] = str(notebooks_dir().parent)
    if STATIC_ENV not in os.environ and find_chromium()[0]:
        # kernels leave figures as pending files; the runner draws them all with one browser at the end
        os.environ[STATIC_ENV] = "defer"
    kernels = Kernels()
    try:
        for line in sys.stdin:
            if not line.strip():
                continue
            job = json.loads(line)
            kernels.snapshot = job.get("snapshot", kernels.snapshot)
            kernel = kernels.take()
            kernels.start()  # the next run's kernel warms up while this one runs
            try:
                result = execute(job, kernel)
            except Exception as exc:  # a bug in the worker: report it as a failed run, keep serving
                result = {"report_id": job.get("report_id", "?"), "status": "failed",
                          "error": f"{type(exc).__name__}: {exc}", "failed_notebook": "", "seconds": 0.0}
            protocol.write(json.dumps(result) + "\n")
    finally:
        kernels.close()
    return 0


class Kernels:
    """The worker's next kernel when kernels are warm ($CIVCOMM_KERNELS=warm): one started ahead, used by
    one run, replaced after it. Cold: none (papermill starts a kernel per run)."""

    def __init__(self) -> None:
        kind = os.environ.get(KERNELS_ENV, "cold")
        self.warm = kind in ("warm", "fork")
        self.zygote = Zygote(os.environ[ZYGOTE_ENV]) if kind == "fork" and os.environ.get(ZYGOTE_ENV) else None
        # what a kernel warming up by itself imports (a fork has all that from the zygote)
        self.modules = notebook_imports(sorted(notebooks_dir().glob("*.py"))) if self.warm and not self.zygote else []
        self.snapshot = os.environ.get(SNAPSHOT_ENV, "")
        self.next: WarmKernel | None = None
        self.count = 0
        if self.zygote is None:  # a fork is made when the first run comes, with that run's snapshot
            self.start()

    def start(self) -> None:
        if not self.warm or self.next is not None:
            return
        self.count += 1
        folder = Path(os.environ[KERNEL_DIR_ENV]) / f"warm-{self.count}"
        try:
            self.next = WarmKernel(folder, QuietKernelManager, notebooks_dir(), self.modules, self.snapshot,
                                   zygote=self.zygote)
        except Exception as exc:  # no kernel could start: the runs start their own (and say why if they fail)
            print(f"civcomm run: no warm kernel ({type(exc).__name__}: {exc}); kernels start per run", file=sys.stderr)
            shutil.rmtree(folder, ignore_errors=True)
            self.warm = False

    def take(self) -> WarmKernel | None:
        if self.next is None and self.zygote is not None:
            self.start()
        kernel, self.next = self.next, None
        return kernel

    def close(self) -> None:
        if self.next is not None:
            self.next.shutdown()
            self.next = None
        if self.zygote is not None:
            self.zygote.close()
            self.zygote = None


if __name__ == "__main__":
    sys.exit(main())
