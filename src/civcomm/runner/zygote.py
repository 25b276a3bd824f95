"""Forked kernels: a zygote process imports what the notebooks need once; each run's kernel is a fork of it.

Starting a kernel costs about a second of CPU: the interpreter starts, imports pandas, plotly, networkx,
IPython and civcomm, and loads the validated project. With 18 runs on 2 cores that alone was ~40% of a
full regeneration, even when the start overlapped the previous run (runner.warm). A fork of a process
that has done all that is ready in ~0.1 s.

The zygote (``python -m civcomm.runner.zygote``) imports the notebooks' modules, the
lazy ones and the kernel machinery (ipykernel, its debugger), primes the data cache from the runner's
snapshot, freezes the garbage collector's view of all that (``gc.freeze``: the forks share those pages
and never scan them), and then only forks. It runs no notebook code and starts no thread before
forking (a fork copies only the calling thread; BLAS is held to one thread in the zygote for the same
reason), so every fork starts from the same clean state: one kernel serves one run, as with the other
kinds, and nothing passes from one run to the next.

A fork becomes the kernel the kernelspec would have started (``ipykernel_launcher -f <connection
file>``), in its own session, with the environment and working folder jupyter_client asked for; it dies
with the zygote. Forking is used only when the kernelspec's command is this
interpreter's ipykernel; otherwise the kernel is launched as usual.

One zygote serves the pool's workers (``start_zygote``, in the runner, started while the runner still
checks data/ and the parameters), each over its own pair of pipes: one JSON request a line (``{"argv":
[...], "env": {...}, "cwd": ..., "snapshot": ...}``), one ``{"pid": N}`` or ``{"error": ...}`` line back. It
ends when every worker has closed its request pipe, and dies with the runner.
"""

from __future__ import annotations

import ctypes
import gc
import json
import os
import signal
import subprocess
import sys
import threading
import traceback
from pathlib import Path
from typing import Any

from jupyter_client.provisioning import LocalProvisioner

BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
KERNEL_MODULES = ("ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.zmqshell", "ipykernel.debugger")
PR_SET_PDEATHSIG = 1


def _die_with_parent(signum: int, parent: int) -> None:
    """Get ``signum`` when the process ``parent`` ends; exit now if it has ended already (it may have died
    between the fork and this call, and then no signal would ever come)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signum)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:
        os._exit(1)


def forkable(argv: list[str]) -> bool:
    """True when ``argv`` (a formatted kernelspec command) starts this interpreter's ipykernel."""
    if len(argv) < 3 or argv[1:3] != ["-m", "ipykernel_launcher"]:
        return False
    try:
        return Path(argv[0]).resolve() == Path(sys.executable).resolve() or argv[0] in ("python", "python3")
    except OSError:
        return False


# --------------------------------------------------------------------------- the zygote process


def serve(modules: list[str], channels: list[tuple[int, int]]) -> int:
    """The zygote's main loop: ``channels`` are (request fd, reply fd) pairs, one per worker; it ends when
    every worker has closed its request pipe."""
    import importlib
    import selectors

    _die_with_parent(signal.SIGKILL, int(os.environ.pop(PARENT_ENV, os.getppid())))
    os.dup2(2, 1)  # a fork's stdout goes where the runner's stderr goes, as a launched kernel's would
    sel = selectors.DefaultSelector()
    for req_fd, reply_fd in channels:
        sel.register(os.fdopen(req_fd, "r", encoding="utf-8"), selectors.EVENT_READ,
                     os.fdopen(reply_fd, "w", buffering=1, encoding="utf-8"))
    from civcomm.runner.warm import warm_up

    warm_up(modules, "")
    for name in KERNEL_MODULES:
        importlib.import_module(name)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the forks are reaped by the system when they end
    frozen = ""
    while sel.get_map():
        for key, _ in sel.select():
            line = key.fileobj.readline()
            if not line:  # that worker ended
                sel.unregister(key.fileobj)
                key.fileobj.close()
                key.data.close()
                continue
            replies = key.data
            try:
                req = json.loads(line)
                snapshot = req.get("snapshot") or ""
                if snapshot != frozen or not gc.get_freeze_count():  # loaded once here: every fork has it
                    gc.unfreeze()
                    warm_up([], snapshot)
                    frozen = snapshot
                    gc.collect()
                    gc.freeze()
                if threading.active_count() != 1:  # an import started a thread: a fork would copy a broken state
                    raise RuntimeError(f"the zygote has {threading.active_count()} threads")
                zygote = os.getpid()
                pid = os.fork()
            except Exception as exc:  # noqa: BLE001 - the worker falls back to launching kernels
                replies.write(json.dumps({"error": f"{type(exc).__name__}: {exc}"}) + "\n")
                continue
            if pid == 0:
                _become_kernel(req, zygote, [k.fileobj for k in sel.get_map().values()] +
                               [k.data for k in sel.get_map().values()])
            replies.write(json.dumps({"pid": pid}) + "\n")
    return 0


def _become_kernel(req: dict[str, Any], zygote: int, pipes: list) -> None:
    """In the fork: become ``ipykernel_launcher -f <file>`` with the requested environment; never returns."""
    code = 1
    try:
        _die_with_parent(signal.SIGKILL, zygote)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # the kernel's own subprocesses are waited for
        os.setsid()  # its own process group, as jupyter_client launches kernels (interrupts go to the group)
        for pipe in pipes:  # the workers' pipes are the zygote's, not the kernel's
            os.close(pipe.fileno())
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.close(null)
        os.environ.clear()
        os.environ.update(req["env"])
        if req.get("cwd"):
            os.chdir(req["cwd"])
        args = req["argv"][3:]
        from ipykernel import kernelapp
        from ipykernel.kernelapp import IPKernelApp

        sys.argv = [kernelapp.__file__, *args]
        if sys.path and sys.path[0] != "":
            sys.path[0] = os.getcwd()

        app = IPKernelApp.instance()
        app.initialize([*args, f"--IPKernelApp.parent_handle={os.getppid()}"])
        app.start()
        code = 0
    except BaseException:  # noqa: BLE001 - said on stderr; the worker sees a kernel that never answers
        traceback.print_exc()
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


