"""Execute notebooks/runs.yaml with papermill, render HTML with nbconvert, keep outputs/ consistent.

Each run: validate parameters (before any kernel starts) -> skip if its inputs are unchanged ->
execute in memory -> write the executed notebook and the report atomically -> update the manifest
and index.html. A failed run keeps the last good report and leaves its executed notebook in
outputs/failed/.
"""

from __future__ import annotations

import ast
import hashlib
import html
import itertools
import json
import os
import re
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .export import atomic_write_bytes, atomic_write_text
from .load import DataError, Project, display_path, glob_sha, read_yaml
from .paths import data_dir, notebooks_dir, outputs_dir
from .report import READS_MIME, REPORT_ENV, RUN_ENV, validate_parameters

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2
PROVENANCE_CLASS = "civcomm-provenance"


class RunInputError(Exception):
    """Bad runs.yaml, notebook selection or parameters: exit 2 before anything executes."""


@dataclass
class Run:
    notebook: Path
    params: dict[str, Any]
    report_id: str = ""
    declared: dict[str, Any] = field(default_factory=dict)

    @property
    def stem(self) -> str:
        return self.notebook.stem


# --------------------------------------------------------------------------- notebooks and parameters


def read_notebook(path: Path):
    """The jupytext notebook with kernel metadata set (papermill needs the language)."""
    import jupytext

    nb = jupytext.read(path, fmt="py:percent")
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    nb.metadata.pop("jupytext", None)
    return nb


LANG_TAG = re.compile(r"^lang-([a-z]{2})$")


def select_language(nb, lang: str | None):
    """Keep the markdown cells written for ``lang``: a markdown cell tagged ``lang-kk`` (``lang-ru``,
    ``lang-en``) appears only in reports in that language; untagged cells appear in every report.
    With no ``lang`` every cell is kept (what JupyterLab shows)."""
    if lang:
        def wanted(cell) -> bool:
            langs = [m.group(1) for t in cell.get("metadata", {}).get("tags", []) if (m := LANG_TAG.match(t))]
            return cell.cell_type != "markdown" or not langs or lang in langs
        nb.cells = [c for c in nb.cells if wanted(c)]
    return nb


PARAMS_CELL = re.compile(r"^# %% tags=\[\"parameters\"\][^\n]*\n(.*?)(?=^# %%|\Z)", re.M | re.S)


def declared_parameters(path: Path) -> dict[str, Any]:
    """Names and literal defaults of the cell tagged ``parameters`` (read from the py:percent text, no kernel)."""
    cells = PARAMS_CELL.findall(path.read_text(encoding="utf-8"))
    if len(cells) != 1:
        raise RunInputError(f"{display_path(path)}: expected exactly one cell tagged 'parameters', found {len(cells)}")
    out: dict[str, Any] = {}
    for node in ast.parse(cells[0]).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            try:
                out[node.targets[0].id] = ast.literal_eval(node.value)
            except ValueError:
                raise RunInputError(f"{display_path(path)}: parameter '{node.targets[0].id}' must have a literal "
                                    "default") from None
    return out


def parse_cli_params(items: list[str]) -> dict[str, Any]:
    """``name=value`` pairs; values are YAML literals (``en``, ``[USA, KAZ]``, ``3``)."""
    from ruamel.yaml import YAML

    out = {}
    for item in items:
        if "=" not in item:
            raise RunInputError(f"-p {item!r}: expected NAME=VALUE")
        name, value = item.split("=", 1)
        parsed = YAML(typ="safe").load(value) if value.strip() else ""
        out[name.strip()] = parsed if parsed is not None else value
    return out


def report_id(stem: str, params: dict[str, Any]) -> str:
    """Stable, readable file stem: ``01_compare_countries.lang-kk``; long parameter sets are hashed."""
    if not params:
        return stem
    parts = []
    for k in sorted(params):
        v = params[k]
        v = "+".join(map(str, v)) if isinstance(v, list) else str(v)
        parts.append(f"{k}-{v}" if v else k)
    slug = re.sub(r"[^A-Za-z0-9_+.-]+", "_", "_".join(parts))
    if len(slug) > 60:
        slug = slug[:40] + "-" + hashlib.sha256(slug.encode()).hexdigest()[:10]
    return f"{stem}.{slug}"


