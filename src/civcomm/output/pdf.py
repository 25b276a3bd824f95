"""Reports as A4 PDF, printed by headless Chromium from file:// with the network cut (nothing downloaded).

The page is laid out for print before plotly draws (print media, a window as wide as the printed text
block at PRINT_SCALE), so figures are drawn at the width they are printed at; the report's print CSS
(runner/templates/civcomm) wraps tables to the page, repeats header rows and keeps headings with what follows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from civcomm.core.paths import outputs_dir
from civcomm.output.atomic import atomic_write_bytes
from civcomm.output.browser import block_network, find_chromium, shared_worker

A4_MM = (210.0, 297.0)
MARGIN_MM = {"top": 14.0, "bottom": 16.0, "left": 14.0, "right": 14.0}
PRINT_SCALE = 0.8  # the printed text block shows the page as a window this much wider (smaller type, wider tables)
PX_PER_MM = 96 / 25.4
TEXT_WIDTH_PX = (A4_MM[0] - MARGIN_MM["left"] - MARGIN_MM["right"]) * PX_PER_MM
VIEWPORT = {"width": round(TEXT_WIDTH_PX / PRINT_SCALE), "height": 1200}
FIGURES_DRAWN_JS = """Array.from(document.querySelectorAll('.plotly-graph-div')).every(
    d => d.querySelectorAll('.main-svg').length > 0)"""
FOOTER = ('<div style="font-size:7pt;color:#666;width:100%;text-align:center;">'
          '<span class="pageNumber"></span> / <span class="totalPages"></span></div>')


@dataclass
class PrintResult:
    written: list[Path] = field(default_factory=list)
    skipped: str = ""  # why nothing was printed (no Chromium)


def open_for_print(browser, html_path: Path):
    """A page showing ``html_path`` laid out for print, every figure drawn (bounded wait)."""
    page = browser.new_page(viewport=VIEWPORT)
    block_network(page)
    page.emulate_media(media="print")
    page.goto(html_path.resolve().as_uri(), wait_until="load")
    try:
        page.wait_for_function(FIGURES_DRAWN_JS, timeout=15_000)
    except Exception:  # noqa: BLE001 - a figure that never draws still prints as what the browser shows
        pass
    return page


def print_page(browser, html_path: Path) -> bytes:
    """``html_path`` printed by ``browser`` (a playwright Browser) to A4 PDF bytes, as Chromium wrote them."""
    page = open_for_print(browser, html_path)
    try:
        return pdf_of(page)
    finally:
        page.close()


def pdf_of(page) -> bytes:
    """An open page (``open_for_print``) as A4 PDF bytes, as Chromium writes them."""
    return page.pdf(format="A4", print_background=True, scale=PRINT_SCALE, display_header_footer=True,
                    header_template="<span></span>", footer_template=FOOTER,
                    margin={k: f"{v}mm" for k, v in MARGIN_MM.items()})


def normalise_pdf(data: bytes) -> bytes:
    """Chromium stamps the print time into the PDF's info dictionary: zero its digits (same length, so the
    cross-reference offsets stay right); the report's provenance block still holds its run date."""
    return re.sub(rb"/(CreationDate|ModDate) \(D:(\d+)", lambda m: b"/" + m.group(1) + b" (D:" + b"0" * len(m.group(2)),
                  data)


def print_report(html_path: Path) -> bytes | None:
    """``html_path`` printed to A4 PDF, or None when there is no Chromium."""
    worker = shared_worker()
    if worker is None:
        return None
    return normalise_pdf(worker.call(print_page, html_path))


def pdf_path(html_path: Path, out_dir: Path | None = None) -> Path:
    return (out_dir or outputs_dir() / "pdf") / f"{html_path.stem}.pdf"


def print_reports(reports: list[Path] | None = None, out_dir: Path | None = None, force: bool = False) -> PrintResult:
    """outputs/pdf/<report>.pdf for each report (default: every outputs/reports/*.html) whose PDF is missing
    or older than the report, or all with ``force``. Without Chromium nothing is written and ``skipped``
    says why in one line."""
    reports = sorted(reports if reports is not None else (outputs_dir() / "reports").glob("*.html"))
    exe, why = find_chromium()
    if exe is None:
        return PrintResult(skipped=f"PDF skipped: {why}")
    result = PrintResult()
    for html_path in reports:
        target = pdf_path(html_path, out_dir)
        if not force and target.exists() and target.stat().st_mtime >= html_path.stat().st_mtime:
            continue
        data = print_report(html_path)
        if data is None:
            return PrintResult(result.written, f"PDF skipped: {find_chromium()[1]}")
        result.written.append(atomic_write_bytes(target, data))
    return result
