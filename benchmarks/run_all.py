"""Every benchmark in one run (`make bench`): civcomm against the naive way, and cost as the work grows.

Usage: python benchmarks/run_all.py [--repeat 3] [--repeat-full 2] [--only full coder growth preview] [--out FILE]

Prints a markdown table and writes outputs/bench.json. Every figure is the median of several runs
(``--repeat``; the two full regenerations, minutes each, use ``--repeat-full``), and each
comparison is measured side by side in the same invocation, alternating which side goes first.
Nothing in outputs/ other than bench.json is touched: every regeneration writes to its own
temporary CIVCOMM_OUTPUTS, and synthetic data lives in a temporary data/ tree (CIVCOMM_DATA).

1. Full regeneration: ``civcomm run -j 2 --force`` against the naive loop over the same runs
   (notebooks x parameters of notebooks/runs.yaml): per run ``papermill -k python3 -y PARAMS``
   then ``jupyter nbconvert --to html``, sequentially. The naive loop needs .ipynb files: each
   jupytext .py is converted once with ``jupytext --set-kernel python3 --to ipynb`` into a
   temporary directory BEFORE the timing starts (conversion is not timed; it takes ~1 s per
   notebook). The naive kernel gets ``PLOTLY_RENDERER=notebook``: plotly's default renderer in a
   plain kernel is ``plotly_mimetype``, whose output nbconvert drops (no figure in the HTML at
   all), so the honest "figures visible offline" baseline is the ``notebook`` renderer, which
   inlines plotly.js (~4.8 MB) once per report. The figure counts of both bundles are recorded.
2. No-op regeneration: ``civcomm run`` right after each full run, into the same outputs.
3. Bundle size: bytes of civcomm's reports/*.html + assets/* against the naive *.html.
4. Coder throughput: civcomm.analysis.coding.Coder against baselines.naive_code (one
   ``str.contains`` per lexicon term) on benchmarks/bench_coder.py's synthetic corpus (100,000
   provisions, fixed seed); reported "not available" when the coder module is absent.
5. Growth: synthetic data trees (benchmarks/synth.py, fixed seed) with 10, 50 and 200 foreign
   countries: load+validate, Tables 2, 5 (computed) and 6 (computed), the emphasis (competence)
   matrix; synthetic actor graphs of 1,000, 3,000 and 10,000 actors: PageRank and betweenness.
   Betweenness is exact up to 256 actors and above that estimated from k = 256 source pivots
   (networkx ``betweenness_centrality(k=256, seed=...)``): its cost is then k x (V + E), linear
   in the graph's size; exact betweenness is O(V x E), about 100x longer at 10,000 actors. The
   slope of log(seconds) on log(size) is printed: ~1 is linear, < 1 means fixed costs dominate.
7. Law (benchmarks/bench_law.py): ``law_parse_align_s``, both official texts of Law 416-V parsed, aligned and
   read into amendment events in one process, against two ``civcomm parse`` commands.
6. Preview and kernels (benchmarks/bench_preview.py): the kernel floor (start + the notebooks'
   imports), full regenerations with forked, warm and cold kernels (``full_vs_floor``: forked), and
   ``edit_to_report_s``, the time from an edit of a country file to the rewritten report 01 with
   `civcomm preview` running.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT / "src"), str(HERE)]

SEED = 20261122
COUNTRY_SIZES = (10, 50, 200)
ACTOR_SIZES = (1_000, 3_000, 10_000)
BETWEENNESS_PIVOTS = 256
TARGETS = {"full_ratio": ("<=", 0.6), "noop_s": ("<=", 1.5), "bundle_ratio": ("<=", 0.35), "coder_ratio": (">=", 10),
           "edit_to_report_s": ("<=", 3.0), "full_vs_floor": ("<=", 2.0), "law_parse_align_s": ("<=", 0.5),
           "coder_1proc_ratio": (">=", 10), "coder_precision_kk": (">=", 0.8), "coder_precision_ru": (">=", 0.8),
           "coder_recall_kk": (">=", 0.7), "coder_recall_ru": (">=", 0.7), "coder_kk_ru_kappa": (">=", 0.8)}


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def tool(name: str) -> list[str]:
    """A console script of this Python's environment (papermill, jupyter, jupytext)."""
    exe = Path(sys.executable).parent / name
    return [str(exe)] if exe.exists() else [sys.executable, "-m", name]


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"CIVCOMM_RUN", "CIVCOMM_REPORT_ID", "PLOTLY_RENDERER"}}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    env.update(extra)
    return env


