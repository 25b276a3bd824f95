"""Print and static files through Chromium: every report as A4 PDF with no table wider than the page and no
heading left at a page's foot; SVG/PNG figure files with captions; the network's actor menu (slow)."""

from __future__ import annotations

import io
import re
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET

import nbformat
import pytest

from civcomm.output import pdf as pdfout
from civcomm.report.notebook import FILES_MIME

from .browser import open_report, require_chromium

pytestmark = pytest.mark.slow

LAYOUT_JS = """() => {
  const width = document.documentElement.clientWidth;
  const tables = Array.from(document.querySelectorAll('table')).map((t, i) => {
    const r = t.getBoundingClientRect();
    return {i: i, left: r.left, right: r.right, scroll: t.scrollWidth, client: t.clientWidth,
            caption: (t.previousElementSibling && t.previousElementSibling.innerText || '').slice(0, 80)};
  });
  const headings = Array.from(document.querySelectorAll('h1, h2, h3, h4, .civcomm-caption'))
    .map(h => h.innerText.replace(/\\s+/g, ' ').trim()).filter(h => h.length > 0);
  return {width: width, page: document.documentElement.scrollWidth, tables: tables, headings: headings};
}"""


def _print_layout(browser, path):
    """(layout, PDF bytes) of a report: measured and printed from one page load, as `civcomm pdf` lays it out."""
    page = pdfout.open_for_print(browser, path)
    try:
        page.wait_for_function(pdfout.FIGURES_DRAWN_JS, timeout=15_000)
        return page.evaluate(LAYOUT_JS), pdfout.normalise_pdf(pdfout.pdf_of(page))
    finally:
        page.close()


def _squash(text: str) -> str:
    return " ".join(text.split())


FOOTER_PT = 40  # the page number sits in the bottom margin, below this height (points from the page's foot)


def _bottom_line(page) -> str:
    """The text of the lowest line on a PDF page above the footer, placed as pypdf reads it."""
    parts = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            parts.append((tm[4] * cm[1] + tm[5] * cm[3] + cm[5], text))

    page.extract_text(visitor_text=visit)
    parts = [(y, text) for y, text in parts if y > FOOTER_PT]
    if not parts:
        return ""
    low = min(y for y, _ in parts)
    return _squash(" ".join(text for y, text in parts if y <= low + 3))


def _bottom_lines_pypdf(data: bytes) -> list[str]:
    from pypdf import PdfReader

    return [_bottom_line(page) for page in PdfReader(io.BytesIO(data)).pages]


def _bottom_lines_poppler(data: bytes) -> list[str] | None:
    """The lowest line of each page above the footer, from poppler's ``pdftotext -layout`` (a C reader: ~50x
    faster than pypdf's visitor on a 74-page report); None where poppler is not installed."""
    exe = shutil.which("pdftotext")
    if exe is None:
        return None
    text = subprocess.run([exe, "-layout", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True,
                          check=True).stdout.decode("utf-8")
    lines = []
    for page in text.split("\f")[:-1] if text.endswith("\f") else text.split("\f"):
        rows = [r for r in page.splitlines() if r.strip()]
        if rows and re.fullmatch(r"\s*\d+\s*/\s*\d+\s*", rows[-1]):  # the footer: "3 / 12"
            rows = rows[:-1]
        # a line laid out in columns (a table row) is read as its cells joined, as pypdf would place them
        lines.append(_squash(rows[-1]) if rows else "")
    return lines


def stranded_headings(data: bytes, headings: list[str]) -> list[tuple[int, str]]:
    """(page, heading) for every page but the last whose lowest line is the end of a heading."""
    bottoms = _bottom_lines_poppler(data)
    if bottoms is None:
        bottoms = _bottom_lines_pypdf(data)
    found = []
    for number, line in enumerate(bottoms[:-1], start=1):
        found += [(number, h) for h in headings if len(line) >= 4 and h.endswith(line)]
    return found


def test_the_stranded_heading_check_can_fail(tmp_path, browser):
    """A page made to end with a heading (no print CSS) is caught; with the reports' rule it is not."""
    filler = '<div style="height: 326mm"></div>'  # the printed page holds 267 mm / PRINT_SCALE of layout
    body = f"{filler}<h2 style='margin:0;font-size:16px;line-height:20px'>Heading at the foot</h2><p>{'text ' * 400}</p>"
    bare = tmp_path / "bare.html"
    bare.write_text(f"<html><body style='margin:0'>{body}</body></html>", encoding="utf-8")
    kept = tmp_path / "kept.html"
    kept.write_text(f"<html><head><style>h2 {{ break-after: avoid; }}</style></head><body style='margin:0'>{body}"
                    "</body></html>", encoding="utf-8")
    bare_pdf, kept_pdf = pdfout.print_page(browser, bare), pdfout.print_page(browser, kept)
    assert stranded_headings(bare_pdf, ["Heading at the foot"]) == [(1, "Heading at the foot")]
    assert stranded_headings(kept_pdf, ["Heading at the foot"]) == []
    # both readers of a page's lowest line agree (poppler where installed; pypdf always)
    fast = _bottom_lines_poppler(bare_pdf)
    if fast is not None:
        assert fast == _bottom_lines_pypdf(bare_pdf)


def test_every_report_prints_to_a4_without_clipping_or_stranded_headings(regenerated, browser, tmp_path):
    from pypdf import PdfReader

    reports = sorted((regenerated / "reports").glob("*.html"))
    assert len(reports) >= 18
    for path in reports:
        layout, data = _print_layout(browser, path)
        assert layout["tables"], path.name
        # the printed text block is the window's width: nothing may reach past it
        assert layout["page"] <= layout["width"] + 1, f"{path.name}: the printed page is {layout['page']} px wide"
        for tab in layout["tables"]:
            assert tab["left"] >= -0.5 and tab["right"] <= layout["width"] + 0.5, (path.name, tab)
            assert tab["scroll"] <= tab["client"] + 1, f"{path.name}: a table's content is clipped {tab}"
        (tmp_path / f"{path.stem}.pdf").write_bytes(data)  # not into the shared bundle: other tests compare it
        reader = PdfReader(io.BytesIO(data))
        box = reader.pages[0].mediabox
        assert (round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)) == (210, 297)
        headings = [_squash(h) for h in layout["headings"] if len(_squash(h)) >= 4]
        stranded = stranded_headings(data, headings)
        assert not stranded, f"{path.name} page {stranded[0][0]} ends with the heading {stranded[0][1]!r}"
        assert b"/CreationDate (D:0000" in data or b"/CreationDate" not in data


