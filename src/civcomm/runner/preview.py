"""`civcomm preview`: serve outputs/ on 127.0.0.1, rerun what an edit affects in warm kernels, reload the page.

The loop a researcher sees: edit a YAML file or a notebook, save, and the open report reloads with the
change. On a change under data/ only the edited files are parsed again (Project.check(reuse=)); every
cross-file check still runs. A broken edit is reported in the terminal and in a banner over the open
page (file:line: field: problem), and the last good report stays. Only the runs whose inputs changed
(their cache keys, as for `civcomm run`) are rerun, the report open in the browser first, in workers
whose kernels were started ahead (runner.warm). A change under src/ restarts the workers (new code).

Nothing is reachable from outside the machine: the server binds 127.0.0.1 and answers only requests
addressed to it (a Host header naming another site, as in DNS rebinding, is refused).
"""

from __future__ import annotations

import errno
import gc
import json
import os
import re
import signal
import sys
import threading
import time
import urllib.parse
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from civcomm.core.exits import EXIT_BAD_INPUT, EXIT_INTERRUPTED
from civcomm.core.paths import data_dir, notebooks_dir, outputs_dir
from civcomm.core.processes import Proc, kill_processes, process_tree
from civcomm.data.problems import DataError, display_path
from civcomm.data.project import Project
from civcomm.runner.cache import code_fingerprint, read_manifest, write_manifest
from civcomm.runner.plan import Run, RunInputError
from civcomm.runner.pool import Pool
from civcomm.runner.run import (check_parameters, draw_pending_figures, finish_bundle, plan, record_result, split_fresh,
                                validate_data)

LIVE_JS = Path(__file__).parent / "templates" / "preview_live.js"
EVENTS = "/__civcomm__/events"
SCRIPT = "/__civcomm__/live.js"
PACKAGE = Path(__file__).resolve().parent.parent
# what os.stat raises for a name no file can have (too long, invalid); a name that could exist but does not is a 404
BAD_NAME_ERRNOS = frozenset({errno.ENAMETOOLONG, errno.EINVAL, errno.EILSEQ})
BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
STOP_GRACE_S = 1.0  # Ctrl-C: how long workers, kernels and the browser get to end before they are killed


class State:
    """What the pages are told: a version counter, the version that last rewrote each file, the current
    problem (or None) and the reports being rerun. Shared by the loop and the server's threads."""

    def __init__(self) -> None:
        self.cond = threading.Condition()
        self.version = 0
        self.changed: dict[str, int] = {}
        self.error: str | None = None
        self.running: list[str] = []
        self.viewed: dict[str, float] = {}  # report file -> when a browser last asked for it

    def publish(self, changed: list[str] = (), error: str | None | bool = False, running: list[str] | None = None) -> None:
        with self.cond:
            self.version += 1
            for path in changed:
                self.changed[path] = self.version
            if error is not False:
                self.error = error
            if running is not None:
                self.running = running
            self.cond.notify_all()

    def message(self) -> str:
        return json.dumps({"version": self.version, "changed": self.changed, "error": self.error,
                           "running": self.running}, ensure_ascii=False)


