"""The notebooks themselves: read as jupytext, prose kept in the run's language, parameters read and checked."""

from __future__ import annotations

import ast
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jupytext

from civcomm.core.langs import tagged_langs

if TYPE_CHECKING:
    from civcomm.runner.plan import Run

# The run's workers import this module for read_notebook and select_language only, so what the checks below
# need (the parameter specs, pandas behind them, the data models) is imported by the checks.


def read_notebook(path: Path):
    """The jupytext notebook with kernel metadata set (papermill needs the language)."""
    nb = jupytext.read(path, fmt="py:percent")
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    nb.metadata.pop("jupytext", None)
    return nb


def select_language(nb, lang: str | None):
    """Keep the markdown cells written for ``lang``: a markdown cell tagged ``lang-kk`` (``lang-ru``,
    ``lang-en``) appears only in reports in that language; untagged cells appear in every report.
    With no ``lang`` every cell is kept. (JupyterLab shows every cell and collapses the prose of the other
    languages: civcomm.runner.labcontents.)"""
    if lang:
        def wanted(cell) -> bool:
            langs = tagged_langs(cell)
            return cell.cell_type != "markdown" or not langs or lang in langs
        nb.cells = [c for c in nb.cells if wanted(c)]
    return nb


def declared_parameters(path: Path) -> dict[str, Any]:
    """Names and literal defaults of the cell tagged ``parameters``, as papermill reads them (no kernel).

    papermill skips a line it cannot parse with only a log warning (an '=' inside a comment does it), and
    the parameter then silently takes no value from ``-p``: every assignment Python sees must be one
    papermill sees, else the line is named."""
    from papermill.translators import papermill_translators

    from civcomm.data.problems import display_path
    from civcomm.runner.plan import RunInputError
    nb = read_notebook(path)
    tagged = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    if len(tagged) != 1:
        raise RunInputError(f"{display_path(path)}: expected exactly one cell tagged 'parameters', found {len(tagged)}")
    logger = logging.getLogger("papermill")
    level, logger.level = logger.level, logging.ERROR
    try:
        params = papermill_translators.find_translator("python3", "python").inspect(tagged[0])
    finally:
        logger.setLevel(level)
    out: dict[str, Any] = {}
    for param in params:
        try:
            out[param.name] = ast.literal_eval(param.default)
        except (ValueError, SyntaxError):
            raise RunInputError(f"{display_path(path)}: parameter '{param.name}' must have a literal default "
                                f"(got {param.default})") from None
    for node in ast.parse(tagged[0].source).body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name) and node.targets[0].id not in out:
            line = tagged[0].source.splitlines()[node.lineno - 1]
            raise RunInputError(f"{display_path(path)}: parameters cell line '{line.strip()}' cannot be read by "
                                "papermill (expected NAME = literal  # a comment without '=')")
    return out


def check_runs(runs: list[Run]) -> list[str]:
    """Every parameter problem of every run, before any kernel starts."""
    from civcomm.report.params import validate_parameters

    problems = []
    cache: dict[Path, dict[str, Any]] = {}
    for r in runs:
        if r.notebook not in cache:
            cache[r.notebook] = declared_parameters(r.notebook)
        r.declared = cache[r.notebook]
        problems += validate_parameters(r.declared, r.params, where=r.notebook.name)
    return sorted(set(problems))