def load_runs(runs_file: Path | None = None) -> list[Run]:
    """Expand runs.yaml (``parameters`` and/or a ``grid`` of lists) into Run objects."""
    runs_file = runs_file or notebooks_dir() / "runs.yaml"
    raw, problems = read_yaml(runs_file)
    if problems:
        raise RunInputError("\n".join(map(str, problems)))
    entries = raw.get("runs")
    if not isinstance(entries, list):
        raise RunInputError(f"{display_path(runs_file)}:1: runs: expected a list of runs")
    runs = []
    for i, entry in enumerate(entries):
        line = entries.lc.item(i)[0] + 1
        where = f"{display_path(runs_file)}:{line}"
        unknown = set(entry) - {"notebook", "parameters", "grid"}
        if unknown:
            raise RunInputError(f"{where}: runs[{i}]: unknown key(s) {sorted(unknown)} (expected notebook, parameters, grid)")
        nb = notebooks_dir() / str(entry.get("notebook", ""))
        if not nb.is_file():
            raise RunInputError(f"{where}: runs[{i}].notebook: '{entry.get('notebook')}' is not a file in notebooks/")
        base = dict(entry.get("parameters") or {})
        grid = dict(entry.get("grid") or {})
        keys = sorted(grid)
        for combo in itertools.product(*(list(grid[k]) for k in keys)) if keys else [()]:
            params = {**_plain(base), **dict(zip(keys, _plain(list(combo))))}
            runs.append(Run(nb, params))
    return runs


def _plain(obj: Any) -> Any:
    """ruamel containers -> plain Python (for hashing and papermill)."""
    return json.loads(json.dumps(obj, ensure_ascii=False))


def select_runs(runs: list[Run], names: list[str], overrides: dict[str, Any]) -> list[Run]:
    """Runs whose notebook name or stem starts with any of ``names``; ``overrides`` applied; duplicates merged."""
    if names:
        chosen = [r for r in runs if any(r.notebook.name.startswith(n) or r.stem.startswith(Path(n).stem) for n in names)]
        missing = [n for n in names if not any(r.notebook.name.startswith(n) or r.stem.startswith(Path(n).stem) for r in runs)]
        if missing:
            known = sorted({r.notebook.name for r in runs})
            raise RunInputError(f"no notebook in runs.yaml matches {', '.join(map(repr, missing))} "
                                f"(expected one of: {', '.join(known)})")
    else:
        chosen = list(runs)
    out: dict[str, Run] = {}
    for r in chosen:
        params = {**r.params, **overrides}
        rid = report_id(r.stem, params)
        out.setdefault(rid, Run(r.notebook, params, rid))
    return list(out.values())


def shard(runs: list[Run], spec: str | None) -> list[Run]:
    if not spec:
        return runs
    m = re.fullmatch(r"(\d+)/(\d+)", spec)
    if not m or not (1 <= int(m.group(1)) <= int(m.group(2))):
        raise RunInputError(f"--shard {spec!r}: expected K/N with 1 <= K <= N, e.g. 1/2")
    k, n = int(m.group(1)), int(m.group(2))
    return [r for i, r in enumerate(sorted(runs, key=lambda r: r.report_id)) if i % n == k - 1]


def check_runs(runs: list[Run]) -> list[str]:
    """Every parameter problem of every run, before any kernel starts."""
    problems = []
    cache: dict[Path, dict[str, Any]] = {}
    for r in runs:
        if r.notebook not in cache:
            cache[r.notebook] = declared_parameters(r.notebook)
        r.declared = cache[r.notebook]
        problems += validate_parameters(r.declared, r.params, where=r.notebook.name)
    return sorted(set(problems))


