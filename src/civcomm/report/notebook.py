"""What a notebook calls: setup (parameters, renderer, provenance), tables shown with captions, the bibliography."""

from __future__ import annotations

import html
import json
import os
from collections.abc import Iterable
from datetime import datetime, timezone
from typing import Any

import pandas as pd
from IPython.display import HTML, display

from civcomm.core.i18n import t
from civcomm.core.provenance import git_commit, package_versions
from civcomm.data import cache
from civcomm.data.modelcheck import ref_source
from civcomm.output.tables import write_table
from civcomm.report.params import SPECS, ParameterError, user_globals, validate_parameters

RUN_ENV = "CIVCOMM_RUN"          # set by `civcomm run`: render for the offline bundle
REPORT_ENV = "CIVCOMM_REPORT_ID"  # stable prefix for figure div ids
READS_MIME = "application/vnd.civcomm.reads+json"
FIGURE_MIME = "application/vnd.civcomm.figure+json"  # which figure files a report wrote (for the index)
# SVG/PNG of figures: "1" draw them in the kernel (default), "defer" leave <name>.<lang>.pending.json for
# output.static.render_pending (one browser for a whole run), "0" skip them; the caption file is always written
STATIC_ENV = "CIVCOMM_STATIC_FIGURES"


# --------------------------------------------------------------------------- plotly renderer


_FIG_COUNTER = {"n": 0}


def _next_div_id() -> str:
    _FIG_COUNTER["n"] += 1
    prefix = os.environ.get(REPORT_ENV, "fig").replace(".", "-")
    return f"{prefix}-fig{_FIG_COUNTER['n']}"


def use_bundle_renderer() -> None:
    """Render figures as HTML that needs plotly.js from the bundle (no CDN, no inline copy)."""
    import plotly.io as pio
    from plotly.io._base_renderers import MimetypeRenderer

    class BundleRenderer(MimetypeRenderer):
        def to_mimebundle(self, fig_dict):  # noqa: D401 - plotly's interface
            html_text = pio.to_html(fig_dict, include_plotlyjs=False, full_html=False, div_id=_next_div_id(),
                                    validate=False, config={"displaylogo": False, "responsive": True})
            return {"text/html": html_text}

    pio.renderers["civcomm_bundle"] = BundleRenderer()
    pio.renderers.default = "civcomm_bundle"


# --------------------------------------------------------------------------- provenance


def _kv_table(rows: Iterable[tuple[str, str]]) -> str:
    return "".join(f"<tr><th>{html.escape(k)}</th><td><code>{html.escape(v)}</code></td></tr>" for k, v in rows)


def _display_html(text: str) -> None:
    display(HTML(text))


