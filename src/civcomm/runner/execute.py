"""Execute one run in memory with papermill and render its report with nbconvert; outputs written atomically."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

import nbformat
import papermill as pm
from nbconvert import HTMLExporter

from civcomm.core.paths import data_dir, notebooks_dir, outputs_dir
from civcomm.output.atomic import atomic_write_text
from civcomm.report.notebook import READS_MIME, REPORT_ENV, RUN_ENV
from civcomm.runner.plan import Run, declared_parameters, read_notebook, select_language


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
