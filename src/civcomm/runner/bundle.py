"""The bundle around the reports: shared assets (plotly.js, CSS) once, the data version, index.html."""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import jinja2
import plotly
from jupyter_core.paths import jupyter_path

from civcomm.core.paths import ADHOC, outputs_dir
from civcomm.core.provenance import git_commit, shown_commit
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


INDEX_PAGES = {"en": "index.html", "kk": "index.kk.html", "ru": "index.ru.html"}  # one catalog per language
LANG_NAMES = {"kk": "Қазақша", "ru": "Русский", "en": "English"}
FILE_FOLDERS = ("tables", "figures", "graphs")  # the files a report writes, each listed under its report
_MARKUP = re.compile(r"`([^`]*)`|\*\*([^*]*)\*\*|\[([^\]]*)\]\([^)]*\)")


def _plain(markdown: str) -> str:
    """Markdown inline markup dropped: `code`, **bold**, [text](link) -> their text."""
    return _MARKUP.sub(lambda m: next(g for g in m.groups() if g is not None), markdown)


def _summary(paragraph: str, limit: int = 260) -> str:
    """The first sentence of a paragraph (or its first ``limit`` characters)."""
    text = " ".join(_plain(paragraph).split())
    # a sentence ends at . ? ! before a capital letter, not at "No. 71" or "§1.3"
    end = re.search(r"(?<=[.?!])\s+(?=[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ«\"(])", text)
    first = text[: end.start()] if end else text
    return first if len(first) <= limit else first[: limit - 1].rsplit(" ", 1)[0] + "…"


def read_report(notebook: Path) -> dict[str, Any]:
    """Title, one-line summary and the records of what it shows and wrote (report.FILES_MIME), from an
    executed notebook; empty where the notebook is missing or unreadable."""
    from civcomm.report.notebook import FILES_MIME

    try:
        nb = json.loads(notebook.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"title": "", "summary": "", "records": []}
    title, summary, records = "", "", []
    for cell in nb.get("cells", []):
        src = "".join(cell.get("source", ""))
        if cell.get("cell_type") == "markdown" and not title:
            lines = src.strip().splitlines()
            if lines and lines[0].startswith("# "):
                title = _plain(lines[0][2:].strip())
                rest = "\n".join(lines[1:]).strip().split("\n\n")[0]
                summary = _summary(rest) if rest else ""
        for out in cell.get("outputs", []):
            rec = out.get("data", {}).get(FILES_MIME)
            if isinstance(rec, dict):
                records.append(rec)
    return {"title": title, "summary": summary, "records": records}