class Handler(SimpleHTTPRequestHandler):
    """outputs/ as files, each HTML page with the live-reload script; the event stream; nothing else."""

    state: State
    port: int

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the base class's name)
        pass  # the terminal shows what changed, not every request

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def _host_ok(self) -> bool:
        host = (self.headers.get("Host") or "").lower()
        return host in {f"127.0.0.1:{self.port}", f"localhost:{self.port}"}

    def _malformed(self, path: str) -> str | None:
        """Why the request path ``path`` (query removed) cannot name a file under outputs/, or None. Without this,
        a NUL byte or an over-long name raised in the file lookup: a traceback here, an empty reply there."""
        if not (path.isascii() and path.isprintable()):
            return "a character a URL must percent-encode"
        if BAD_ESCAPE.search(path):
            return "a % not followed by two hex digits"
        try:
            name = urllib.parse.unquote_to_bytes(path).decode("utf-8")
        except UnicodeDecodeError:
            return "percent-encoded bytes that are not UTF-8"
        if not name.isprintable():
            return "a control character (e.g. %00)"
        try:
            os.stat(self.translate_path(path))
        except ValueError as exc:
            return str(exc)
        except OSError as exc:
            if exc.errno in BAD_NAME_ERRNOS:
                return os.strerror(exc.errno)
        return None

    def _refuse_malformed(self, path: str) -> bool:
        """Answer 400 and say so in one line when ``path`` is malformed (see _malformed); True if it was."""
        why = self._malformed(path)
        if why is None:
            return False
        shown = path if len(path) <= 80 else path[:77] + "..."
        print(f"civcomm preview: 400 for {self.command} {shown.encode('unicode_escape').decode('ascii')}: {why} "
              "(expected the percent-encoded UTF-8 path of a file under outputs/)", file=sys.stderr, flush=True)
        self.send_error(400, f"malformed path: {why}")
        return True

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        if not self._host_ok():
            self.send_error(403, "civcomm preview answers only requests to 127.0.0.1")
            return
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if self._refuse_malformed(path):
            return
        if path == EVENTS:
            return self._events()
        if path == SCRIPT:
            return self._send(LIVE_JS.read_bytes(), "text/javascript; charset=utf-8")
        if path == "/":
            path = "/index.html"
        if path.endswith(".html"):
            file = Path(self.translate_path(path))
            if file.is_file():
                if path.startswith("/reports/"):  # the open report goes first when it is rerun
                    self.state.viewed[path[1:]] = time.monotonic()
                return self._send(self._with_script(file.read_bytes()), "text/html; charset=utf-8")
        super().do_GET()

    def do_HEAD(self) -> None:  # noqa: N802
        if not self._host_ok():
            self.send_error(403)
            return
        if self._refuse_malformed(self.path.split("?", 1)[0].split("#", 1)[0]):
            return
        super().do_HEAD()

    def _with_script(self, page: bytes) -> bytes:
        tag = (f'<script>window.civcommSeen = {self.state.version};</script>'
               f'<script src="{SCRIPT}"></script>').encode()
        at = page.rfind(b"</body>")
        return page[:at] + tag + page[at:] if at >= 0 else page + tag

    def _send(self, body: bytes, mime: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", mime)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _events(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        seen = -1
        try:
            while not getattr(self.server, "closing", False):
                with self.state.cond:
                    if self.state.version == seen:
                        self.state.cond.wait(timeout=15)
                    seen, data = self.state.version, self.state.message()
                self.wfile.write(f"data: {data}\n\n".encode())
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass


def serve(state: State, port: int) -> ThreadingHTTPServer:
    """The server on 127.0.0.1 (``port`` 0: a free one), answering from a thread."""
    handler = type("PreviewHandler", (Handler,), {"state": state, "port": 0})
    server = ThreadingHTTPServer(("127.0.0.1", port), partial(handler, directory=str(outputs_dir())))
    server.daemon_threads = True
    handler.port = server.server_address[1]
    # shutdown() waits for the loop's next poll: every 0.1 s (the default 0.5 s was a quarter of Ctrl-C's budget)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, name="civcomm-preview-http",
                     daemon=True).start()
    return server


