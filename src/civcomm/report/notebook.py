"""What a notebook calls: setup (parameters, renderer, provenance), tables shown with captions, the bibliography."""

from __future__ import annotations

import html
import json
import os
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.io as pio
from IPython.display import HTML, display
from plotly.io._base_renderers import MimetypeRenderer

from civcomm.core.environ import REPORT_ENV, RUN_ENV, STATIC_ENV  # noqa: F401 (imported from here too)
from civcomm.core.i18n import strings, t
from civcomm.core.paths import ADHOC, EXPORTS_ENV, exports_dir, outputs_dir, run_id
from civcomm.core.provenance import git_commit, package_versions, shown_commit
from civcomm.data import cache
from civcomm.data.modelcheck import ref_source
from civcomm.data.problems import display_path
from civcomm.output.static import PENDING, write_figure, write_pending
from civcomm.output.tables import write_table
from civcomm.present.specs import spec_for
from civcomm.present.tablehtml import table_html
from civcomm.present.tablespec import generic_spec, render
from civcomm.report.params import SPECS, ParameterError, user_globals, validate_parameters

# what a report shows and wrote (tables with their anchor, figures, graph files), read back by the index
FILES_MIME = "application/vnd.civcomm.files+json"


# --------------------------------------------------------------------------- plotly renderer


_FIG_COUNTER = {"n": 0}


def _next_div_id() -> str:
    _FIG_COUNTER["n"] += 1
    prefix = os.environ.get(REPORT_ENV, "fig").replace(".", "-")
    return f"{prefix}-fig{_FIG_COUNTER['n']}"


def use_bundle_renderer() -> None:
    """Render figures as HTML that needs plotly.js from the bundle (no CDN, no inline copy)."""
    class BundleRenderer(MimetypeRenderer):
        def to_mimebundle(self, fig_dict):  # noqa: D401 - plotly's interface
            html_text = pio.to_html(fig_dict, include_plotlyjs=False, full_html=False, div_id=_next_div_id(),
                                    validate=False, config={"displaylogo": False, "responsive": True})
            return {"text/html": html_text}

    pio.renderers["civcomm_bundle"] = BundleRenderer()
    pio.renderers.default = "civcomm_bundle"