def write_index(manifest: dict[str, Any], out: Path | None = None, stale: set[str] | None = None,
                topics: dict[str, str] | None = None) -> list[Path]:
    """The bundle's catalog, one page per language (index.html in English, index.kk.html, index.ru.html):
    the reports by topic with their titles and one-line summaries, under each the tables it holds (linked
    to the table in the report and to its files), its figures and graph files, its PDF; one-off runs and
    stale marks in their own section; every other file of the bundle listed; the data version, commit and
    date once at the top. Links are relative: the pages work from file:// offline.

    ``out``: the bundle to index (default outputs/); its manifest's commit and data version, when recorded,
    are shown rather than the checkout's (`civcomm merge` indexes bundles made elsewhere). ``topics``:
    notebook file name -> topic (runs.yaml ``topic:``)."""
    from civcomm.core.i18n import t

    out = out or outputs_dir()
    stale = stale or set()
    topics = topics if topics is not None else _topics()
    listed: set[str] = set()

    def entry(rid: str, rec: dict[str, Any], base: str) -> dict[str, Any] | None:
        html_path = out / base / "reports" / f"{rid}.html"
        if not html_path.exists():
            return None
        info = read_report(out / base / "notebooks" / f"{rid}.ipynb")
        href = f"{base}reports/{rid}.html"
        pdf = out / base / "pdf" / f"{rid}.pdf"
        parts: dict[str, list[dict[str, Any]]] = {"table": [], "figure": [], "graph": [], "data": []}
        for r in info["records"]:
            files = [f"{base}{f}" for f in r.get("files", []) if (out / base / f).is_file()]
            listed.update(files)
            if r.get("kind") == "table" and not files and r.get("name") == "bibliography":
                continue  # every report closes with its sources: not a table worth a line in the catalog
            parts.setdefault(r.get("kind", "data"), []).append(
                {"title": r.get("title") or r.get("name", ""), "anchor": f"{href}#{r['anchor']}" if r.get("anchor") else "",
                 "files": [{"href": f, "label": f.rsplit(".", 1)[-1].upper() if r.get("kind") != "graph"
                            else f.rsplit("/", 1)[-1]} for f in files]})
        listed.add(href)
        if pdf.exists():
            listed.add(f"{base}pdf/{rid}.pdf")
        params = rec.get("params", {})
        return {"id": rid, "href": href, "notebook": rec.get("notebook", ""), "is_stale": rid in stale,
                "lang": params.get("lang"), "title": info["title"] or rid, "summary": info["summary"],
                "pdf": f"{base}pdf/{rid}.pdf" if pdf.exists() else "",
                "params": json.dumps(params, ensure_ascii=False, sort_keys=True), **parts,
                "topic": topics.get(rec.get("notebook", ""), "")}

    reports = [e for rid, rec in sorted(manifest.get("reports", {}).items()) if (e := entry(rid, rec, ""))]
    adhoc = [e for rid, rec in sorted(manifest.get("adhoc", {}).items()) if (e := entry(rid, rec, f"{ADHOC}/{rid}/"))]
    cite = [n for n in CITATION_FILES if (out / n).exists()]
    listed.update(cite)
    every = sorted(p.relative_to(out).as_posix() for folder in FILE_FOLDERS if (out / folder).is_dir()
                   for p in (out / folder).rglob("*") if p.is_file() and not p.name.startswith("."))
    every += sorted(p.relative_to(out).as_posix() for p in (out / "pdf").glob("*.pdf")) if (out / "pdf").is_dir() else []
    others = [f for f in every if f not in listed]
    data_version_, commit = manifest.get("data_version") or data_version(), manifest.get("commit") or git_commit()
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    from civcomm.runner.plan import TOPICS

    order = [*TOPICS, ""]
    written = []
    for lang, page in INDEX_PAGES.items():
        mine = [r for r in reports if r["lang"] in (lang, None)]
        groups = [{"title": t(f"topic_{topic or 'other'}", lang), "reports": [r for r in mine if r["topic"] == topic]}
                  for topic in order]
        words = {k: t(f"index_{k}", lang) for k in INDEX_WORDS}
        cite_what = {BIB_NAME: t("index_cite_bib", lang), CSL_NAME: t("index_cite_csl", lang),
                     PACKAGE_NAME: t("index_cite_package", lang)}
        text = render_template(
            "index.html.j2", lang=lang, words=words, pages=[{"lang": x, "name": LANG_NAMES[x], "href": p}
                                                            for x, p in INDEX_PAGES.items()],
            groups=[g for g in groups if g["reports"]], adhoc=[r for r in adhoc if r["lang"] in (lang, None)],
            others=others, cite=[{"name": n, "what": cite_what[n]} for n in cite],
            data_version=data_version_, provenance_class=PROVENANCE_CLASS,
            generated=t("index_generated", lang).format(now=now, commit=shown_commit(commit, lang)), commit=commit)
        written.append(atomic_write_text(out / page, text))
    return written


INDEX_WORDS = ("title", "intro", "data_version", "report", "tables", "figures", "graphs", "data", "in_report",
               "stale", "stale_why", "adhoc", "adhoc_note", "parameters", "other_files", "other_files_note", "cite",
               "languages")


def _topics() -> dict[str, str]:
    """Notebook file name -> topic, from notebooks/runs.yaml (none where it cannot be read)."""
    from civcomm.runner.plan import RunInputError, load_runs

    try:
        return {r.notebook.name: r.topic for r in load_runs()}
    except (RunInputError, OSError):
        return {}


def write_citation_files(out_dir: Path | None = None) -> list[Path]:
    """outputs/sources.bib, sources.json (CSL-JSON) and datapackage.json, each written atomically."""
    out_dir = out_dir or outputs_dir()
    sources = cache.project().sources
    items = build_items(sources)
    package = datapackage(out_dir, sources)
    return [atomic_write_text(out_dir / BIB_NAME, bibtex(items)),
            atomic_write_text(out_dir / CSL_NAME, csl_json(items)),
            atomic_write_text(out_dir / PACKAGE_NAME, json.dumps(package, ensure_ascii=False, indent=2) + "\n")]


CITATION_FILES = (BIB_NAME, CSL_NAME, PACKAGE_NAME)  # described in the index (strings index_cite_*)
