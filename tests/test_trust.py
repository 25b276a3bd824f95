"""Reports reviewers can trust: escaping, same bytes twice, interruption, JupyterLab (slow)."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from .browser import open_report
from .conftest import FIXTURE_DATA, ROOT, civcomm, free_port, kernels_of

pytestmark = pytest.mark.slow

HOSTILE = ['<script>alert(1)</script>', '"><img src=x onerror=alert(2)>']
PROVENANCE = re.compile(r'<(div|p) class="civcomm-provenance">.*?</\1>', re.S)


def _hostile_data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    aaa = data / "countries" / "aaa.yaml"
    text = aaa.read_text(encoding="utf-8")
    text = text.replace("en: Country A,", f"en: '{HOSTILE[1]}',")
    text = text.replace('en: "to openness"', f"en: '{HOSTILE[0]} {HOSTILE[1]}'")
    text = text.replace('en: "Attention to openness."', f"en: '{HOSTILE[0]}'")
    aaa.write_text(text, encoding="utf-8")
    return data


def test_hostile_strings_are_shown_literally(tmp_path, browser):
    data = _hostile_data(tmp_path)
    out = tmp_path / "outputs"
    r = civcomm("run", "01", "-p", "lang=en", env={"CIVCOMM_DATA": str(data), "CIVCOMM_OUTPUTS": str(out)})
    assert r.returncode == 0, r.stderr[-3000:]
    report = out / "reports" / "01_compare_countries.lang-en.html"
    source = report.read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in source and "<img src=x" not in source
    rep = open_report(browser, report)
    assert rep.dialogs == []
    assert HOSTILE[0] in rep.text and HOSTILE[1] in rep.text  # shown literally in the tables
    # the hover labels carry the escaped text (plotly shows entities literally)
    page = browser.new_page()
    page.goto(report.as_uri())
    hover = page.evaluate("Array.from(document.querySelectorAll('.js-plotly-plot')).map(d => JSON.stringify(d.data))")
    page.close()
    assert any("&lt;script&gt;alert(1)&lt;/script&gt;" in h for h in hover)
    assert not any("<script>alert(1)" in h for h in hover)
    csv = (out / "tables" / "table2.en.csv").read_text(encoding="utf-8-sig")
    assert HOSTILE[0] in csv  # data files keep the data as it is


def _strip_provenance(path: Path) -> bytes:
    data = path.read_bytes()
    if path.suffix in (".html", ".ipynb"):
        text = data.decode("utf-8")
        if path.suffix == ".ipynb":
            nb = json.loads(text)
            for cell in nb["cells"]:
                for o in cell.get("outputs", []):
                    html = o.get("data", {}).get("text/html")
                    if html and "civcomm-provenance" in "".join(html):
                        o["data"]["text/html"] = ["<provenance/>"]
            text = json.dumps(nb, sort_keys=True)
        data = PROVENANCE.sub("<provenance/>", text).encode("utf-8")
    return data


def test_two_full_regenerations_give_the_same_bytes(regenerated, tmp_path):
    # the shared regeneration ran in forked kernels (the default); this one runs each report in a kernel that is
    # no fork (warm kernels: started ahead, each does its own imports and loads the data itself, as a cold one
    # does, at half a cold run's cost): the same bytes show that a fork of the warm zygote leaks nothing
    second = tmp_path / "outputs2"
    r = civcomm("run", "--force", "-j", "2", "--kernels", "warm", env={"CIVCOMM_OUTPUTS": str(second)})
    assert r.returncode == 0, r.stderr[-3000:]
    skip = {"manifest.json"}
    first_files = sorted(p.relative_to(regenerated) for p in regenerated.rglob("*")
                         if p.is_file() and "screenshots" not in p.parts and p.name not in skip)
    second_files = sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file() and p.name not in skip)
    assert first_files == second_files
    differ = [str(p) for p in first_files if _strip_provenance(regenerated / p) != _strip_provenance(second / p)]
    assert differ == []


def test_interrupted_run_keeps_previous_reports(tmp_path):
    root = tmp_path / "proj"
    (root / "notebooks").mkdir(parents=True)
    shutil.copy(ROOT / "tests" / "fixtures" / "notebooks" / "90_fixture.py", root / "notebooks")
    (root / "notebooks" / "runs.yaml").write_text("runs:\n  - notebook: 90_fixture.py\n    reads: [country, diss_table]\n    grid: {lang: [kk, ru, en]}\n")
    out = root / "outputs"
    env = {**os.environ, "CIVCOMM_ROOT": str(root), "CIVCOMM_DATA": str(FIXTURE_DATA), "CIVCOMM_OUTPUTS": str(out)}
    ok = subprocess.run([sys.executable, "-m", "civcomm", "run"], env=env, capture_output=True, text=True, timeout=600)
    assert ok.returncode == 0, ok.stderr
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert len([p for p in before if p.suffix == ".html"]) == 6  # three reports and the index in three languages
    for sig in (signal.SIGINT, signal.SIGKILL):
        proc = subprocess.Popen([sys.executable, "-m", "civcomm", "run", "--force"], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
        # inside a notebook's execution: when a kernel of the run exists (a run takes well under a second now,
        # so a fixed wait could land after the last run)
        deadline = time.monotonic() + 120
        while not kernels_of(proc.pid) and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        assert proc.poll() is None, "the run ended before any kernel was seen"
        os.killpg(proc.pid, sig)
        _, err = proc.communicate(timeout=120)
        if sig == signal.SIGINT:
            assert proc.returncode == 130, err
            # before the first kernel starts or during the runs: either way it says the previous reports stay
            assert re.search(r"interrupted(: previous reports are|; \d+ run\(s\) finished and kept, \d+ not run "
                             r"\(the previous reports of those are) left as they were", err), err
        time.sleep(0.5)
        if sig == signal.SIGINT:
            assert [p for p in out.rglob("*") if p.is_file() and p.name.endswith(".tmp")] == []
        for p, data in before.items():
            if p.name not in ("manifest.json", "index.html", "index.kk.html", "index.ru.html") and p.suffix in (".html", ".csv", ".xlsx"):
                # every report and table is either the previous one or a complete new one (same bytes)
                assert _strip_provenance(p) == _strip_provenance_bytes(p.suffix, data), p
    # the next run cleans any leftover temporary file and completes
    again = subprocess.run([sys.executable, "-m", "civcomm", "run", "--force"], env=env, capture_output=True,
                           text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    assert not [p for p in out.rglob("*.tmp")]


def _strip_provenance_bytes(suffix: str, data: bytes) -> bytes:
    if suffix == ".html":
        return PROVENANCE.sub("<provenance/>", data.decode("utf-8")).encode("utf-8")
    return data




def test_jupyterlab_opens_jupytext_notebooks(tmp_path):
    port, token = free_port(), "civcomm-test-token"
    jupyter = Path(sys.executable).parent / "jupyter"
    cmd = [str(jupyter), "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}", f"--IdentityProvider.token={token}",
           "--ServerApp.root_dir=" + str(ROOT / "notebooks"), "--allow-root"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "JUPYTER_CONFIG_DIR": str(tmp_path / "cfg"),
                                 "JUPYTER_RUNTIME_DIR": str(tmp_path / "rt")})
    try:
        url = f"http://127.0.0.1:{port}/api/contents/01_compare_countries.py?type=notebook&content=1"
        body = None
        for _ in range(120):
            try:
                req = urllib.request.Request(url, headers={"Authorization": f"token {token}"})
                body = json.load(urllib.request.urlopen(req, timeout=5))
                break
            except OSError:
                time.sleep(0.5)
        assert body is not None, "JupyterLab did not answer"
        assert body["type"] == "notebook"
        cells = body["content"]["cells"]
        params = [c for c in cells if "parameters" in c["metadata"].get("tags", [])]
        assert len(params) == 1 and "lang =" in params[0]["source"]
    finally:
        proc.terminate()
        proc.wait(timeout=30)
