"""`civcomm run`: plan, skip what is unchanged, execute the rest (in parallel), then manifest and index."""

from __future__ import annotations

import json
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Any

from civcomm.core.exits import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK
from civcomm.core.paths import outputs_dir
from civcomm.data.problems import DataError, display_path
from civcomm.data.project import Project
from civcomm.runner.bundle import bundle_stamp, clean_stale_temporaries, write_assets, write_citation_files, write_index
from civcomm.runner.cache import cache_key, code_fingerprint, read_manifest, write_manifest
from civcomm.runner.execute import execute
from civcomm.runner.plan import Run, RunInputError, check_runs, load_runs, parse_cli_params, select_runs, shard


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
        write_citation_files()
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