def run_checked(cmd: list[str], env: dict[str, str], cwd: Path = ROOT) -> subprocess.CompletedProcess:
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"benchmark step failed: {' '.join(cmd)}\n{proc.stderr[-3000:]}")
    return proc


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def median(xs: list[float]) -> float:
    return statistics.median(xs)


# --------------------------------------------------------------------------- 1-3: regeneration and bundle


def the_runs():
    from civcomm.runner import plan

    return plan.select_runs(plan.load_runs(), [], {})


def civcomm_full(out: Path, jobs: int) -> float:
    if out.exists():
        shutil.rmtree(out)
    env = clean_env(CIVCOMM_OUTPUTS=str(out))
    return timed(lambda: run_checked([sys.executable, "-m", "civcomm", "run", "-j", str(jobs), "--force"], env))


def civcomm_noop(out: Path) -> float:
    env = clean_env(CIVCOMM_OUTPUTS=str(out))
    holder = {}
    t = timed(lambda: holder.setdefault("p", run_checked([sys.executable, "-m", "civcomm", "run"], env)))
    if " 0 ran" not in holder["p"].stderr:
        raise SystemExit(f"the no-op run re-ran something:\n{holder['p'].stderr[-2000:]}")
    return t


def convert_notebooks(runs, dest: Path) -> dict[Path, Path]:
    """jupytext .py -> .ipynb with the kernel set (done once, outside the timing)."""
    dest.mkdir(parents=True, exist_ok=True)
    out = {}
    for nb in sorted({r.notebook for r in runs}):
        target = dest / (nb.stem + ".ipynb")
        run_checked(tool("jupytext") + ["--set-kernel", "python3", "--to", "ipynb", "-o", str(target), str(nb)],
                    clean_env())
        out[nb] = target
    return out


def naive_full(runs, ipynbs: dict[Path, Path], work: Path) -> float:
    """The researcher's shell loop: papermill then nbconvert per run, one after the other."""
    if work.exists():
        shutil.rmtree(work)
    (work / "executed").mkdir(parents=True)
    env = clean_env(CIVCOMM_OUTPUTS=str(work / "outputs"), PLOTLY_RENDERER="notebook")

    def loop():
        for r in runs:
            executed = work / "executed" / f"{r.report_id}.ipynb"
            run_checked(tool("papermill") + ["-k", "python3", "--cwd", str(r.notebook.parent), "--no-progress-bar",
                                             "-y", json.dumps(r.params), str(ipynbs[r.notebook]), str(executed)], env)
            run_checked(tool("jupyter") + ["nbconvert", "--to", "html", "--output-dir", str(work / "reports"),
                                           str(executed)], env)

    return timed(loop)


def bundle_stats(paths: list[Path]) -> dict[str, int]:
    size = figures = plotlyjs = 0
    for p in paths:
        data = p.read_bytes()
        size += len(data)
        if p.suffix == ".html":
            figures += data.count(b"Plotly.newPlot(")
            plotlyjs += data.count(b"plotly.js v")  # the licence banner of each inlined copy
    return {"bytes": size, "files": len(paths), "figures": figures, "plotlyjs_copies": plotlyjs}