def preload() -> None:
    """What a run would otherwise do slowly on first use, done ahead by a warm kernel (runner.warm): plotly
    builds its renderer registry the first time ``plotly.io.renderers`` is read and its default template the
    first time a figure uses it; the interface strings are read and checked on the first ``t()`` (~0.5 s each)."""
    pio.renderers  # noqa: B018 (the attribute access is the point)
    if pio.templates.default:
        pio.templates[pio.templates.default]  # noqa: B018
    strings()


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
    elif EXPORTS_ENV not in os.environ:  # JupyterLab: this run's exports never overwrite the canonical ones
        stem = Path(os.environ.get("JPY_SESSION_NAME") or ns.get("__session__") or "interactive").stem
        os.environ[EXPORTS_ENV] = str(outputs_dir() / ADHOC / run_id(stem, params))
        print(f"tables and graphs of this run go to {display_path(exports_dir())}")
    lang = params.get("lang", "en")
    head = [(t("provenance_commit", lang), shown_commit(git_commit(), lang)),
            (t("provenance_run_at", lang), datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")),
            (t("provenance_parameters", lang), json.dumps(params, ensure_ascii=False, sort_keys=True))]
    files = [(path, f"sha256 {sha}") for path, sha in sorted(project.read.items())]
    packages = list(package_versions().items())
    _display_html(
        f'<div class="civcomm-provenance"><b>{t("provenance", lang)}</b>'
        f"<table>{_kv_table(head)}</table>"
        f"<details><summary>{html.escape(t('provenance_files', lang).format(n=len(files)))}</summary>"
        f"<table>{_kv_table(files)}</table></details>"
        f"<details><summary>{html.escape(t('provenance_packages', lang))}</summary>"
        f"<table>{_kv_table(packages)}</table></details></div>")


# --------------------------------------------------------------------------- tables and bibliography


_CSS = {"shown": False}


def _css_once() -> bool:
    """True the first time a table is shown in this kernel: the report's one copy of the table CSS goes with it."""
    first = not _CSS["shown"]
    _CSS["shown"] = True
    return first


def show_table(df: pd.DataFrame, caption: str | None = None, note: str | None = None, index: bool = False,
               name: str | None = None, lang: str = "en", fields: dict | None = None) -> None:
    """Display a table as its presentation spec (``name`` in ``civcomm.present.specs``) reads it in ``lang``:
    caption above, note below, headers and values localised, text left and numbers right, wide tables
    scrolling in their box. ``caption``/``note`` replace the spec's; a table without a spec shows its own
    column names."""
    spec = (spec_for(name) if name else None) or generic_spec(name or "table", df, index=index)
    rendered = render(spec, df, lang, fields=fields, caption=caption, note=note)
    anchor = _anchor(name) if name else None
    _display_html(table_html(rendered, with_css=_css_once(), anchor=anchor))
    if name:
        record_files("table", name, rendered.caption, [], anchor=anchor)


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
    """Show the sources cited by ``frames``."""
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
    show_table(table, name="bibliography", lang=lang)
    return table


def publish(name: str, data: pd.DataFrame, lang: str, caption: str | None = None, note: str | None = None,
            shown: pd.DataFrame | None = None, formats: Iterable[str] | None = None,
            index: bool = False, fields: dict | None = None) -> None:
    """Show a table in the report and export it to outputs/tables/<name>.<lang>.<format>: the one call per table.

    The table's spec (by ``name``) gives caption, note, headers and how values read; ``fields`` fill the
    caption's and note's {fields}; ``caption``/``note`` replace them. ``shown``: the rows to show (same
    columns as ``data``; e.g. the first 200), ``data`` is exported whole. ``formats``: those of the spec's
    formats to write (None = all: publication tables also go to DOCX and LaTeX, long-form frames to CSV and
    XLSX only).
    """
    spec = spec_for(name)
    if spec is None:
        spec = generic_spec(name, data, index=index)
        chosen = list(formats) if formats is not None else ["csv", "xlsx"]
    else:
        chosen = [f for f in (formats if formats is not None else spec.formats) if f in spec.formats]
    rendered = render(spec, data if shown is None else shown, lang, fields=fields, caption=caption, note=note)
    anchor = _anchor(name)
    _display_html(table_html(rendered, with_css=_css_once(), anchor=anchor))
    paths = write_table(data, name, lang=lang, formats=chosen, index=index, caption=caption, note=note, spec=spec,
                        fields=fields)
    record_files("table", name, rendered.caption, paths, anchor=anchor)


_ANCHORS: set[str] = set()


def _anchor(name: str) -> str:
    """A unique id for a table in this report (the index links to it)."""
    base = "t-" + "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in name)
    anchor, i = base, 2
    while anchor in _ANCHORS:
        anchor, i = f"{base}-{i}", i + 1
    _ANCHORS.add(anchor)
    return anchor


def record_files(kind: str, name: str, title: str, paths: Iterable[Path], anchor: str | None = None) -> None:
    """Tell the index what this report holds: a ``kind`` ('table', 'figure', 'graph', 'data') named ``name``,
    titled ``title`` in the report's language, at ``anchor`` in the report, with its files (under the
    run's exports folder). Invisible in the report."""
    base = exports_dir()
    files = sorted({(Path(p).relative_to(base).as_posix() if Path(p).is_absolute() else str(p)) for p in paths})
    display({FILES_MIME: {"kind": kind, "name": name, "title": title, "anchor": anchor, "files": files},
             "text/plain": ""}, raw=True)


# --------------------------------------------------------------------------- figures

_SKIPPED: dict[str, str] = {}


def show_figure(fig, name: str, lang: str, caption: str, note: str | None = None):
    """Display ``fig`` and write it to outputs/figures/<name>.<lang>.svg and .png (where Chromium is) with
    <name>.<lang>.txt holding the caption and note: the one call per figure. Without Chromium the report
    says once, in one line, that the files were skipped."""
    display(fig)
    mode = os.environ.get(STATIC_ENV, "1")
    if mode == "defer":
        paths, why = write_pending(fig, name, lang, caption, note), ""
    else:
        paths, why = write_figure(fig, name, lang, caption, note, draw=mode != "0")
    if why and not _SKIPPED:
        _SKIPPED["why"] = why
        _display_html(f'<div class="civcomm-note">{html.escape(t("figures_skipped", lang).format(why=why))}</div>')
    files = sorted({f for p in paths for f in ([p.with_name(p.name.replace(PENDING, ".svg")),
                                                p.with_name(p.name.replace(PENDING, ".png"))]
                                               if p.name.endswith(PENDING) else [p])})
    record_files("figure", name, caption, files)