def test_figure_files_for_every_figure_shown(regenerated):
    require_chromium()  # the figure images are drawn by the browser; without one only the captions are written
    shown = []
    for nb_path in sorted((regenerated / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(nb_path, as_version=4)
        lang = nb_path.stem.rsplit("lang-", 1)[-1]
        shown += [{**out["data"][FILES_MIME], "lang": lang} for cell in nb.cells for out in cell.get("outputs", [])
                  if out.get("data", {}).get(FILES_MIME, {}).get("kind") == "figure"]
    assert len(shown) >= 30
    figures = regenerated / "figures"
    for fig in shown:
        stem = f"{fig['name']}.{fig['lang']}"
        assert sorted(fig["files"]) == sorted(f"figures/{stem}.{x}" for x in ("png", "svg", "txt")), fig
        caption = (figures / f"{stem}.txt").read_text(encoding="utf-8")
        assert caption.splitlines()[0] == fig["title"].strip()
        svg = ET.fromstring((figures / f"{stem}.svg").read_bytes())
        assert svg.tag.endswith("svg") and svg.get("width") == "1000"
        png = (figures / f"{stem}.png").read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">I", png[16:20])[0] == 2000
    kk = {f["name"] for f in shown if f["lang"] == "kk"}
    assert {f["name"] for f in shown if f["lang"] == "en"} == kk and "kaz_network" in kk


def test_static_figures_are_byte_identical_between_runs(tmp_path):
    import plotly.graph_objects as go

    from civcomm.output.static import write_figure

    require_chromium()
    fig = go.Figure([go.Bar(x=["Қазақстан", "Ресей"], y=[1, 2], name="a"), go.Scatter(x=[0, 1], y=[2, 1])])
    fig.update_layout(title="Сурет 1 – сынақ", updatemenus=[{"buttons": [{"label": "x", "method": "relayout",
                                                                          "args": [{}]}]}])
    runs = []
    for run in ("one", "two"):
        paths, why = write_figure(fig, "test_fig", "kk", "Сурет 1 – сынақ", note="Ескерту", out_dir=tmp_path / run)
        assert not why
        runs.append({p.name: p.read_bytes() for p in paths})
    assert runs[0] == runs[1] and sorted(runs[0]) == ["test_fig.kk.png", "test_fig.kk.svg", "test_fig.kk.txt"]
    svg = runs[0]["test_fig.kk.svg"].decode()
    assert "Қазақстан" in svg and "updatemenu" not in svg
    assert runs[0]["test_fig.kk.txt"].decode() == "Сурет 1 – сынақ\nЕскерту\n"


def test_actor_menu_highlights_a_neighbourhood_in_the_report(regenerated, browser):
    path = regenerated / "reports" / "06_map_stakeholders.lang-kk.html"
    rep = open_report(browser, path)
    assert rep.drawn == rep.figures
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_function(pdfout.FIGURES_DRAWN_JS, timeout=15_000)
    graph = "document.querySelector('.js-plotly-plot')"
    assert page.evaluate(f"({graph}.layout.shapes || []).length") == 0
    page.click(".updatemenu-header-group")
    items = page.query_selector_all(".updatemenu-dropdown-button")
    assert len(items) > 50
    items[3].click()
    page.wait_for_timeout(300)
    shapes = page.evaluate(f"{graph}.layout.shapes.map(s => s.type)")
    notes = page.evaluate(f"{graph}.layout.annotations.length")
    assert shapes[0] == "rect" and shapes.count("line") >= 1 and notes >= 3, (shapes, notes)
    page.close()