# --------------------------------------------------------------------------- in the worker


ZYGOTE_ENV = "CIVCOMM_ZYGOTE"  # a worker's pipes to the pool's zygote: "<request fd>,<reply fd>"
PARENT_ENV = "CIVCOMM_ZYGOTE_PARENT"  # the zygote's parent (the runner), which it must not outlive


def start_zygote(modules: list[str], workers: int) -> tuple[subprocess.Popen, list[tuple[int, int]]]:
    """Start a zygote for ``workers`` workers (in the runner). Returns the process and, per worker, the
    (request write fd, reply read fd) pair the worker inherits; the caller closes them once passed on."""
    theirs, ours = [], []
    for _ in range(workers):
        req_r, req_w = os.pipe()
        rep_r, rep_w = os.pipe()
        theirs.append((req_r, rep_w))
        ours.append((req_w, rep_r))
    env = {**os.environ, **{var: "1" for var in BLAS_THREADS}}
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # as the workers set it for their kernels
    env[PARENT_ENV] = str(os.getpid())
    try:
        proc = subprocess.Popen([sys.executable, "-m", "civcomm.runner.zygote", json.dumps(modules),
                                 json.dumps(theirs)], env=env, pass_fds=[fd for pair in theirs for fd in pair],
                                stdin=subprocess.DEVNULL, start_new_session=True)
    finally:
        for pair in theirs:
            for fd in pair:
                os.close(fd)
    return proc, ours


class Zygote:
    """A worker's end of the pool's zygote: ``fork(argv, env, cwd)`` returns a kernel's pid, or None when
    forking is not possible (the caller then launches the kernel itself)."""

    def __init__(self, spec: str) -> None:
        req_fd, reply_fd = (int(x) for x in spec.split(","))
        self.requests = os.fdopen(req_fd, "w", buffering=1, encoding="utf-8")
        self.replies = os.fdopen(reply_fd, "r", encoding="utf-8")
        self.broken = ""
        self.lock = threading.Lock()

    def fork(self, argv: list[str], env: dict[str, str], cwd: str | None, snapshot: str) -> int | None:
        if self.broken or not forkable(argv):
            return None
        with self.lock:
            try:
                self.requests.write(json.dumps({"argv": argv, "env": env, "cwd": cwd,
                                                "snapshot": snapshot}) + "\n")
                self.requests.flush()
                reply = json.loads(self.replies.readline() or '{"error": "the zygote exited"}')
            except (OSError, ValueError) as exc:
                reply = {"error": f"{type(exc).__name__}: {exc}"}
        if "pid" not in reply:
            self.broken = reply.get("error", "no reply")
            print(f"civcomm run: kernels are launched, not forked ({self.broken})", file=sys.stderr)
            return None
        return int(reply["pid"])

    def provisioner_for(self, km: Any, snapshot: str) -> ForkProvisioner:
        """A provisioner for kernel manager ``km`` (not started yet) whose kernel is forked from this zygote,
        with the project of ``snapshot`` loaded."""
        provisioner = ForkProvisioner(kernel_id=km.kernel_id, kernel_spec=km.kernel_spec, parent=km)
        provisioner.zygote, provisioner.snapshot = self, snapshot
        return provisioner

    def close(self) -> None:
        for f in (self.requests, self.replies):
            try:
                f.close()
            except OSError:
                pass


class ForkedProcess:
    """What jupyter_client's provisioner needs of a Popen, for a kernel forked by the zygote (its child, not
    ours: it is reaped by the system, so "gone" is the only exit status there is)."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None
        self.stdin = self.stdout = self.stderr = None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                self.returncode = -signal.SIGKILL
            except PermissionError:  # the pid was reused by another user's process: ours is gone
                self.returncode = -signal.SIGKILL
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        import time

        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(str(self.pid), timeout or 0)
            time.sleep(0.01)
        return self.returncode  # type: ignore[return-value]

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


class ForkProvisioner(LocalProvisioner):
    """LocalProvisioner whose kernels are forks of the worker's zygote (falls back to launching)."""

    zygote: Zygote | None = None
    snapshot = ""

    async def launch_kernel(self, cmd: list[str], **kwargs: Any):
        env = dict(kwargs.get("env") or os.environ)
        pid = self.zygote.fork(cmd, env, kwargs.get("cwd"), self.snapshot) if self.zygote else None
        if pid is None:
            return await super().launch_kernel(cmd, **kwargs)
        self.process = ForkedProcess(pid)
        self.pid = self.pgid = pid
        self.cwd = kwargs.get("cwd")
        return self.connection_info

    async def wait(self) -> int | None:
        ret = 0
        if self.process:
            import asyncio

            while await self.poll() is None:
                await asyncio.sleep(0.01)
            ret = self.process.returncode
            self.process = None
        return ret


if __name__ == "__main__":
    from civcomm.core.imports import skip_slow_optional_imports

    skip_slow_optional_imports()
    sys.exit(serve(json.loads(sys.argv[1]), [tuple(pair) for pair in json.loads(sys.argv[2])]))