# --------------------------------------------------------------------------- cache keys


def code_fingerprint() -> str:
    """Hash of the package's own source (a code change reruns everything)."""
    h = hashlib.sha256(__version__.encode())
    pkg = Path(__file__).parent
    for p in sorted(pkg.rglob("*")):
        if p.is_file() and p.suffix in {".py", ".j2", ".json"}:
            h.update(p.relative_to(pkg).as_posix().encode())
            h.update(p.read_bytes())
    return h.hexdigest()


def file_sha(path: Path) -> str | None:
    if "*" in path.name:  # a folder a notebook listed (load.ReadLog.add_glob)
        return glob_sha(path.parent, path.name)
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def cache_key(run: Run, code: str, reads: dict[str, str]) -> str:
    """Inputs of a run: notebook source, parameters, package code, and the data files it read."""
    h = hashlib.sha256()
    h.update(run.notebook.read_bytes())
    h.update(json.dumps(run.params, sort_keys=True, ensure_ascii=False).encode())
    h.update(code.encode())
    root = data_dir().parent
    for rel in sorted(reads):
        h.update(rel.encode())
        h.update((file_sha(root / rel) or "missing").encode())
    return h.hexdigest()


# --------------------------------------------------------------------------- manifest


def manifest_path(out: Path | None = None) -> Path:
    return (out or outputs_dir()) / "manifest.json"


def read_manifest() -> dict[str, Any]:
    try:
        return json.loads(manifest_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"reports": {}}


def write_manifest(manifest: dict[str, Any], out: Path | None = None) -> None:
    atomic_write_text(manifest_path(out), json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n")


def bundle_stamp(code: str, shard_spec: str | None) -> dict[str, Any]:
    """What a bundle was made from, kept in manifest.json: `civcomm merge` refuses to mix bundles whose
    commit, data or code differ; ``shard`` lets it notice a missing shard."""
    from .report import git_commit

    return {"commit": git_commit(), "data_version": data_version(), "code_version": code[:12], "shard": shard_spec}


# --------------------------------------------------------------------------- executing one run


def _clean_notebook(nb) -> None:
    """Drop the metadata that differs between identical runs (timestamps, durations)."""
    nb.metadata.pop("papermill", None)
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if "id" in cell:
            cell["id"] = f"cell-{nb.cells.index(cell)}"


def _reads_of(nb) -> dict[str, str]:
    reads: dict[str, str] = {}
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if READS_MIME in data:
                reads.update(data[READS_MIME].get("files", {}))
    return reads


def render_html(nb, title: str) -> str:
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="civcomm",
        extra_template_basedirs=[str(Path(__file__).parent / "templates")],
        exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
    )
    nb.metadata["title"] = title
    body, _ = exporter.from_notebook_node(nb, resources={"civcomm_assets": "../assets/"})
    return body


def execute(run: Run) -> dict[str, Any]:
    """Execute one run (in this process); returns a result record. Never raises for a notebook error."""
    import nbformat
    import papermill as pm

    out = outputs_dir()
    started = time.monotonic()
    os.environ[RUN_ENV] = "1"
    # the kernel runs in notebooks/: hand it absolute locations
    os.environ["CIVCOMM_DATA"] = str(data_dir())
    os.environ["CIVCOMM_OUTPUTS"] = str(out)
    os.environ["CIVCOMM_ROOT"] = str(notebooks_dir().parent)
    os.environ[REPORT_ENV] = run.report_id
    os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    nb = select_language(read_notebook(run.notebook),
                         run.params.get("lang", declared_parameters(run.notebook).get("lang")))
    error = None
    try:
        executed = pm.execute_notebook(nb, None, parameters=run.params, kernel_name="python3",
                                       cwd=str(notebooks_dir()), progress_bar=False, log_output=False)
    except pm.PapermillExecutionError as exc:
        executed, error = getattr(exc, "nb", None), f"{exc.ename}: {exc.evalue}"
    except Exception as exc:  # kernel died, timeouts: still a failed notebook, not a crash of the runner
        executed, error = None, f"{type(exc).__name__}: {exc}"
    if error:
        failed = out / "failed" / f"{run.report_id}.ipynb"
        if executed is None:
            executed = nb
        _clean_notebook(executed)
        atomic_write_text(failed, nbformat.writes(executed))
        return {"report_id": run.report_id, "status": "failed", "error": error, "failed_notebook": str(failed),
                "seconds": time.monotonic() - started}
    _clean_notebook(executed)
    reads = _reads_of(executed)
    html_text = render_html(executed, title=run.report_id)
    atomic_write_text(out / "notebooks" / f"{run.report_id}.ipynb", nbformat.writes(executed))
    atomic_write_text(out / "reports" / f"{run.report_id}.html", html_text)
    stale = out / "failed" / f"{run.report_id}.ipynb"
    if stale.exists():
        stale.unlink()
    return {"report_id": run.report_id, "status": "ran", "reads": reads, "seconds": time.monotonic() - started}


