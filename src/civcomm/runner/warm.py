"""Warm kernels: started ahead, with the notebooks' imports done and the validated project loaded.

A run in a cold kernel spends most of its time before its first cell: the kernel starts, imports
pandas/plotly/networkx and civcomm, and validates all of data/ again (parsing the YAML is most of
that). A warm kernel has done the first two before its run arrives, and takes the project the runner
already validated from a snapshot (a pickle in the runner's private 0700 folder), so it parses nothing.

Each warm kernel serves exactly one run and is then shut down; the next one is started at once, so
no state passes from one run to another. The warm-up is executed *silently* (no history, no
execution count, no output recorded), so the executed notebook and the report are byte-identical to
those of a cold run (tests/test_preview.py checks it).
"""

from __future__ import annotations

import ast
import json
import pickle
import shutil
import time
from pathlib import Path
from typing import Any

# imported on first use inside the runs (the exports, the tables' views, figure files): done ahead too
LAZY_MODULES = ("openpyxl", "docx", "plotly.graph_objects", "civcomm.views.tables", "civcomm.output.static")
KERNELS_ENV = "CIVCOMM_KERNELS"  # set by the runner for its workers: one of KINDS
SNAPSHOT_ENV = "CIVCOMM_SNAPSHOT"  # the validated project's snapshot for warm kernels ("" or unset: none)
KINDS = ("fork", "warm", "cold")  # fork: forks of a warm zygote (runner.zygote); warm: started ahead; cold
_PRIMED = {"snapshot": ""}  # the snapshot this process's data cache holds (a fork inherits its zygote's)


# --------------------------------------------------------------------------- inside the kernel


def warm_up(modules: list[str], snapshot: str) -> None:
    """Import ``modules`` and prime the data cache with the snapshot's project (run in the new kernel)."""
    import importlib

    from civcomm.core.imports import skip_slow_optional_imports

    skip_slow_optional_imports()
    for name in (*modules, *(LAZY_MODULES if modules else ())):
        importlib.import_module(name)
    if modules:
        from civcomm.report.notebook import preload

        preload()
    if snapshot and snapshot != _PRIMED["snapshot"]:
        from civcomm.data import cache

        with open(snapshot, "rb") as fh:
            cache.prime(pickle.load(fh))
        _PRIMED["snapshot"] = snapshot


def notebook_imports(paths: list[Path]) -> list[str]:
    """The modules the notebooks' code imports (top-level import statements), sorted: what a warm kernel
    imports ahead. Read with ast from the jupytext files, so the list follows the notebooks."""
    found: set[str] = set()
    for path in paths:
        for line_block in _code_blocks(path.read_text(encoding="utf-8")):
            try:
                tree = ast.parse(line_block)
            except SyntaxError:
                continue
            for node in tree.body:
                if isinstance(node, ast.Import):
                    found.update(a.name for a in node.names)
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    found.add(node.module)
    return sorted(found)


def _code_blocks(text: str) -> list[str]:
    """The code cells of a py:percent file (markdown cells are comments, harmless to parse as code)."""
    blocks, current = [], []
    for line in text.splitlines():
        if line.startswith("# %%"):
            blocks.append("\n".join(current))
            current = []
        else:
            current.append(line)
    blocks.append("\n".join(current))
    return blocks


def write_snapshot(project: Any, folder: Path, name: str = "project.pickle") -> Path:
    """The validated project, pickled for the warm kernels (in the runner's private kernel folder)."""
    path = folder / name
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(pickle.dumps(project, protocol=pickle.HIGHEST_PROTOCOL))
    tmp.replace(path)
    return path


# --------------------------------------------------------------------------- in the worker


def _warm_code(modules: list[str], snapshot: str) -> str:
    """One expression: it binds no name in the notebook's namespace."""
    return f"__import__('civcomm.runner.warm', fromlist=['warm_up']).warm_up({modules!r}, {snapshot!r})"


class WarmKernel:
    """A kernel started now, warming up in its own process while the worker waits for a run."""

    def __init__(self, folder: Path, manager_class: type, cwd: Path, modules: list[str], snapshot: str,
                 zygote: Any = None):
        from jupyter_client.blocking import BlockingKernelClient
        from jupyter_core.utils import run_sync

        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.km = manager_class(kernel_name="python3", transport="ipc", ip=str(folder / "kernel"),
                                connection_file=str(folder / "kernel.json"))
        if zygote is not None:  # the kernel is a fork of the pool's zygote (runner.zygote), warm already
            import uuid

            self.km.kernel_id = str(uuid.uuid4())
            self.km.provisioner = zygote.provisioner_for(self.km, snapshot)
            modules = []  # imported in the zygote already: the warm-up below only confirms the kernel answers
        self.started = time.monotonic()
        run_sync(self.km.start_kernel)(cwd=str(cwd))
        self.kc = BlockingKernelClient()
        self.kc.load_connection_info(self.km.get_connection_info())
        self.kc.start_channels()
        self.snapshot = snapshot
        self.pending = self._send(_warm_code(modules, snapshot))

    def _send(self, code: str) -> str:
        return self.kc.execute(code, silent=True, store_history=False, allow_stdin=False, stop_on_error=True)

    def _wait(self, msg_id: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while True:
            msg = self.kc.get_shell_msg(timeout=max(0.1, deadline - time.monotonic()))
            if msg["parent_header"].get("msg_id") == msg_id:
                content = msg["content"]
                if content.get("status") != "ok":
                    raise RuntimeError(f"warm-up failed: {content.get('ename')}: {content.get('evalue')}")
                return

    def take(self, env: dict[str, str], snapshot: str, timeout: float = 120) -> Any:
        """Wait for the warm-up, set the run's environment in the kernel and load ``snapshot`` if the kernel
        warmed up with an older one (silently); the kernel manager is returned for papermill, which
        executes the notebook in this kernel."""
        try:
            self._wait(self.pending, timeout)
            if snapshot != self.snapshot:
                self._wait(self._send(_warm_code([], snapshot)), timeout)
            self._wait(self._send(f"__import__('os').environ.update({json.dumps(env)})"), timeout)
        finally:
            self.kc.stop_channels()
        return self.km

    def shutdown(self) -> None:
        from jupyter_core.utils import run_sync

        for client in [self.kc, *self.km.__dict__.get("civcomm_clients", [])]:
            try:
                client.stop_channels()  # closes its sockets and the zmq context it made
            except Exception:  # noqa: BLE001 - already stopped
                pass
        try:
            if self.km.has_kernel:
                run_sync(self.km.shutdown_kernel)(now=True)
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
