"""`civcomm preview` and warm kernels: an edit reruns the report and the served page changes; a broken edit
shows its problem and keeps the report; stopping leaves no process; only this machine is answered."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from civcomm.data.project import Project
from civcomm.runner import preview
from civcomm.runner.warm import notebook_imports

from .conftest import ROOT, alive, descendants, free_port, kernels_of, zygotes_of

REPORT = "reports/01_compare_countries.lang-en.html"




def _get(port: int, path: str, host: str | None = None, timeout: float = 10) -> tuple[int, str]:
    req = urllib.request.Request(f"http://127.0.0.1:{port}/{path}", headers={"Host": host or f"127.0.0.1:{port}"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, ""


def _processes_with(marker: str) -> list[str]:
    """Processes whose environment holds ``marker`` (every child of the preview inherits its outputs path)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or int(proc.name) == os.getpid():
            continue
        try:
            if marker.encode() in (proc / "environ").read_bytes():
                cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ")[:120]
                found.append(f"{proc.name}: {cmdline!r}")
        except OSError:
            continue
    return found


# --------------------------------------------------------------------------- fast


def test_warm_kernels_import_what_the_notebooks_import(tmp_path):
    nb = tmp_path / "01_x.py"
    nb.write_text("# %% [markdown]\n# # import nothing here\n\n# %%\nimport pandas as pd\nfrom civcomm import report\n"
                  "from civcomm.views.countries import country_names\n\n# %%\nx = 1\n", encoding="utf-8")
    assert notebook_imports([nb]) == ["civcomm", "civcomm.views.countries", "pandas"]
    real = notebook_imports(sorted((ROOT / "notebooks").glob("*.py")))
    assert {"civcomm", "civcomm.views.countries", "pandas"} <= set(real)


def test_a_check_reusing_the_last_one_finds_the_same_problems(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "tests" / "fixtures" / "data", data)
    first, problems = Project.check(root=data)
    assert problems == []
    country = sorted((data / "countries").glob("*.yaml"))[0]
    country.write_text(country.read_text(encoding="utf-8") + "names: [broken\n", encoding="utf-8")
    _, fresh = Project.check(root=data)
    _, reused = Project.check(root=data, reuse=first)
    assert fresh and sorted(map(str, reused)) == sorted(map(str, fresh))
    assert any(p.path.endswith(country.name) for p in reused)


def test_changes_are_sorted_into_data_notebooks_and_code(monkeypatch, tmp_path):
    monkeypatch.setenv("CIVCOMM_DATA", str(tmp_path / "data"))
    (tmp_path / "data").mkdir()
    assert preview.changed_parts({(1, str(tmp_path / "data" / "countries" / "fin.yaml"))}) == (True, False, False)
    assert preview.changed_parts({(2, str(preview.PACKAGE / "views" / "tables.py"))}) == (False, False, True)
    assert preview.changed_parts({(2, str(preview.PACKAGE / "views" / "notes.txt"))}) == (False, False, False)


def test_the_server_answers_only_this_machine_and_injects_the_reload_script(monkeypatch, tmp_path):
    monkeypatch.setenv("CIVCOMM_OUTPUTS", str(tmp_path))
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "r.html").write_text("<html><body><p>report</p></body></html>", encoding="utf-8")
    state = preview.State()
    server = preview.serve(state, 0)
    port = server.server_address[1]
    try:
        assert server.server_address[0] == "127.0.0.1"
        status, body = _get(port, "reports/r.html")
        assert status == 200 and body.index(preview.SCRIPT) < body.index("</body>") and "<p>report</p>" in body
        assert _get(port, "reports/r.html", host=f"attacker.example:{port}")[0] == 403  # DNS rebinding
        assert _get(port, "../../etc/passwd")[0] == 404
        status, js = _get(port, preview.SCRIPT.lstrip("/"))
        assert status == 200 and "EventSource" in js
        # the event stream tells an open page that its report was rewritten
        got: list[dict] = []

        def listen():
            req = urllib.request.Request(f"http://127.0.0.1:{port}{preview.EVENTS}",
                                         headers={"Host": f"127.0.0.1:{port}"})
            with urllib.request.urlopen(req, timeout=10) as r:
                for raw in r:
                    if raw.startswith(b"data: "):
                        got.append(json.loads(raw[6:]))
                        if len(got) == 2:
                            return

        t = threading.Thread(target=listen, daemon=True)
        t.start()
        time.sleep(0.5)
        state.publish(changed=["reports/r.html"], error="data/countries/x.yaml:3: names: broken")
        t.join(10)
        assert got[-1]["changed"]["reports/r.html"] == got[-1]["version"]
        assert got[-1]["error"].startswith("data/countries/x.yaml:3")
    finally:
        server.closing = True
        server.shutdown()
        server.server_close()


