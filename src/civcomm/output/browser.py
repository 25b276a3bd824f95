"""Headless Chromium for files a browser makes (PDF, SVG, PNG): the system's binary driven by playwright.

Nothing is downloaded: the browser is Debian's ``chromium`` (or ``$CIVCOMM_CHROMIUM``); without one the
callers skip their files and say so in one line. Every request that is not a local file is refused.
One browser per process, owned by one worker thread: playwright's synchronous API cannot run on a
thread that has an asyncio loop (a Jupyter kernel's), so every call is handed to that thread. Closing waits
a bounded time for that thread (a figure being drawn, Chromium shutting down), then kills playwright's driver
and Chromium: a command that stops must not wait for a browser.
"""

from __future__ import annotations

import atexit
import importlib.util
import os
import queue
import shutil
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

from civcomm.core.processes import Proc, kill_processes, process_tree

CHROMIUM_ENV = "CIVCOMM_CHROMIUM"  # path of a Chromium binary; "none" switches browser output off
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--hide-scrollbars", "--font-render-hinting=none"]
LOCAL = ("file:", "data:", "about:", "blob:")
KILLED_WAIT_S = 1.0  # how long a killed browser's thread gets to notice and end (it takes milliseconds)

T = TypeVar("T")


def find_chromium() -> tuple[str | None, str]:
    """(path, "") of the Chromium to use, or (None, why there is none)."""
    wanted = os.environ.get(CHROMIUM_ENV, "").strip()
    if wanted.lower() in ("none", "off", "0"):
        return None, f"{CHROMIUM_ENV}={wanted}"
    if wanted:
        return (wanted, "") if os.access(wanted, os.X_OK) else (None, f"{CHROMIUM_ENV}={wanted} is not an executable")
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found, ""
    if importlib.util.find_spec("playwright") is None:
        return None, "playwright is not installed"
    return None, "no chromium on PATH (apt-get install chromium)"


def block_network(page) -> None:
    """Refuse every request that is not a local file or inline data (reports must work offline)."""
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(LOCAL) else r.abort())


class BrowserWorker:
    """One headless Chromium, started on first use by a dedicated (daemon) thread and closed at exit."""

    def __init__(self, executable: str):
        self.executable = executable
        self._jobs: queue.Queue = queue.Queue()
        self._state: dict[str, Any] = {}
        self._before: set[int] | None = None  # the processes below this one before the driver was started
        self._driver: list[Proc] = []  # playwright's driver process (Node), parent of Chromium
        self._killed = False
        self._thread = threading.Thread(target=self._serve, name="civcomm-browser", daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                self._shutdown()
                return
            fn, args, done = job
            try:
                done.set_result(fn(self._browser(), *args))
            except BaseException as exc:  # noqa: BLE001 - handed back to the caller's thread
                done.set_exception(exc)

    def _browser(self):
        if "browser" not in self._state:
            # playwright.sync_api: ~130 ms to import, only in a process that draws a figure or prints a PDF
            from playwright.sync_api import sync_playwright

            self._before = {p.pid for p in process_tree()}
            self._state["playwright"] = sync_playwright().start()
            self._driver = self._new_drivers()
            self._state["browser"] = self._state["playwright"].chromium.launch(executable_path=self.executable,
                                                                               args=ARGS)
        return self._state["browser"]

    def _new_drivers(self) -> list[Proc]:
        """The driver playwright started for this browser (not another one this process has, e.g. a test's)."""
        return [p for p in process_tree() if p.ppid == os.getpid() and p.pid not in (self._before or ())
                and b"run-driver" in p.cmdline]

    def call(self, fn: Callable[..., T], *args: Any) -> T:
        """Run ``fn(browser, *args)`` on the browser's thread and return its result (exceptions re-raised)."""
        done: Future = Future()
        self._jobs.put((fn, args, done))
        return done.result()

    def _shutdown(self) -> None:
        try:
            if "browser" in self._state:
                self._state.pop("browser").close()
                self._state.pop("playwright").stop()
        except Exception:  # noqa: BLE001 - the browser was killed or its driver ended: nothing is left to close
            pass

    def ask_to_close(self) -> None:
        """Close after the call being made (see close)."""
        if self._thread.is_alive():
            self._jobs.put(None)

    def close(self, timeout: float = 30) -> None:
        """Close the browser after the call being made, waiting up to ``timeout`` seconds; then kill it."""
        if self._killed:  # its thread may wait for a reply that will never come: waiting again (at exit) is pointless
            return
        self.ask_to_close()
        self._thread.join(timeout)
        if self._thread.is_alive():
            self.kill()
            # the thread wakes to a closed connection and ends: left running into the interpreter's exit, a thread
            # inside playwright's greenlets can crash it (SIGSEGV, seen once in a dozen Ctrl-C tests)
            self._thread.join(KILLED_WAIT_S)

    def kill(self) -> None:
        """SIGKILL playwright's driver and everything below it (Chromium and its helpers)."""
        self._killed = True
        drivers = self._driver or (self._new_drivers() if self._before is not None else [])  # killed while starting
        for driver in drivers:
            kill_processes([*process_tree(driver.pid), driver])


_WORKER: dict[str, BrowserWorker] = {}
_LOCK = threading.Lock()


def close_shared(timeout: float = 30) -> None:
    """Close the process's browser now, waiting up to ``timeout`` seconds before killing it (a long-running
    process, e.g. `civcomm preview`, before it exits)."""
    with _LOCK:
        workers = list(_WORKER.values())
        _WORKER.clear()
    deadline = time.monotonic() + timeout
    for worker in workers:
        worker.ask_to_close()
    for worker in workers:
        worker.close(max(0.0, deadline - time.monotonic()))


def shared_worker() -> BrowserWorker | None:
    """The process's browser worker, or None when there is no Chromium (``find_chromium`` says why)."""
    exe, _ = find_chromium()
    if exe is None:
        return None
    with _LOCK:
        if exe not in _WORKER:
            _WORKER[exe] = BrowserWorker(exe)
            atexit.register(_WORKER[exe].close)
        return _WORKER[exe]
