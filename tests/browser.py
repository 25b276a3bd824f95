"""Open a report from file:// in headless Chromium with every non-file request blocked."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


@dataclass
class PageReport:
    url: str
    figures: int = 0
    drawn: int = 0
    marks: list[int] = field(default_factory=list)
    tables: int = 0
    blocked: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    text: str = ""


def require_chromium() -> str:
    if not CHROMIUM:
        if os.environ.get("CI"):
            pytest.fail("chromium is required in CI (.ci/run installs it)")
        pytest.skip("chromium not installed (apt-get install chromium)")
    return CHROMIUM


def open_report(browser, path: Path, screenshot: Path | None = None) -> PageReport:
    """Load ``path``; record blocked requests, console errors, dialogs; count drawn figures."""
    rep = PageReport(path.as_uri())
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.on("console", lambda m: rep.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: rep.page_errors.append(str(e)))
    page.on("dialog", lambda d: (rep.dialogs.append(d.message), d.dismiss()))

    def route(r):
        if r.request.url.startswith("file://"):
            r.continue_()
        else:
            rep.blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.goto(rep.url, wait_until="load")
    marks_js = """Array.from(document.querySelectorAll('.plotly-graph-div')).map(
        d => d.querySelectorAll('.trace path, .trace image, .trace text, .point, .hm image, .plot path').length)"""
    try:  # plotly draws asynchronously: wait (bounded) until every figure has marks
        page.wait_for_function(f"({marks_js}).every(n => n > 0)", timeout=10_000)
    except Exception:  # noqa: BLE001 - the assertions below say what is missing
        pass
    rep.figures = page.evaluate("document.querySelectorAll('.plotly-graph-div').length")
    rep.drawn = page.evaluate("document.querySelectorAll('.plotly-graph-div.js-plotly-plot .main-svg').length && "
                              "document.querySelectorAll('.plotly-graph-div.js-plotly-plot').length")
    rep.marks = page.evaluate(marks_js)
    rep.tables = page.evaluate("document.querySelectorAll('table.civcomm-table, table.dataframe').length")
    rep.text = page.inner_text("body")
    if screenshot is not None:
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(screenshot), full_page=True)
    page.close()
    return rep
