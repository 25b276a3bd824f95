"""What to run: notebooks/runs.yaml expanded into runs, the selection, shards, the -p values read safely.

Light on purpose: a run with nothing to do imports none of the notebook stack.
"""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from civcomm.core.paths import ADHOC, notebooks_dir, outputs_dir, run_id
from civcomm.core.text import invisible_characters
from civcomm.data.kinds import check_declaration
from civcomm.data.problems import display_path
from civcomm.data.yamlio import ValueSyntaxError, load_value, read_yaml


class RunInputError(Exception):
    """Bad runs.yaml, notebook selection or parameters: exit 2 before anything executes."""


@dataclass
class Run:
    """One report: a notebook, its parameters, the inputs runs.yaml declares for it."""

    notebook: Path
    params: dict[str, Any]
    report_id: str = ""
    reads: tuple[str, ...] = ()  # data kinds and globs under data/ (runs.yaml `reads:`)
    canonical: bool = True  # listed in runs.yaml; a one-off run (other -p values) is kept apart
    declared: dict[str, Any] = field(default_factory=dict)  # the notebook's parameters and defaults
    key: str = ""  # cache key, set by the runner
    topic: str = ""  # runs.yaml `topic:` (one of TOPICS): where the index lists the report

    @property
    def stem(self) -> str:
        return self.notebook.stem

    @property
    def out_dir(self) -> Path:
        """Where the run's report, notebook and exports go: outputs/, or outputs/adhoc/<id>/ for a one-off."""
        return outputs_dir() if self.canonical else outputs_dir() / ADHOC / self.report_id




def parse_cli_params(items: list[str]) -> dict[str, Any]:
    """``name=value`` pairs; values are YAML literals (``en``, ``[USA, KAZ]``, ``3``), read under the same
    rules as data files (no tags, no aliases, bounded size and depth). Every problem in one message."""
    out, problems = {}, []
    for item in items:
        if "=" not in item:
            problems.append(f"-p {_shown(item)}: expected NAME=VALUE")
            continue
        name, value = item.split("=", 1)
        name = name.strip()
        invisible = invisible_characters(name)
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            what = f" (contains {', '.join(invisible)})" if invisible else ""
            problems.append(f"-p {_shown(item)}: '{_shown(name)}' is not a parameter name{what} "
                            "(expected letters, digits and _)")
            continue
        try:
            parsed = load_value(value) if value.strip() else ""
        except ValueSyntaxError as exc:
            problems.append(f"-p {name}: {exc}")
            continue
        out[name] = parsed if parsed is not None else value
    if problems:
        raise RunInputError("\n".join(problems))
    return out


def _shown(text: str, limit: int = 60) -> str:
    """A user's text quoted in a message: one line, bounded, invisible characters made visible."""
    text = "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in text)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def report_id(stem: str, params: dict[str, Any]) -> str:
    """Stable, readable file stem: ``01_compare_countries.lang-kk``; long parameter sets are hashed."""
    return run_id(stem, params)


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
        unknown = set(entry) - {"notebook", "reads", "parameters", "grid", "topic"}
        if unknown:
            raise RunInputError(f"{where}: runs[{i}]: unknown key(s) {sorted(unknown)} "
                                "(expected notebook, reads, parameters, grid, topic)")
        topic = entry.get("topic", "")
        if topic and topic not in TOPICS:
            raise RunInputError(f"{where}: runs[{i}].topic: '{topic}' (expected one of: {', '.join(TOPICS)})")
        reads = entry.get("reads", [])  # none: only the context files every notebook reads
        if not isinstance(reads, list) or not all(isinstance(x, str) for x in reads):
            raise RunInputError(f"{where}: runs[{i}].reads: expected the list of data kinds and globs the "
                                "notebook reads, e.g. [country, kz_act, kz_law/texts/*]")
        bad = [why for x in reads if (why := check_declaration(x))]
        if bad:
            raise RunInputError(f"{where}: runs[{i}].reads: " + "; ".join(bad))
        nb = notebooks_dir() / str(entry.get("notebook", ""))
        if not nb.is_file():
            raise RunInputError(f"{where}: runs[{i}].notebook: '{entry.get('notebook')}' is not a file in notebooks/")
        base = dict(entry.get("parameters") or {})
        grid = dict(entry.get("grid") or {})
        keys = sorted(grid)
        for combo in itertools.product(*(list(grid[k]) for k in keys)) if keys else [()]:
            params = {**_plain(base), **dict(zip(keys, _plain(list(combo))))}
            runs.append(Run(nb, params, reads=tuple(reads), topic=str(topic)))
    return runs


TOPICS = ("countries", "law", "survey", "stakeholders")  # the index's sections, in its order (strings topic_*)


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
    listed = {(r.notebook, json.dumps(r.params, sort_keys=True)) for r in runs}
    out: dict[str, Run] = {}
    for r in chosen:
        params = {**r.params, **overrides}
        rid = report_id(r.stem, params)
        canonical = (r.notebook, json.dumps(params, sort_keys=True)) in listed
        out.setdefault(rid, Run(r.notebook, params, rid, reads=r.reads, canonical=canonical))
    return list(out.values())


def shard(runs: list[Run], spec: str | None) -> list[Run]:
    if not spec:
        return runs
    m = re.fullmatch(r"(\d+)/(\d+)", spec)
    if not m or not (1 <= int(m.group(1)) <= int(m.group(2))):
        raise RunInputError(f"--shard {spec!r}: expected K/N with 1 <= K <= N, e.g. 1/2")
    k, n = int(m.group(1)), int(m.group(2))
    return [r for i, r in enumerate(sorted(runs, key=lambda r: r.report_id)) if i % n == k - 1]