class Preview:
    """The watch loop's state: the runs, the last good project, the workers."""

    def __init__(self, args, state: State):
        self.args, self.state = args, state
        self.runs: list[Run] = []
        self.project: Project | None = None
        self.pool: Pool | None = None
        self.code = ""
        self.manifest = read_manifest()
        self.interrupted: float | None = None  # when Ctrl-C (or SIGTERM) came: STOP_GRACE_S counts from then
        self.started: list[Proc] = []  # the processes below this one then, before any was stopped

    def interrupt(self, signum: int, frame: Any) -> None:
        """The handler of SIGINT and SIGTERM: note the time and the processes, stop the loop where it is."""
        self.interrupted = time.monotonic()
        self.started = process_tree()  # read now: a process whose parent is killed is no longer below this one
        raise KeyboardInterrupt

    def say(self, text: str) -> None:
        print(f"civcomm preview: {text}", file=sys.stderr, flush=True)

    def problem(self, text: str) -> None:
        """A broken edit: in the terminal and over the open page; the reports stay as they were."""
        print(text, file=sys.stderr, flush=True)
        self.state.publish(error=f"{text}\n(the reports shown are the last good ones; fix the file and save)",
                           running=[])

    def cycle(self, data: bool = True, notebooks: bool = True, code: bool = True) -> None:
        """One pass after a change: re-plan, re-check, rerun what is stale."""
        started = time.monotonic()
        try:
            if notebooks or not self.runs:
                self.runs = plan(self.args)
            if data or self.project is None:
                checked = self._check()
                if checked is None:
                    return  # self.project stays the last good one: the fixing edit is parsed alone
                self.project = checked
            if code or not self.code:
                self.code = code_fingerprint()
                if self.pool is not None and code:
                    self.pool.close()  # new code: new workers and kernels
                    self.pool = None
            todo, _ = split_fresh(self.runs, self.manifest, self.code)
            if todo:
                check_parameters(todo)
        except RunInputError as exc:
            self.problem(str(exc))
            return
        except DataError as exc:
            self.problem(f"{exc}")
            return
        if self.pool is None:
            self.pool = Pool(self.args.jobs, "fork", self.project, grace=STOP_GRACE_S)
        elif data:
            self.pool.set_project(self.project)
        if not todo:
            self.state.publish(error=None, running=[])
            self.say("nothing to rerun (outputs are up to date)")
            return
        todo.sort(key=lambda r: -self.state.viewed.get(f"reports/{r.report_id}.html", 0.0))
        running = [f"reports/{r.report_id}.html" for r in todo]
        self.state.publish(error=None, running=running)
        failed: list[str] = []

        def record(run: Run, res: dict[str, Any]) -> None:
            record_result(self.manifest, run, res)
            page = f"reports/{run.report_id}.html"
            running.remove(page)
            if res["status"] == "ran":
                self.say(f"{run.report_id} rewritten ({res['seconds']:.1f}s)")
                self.state.publish(changed=[page], running=list(running))
            else:
                failed.append(f"FAILED {run.report_id}: {res['error']}\n  executed notebook kept at "
                              f"{res['failed_notebook']}; the previous report is unchanged")
                print(failed[-1], file=sys.stderr, flush=True)
                self.state.publish(error="\n".join(failed), running=list(running))

        self.pool.execute(todo, record)
        draw_pending_figures(sorted({r.out_dir for r in todo}))
        finish_bundle(self.manifest, self.code)
        self.state.publish(changed=["index.html", "index.kk.html", "index.ru.html"])
        self.say(f"{len(todo) - len(failed)} rerun, {len(failed)} failed in {time.monotonic() - started:.1f}s")

    def _check(self) -> Project | None:
        """data/ validated as `civcomm run` does, only changed files parsed again (the last good project is
        reused); None, and the problems shown, when an edit broke it."""
        try:
            project = validate_data(self.manifest, force=True, reuse=self.project)
        except RunInputError as exc:
            self.problem(f"{exc}\ncivcomm preview: nothing was rerun")
            return None
        write_manifest(self.manifest)
        return project

    def close(self, grace: float) -> None:
        """Stop the workers, their kernels and the zygote (SIGKILL after ``grace`` seconds)."""
        if self.pool is not None:
            self.pool.kill(grace)
            self.pool = None


def changed_parts(changes: set[tuple[Any, str]]) -> tuple[bool, bool, bool]:
    """(data, notebooks, code) touched by a batch of file changes."""
    data = notebooks = code = False
    for _, raw in changes:
        path = Path(raw)
        if path.is_relative_to(data_dir()):
            data = True
        elif path.is_relative_to(notebooks_dir()):
            notebooks = True
        elif path.is_relative_to(PACKAGE) and path.suffix in {".py", ".j2", ".json", ".yaml", ".css"}:
            code = True
    return data, notebooks, code


