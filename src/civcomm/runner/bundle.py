"""The bundle around the reports: shared assets (plotly.js, CSS) once, the data version, index.html."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import jinja2
import plotly
from jupyter_core.paths import jupyter_path

from civcomm.core.hashing import digest_files
from civcomm.core.paths import data_dir, outputs_dir
from civcomm.core.provenance import git_commit
from civcomm.data import cache
from civcomm.output.atomic import atomic_write_bytes, atomic_write_text
from civcomm.output.citation import BIB_NAME, CSL_NAME, bibtex, build_items, csl_json
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


def data_version() -> str:
    """Short hash over every data file: what the reports were computed from."""
    root = data_dir()
    return digest_files(root, (p for p in root.rglob("*") if p.is_file()))[:12]


def render_template(name: str, **context: Any) -> str:
    """A template of runner/templates/ rendered with autoescaping (every data string escaped)."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, keep_trailing_newline=True,
                             undefined=jinja2.StrictUndefined)
    return env.get_template(name).render(**context)


def bundle_stamp(code: str, shard_spec: str | None) -> dict[str, Any]:
    """What a bundle was made from, kept in manifest.json: `civcomm merge` refuses to mix bundles whose
    commit, data or code differ; ``shard`` lets it notice a missing shard."""
    return {"commit": git_commit(), "data_version": data_version(), "code_version": code[:12], "shard": shard_spec}


def write_index(manifest: dict[str, Any], out: Path | None = None) -> Path:
    """outputs/index.html: every report with its parameters, data version and date.

    ``out``: the bundle to index (default outputs/); its manifest's commit and data version, when
    recorded, are shown rather than the checkout's (`civcomm merge` indexes bundles made elsewhere)."""
    out = out or outputs_dir()
    reports = [{"id": rid, "notebook": rec.get("notebook", ""),
                "params": json.dumps(rec.get("params", {}), ensure_ascii=False, sort_keys=True)}
               for rid, rec in sorted(manifest["reports"].items())
               if (out / "reports" / f"{rid}.html").exists()]
    tables = sorted(p.name for p in (out / "tables").glob("*") if p.is_file() and not p.name.startswith("."))
    cite = [{"name": n, "what": w} for n, w in CITATION_FILES.items() if (out / n).exists()]
    text = render_template("index.html.j2", reports=reports, tables=tables, cite=cite,
                           data_version=manifest.get("data_version") or data_version(),
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
