"""Notebook plumbing: parameter validation, plotly renderer, provenance block, tables and bibliography."""

from __future__ import annotations

import difflib
import html
import json
import os
import platform
import subprocess
import types
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib import metadata
from typing import Any

import pandas as pd

from . import load
from .i18n import LANGS, t
from .paths import project_root

RUN_ENV = "CIVCOMM_RUN"          # set by `civcomm run`: render for the offline bundle
REPORT_ENV = "CIVCOMM_REPORT_ID"  # stable prefix for figure div ids
READS_MIME = "application/vnd.civcomm.reads+json"
PACKAGES = ("civcomm", "pandas", "plotly", "networkx", "pydantic", "papermill", "nbconvert", "jupytext")


class ParameterError(ValueError):
    """A parameter name or value a notebook does not accept."""


# --------------------------------------------------------------------------- parameters


@dataclass(frozen=True)
class ParamSpec:
    """What a parameter accepts. ``choices`` is a callable so data-driven lists load lazily."""

    help: str
    choices: Callable[[], Iterable[str]] | None = None
    many: bool = False  # a list of choices; [] means all


def _countries() -> list[str]:
    return sorted(c.country for c in load.project().all("country"))


def _competences() -> list[str]:
    return sorted(load.project().vocab("competence"))


def _acts() -> list[str]:
    from .lawcoding import texts_dir
    from .legaltext import act_id_from_path

    ids = {a.act for a in load.project().all("kz_act")}
    ids |= {act_id_from_path(p)[0] for p in texts_dir().glob("*.txt")} if texts_dir().is_dir() else set()
    return sorted(ids)


def _survey_figures() -> list[str]:
    from . import survey

    return survey.figure_ids()


SPECS: dict[str, ParamSpec] = {
    "lang": ParamSpec("language of labels and text", lambda: LANGS),
    "countries": ParamSpec("ISO3 codes of countries to show; [] = all", _countries, many=True),
    "competences": ParamSpec("competence ids from data/codebook.yaml; [] = all", _competences, many=True),
    # legal-text analysis (notebooks/03_code_legal_texts.py)
    "acts": ParamSpec("act ids from data/kz_law and data/kz_law/texts; [] = all", lambda: _acts(), many=True),
    "source": ParamSpec("which Kazakh codes to use: hand (data/kz_law), auto (coder on texts) or both",
                        lambda: ("hand", "auto", "both")),
    "min_countries": ParamSpec("countries abroad that must emphasise a competence for it to count as a gap"),
    "figures": ParamSpec("survey figure ids from data/survey/*.yaml; [] = all", _survey_figures, many=True),
    # issue 3: Tables 1, 3-7
    "levels": ParamSpec("job levels for Table 5 (data/vocabularies.yaml); [] = all three",
                        lambda: sorted(load.project().vocab("job_level")), many=True),
    "include_all_levels": ParamSpec("count emphases marked 'all' at every job level in Table 5"),
    "formats": ParamSpec("table export formats; [] = none", lambda: ("csv", "xlsx", "docx", "tex"), many=True),
}


# stakeholder graphs (issue 5)
def _graph_countries() -> list[str]:
    from .graphs import graph_countries

    return graph_countries()


def _actors() -> list[str]:
    ids = {a.id for f in load.project().all("stakeholders") for a in f.actors}
    ids |= {i.id for c in load.project().all("country") for i in c.institutions}
    return [""] + sorted(ids)


def _graph_metrics() -> list[str]:
    from .graphs import METRICS

    return sorted(METRICS)


SPECS.update({
    "country": ParamSpec("ISO3 code of the graph to show (KAZ = the stakeholder graph)", _graph_countries),
    "relation_kinds": ParamSpec("relation kinds to keep; [] = all", lambda: sorted(load.project().vocab("relation_kind")), many=True),
    "ego": ParamSpec("actor id whose ego network to show; '' = the whole graph", _actors),
    "depth": ParamSpec("ego-network depth in ties (a positive integer)"),
    "metric": ParamSpec("metric for node size and the metrics table's order", _graph_metrics),
    "include_proposed": ParamSpec("also draw the dissertation's proposed ties"),
})


