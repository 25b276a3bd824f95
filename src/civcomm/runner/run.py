"""`civcomm run`: plan, validate data that changed, skip what is unchanged, run the rest in workers, index.

Order of a run: the plan (runs.yaml, selection, parameters) and every input problem are reported
before any kernel starts (exit 2, nothing touched). Whenever any byte or name under data/ changed
since the last clean check, all of data/ is validated again first. Runs whose cache key (notebook,
parameters, package code, the listing and contents of the inputs they declare) is unchanged are
skipped. The rest go to worker processes; each finished run's outputs are complete and recorded as
it finishes, so Ctrl-C keeps them and stops the others within seconds.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from civcomm.core.exits import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK
from civcomm.core.paths import outputs_dir
from civcomm.data import cache as data_cache
from civcomm.data.problems import DataError, display_path
from civcomm.data.project import Project
from civcomm.runner.cache import (bundle_stamp, cache_key, code_fingerprint, load_parsed, read_manifest, save_parsed,
                                  stale_reports, write_manifest)
from civcomm.runner.inputs import tree_digest
from civcomm.runner.plan import Run, RunInputError, load_runs, parse_cli_params, select_runs, shard
from civcomm.runner.pool import Pool


def plan(args) -> list[Run]:
    """The selected runs (runs.yaml, the selection and the -p values checked, not yet the parameters)."""
    if args.jobs < 1:
        raise RunInputError(f"-j {args.jobs}: expected a positive number of parallel runs (e.g. -j 2)")
    runs = load_runs()
    overrides = parse_cli_params(args.param)
    return shard(select_runs(runs, args.notebooks, overrides), args.shard)


def validate_data(manifest: dict[str, Any], force: bool = False, reuse: Project | None = None,
                  code: str | None = None) -> Project | None:
    """Validate all of data/ if anything under it changed since the last clean check (or ``force``).
    Raises RunInputError with every problem; returns the validated project, or None when no check ran.
    The clean digest is noted in ``manifest`` (saved by the caller). ``reuse``: a project checked before,
    whose unchanged files are not parsed again; without one, the last clean check made by this ``code``
    (runner.cache.load_parsed), which a clean check replaces."""
    digest = tree_digest()
    if not force and manifest.get("validated_data") == digest:
        return None
    if reuse is None and code is not None:
        reuse = load_parsed(code)
    project, problems = Project.check(reuse=reuse)
    if problems:
        listing = "\n".join(str(p) for p in sorted(set(problems)))
        raise RunInputError(f"{listing}\n{len(set(problems))} data problem(s); no notebook was run")
    if code is not None:
        save_parsed(project, code)
    data_cache.prime(project)
    manifest["validated_data"] = digest
    return project


def check_parameters(runs: list[Run]) -> None:
    # the notebook stack (jupytext, papermill, the parameter specs) is imported only when there is work
    from civcomm.runner.notebooks import check_runs

    try:
        problems = check_runs(runs)
    except DataError as exc:
        raise RunInputError(f"{exc}\n{len(exc.problems)} data problem(s); no notebook was run") from None
    if problems:
        raise RunInputError("\n".join(problems))


# --------------------------------------------------------------------------- main


def main(args) -> int:
    started = time.monotonic()
    pool: Pool | None = None
    try:
        runs = plan(args)
        manifest = read_manifest()
        if args.list:
            validate_data(manifest)
            check_parameters(runs)
            for r in runs:
                kind = "" if r.canonical else "\tone-off"
                print(f"{r.report_id}\t{r.notebook.name}\t{json.dumps(r.params, ensure_ascii=False)}{kind}")
            return EXIT_OK
        code = code_fingerprint()
        todo, skipped = split_fresh(runs, manifest, code, args.force)
        kernels = getattr(args, "kernels", "fork")
        if todo:  # the workers (and the zygote) start up while the data and the parameters are checked
            pool = Pool(max(1, min(args.jobs, len(todo))), kernels)
            pool.warm()
        validated = validate_data(manifest, code=code)
        if todo:
            check_parameters(todo)
    except RunInputError as exc:
        if pool is not None:
            pool.kill()
        print(f"civcomm run: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BaseException:  # Ctrl-C while checking: the started workers go too
        if pool is not None:
            pool.kill()
        raise
    # imported only now: a run with nothing to do needs none of the bundle writers (plotly, Jinja, pandas)
    from civcomm.runner.bundle import clean_stale_temporaries, write_assets

    clean_stale_temporaries()
    results: list[dict[str, Any]] = []
    total = len(todo)

    drawer = FigureDrawer() if todo else None

    def record(run: Run, res: dict[str, Any]) -> None:
        results.append(res)
        record_result(manifest, run, res)
        _progress(res, len(results), total)
        if res["status"] == "ran":
            drawer.add(run.out_dir)

    interrupted = False
    if pool is not None:
        write_assets()
        project = validated
        if kernels in ("fork", "warm") and project is None:
            try:  # data/ unchanged since its last check: loaded once here, not once per kernel
                project = data_cache.project()
            except DataError:  # (a seed text changed?) each kernel loads it and its notebook shows why
                project = None
        try:
            pool.set_project(project)
            pool.execute(todo, record)
        except KeyboardInterrupt:
            interrupted = True
        finally:
            pool.close()
        drawer.finish(sorted({r.out_dir for r in todo}), stop=interrupted)
    stamp = bundle_stamp(code, args.shard)
    changed_stamp = any(manifest.get(k) != v for k, v in stamp.items())
    if results or validated is not None or interrupted or changed_stamp or not (outputs_dir() / "index.html").exists():
        finish_bundle(manifest, code, args.shard)
    failed = [res for res in results if res["status"] == "failed"]
    ran = len(results) - len(failed)
    if interrupted:
        print(f"civcomm run: interrupted; {ran} run(s) finished and kept, {total - len(results)} not run "
              f"(the previous reports of those are left as they were)", file=sys.stderr)
        return EXIT_INTERRUPTED
    print(f"civcomm run: {ran} ran, {len(skipped)} skipped (unchanged), {len(failed)} failed "
          f"in {time.monotonic() - started:.1f}s; reports in {display_path(outputs_dir() / 'reports')}",
          file=sys.stderr)
    for res in failed:
        print(f"FAILED {res['report_id']}: {res['error']}\n  executed notebook kept at {res['failed_notebook']}; "
              "the previous report (if any) is unchanged", file=sys.stderr)
    return EXIT_FAILED if failed else EXIT_OK


def split_fresh(runs: list[Run], manifest: dict[str, Any], code: str, force: bool = False) -> tuple[list[Run], list[Run]]:
    """(to run, unchanged): a run is unchanged when its report exists and its cache key is the recorded one."""
    todo, skipped = [], []
    for r in runs:
        r.key = cache_key(r, code)
        rec = manifest_section(manifest, r).get(r.report_id)
        fresh = (rec and not force and (r.out_dir / "reports" / f"{r.report_id}.html").exists()
                 and rec.get("key") == r.key)
        (skipped if fresh else todo).append(r)
    return todo, skipped


def record_result(manifest: dict[str, Any], run: Run, res: dict[str, Any]) -> None:
    """A finished run in the manifest, saved at once (an interrupt keeps it); a failed run is not recorded."""
    if res["status"] == "ran":
        manifest_section(manifest, run)[run.report_id] = {
            "notebook": run.notebook.name, "params": run.params, "reads": list(run.reads), "key": run.key}
        write_manifest(manifest)


def finish_bundle(manifest: dict[str, Any], code: str, shard_spec: str | None = None) -> None:
    """What every bundle holds besides the reports: assets, manifest, citation files, the index pages."""
    from civcomm.runner.bundle import write_assets, write_citation_files

    manifest.update(bundle_stamp(code, shard_spec))
    write_assets()
    write_manifest(manifest)
    write_citation_files()
    index_bundle(manifest, code)


def index_bundle(manifest: dict[str, Any], code: str | None = None) -> None:
    """The index pages of outputs/, stale reports marked (also after `civcomm pdf` added PDFs)."""
    from civcomm.runner.bundle import write_index

    write_index(manifest, stale=stale_reports(manifest, code or code_fingerprint()))


class FigureDrawer:
    """Draws the figures the kernels leave as <name>.<lang>.pending.json (SVG and PNG, one browser) on a
    thread of the runner while the next runs execute: ``add(out_dir)`` after each run, ``finish()`` at the end
    (draws what is left, prints what was drawn or why nothing could be)."""

    def __init__(self) -> None:
        import queue
        import threading

        self.queue: queue.Queue = queue.Queue()
        self.drawn, self.seconds, self.why, self.stopped = 0, 0.0, "", False
        self.thread = threading.Thread(target=self._serve, name="civcomm-figures", daemon=True)
        self.thread.start()

    def add(self, out_dir: Path) -> None:
        self.queue.put(out_dir)

    def _serve(self) -> None:
        while (out_dir := self.queue.get()) is not None:
            folder = out_dir / "figures"
            if self.why or self.stopped or not folder.is_dir() or not any(folder.glob("*.pending.json")):
                continue
            from civcomm.output.static import render_pending

            started = time.monotonic()
            try:
                written, why = render_pending(folder, stop=lambda: self.stopped)
            except Exception as exc:  # noqa: BLE001 - a drawing failure must not lose the runs; said at the end
                written, why = [], f"{type(exc).__name__}: {exc}"
            self.seconds += time.monotonic() - started
            self.drawn += len(written)
            if why:
                self.why = f"{why}; their captions are in {display_path(folder)}"

    def finish(self, out_dirs: list[Path], stop: bool = False) -> None:
        """Draw what is left in ``out_dirs`` and end; ``stop`` (Ctrl-C): end after the figure being drawn."""
        self.stopped = stop
        for d in out_dirs:
            self.queue.put(d)  # anything a run left after its own turn
        self.queue.put(None)
        self.thread.join()
        if self.why:
            print(f"civcomm run: figure images not drawn ({self.why})", file=sys.stderr)
        elif self.drawn:
            print(f"civcomm run: {self.drawn} figure file(s) drawn ({self.seconds:.1f}s of drawing, "
                  "while the runs went on)", file=sys.stderr)


def draw_pending_figures(out_dirs: list[Path]) -> None:
    """Draw every pending figure in ``out_dirs`` now (see FigureDrawer); Ctrl-C stops the drawing after the figure
    being drawn (the rest stay pending), so the caller can close the browser at once."""
    drawer = FigureDrawer()
    try:
        drawer.finish(out_dirs)
    except BaseException:
        drawer.stopped = True
        raise


def manifest_section(manifest: dict[str, Any], run: Run) -> dict[str, Any]:
    """Canonical reports and one-off runs are recorded apart."""
    return manifest.setdefault("reports" if run.canonical else "adhoc", {})


def _progress(res: dict[str, Any], i: int, total: int) -> None:
    bar = "#" * int(20 * i / max(total, 1))
    phases = res.get("phases") if os.environ.get("CIVCOMM_PHASES") else None
    detail = f" [{', '.join(f'{k} {v:.1f}s' for k, v in phases.items())}]" if phases else ""
    print(f"[{bar:<20}] {i}/{total} {res['status']:<6} {res['report_id']} ({res['seconds']:.1f}s){detail}",
          file=sys.stderr, flush=True)