def _changes(paths: list[Path], stop: threading.Event, say):
    """Batches of file changes under ``paths`` (watchfiles: inotify; polling where the system gives no file
    events, e.g. some container file systems or an exhausted inotify watch limit)."""
    from watchfiles import DefaultFilter, watch

    options = {"watch_filter": DefaultFilter(), "stop_event": stop, "step": 30, "debounce": 400,
               "rust_timeout": 1000, "yield_on_timeout": False}
    try:
        yield from watch(*paths, **options)
    except (OSError, RuntimeError) as exc:
        say(f"no file events here ({exc}); looking for changes every 0.3 s instead")
        yield from watch(*paths, **options, force_polling=True, poll_delay_ms=300)


def main(args) -> int:
    try:
        plan(args)  # a bad selection or -p value: exit 2 before anything starts
    except RunInputError as exc:
        print(f"civcomm preview: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    state = State()
    outputs_dir().mkdir(parents=True, exist_ok=True)
    server = serve(state, args.port)
    port = server.server_address[1]
    preview = Preview(args, state)
    if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:  # a script's background job ignores Ctrl-C: so do we
        signal.signal(signal.SIGINT, preview.interrupt)
    signal.signal(signal.SIGTERM, preview.interrupt)
    stop = threading.Event()
    try:
        first = preview.runs or plan(args)
        page = f"reports/{first[0].report_id}.html" if len(first) == 1 else "index.html"
        preview.say(f"serving http://127.0.0.1:{port}/{page} (only this machine can open it)")
        preview.say(f"watching {display_path(data_dir())}/, {display_path(notebooks_dir())}/ and the civcomm "
                    "package; Ctrl-C stops")
        preview.cycle()
        if preview.pool is not None:
            preview.pool.warm()
        preview.say("ready")
        for changes in _changes([data_dir(), notebooks_dir(), PACKAGE], stop, preview.say):
            data, notebooks, code = changed_parts(changes)
            if not (data or notebooks or code):
                continue
            names = sorted({display_path(Path(p)) for _, p in changes})
            preview.say(f"changed: {', '.join(names[:5])}{' ...' if len(names) > 5 else ''}")
            preview.cycle(data=data, notebooks=notebooks, code=code)
            if preview.pool is not None:
                preview.pool.warm()
    except KeyboardInterrupt:
        preview.say("stopped; the reports written so far are kept")
        return EXIT_INTERRUPTED
    finally:
        stop.set()
        stop_everything(preview, server, state)
    return 0


def stop_everything(preview: Preview, server: ThreadingHTTPServer, state: State) -> None:
    """Ctrl-C (or SIGTERM): the workers, kernels, zygote and browser are told to stop, get STOP_GRACE_S in all to
    end, and are then killed, with anything else this process started; the server stops last. What a busy worker,
    kernel or Chromium does decides nothing: the wait is bounded, the kill is not refused."""
    deadline = (preview.interrupted or time.monotonic()) + STOP_GRACE_S  # a stopped run used some of it already
    # a second Ctrl-C is ignored while this runs (about a second): it would cut it short and leave processes running
    interrupt = signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        started = preview.started or process_tree()
        server.closing = True
        with state.cond:
            state.cond.notify_all()
        from civcomm.output.browser import close_shared

        preview.close(grace=max(0.0, deadline - time.monotonic()))  # kernels, zygote: SIGKILL; workers: SIGTERM first
        close_shared(timeout=max(0.0, deadline - time.monotonic()))
        kill_processes(started)  # what is left (e.g. a kernel a worker was starting), gone before this returns
        server.shutdown()
        server.server_close()
        # the interpreter's teardown collects every object the preview loaded (pandas, plotly, the project) more
        # than once: 0.4 s on an idle 2-core machine, 1.1-1.4 s on a busy one (measured); frozen, it skips them
        gc.freeze()
    finally:
        # Python's own handler again, or SIG_IGN if that is how the preview found it
        signal.signal(signal.SIGINT, signal.default_int_handler if interrupt == preview.interrupt else interrupt)
