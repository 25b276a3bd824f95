"""Reports opened from file:// in headless Chromium with the network cut: every figure draws (slow)."""

from __future__ import annotations

import shutil

import pytest

from .browser import open_report
from .conftest import ROOT

pytestmark = pytest.mark.slow


def test_every_report_draws_offline(regenerated, browser):
    shots = regenerated / "screenshots"
    for path in sorted((regenerated / "reports").glob("*.html")):
        rep = open_report(browser, path, screenshot=shots / f"{path.stem}.png")
        assert rep.drawn == rep.figures, f"{path.name}: {rep.drawn} of {rep.figures} figures drew"
        assert all(n > 0 for n in rep.marks), f"{path.name}: a figure has no marks {rep.marks}"
        assert rep.tables >= 1, path.name
        assert not rep.blocked, f"{path.name} tried the network: {rep.blocked}"
        assert not rep.console_errors and not rep.page_errors, (rep.console_errors, rep.page_errors)
        assert not rep.dialogs
    # keep the screenshots where a reviewer looks for them
    dst = ROOT / "outputs" / "screenshots"
    dst.mkdir(parents=True, exist_ok=True)
    for png in shots.glob("*.png"):
        shutil.copy(png, dst / png.name)


def test_index_opens_offline(regenerated, browser):
    rep = open_report(browser, regenerated / "index.html")
    assert "civcomm: reports" in rep.text
    assert not rep.blocked and not rep.console_errors and not rep.page_errors
