"""What to run: notebooks/runs.yaml expanded into runs, the selection, shards, parameters read and checked."""

from __future__ import annotations

import ast
import itertools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jupytext
from papermill.translators import papermill_translators
from ruamel.yaml import YAML

from civcomm.core.hashing import sha256_bytes
from civcomm.core.paths import notebooks_dir
from civcomm.data.problems import display_path
from civcomm.data.yamlio import read_yaml
from civcomm.report.params import validate_parameters


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


def declared_parameters(path: Path) -> dict[str, Any]:
    """Names and literal defaults of the cell tagged ``parameters``, as papermill reads them (no kernel)."""
    nb = read_notebook(path)
    tagged = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    if len(tagged) != 1:
        raise RunInputError(f"{display_path(path)}: expected exactly one cell tagged 'parameters', found {len(tagged)}")
    out: dict[str, Any] = {}
    for param in papermill_translators.find_translator("python3", "python").inspect(tagged[0]):
        try:
            out[param.name] = ast.literal_eval(param.default)
        except (ValueError, SyntaxError):
            raise RunInputError(f"{display_path(path)}: parameter '{param.name}' must have a literal default "
                                f"(got {param.default})") from None
    return out


def parse_cli_params(items: list[str]) -> dict[str, Any]:
    """``name=value`` pairs; values are YAML literals (``en``, ``[USA, KAZ]``, ``3``)."""
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
        slug = slug[:40] + "-" + sha256_bytes(slug.encode())[:10]
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
