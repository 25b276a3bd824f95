"""Reports opened from file:// in headless Chromium with the network cut: every figure draws (slow)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def dump_dom(url: str, profile: Path) -> str:
    """The DOM after scripts ran; every request that would leave the machine fails."""
    if not CHROMIUM:
        if os.environ.get("CI"):
            pytest.fail("chromium is required in CI (.ci/run installs it)")
        pytest.skip("chromium not installed")
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--proxy-server=http://127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND",
           f"--user-data-dir={profile}", "--virtual-time-budget=10000", "--dump-dom", url]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_every_figure_draws_offline(regenerated, tmp_path):
    for path in sorted((regenerated / "reports").glob("*.html")):
        source = path.read_text(encoding="utf-8")
        ids = re.findall(r'<div id="([^"]+)" class="plotly-graph-div"', source)
        dom = dump_dom(path.as_uri(), tmp_path / path.stem)
        for div_id in ids:
            m = re.search(rf'<div id="{re.escape(div_id)}" class="([^"]*)"', dom)
            assert m and "js-plotly-plot" in m.group(1), f"{path.name}: figure {div_id} did not draw"
        assert dom.count('class="main-svg"') >= len(ids), path.name
        assert len(re.findall(r'<g class="(?:hm|trace[^"]*)"', dom)) >= len(ids), f"{path.name}: no marks"


def test_index_opens_offline(regenerated, tmp_path):
    dom = dump_dom((regenerated / "index.html").as_uri(), tmp_path / "index")
    assert "civcomm: reports" in dom and "reports/" in dom