def bench_regeneration(args, tmp: Path) -> dict:
    runs = the_runs()
    log(f"{len(runs)} runs from notebooks/runs.yaml; converting notebooks for the naive loop (not timed)")
    ipynbs = convert_notebooks(runs, tmp / "ipynb")
    full, noop, naive = [], [], []
    for i in range(args.repeat_full):
        order = ["civcomm", "naive"] if i % 2 == 0 else ["naive", "civcomm"]
        for side in order:
            if side == "civcomm":
                full.append(civcomm_full(tmp / "civcomm-out", args.jobs))
                log(f"repeat {i + 1}: civcomm run -j {args.jobs} --force {full[-1]:.1f}s")
                noop.append(median([civcomm_noop(tmp / "civcomm-out") for _ in range(args.repeat)]))
                log(f"repeat {i + 1}: civcomm run (no-op) {noop[-1]:.2f}s")
            else:
                naive.append(naive_full(runs, ipynbs, tmp / "naive"))
                log(f"repeat {i + 1}: naive papermill + nbconvert loop {naive[-1]:.1f}s")
    out = tmp / "civcomm-out"
    ours = bundle_stats(sorted((out / "reports").glob("*.html")) + sorted((out / "assets").glob("*")))
    theirs = bundle_stats(sorted((tmp / "naive" / "reports").glob("*.html")))
    return {
        "runs": len(runs), "jobs": args.jobs,
        "full_s": median(full), "naive_full_s": median(naive), "full_ratio": median(full) / median(naive),
        "noop_s": median(noop), "noop_ratio": median(noop) / median(full),
        "bundle_bytes": ours["bytes"], "naive_bundle_bytes": theirs["bytes"],
        "bundle_ratio": ours["bytes"] / theirs["bytes"],
        "bundle": {"civcomm": ours, "naive": theirs},
        "samples": {"full_s": full, "naive_full_s": naive, "noop_s": noop},
        "naive_method": "jupytext --set-kernel python3 --to ipynb (once, not timed); per run: papermill -k python3 "
                        "-y PARAMS, then jupyter nbconvert --to html; PLOTLY_RENDERER=notebook (plotly.js inlined "
                        "once per report; the default plotly_mimetype output is dropped by nbconvert)",
    }


# --------------------------------------------------------------------------- 4: coder


def bench_coder(args) -> dict:
    try:
        from baselines import naive_code
        from bench_coder import make_corpus

        from civcomm.analysis import coding
        from civcomm.analysis.coding import Coder
    except ImportError as exc:
        return {"coder_per_s": None, "coder_ratio": None, "coder_note": f"not available ({exc})"}
    from civcomm.data.project import Project

    project, _ = Project.check()
    lexicon = {cid: c.lexicon.get(args.coder_lang, []) for cid, c in project.vocab("competence").items()}
    stems = sorted({s for v in lexicon.values() for s in v})
    log(f"coder: generating {args.coder_n:,} synthetic provisions ({args.coder_lang}, seed from bench_coder)")
    corpus = make_corpus(args.coder_n, args.coder_lang, stems)
    # the coder as the reports run it (lexicons with their exclusion contexts); compiled once per run: not timed
    coder = Coder.from_competences(project.vocab("competence"), args.coder_lang)
    ours, theirs = [], []
    for i in range(args.repeat):
        pair = [("coder", lambda: coder.code_frame(corpus)), ("naive", lambda: naive_code(corpus, lexicon))]
        for name, fn in (pair if i % 2 == 0 else pair[::-1]):
            (ours if name == "coder" else theirs).append(timed(fn))
        log(f"coder repeat {i + 1}: coder {ours[-1]:.2f}s, naive {theirs[-1]:.2f}s")
    # diagnostic: the same coder held to one process (the default forks the scan of a corpus this
    # large over the machine's cores), so the figure above can be read without the second core
    one = median([timed(lambda: coder.code_frame(corpus, workers=1)) for _ in range(args.repeat)])
    return {"coder_per_s": args.coder_n / median(ours), "naive_coder_per_s": args.coder_n / median(theirs),
            "coder_ratio": median(theirs) / median(ours), "coder_provisions": args.coder_n,
            "coder_workers": coding._workers(None, sum(map(len, corpus["text"]))),
            "coder_1proc_per_s": args.coder_n / one, "coder_1proc_ratio": median(theirs) / one,
            "coder_lang": args.coder_lang, "samples_coder": {"coder_s": ours, "naive_s": theirs, "coder_1proc_s": one}}


# --------------------------------------------------------------------------- 5: growth