# --------------------------------------------------------------------------- bundle


def clean_stale_temporaries() -> None:
    """Remove temporary files a killed run left behind (finished files are never .tmp)."""
    out = outputs_dir()
    if out.is_dir():
        for tmp in out.rglob(".*.tmp"):
            tmp.unlink(missing_ok=True)


def write_assets() -> list[Path]:
    """One shared copy of plotly.js and of the report CSS for every report in the bundle."""
    import plotly
    from jupyter_core.paths import jupyter_path

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
    h = hashlib.sha256()
    root = data_dir()
    for p in sorted(root.rglob("*")):
        if p.is_file():
            h.update(p.relative_to(root).as_posix().encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:12]


def write_index(manifest: dict[str, Any], out: Path | None = None) -> Path:
    """outputs/index.html: every report with its parameters, data version and date.

    ``out``: the bundle to index (default outputs/); its manifest's commit and data version, when
    recorded, are shown rather than the checkout's (`civcomm merge` indexes bundles made elsewhere)."""
    from datetime import datetime, timezone

    from .report import git_commit

    out = out or outputs_dir()
    rows = []
    for rid, rec in sorted(manifest["reports"].items()):
        if not (out / "reports" / f"{rid}.html").exists():
            continue
        params = json.dumps(rec.get("params", {}), ensure_ascii=False, sort_keys=True)
        rows.append(f'<tr><td><a href="reports/{html.escape(rid)}.html">{html.escape(rid)}</a></td>'
                    f"<td>{html.escape(rec.get('notebook', ''))}</td><td><code>{html.escape(params)}</code></td></tr>")
    tables = sorted(p.name for p in (out / "tables").glob("*") if p.is_file() and not p.name.startswith("."))
    table_items = "".join(f'<li><a href="tables/{html.escape(n)}">{html.escape(n)}</a></li>' for n in tables)
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    version, commit = manifest.get("data_version") or data_version(), manifest.get("commit") or git_commit()
    text = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>civcomm reports</title>