def _raw_get(port: int, target: bytes, method: bytes = b"GET") -> tuple[bytes, bytes]:
    """(status line, body) of a request sent as raw bytes (urllib and http.client refuse or re-encode a bad
    path before sending it)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(method + b" " + target + b" HTTP/1.1\r\nHost: 127.0.0.1:" + str(port).encode() +
                  b"\r\nConnection: close\r\n\r\n")
        reply = b""
        while chunk := s.recv(65536):
            reply += chunk
    head, _, body = reply.partition(b"\r\n\r\n")
    return head.split(b"\r\n", 1)[0], body


MALFORMED = [b"/reports/%00", b"/reports/r.html%00", b"/reports/%00.html", b"/reports/%zz.html", b"/%ff%fe.html",
             b"/reports/\xff.html", b"/reports/%1b[31m.html", b"/" + b"a" * 300 + b".html", b"/" + b"a" * 300,
             b"/reports/" + b"a/" * 2500 + b"r.html"]


def test_a_malformed_path_gets_400_and_one_line_and_the_server_keeps_serving(monkeypatch, tmp_path, capsys):
    """A NUL byte, a bad %-escape, bytes that are not UTF-8, a control character, a name too long for the file
    system: each is a 400 with one line in the terminal, never a traceback and an empty reply."""
    monkeypatch.setenv("CIVCOMM_OUTPUTS", str(tmp_path))
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "r.html").write_text("<html><body><p>report</p></body></html>", encoding="utf-8")
    server = preview.serve(preview.State(), 0)
    port = server.server_address[1]
    try:
        for target in MALFORMED:
            for method in (b"GET", b"HEAD"):
                status, _ = _raw_get(port, target, method)
                assert status.split(b" ")[1:2] == [b"400"], (method, target[:60], status)
        # a path that is well formed but names no file is still a 404, and is not logged
        assert _raw_get(port, b"/reports/missing.html")[0].split(b" ")[1] == b"404"
        status, body = _raw_get(port, b"/reports/r.html")
        assert status.split(b" ")[1] == b"200" and b"<p>report</p>" in body
    finally:
        server.closing = True
        server.shutdown()
        server.server_close()
    err = capsys.readouterr().err
    assert "Traceback" not in err and "Exception" not in err, err[-3000:]
    lines = err.splitlines()
    assert len(lines) == 2 * len(MALFORMED), err[-3000:]
    assert all(line.startswith("civcomm preview: 400 for ") and "expected the percent-encoded UTF-8 path" in line
               and len(line) < 300 for line in lines), err[-3000:]
    assert "\x1b" not in err  # a control character in a path is shown escaped, never sent to the terminal


# --------------------------------------------------------------------------- slow: a real preview


@pytest.mark.slow
def _follow(proc: subprocess.Popen, step: float):
    """The preview's output lines as they come (read on a thread), and a wait for a condition on them that fails
    with the output if the preview exits or the time runs out."""
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(iter(proc.stdout.readline, "")), daemon=True).start()

    def wait_for(pred, what: str, timeout: float = 240):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if pred():
                return
            assert proc.poll() is None, "".join(lines)
            time.sleep(step)
        raise AssertionError(f"timed out waiting for {what}:\n{''.join(lines)}")

    return lines, wait_for


def test_preview_reruns_on_an_edit_shows_a_broken_one_and_stops_cleanly(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    out = tmp_path / "outputs"
    port = free_port()
    env = {**os.environ, "CIVCOMM_DATA": str(data), "CIVCOMM_OUTPUTS": str(out), "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "civcomm", "preview", "01", "-p", "lang=en", "--port", str(port),
                             "-j", "1"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)
    lines, wait_for = _follow(proc, step=0.1)

    try:
        wait_for(lambda: any("preview: ready" in x for x in lines), "the first run")
        assert f"http://127.0.0.1:{port}/{REPORT}" in "".join(lines)
        status, before = _get(port, REPORT)
        assert status == 200 and "United States" in before and "United States (edited)" not in before
        # an edit: only the English name of the USA, which report 01 prints
        usa = data / "countries" / "usa.yaml"
        good = usa.read_text(encoding="utf-8")
        report = out / REPORT
        mtime = report.stat().st_mtime_ns
        usa.write_text(good.replace('en: "United States"', 'en: "United States (edited)"', 1), encoding="utf-8")
        wait_for(lambda: report.stat().st_mtime_ns != mtime, "the rewritten report", 120)
        assert "United States (edited)" in _get(port, REPORT)[1]
        # a broken edit: the problem with file and line, in the terminal and in the page's event; report kept
        kept = report.read_bytes()
        n = len(lines)
        usa.write_text(good + "names: [broken\n", encoding="utf-8")
        wait_for(lambda: any("nothing was rerun" in x for x in lines[n:]), "the problem report", 60)
        assert any(x.startswith("data/countries/usa.yaml:") for x in lines[n:]), "".join(lines[n:])
        with urllib.request.urlopen(urllib.request.Request(
                f"http://127.0.0.1:{port}{preview.EVENTS}", headers={"Host": f"127.0.0.1:{port}"}), timeout=10) as r:
            first = next(raw for raw in r if raw.startswith(b"data: "))
        assert json.loads(first[6:])["error"].startswith("data/countries/usa.yaml:")
        assert report.read_bytes() == kept
        # Ctrl-C: exit 130, and no worker, kernel or browser of it is left
        assert _processes_with(str(out)), "the preview's workers should be running"
        os.killpg(proc.pid, signal.SIGINT)
        assert proc.wait(timeout=60) == 130, "".join(lines)
        time.sleep(1.5)
        assert _processes_with(str(out)) == []
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


PREVIEW_RUNS = """runs:
  - notebook: 96_fixture_figures.py
    parameters: {count: 1}
  - notebook: 95_fixture_sleep.py
    parameters: {seconds: 0}