def graph_metric_functions():
    """(name, pagerank) : civcomm's PageRank when the module exists, else networkx's pure-Python one."""
    try:
        from civcomm.analysis import network

        return "civcomm.analysis.network.pagerank", network.pagerank
    except ImportError:
        from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

        return "networkx _pagerank_python (civcomm.analysis.network not present)", lambda d: _pagerank_python(d, weight="weight")


def betweenness(d):
    import networkx as nx

    n = d.number_of_nodes()
    k = BETWEENNESS_PIVOTS if n > BETWEENNESS_PIVOTS else None
    return nx.betweenness_centrality(d, k=k, normalized=True, seed=SEED)


def bench_growth(args, tmp: Path) -> dict:
    import synth

    from civcomm.data import cache
    from civcomm.views import tables

    growth: list[dict] = []
    saved = os.environ.get("CIVCOMM_DATA")
    try:
        for n in args.countries:
            data = synth.make_data_tree(tmp / f"countries-{n}", n, seed=SEED)
            os.environ["CIVCOMM_DATA"] = str(data)

            def reload():
                cache.clear_cache()
                cache.project()

            steps = {"load_validate": reload,
                     "table2": lambda: tables.build_table2(lang="en"),
                     "table5_computed": lambda: tables.build_table5_computed(lang="en"),
                     "table6_computed": lambda: tables.build_table6_computed(lang="en"),
                     "emphasis_matrix": lambda: tables.build_emphasis_matrix(lang="en")}
            reload()
            for step, fn in steps.items():
                fn()  # warm-up (imports, first-call caches)
                growth.append({"step": step, "size": n, "unit": "countries",
                               "seconds": median([timed(fn) for _ in range(args.repeat)])})
            log(f"growth: {n} countries done")
    finally:
        cache.clear_cache()
        if saved is None:
            os.environ.pop("CIVCOMM_DATA", None)
        else:
            os.environ["CIVCOMM_DATA"] = saved
    impl, pagerank = graph_metric_functions()
    for n in args.actors:
        d = synth.make_actor_graph(n, seed=SEED)
        for step, fn in (("pagerank", lambda: pagerank(d)), ("betweenness", lambda: betweenness(d))):
            growth.append({"step": step, "size": n, "unit": "actors", "edges": d.number_of_edges(),
                           "seconds": median([timed(fn) for _ in range(args.repeat)])})
        log(f"growth: {n} actors done")
    return {"growth": growth, "growth_slopes": slopes(growth), "graph_impl": impl,
            "betweenness": f"exact up to {BETWEENNESS_PIVOTS} actors, above that k={BETWEENNESS_PIVOTS} "
                           f"sampled source pivots (seed {SEED})"}


def slopes(growth: list[dict]) -> dict[str, float | None]:
    """Least-squares slope of log(seconds) on log(size) per step (1 = linear)."""
    out = {}
    for step in dict.fromkeys(g["step"] for g in growth):
        pts = [(math.log(g["size"]), math.log(max(g["seconds"], 1e-9))) for g in growth if g["step"] == step]
        if len(pts) < 2:
            out[step] = None
            continue
        mx = sum(x for x, _ in pts) / len(pts)
        my = sum(y for _, y in pts) / len(pts)
        out[step] = sum((x - mx) * (y - my) for x, y in pts) / sum((x - mx) ** 2 for x, _ in pts)
    return out


# --------------------------------------------------------------------------- report


def machine() -> dict:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpu": cpu, "cpus": os.cpu_count(), "system": f"{platform.system()} {platform.release()}",
            "python": platform.python_version()}


def commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              timeout=10).stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def fmt(x, spec: str) -> str:
    return "not available" if x is None else format(x, spec)


def met(key: str, value) -> str:
    if value is None:
        return "n/a"
    op, limit = TARGETS[key]
    ok = value <= limit if op == "<=" else value >= limit
    return f"{op} {limit}: {'yes' if ok else 'NO'}"


