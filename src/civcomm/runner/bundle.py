"""The bundle around the reports: shared assets (plotly.js, CSS) once, the data version, index.html."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import jinja2
import plotly
from jupyter_core.paths import jupyter_path

from civcomm.core.paths import ADHOC, outputs_dir
from civcomm.core.provenance import git_commit
from civcomm.data import cache
from civcomm.output.atomic import atomic_write_bytes, atomic_write_text
from civcomm.output.citation import BIB_NAME, CSL_NAME, bibtex, build_items, csl_json
from civcomm.runner.cache import data_version
from civcomm.runner.datapackage import PACKAGE_NAME, datapackage

PROVENANCE_CLASS = "civcomm-provenance"
TEMPLATES = Path(__file__).parent / "templates"


def clean_stale_temporaries() -> None:
    """Remove temporary files a killed run left behind (finished files are never .tmp)."""
    out = outputs_dir()
    if out.is_dir():
        for tmp in out.rglob(".*.tmp"):
            tmp.unlink(missing_ok=True)


def write_assets() -> list[Path]:
    """One shared copy of plotly.js and of the report CSS for every report in the bundle."""
    assets = outputs_dir() / "assets"
    js = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    static = next(Path(p) / "lab" / "static" for p in jupyter_path("nbconvert", "templates")
                  if (Path(p) / "lab" / "static" / "index.css").exists())
    css = b"\n".join((static / name).read_bytes() for name in ("index.css", "theme-light.css"))
    css += b"\n.jp-InputArea{overflow:hidden}.jp-Collapser{display:none}a.anchor-link{display:none}\n" \
           b"*{-webkit-print-color-adjust:exact}\n"
    written = []
    for name, data in (("plotly.min.js", js.read_bytes()), ("report.css", css)):
        dst = assets / name
        if not dst.exists() or dst.read_bytes() != data:
            atomic_write_bytes(dst, data)
        written.append(dst)
    return written


def render_template(name: str, **context: Any) -> str:
    """A template of runner/templates/ rendered with autoescaping (every data string escaped)."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, keep_trailing_newline=True,
                             undefined=jinja2.StrictUndefined)
    return env.get_template(name).render(**context)


def write_index(manifest: dict[str, Any], out: Path | None = None, stale: set[str] | None = None) -> Path:
    """outputs/index.html: every report with its parameters, one-off runs apart, stale ones marked, the
    data version and the date.

    ``out``: the bundle to index (default outputs/); its manifest's commit and data version, when
    recorded, are shown rather than the checkout's (`civcomm merge` indexes bundles made elsewhere)."""
    out = out or outputs_dir()
    stale = stale or set()

    def entries(section: str, base: str) -> list[dict[str, Any]]:
        return [{"id": rid, "href": f"{base}{rid}/reports/{rid}.html" if base else f"reports/{rid}.html",
                 "notebook": rec.get("notebook", ""), "is_stale": rid in stale,
                 "params": json.dumps(rec.get("params", {}), ensure_ascii=False, sort_keys=True)}
                for rid, rec in sorted(manifest.get(section, {}).items())
                if (out / (f"{base}{rid}/reports" if base else "reports") / f"{rid}.html").exists()]

    tables = sorted(p.name for p in (out / "tables").glob("*") if p.is_file() and not p.name.startswith("."))
    cite = [{"name": n, "what": w} for n, w in CITATION_FILES.items() if (out / n).exists()]
    text = render_template("index.html.j2", reports=entries("reports", ""), adhoc=entries("adhoc", f"{ADHOC}/"),
                           tables=tables, cite=cite, data_version=manifest.get("data_version") or data_version(),
                           provenance_class=PROVENANCE_CLASS, commit=manifest.get("commit") or git_commit(),
                           now=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"))
    return atomic_write_text(out / "index.html", text)


def write_citation_files(out_dir: Path | None = None) -> list[Path]:
    """outputs/sources.bib, sources.json (CSL-JSON) and datapackage.json, each written atomically."""
    out_dir = out_dir or outputs_dir()
    sources = cache.project().sources
    items = build_items(sources)
    package = datapackage(out_dir, sources)
    return [atomic_write_text(out_dir / BIB_NAME, bibtex(items)),
            atomic_write_text(out_dir / CSL_NAME, csl_json(items)),
            atomic_write_text(out_dir / PACKAGE_NAME, json.dumps(package, ensure_ascii=False, indent=2) + "\n")]


CITATION_FILES = {BIB_NAME: "every source as BibTeX (keys = source ids)",
                  CSL_NAME: "every source as CSL-JSON (Zotero, pandoc, citeproc)",
                  PACKAGE_NAME: "Frictionless Data Package describing every CSV table (columns, types, languages, sources)"}