def setup(ns: dict[str, Any]) -> None:
    """Validate the parameters in ``ns`` (the notebook's globals), fix the renderer, show provenance.

    Call it right after the parameters cell: at that point the only non-module globals are the
    parameters, so a name papermill injected by mistake is caught here too.
    """
    params = user_globals(ns)
    problems = [f"unknown parameter '{k}' (expected one of the known parameters: {', '.join(sorted(SPECS))})"
                for k in params if k not in SPECS]
    problems += validate_parameters(params, params, where="parameters")
    if problems:
        raise ParameterError("; ".join(problems))
    project = cache.project()  # validates every data file; raises DataError listing all problems
    if os.environ.get(RUN_ENV):
        use_bundle_renderer()
    head = [("commit", git_commit()),
            ("run at (UTC)", datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")),
            ("parameters", json.dumps(params, ensure_ascii=False, sort_keys=True))]
    files = [(path, f"sha256 {sha}") for path, sha in sorted(project.read.items())]
    packages = list(package_versions().items())
    _display_html(
        f'<div class="civcomm-provenance"><b>{t("provenance", params.get("lang", "en"))}</b>'
        f"<table>{_kv_table(head)}</table>"
        f"<details><summary>{len(files)} data files validated (SHA-256)</summary><table>{_kv_table(files)}</table></details>"
        f"<details><summary>package versions</summary><table>{_kv_table(packages)}</table></details></div>")


# --------------------------------------------------------------------------- tables and bibliography


def show_table(df: pd.DataFrame, caption: str, note: str | None = None, index: bool = False) -> None:
    """Display a table with its dissertation-style caption above and note below (all text escaped)."""
    body = df.to_html(index=index, escape=True, na_rep="", classes="civcomm-table", border=0)
    note_html = f'<div class="civcomm-note">{html.escape(note)}</div>' if note else ""
    _display_html(f'<div class="civcomm-caption">{html.escape(caption)}</div>{body}{note_html}')


def collect_refs(*frames: pd.DataFrame | Iterable[str]) -> list[str]:
    """Every ref in the ``refs`` columns of ``frames`` (or in plain iterables of refs)."""
    refs: set[str] = set()
    for f in frames:
        if isinstance(f, pd.DataFrame):
            for col in [c for c in f.columns if str(c).startswith("refs")]:
                for cell in f[col].dropna():
                    refs.update(cell if isinstance(cell, (list, tuple)) else [r.strip() for r in str(cell).split(";") if r.strip()])
        else:
            refs.update(f)
    return sorted(refs)


def bibliography(*frames: pd.DataFrame | Iterable[str], lang: str = "en") -> pd.DataFrame:
    """Show the sources cited by ``frames`` and record which data files the notebook read."""
    project = cache.project()
    sources = project.sources
    used = sorted({ref_source(r) for r in collect_refs(*frames)})
    rows = []
    for sid in used:
        s = sources[sid]
        rows.append({"source_id": sid, "bib_no": s.bib_no, "via": s.via or "", "entry": s.entry or s.title,
                     "url": s.url or ""})
    table = pd.DataFrame(rows, columns=["source_id", "bib_no", "via", "entry", "url"])
    table["bib_no"] = table["bib_no"].astype("Int64")
    show_table(table, t("bibliography", lang))
    display({READS_MIME: {"files": cache.READ_LOG.files}, "text/plain": ""}, raw=True)
    return table


def publish(name: str, data: pd.DataFrame, lang: str, caption: str, note: str | None = None,
            shown: pd.DataFrame | None = None, formats: Iterable[str] = ("csv", "xlsx"),
            index: bool = False) -> None:
    """Show a table in the report (``shown``, else ``data``) with its caption and note, and export ``data``
    to outputs/tables/<name>.<lang>.<format> with the same caption and note: the one call per table."""
    show_table(data if shown is None else shown, caption, note=note, index=index)
    write_table(data, name, lang=lang, formats=formats, index=index, caption=caption, note=note)


# --------------------------------------------------------------------------- figures

_SKIPPED: dict[str, str] = {}


def show_figure(fig, name: str, lang: str, caption: str, note: str | None = None):
    """Display ``fig`` and write it to outputs/figures/<name>.<lang>.svg and .png (where Chromium is) with
    <name>.<lang>.txt holding the caption and note: the one call per figure. Without Chromium the report
    says once, in one line, that the files were skipped."""
    from civcomm.output.static import write_figure, write_pending

    display(fig)
    mode = os.environ.get(STATIC_ENV, "1")
    if mode == "defer":
        paths, why = write_pending(fig, name, lang, caption, note), ""
    else:
        paths, why = write_figure(fig, name, lang, caption, note, draw=mode != "0")
    if why and not _SKIPPED:
        _SKIPPED["why"] = why
        _display_html(f'<div class="civcomm-note">{html.escape(t("figures_skipped", lang).format(why=why))}</div>')
    display({FIGURE_MIME: {"name": name, "lang": lang, "caption": caption, "files": sorted(p.name for p in paths)},
             "text/plain": ""}, raw=True)