def markdown(r: dict) -> str:
    lines = [f"civcomm benchmarks, {r['date']}, commit {r['commit']}, {r['machine']['cpu']} x {r['machine']['cpus']}, "
             f"Python {r['machine']['python']}; load average {r['load_before']:.1f} before, {r['load_after']:.1f} after; "
             f"medians of {r['repeat']} (full regenerations: {r['repeat_full']})", ""]
    lines += ["| measure | civcomm | naive | ratio | target |", "|---|---|---|---|---|"]
    if "full_s" in r:
        lines.append(f"| full regeneration, {r['runs']} reports (s) | {r['full_s']:.1f} (-j {r['jobs']}) "
                     f"| {r['naive_full_s']:.1f} | {r['full_ratio']:.2f} | {met('full_ratio', r['full_ratio'])} |")
        lines.append(f"| no-op regeneration (s) | {r['noop_s']:.2f} | full run {r['full_s']:.1f} | {r['noop_ratio']:.3f} "
                     f"| noop_s {met('noop_s', r['noop_s'])} |")
        b = r["bundle"]
        lines.append(f"| bundle: reports + assets (MB) | {r['bundle_bytes'] / 1e6:.2f} ({b['civcomm']['figures']} figures) "
                     f"| {r['naive_bundle_bytes'] / 1e6:.2f} ({b['naive']['figures']} figures, "
                     f"{b['naive']['plotlyjs_copies']} plotly.js copies) | {r['bundle_ratio']:.3f} "
                     f"| {met('bundle_ratio', r['bundle_ratio'])} |")
    if "coder_per_s" in r:
        if r["coder_per_s"] is None:
            lines.append(f"| coder (provisions/s) | {r['coder_note']} | | | |")
        else:
            lines.append(f"| coder, {r['coder_provisions']:,} provisions ({r['coder_lang']}) (provisions/s) "
                         f"| {r['coder_per_s']:,.0f} | {r['naive_coder_per_s']:,.0f} | {r['coder_ratio']:.1f}x "
                         f"| {met('coder_ratio', r['coder_ratio'])} |")
            lines.append(f"| coder held to one process (the row above used {r['coder_workers']}) "
                         f"| {r['coder_1proc_per_s']:,.0f} | {r['naive_coder_per_s']:,.0f} | {r['coder_1proc_ratio']:.1f}x "
                         f"| {met('coder_1proc_ratio', r['coder_1proc_ratio'])} |")
    if "edit_to_report_s" in r:
        lines.append(f"| preview: edit of a country file to rewritten report 01 (s) | {r['edit_to_report_s']:.2f} "
                     f"| full run {r.get('full_s', r['full_fork_s']):.1f} | | {met('edit_to_report_s', r['edit_to_report_s'])} |")
        lines.append(f"| full regeneration / (runs x kernel floor {r['floor_s']:.2f}s / jobs) | "
                     f"{r['full_fork_s']:.1f} s forked | {r['full_cold_s']:.1f} s cold kernels ({r['full_warm_s']:.1f} s warm) | "
                     f"{r['full_vs_floor']:.2f} (fork/cold {r['fork_vs_cold']:.2f}, warm/cold {r['warm_vs_cold']:.2f}) "
                     f"| {met('full_vs_floor', r['full_vs_floor'])} |")
        lines.append(f"| the same, forked, nothing parsed before (fresh clone) | {r['full_fork_unparsed_s']:.1f} s | | "
                     f"{r['full_fork_unparsed_s'] / (r['full_fork_s'] / r['full_vs_floor']):.2f} | |")
    if "law_parse_align_s" in r:
        if r["law_parse_align_s"] is None:
            lines.append(f"| law: parse + align Law 416-V | {r['law_note']} | | | |")
        else:
            lines.append(f"| law: parse kk + ru, align, read {r['law_events']} events of Law 416-V in one process (s) "
                         f"| {r['law_parse_align_s']:.3f} | {r['law_naive_s']:.2f} (two `civcomm parse` commands) "
                         f"| {r['law_ratio']:.3f} | law_parse_align_s {met('law_parse_align_s', r['law_parse_align_s'])} |")
    for lang in ("kk", "ru"):
        if f"coder_precision_{lang}" in r:
            hold = (f"; holdout {r.get(f'coder_precision_{lang}_holdout', float('nan')):.2f} / "
                    f"{r.get(f'coder_recall_{lang}_holdout', float('nan')):.2f} on {r.get(f'coder_units_{lang}_holdout', 0)}"
                    if f"coder_precision_{lang}_holdout" in r else "")
            lines.append(f"| coder on the official text ({lang}): precision / recall on the reference reading "
                         f"({r[f'coder_units_{lang}']} units){hold} | {r[f'coder_precision_{lang}']:.2f} / "
                         f"{r[f'coder_recall_{lang}']:.2f} | | | coder_precision_{lang} "
                         f"{met(f'coder_precision_{lang}', r[f'coder_precision_{lang}'])}, coder_recall_{lang} "
                         f"{met(f'coder_recall_{lang}', r[f'coder_recall_{lang}'])}"
                         + (f"; on the holdout: precision {met(f'coder_precision_{lang}', r[f'coder_precision_{lang}_holdout'])}"
                            f", recall {met(f'coder_recall_{lang}', r[f'coder_recall_{lang}_holdout'])}" if hold else "")
                         + " |")
    if "coder_kk_ru_kappa" in r:
        lines.append(f"| coder: kk codes against ru codes, every unit both texts print ({r['coder_kk_ru_units']}) "
                     f"| κ {r['coder_kk_ru_kappa']:.2f} | | | coder_kk_ru_kappa {met('coder_kk_ru_kappa', r['coder_kk_ru_kappa'])} |")
    if "growth" in r:
        lines += ["", "| growth step | size | seconds | slope (log-log) |", "|---|---|---|---|"]
        for step, slope in r["growth_slopes"].items():
            pts = [g for g in r["growth"] if g["step"] == step]
            sizes = " / ".join(f"{g['size']:,}" for g in pts)
            secs = " / ".join(f"{g['seconds']:.4f}" for g in pts)
            lines.append(f"| {step} | {sizes} {pts[0]['unit']} | {secs} | {fmt(slope, '.2f')} |")
        lines.append(f"\nPageRank: {r['graph_impl']}; betweenness: {r['betweenness']}.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=int(os.environ.get("REPEAT", 3)),
                    help="runs per figure (median); also $REPEAT")
    ap.add_argument("--repeat-full", type=int, default=int(os.environ.get("REPEAT_FULL", 2)),
                    help="full regenerations per side (minutes each); also $REPEAT_FULL")
    ap.add_argument("--jobs", type=int, default=2, help="civcomm run -j")
    ap.add_argument("--only", nargs="+", choices=["full", "coder", "growth", "preview", "law"],
                    default=["full", "coder", "growth", "preview", "law"])
    ap.add_argument("--coder-n", type=int, default=100_000)
    ap.add_argument("--coder-lang", default="kk", choices=["kk", "ru"])
    ap.add_argument("--countries", type=int, nargs="+", default=list(COUNTRY_SIZES))
    ap.add_argument("--actors", type=int, nargs="+", default=list(ACTOR_SIZES))
    ap.add_argument("--out", type=Path, default=ROOT / "outputs" / "bench.json")
    args = ap.parse_args(argv)
    result = {"date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "commit": commit(),
              "machine": machine(), "load_before": os.getloadavg()[0], "repeat": args.repeat,
              "repeat_full": args.repeat_full}
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="civcomm-bench-") as tmp:
        if "full" in args.only:
            result.update(bench_regeneration(args, Path(tmp)))
        if "coder" in args.only:
            result.update(bench_coder(args))
        if "growth" in args.only:
            result.update(bench_growth(args, Path(tmp)))
        if "law" in args.only:
            from bench_law import bench_law

            result.update(bench_law(args, log))
        if "preview" in args.only:
            from bench_preview import bench_preview

            result.update(bench_preview(args, Path(tmp), len(the_runs())))
    result["load_after"] = os.getloadavg()[0]
    result["total_s"] = time.monotonic() - started
    text = markdown(result)
    print(text)
    from civcomm.output.atomic import atomic_write_text

    atomic_write_text(args.out, json.dumps(result, ensure_ascii=False, indent=1) + "\n")
    log(f"wrote {args.out} in {result['total_s'] / 60:.1f} min")
    return 0


if __name__ == "__main__":
    sys.exit(main())