<style>body{{font-family:sans-serif;max-width:70em;margin:2em auto;}}td,th{{border:1px solid #ccc;padding:4px 8px;text-align:left}}table{{border-collapse:collapse}}</style>
</head><body>
<h1>civcomm: reports</h1>
<p>Data version <code>{html.escape(version)}</code> (hash of data/).</p>
<p class="{PROVENANCE_CLASS}">Generated {html.escape(now)} from commit <code>{html.escape(commit)}</code>.</p>
<table><thead><tr><th>report</th><th>notebook</th><th>parameters</th></tr></thead><tbody>
{chr(10).join(rows)}
</tbody></table>
<h2>Tables</h2><ul>{table_items}</ul>
</body></html>
"""
    return atomic_write_text(out / "index.html", text)


# --------------------------------------------------------------------------- main


def plan(args) -> tuple[list[Run], dict[str, Any]]:
    """The selected runs and the CLI overrides (runs.yaml and the selection checked, not yet the parameters)."""
    runs = load_runs()
    overrides = parse_cli_params(args.param)
    return shard(select_runs(runs, args.notebooks, overrides), args.shard), overrides


def check_before_running(runs: list[Run]) -> None:
    """Parameters, then every data file: raises RunInputError listing every problem, before any kernel starts."""
    try:
        problems = check_runs(runs)
    except DataError as exc:
        raise RunInputError(f"{exc}\n{len(exc.problems)} data problem(s); no notebook was run") from None
    if problems:
        raise RunInputError("\n".join(problems))
    _, data_problems = Project.check()
    if data_problems:
        listing = "\n".join(str(p) for p in sorted(set(data_problems)))
        raise RunInputError(f"{listing}\n{len(set(data_problems))} data problem(s); no notebook was run")


def main(args) -> int:
    try:
        runs, _ = plan(args)
        if args.list:
            check_before_running(runs)
            for r in runs:
                print(f"{r.report_id}\t{r.notebook.name}\t{json.dumps(r.params, ensure_ascii=False)}")
            return EXIT_OK
        started = time.monotonic()
        manifest = read_manifest()
        code = code_fingerprint()
        todo, skipped = [], []
        for r in runs:
            rec = manifest["reports"].get(r.report_id)
            # fresh = same notebook, parameters, code and data files as the last good run; such a run
            # was validated then, so a no-op regeneration reads no YAML and starts no kernel
            fresh = (rec and not args.force and (outputs_dir() / "reports" / f"{r.report_id}.html").exists()
                     and rec.get("key") == cache_key(r, code, rec.get("reads", {})))
            (skipped if fresh else todo).append(r)
        if todo:
            check_before_running(runs)
    except RunInputError as exc:
        print(f"civcomm run: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    clean_stale_temporaries()
    results: list[dict[str, Any]] = []
    total = len(todo)
    if total:
        write_assets()
    jobs = max(1, min(args.jobs, total or 1))
    if jobs == 1:
        for i, r in enumerate(todo, 1):
            print(f"[{i}/{total}] {r.report_id} ...", file=sys.stderr, flush=True)
            results.append(execute(r))
            _progress(results[-1], i, total)
    else:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = {pool.submit(execute, r): r for r in todo}
            for i, fut in enumerate(as_completed(futures), 1):
                results.append(fut.result())
                _progress(results[-1], i, total)
    by_id = {r.report_id: r for r in todo}
    for res in results:
        r = by_id[res["report_id"]]
        if res["status"] == "ran":
            manifest["reports"][r.report_id] = {
                "notebook": r.notebook.name, "params": r.params, "reads": res["reads"],
                "key": cache_key(r, code, res["reads"]),
            }
    stamp = bundle_stamp(code, args.shard)
    if results or not (outputs_dir() / "index.html").exists() or any(manifest.get(k) != v for k, v in stamp.items()):
        manifest.update(stamp)
        write_assets()
        write_manifest(manifest)
        write_index(manifest)
    failed = [res for res in results if res["status"] == "failed"]
    ran = len(results) - len(failed)
    print(f"civcomm run: {ran} ran, {len(skipped)} skipped (unchanged), {len(failed)} failed "
          f"in {time.monotonic() - started:.1f}s; reports in {display_path(outputs_dir() / 'reports')}",
          file=sys.stderr)
    for res in failed:
        print(f"FAILED {res['report_id']}: {res['error']}\n  executed notebook kept at {res['failed_notebook']}; "
              "the previous report (if any) is unchanged", file=sys.stderr)
    return EXIT_FAILED if failed else EXIT_OK


def _progress(res: dict[str, Any], i: int, total: int) -> None:
    bar = "#" * int(20 * i / max(total, 1))
    print(f"[{bar:<20}] {i}/{total} {res['status']:<6} {res['report_id']} ({res['seconds']:.1f}s)",
          file=sys.stderr, flush=True)