"""
BUSY = {"drawing figures": ("count: 1", "count: 150"), "running a notebook": ("seconds: 0", "seconds: 300")}


def _events_now(port: int) -> dict:
    """The state the event stream gives a page that connects now."""
    req = urllib.request.Request(f"http://127.0.0.1:{port}{preview.EVENTS}", headers={"Host": f"127.0.0.1:{port}"})
    with urllib.request.urlopen(req, timeout=10) as r:
        first = next(raw for raw in r if raw.startswith(b"data: "))
    return json.loads(first[6:])


@pytest.mark.slow
@pytest.mark.parametrize("answering", [True, False], ids=["", "nothing answers"])
@pytest.mark.parametrize("busy", sorted(BUSY))
def test_ctrl_c_stops_a_busy_preview_within_2_s_and_leaves_no_process(tmp_path, fixture_copy, busy, answering):
    """Ctrl-C while a rerun draws figures (the runner's Chromium) or executes a notebook (a forked kernel): the
    preview exits within 2 s of the signal, and nothing it started (workers, zygote, kernels, playwright's
    driver, Chromium) is left running. 'nothing answers': every one of those processes is stopped (SIGSTOP)
    first, as a stand-in for a Chromium or kernel too busy to end in time on a loaded machine."""
    root = tmp_path / "proj"
    (root / "notebooks").mkdir(parents=True)
    for name in ("95_fixture_sleep.py", "96_fixture_figures.py"):
        shutil.copy(ROOT / "tests" / "fixtures" / "notebooks" / name, root / "notebooks")
    runs = root / "notebooks" / "runs.yaml"
    runs.write_text(PREVIEW_RUNS, encoding="utf-8")
    out = root / "outputs"
    port = free_port()
    env = {**os.environ, "CIVCOMM_ROOT": str(root), "CIVCOMM_DATA": str(fixture_copy), "CIVCOMM_OUTPUTS": str(out),
           "PYTHONUNBUFFERED": "1"}
    # as from a terminal, where Ctrl-C is not ignored (it is in a script's background job, which pytest may be)
    proc = subprocess.Popen([sys.executable, "-m", "civcomm", "preview", "--port", str(port), "-j", "1"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    lines, wait_for = _follow(proc, step=0.05)
    tree: dict[int, bytes] = {}

    try:
        wait_for(lambda: any("preview: ready" in x for x in lines), "the first run")
        # the watcher starts just after "ready" is printed: the edit is saved again until the preview has seen it
        n, old, new = len(lines), *BUSY[busy]
        saved = [0.0]

        def edit_seen() -> bool:
            if time.monotonic() - saved[0] > 1:
                runs.write_text(PREVIEW_RUNS.replace(old, new), encoding="utf-8")
                saved[0] = time.monotonic()
            return any("changed:" in x for x in lines[n:])

        wait_for(edit_seen, "the edit to be seen", 60)
        figures = out / "figures"
        if busy == "drawing figures":  # the rerun's figures are being drawn: some are done, most are pending
            wait_for(lambda: (figures / "fixture_002.en.svg").exists(), "the rerun's figures being drawn")
            assert list(figures.glob("*.pending.json")), "drawing finished before the signal: nothing was busy"
        else:
            wait_for(lambda: _events_now(port)["running"], "the rerun to start")
            time.sleep(0.5)  # the worker has its run and its kernel is executing it
        tree = descendants(proc.pid)
        commands = b"\n".join(tree.values()).decode(errors="replace")
        assert zygotes_of(proc.pid) and kernels_of(proc.pid), commands
        assert "chromium" in commands, "the first run's figure should have started the runner's browser"
        if not answering:
            for pid in tree:
                os.kill(pid, signal.SIGSTOP)
        started = time.monotonic()
        os.killpg(proc.pid, signal.SIGINT)  # a terminal's Ctrl-C: the preview's whole process group
        proc.wait(timeout=120)
        seconds = time.monotonic() - started
        print(f"civcomm preview exited {seconds:.2f}s after SIGINT ({busy}{'' if answering else ', nothing answers'})")
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        left = alive(set(tree))
        for pid in left:  # what the preview left (a failure below): not left running after the test
            os.kill(pid, signal.SIGKILL)
    output = "".join(lines)
    assert proc.returncode == 130, output[-3000:]
    assert seconds < 2, f"civcomm preview took {seconds:.2f}s to exit after Ctrl-C\n{output[-3000:]}"
    assert left == [], [tree[pid][:120] for pid in left]
    assert _processes_with(str(out)) == []  # started after the snapshot, or no longer in the tree
    assert "Traceback" not in output, output[-3000:]