def validate_parameters(declared: dict[str, Any], given: dict[str, Any], where: str = "notebook") -> list[str]:
    """Every problem with ``given`` against a notebook's ``declared`` defaults (names, types, values)."""
    problems = []
    for name, value in given.items():
        if name not in declared:
            close = difflib.get_close_matches(name, list(declared), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            problems.append(f"{where}: unknown parameter '{name}' (expected one of: {', '.join(declared) or 'none'}{hint})")
            continue
        default = declared[name]
        if default is not None and not isinstance(value, type(default)) and not (
            isinstance(default, float) and isinstance(value, int)
        ):
            problems.append(f"{where}: parameter '{name}' = {value!r} has type {type(value).__name__} "
                            f"(expected {type(default).__name__}, like the default {default!r})")
            continue
        spec = SPECS.get(name)
        if spec and spec.choices:
            allowed = list(spec.choices())
            values = value if spec.many and isinstance(value, list) else [value]
            bad = [v for v in values if v not in allowed]
            if bad:
                problems.append(f"{where}: parameter '{name}' has value(s) {', '.join(map(repr, bad))} "
                                f"that are not allowed (expected {'a list of ' if spec.many else 'one of '}"
                                f"{', '.join(allowed)})")
    return problems


def _user_globals(ns: dict[str, Any]) -> dict[str, Any]:
    skip = {"In", "Out", "get_ipython", "exit", "quit", "open"}
    return {k: v for k, v in ns.items()
            if not k.startswith("_") and k not in skip
            and not isinstance(v, (types.ModuleType, types.FunctionType, type))
            and not callable(v)}


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


def git_commit() -> str:
    try:
        root = project_root()
        sha = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, timeout=10)
        if sha.returncode != 0:
            return "unknown (not a git checkout)"
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "data", "src", "notebooks"], cwd=root,
                               capture_output=True, text=True, timeout=10).stdout.strip()
        return sha.stdout.strip() + (" (with uncommitted changes)" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def package_versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def _kv_table(rows: Iterable[tuple[str, str]]) -> str:
    return "".join(f"<tr><th>{html.escape(k)}</th><td><code>{html.escape(v)}</code></td></tr>" for k, v in rows)


def _display_html(text: str) -> None:
    from IPython.display import HTML, display

    display(HTML(text))


def setup(ns: dict[str, Any]) -> None:
    """Validate the parameters in ``ns`` (the notebook's globals), fix the renderer, show provenance.

    Call it right after the parameters cell: at that point the only non-module globals are the
    parameters, so a name papermill injected by mistake is caught here too.
    """
    params = _user_globals(ns)
    problems = [f"unknown parameter '{k}' (expected one of the known parameters: {', '.join(sorted(SPECS))})"
                for k in params if k not in SPECS]
    problems += validate_parameters(params, params, where="parameters")
    if problems:
        raise ParameterError("; ".join(problems))
    project = load.project()  # validates every data file; raises DataError listing all problems
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
    from IPython.display import display

    project = load.project()
    sources = project.sources
    used = sorted({load.ref_source(r) for r in collect_refs(*frames)})
    rows = []
    for sid in used:
        s = sources[sid]
        rows.append({"source_id": sid, "bib_no": s.bib_no, "via": s.via or "", "entry": s.entry or s.title,
                     "url": s.url or ""})
    table = pd.DataFrame(rows, columns=["source_id", "bib_no", "via", "entry", "url"])
    table["bib_no"] = table["bib_no"].astype("Int64")
    show_table(table, t("bibliography", lang))
    display({READS_MIME: {"files": load.READ_LOG.files}, "text/plain": ""}, raw=True)
    return table
