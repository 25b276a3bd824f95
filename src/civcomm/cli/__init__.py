"""Command line: `civcomm validate`, `run`, `preview`, `lab`, `merge`, `schemas`, `parse`, `code`, `qdc`, `qdpx`, `cite`, `pdf` (exit 2 bad input, 1 failed notebook)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from civcomm.cli import law
from civcomm.core.exits import EXIT_BAD_INPUT, EXIT_OK
from civcomm.core.langs import LANGS
from civcomm.runner.warm import KINDS as KERNEL_KINDS


def _validate(args: argparse.Namespace) -> int:
    from civcomm.data.project import Project

    law.law_texts_option(args)
    paths = [Path(p) for p in args.paths] or None
    project, problems = Project.check(paths, sources=args.sources)
    for p in sorted(set(problems)):
        print(p, file=sys.stderr)
    if problems:
        print(f"{len(set(problems))} problem(s) found", file=sys.stderr)
    else:
        print(f"ok: {len(paths) if paths else len(project.docs)} data file(s) valid")
    for line in project.verbatim.summary(project.sources) if project.verbatim else []:
        print(line)  # what the quote check covered, never silent (stdout: stderr holds only problems)
    return EXIT_BAD_INPUT if problems else EXIT_OK


def _preview(args: argparse.Namespace) -> int:
    from civcomm.runner import preview

    law.law_texts_option(args)
    return preview.main(args)


def _run(args: argparse.Namespace) -> int:
    from civcomm.runner import run

    law.law_texts_option(args)
    return run.main(args)


def _merge(args: argparse.Namespace) -> int:
    from civcomm.runner.merge import merge_main

    return merge_main(args)


def _schemas(args: argparse.Namespace) -> int:
    from civcomm.data.schemas import write_schemas

    for path in write_schemas(Path(args.out) if args.out else None):
        print(path)
    return EXIT_OK


def _cite(args: argparse.Namespace) -> int:
    from civcomm.data.problems import DataError
    from civcomm.runner.bundle import write_citation_files

    try:
        paths = write_citation_files(Path(args.out) if args.out else None)
    except DataError as exc:
        print(f"{exc}\n{len(exc.problems)} data problem(s): nothing written", file=sys.stderr)
        return EXIT_BAD_INPUT
    for path in paths:
        print(path)
    return EXIT_OK


def _pdf(args: argparse.Namespace) -> int:
    from civcomm.core.paths import outputs_dir
    from civcomm.output.pdf import print_reports

    folder = Path(args.reports) if args.reports else outputs_dir() / "reports"
    every = sorted(folder.glob("*.html"))
    chosen = [p for p in every if not args.names or any(p.stem.startswith(n) for n in args.names)]
    unknown = [n for n in args.names if not any(p.stem.startswith(n) for p in every)]
    for name in unknown:
        print(f"{folder}: no report '{name}' (expected a name or prefix of: "
              f"{', '.join(p.stem for p in every) or 'none; run `civcomm run` first'})", file=sys.stderr)
    if unknown or not every:
        if not every and not unknown:
            print(f"{folder}: no reports (run `civcomm run` first)", file=sys.stderr)
        return EXIT_BAD_INPUT
    result = print_reports(chosen, Path(args.out) if args.out else None, force=args.force)
    for path in result.written:
        print(path)
    if result.written and not args.reports and not args.out:
        # the bundle's own PDFs: the index pages list them under their reports from now on
        from civcomm.runner.cache import read_manifest
        from civcomm.runner.run import index_bundle

        manifest = read_manifest()
        if manifest.get("reports"):
            index_bundle(manifest)
    if result.skipped:
        print(result.skipped, file=sys.stderr)
        return EXIT_BAD_INPUT
    return EXIT_OK


def _lab(args: argparse.Namespace) -> int:
    from civcomm.runner import lab

    return lab.main(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="civcomm", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    v = sub.add_parser("validate", help="check data files: models, refs, vocabularies (exit 2 on any problem)")
    v.add_argument("paths", nargs="*", help="files to check (default: all of data/)")
    v.add_argument("--sources", metavar="DIR", default=None,
                   help="folder of the sources' plain-text copies (seed_file) to check quotes against "
                        "(default: $CIVCOMM_SOURCES, else ../shared/seeds beside the project when it exists)")
    v.add_argument("--law-texts", default=None, metavar="DIR", help=law.LAW_TEXTS_HELP)
    v.set_defaults(func=_validate)

    r = sub.add_parser("run", help="execute notebooks from notebooks/runs.yaml and render the reports")
    r.add_argument("notebooks", nargs="*", help="notebook names or prefixes (default: every run in runs.yaml)")
    r.add_argument("-p", "--param", action="append", default=[], metavar="NAME=VALUE",
                   help="override a parameter (YAML literal: -p lang=en, -p countries=[USA,KAZ])")
    r.add_argument("-j", "--jobs", type=int, default=1, help="notebooks to run in parallel")
    r.add_argument("--force", action="store_true", help="rerun even when inputs are unchanged")
    r.add_argument("--shard", default=None, metavar="K/N", help="run only the K-th of N slices of the run list")
    r.add_argument("--list", action="store_true", help="print the runs and exit")
    r.add_argument("--kernels", choices=KERNEL_KINDS, default=KERNEL_KINDS[0],
                   help="fork (default): each run's kernel is a fork of a process that has the imports done and the "
                        "validated data loaded; warm: each worker starts its next kernel ahead, which does that "
                        "itself; cold: a new kernel per run loads everything itself (same bytes every way)")
    r.add_argument("--law-texts", default=None, metavar="DIR", help=law.LAW_TEXTS_HELP)
    r.set_defaults(func=_run)

    pv = sub.add_parser("preview", help="serve outputs/ on 127.0.0.1 and rerun what an edit of data/, notebooks/ "
                                         "or the package affects; the open report reloads (Ctrl-C stops)")
    pv.add_argument("notebooks", nargs="*", help="notebook names or prefixes (default: every run in runs.yaml)")
    pv.add_argument("-p", "--param", action="append", default=[], metavar="NAME=VALUE",
                    help="parameter override, as for `run` (e.g. -p lang=kk)")
    pv.add_argument("-j", "--jobs", type=int, default=2, help="runs in parallel (each worker keeps a warm kernel)")
    pv.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: a free one, printed)")
    pv.add_argument("--law-texts", default=None, metavar="DIR", help=law.LAW_TEXTS_HELP)
    pv.set_defaults(func=_preview, shard=None)

    m = sub.add_parser("merge", help="combine the outputs/ folders of `run --shard K/N` runs into one bundle")
    m.add_argument("dirs", nargs="+", metavar="DIR", help="outputs/ folders of the shards (one commit, one data version)")
    m.add_argument("--out", default=None, metavar="DIR", help="folder of the merged bundle, replaced as a whole "
                   "(default: outputs/)")
    m.set_defaults(func=_merge)

    s = sub.add_parser("schemas", help="regenerate schemas/*.json from the models")
    s.add_argument("--out", default=None)
    s.set_defaults(func=_schemas)

    pa = sub.add_parser("parse", help="parse an official text (a file), or both texts of an act (its id): units, "
                                      "editorial rows, amendment events, kk/ru alignment; exit 2 on bad input")
    pa.add_argument("target", metavar="FILE|ACT", help="a text file <act>.<lang>.txt, or an act id such as "
                                                      "z1500000416 (its texts looked up in the official-texts folders)")
    pa.add_argument("--lang", choices=["kk", "ru"], default=None, help="default: from the name <act_id>.<lang>.txt")
    pa.add_argument("--act-id", default=None, help="default: the file name without .<lang>.txt")
    pa.add_argument("--out", default=None, help="a file: the CSV to write (default: stdout); an act: the folder of "
                                                "its units, aligned, events and amending_acts CSVs")
    pa.add_argument("--law-texts", default=None, metavar="DIR", help=law.LAW_TEXTS_HELP)
    pa.set_defaults(func=law.parse)

    co = sub.add_parser("code", help="code a text file or a provisions CSV with the codebook's lexicon stems")
    co.add_argument("file")
    co.add_argument("--lang", choices=["kk", "ru", "en"], required=True)
    co.add_argument("--competence", action="append", default=[], help="only these competence ids (repeatable)")
    co.add_argument("--out", default=None, help="segments CSV to write (default: stdout)")
    co.set_defaults(func=law.code)

    q = sub.add_parser("qdc", help="export/import the codebook as a REFI-QDA codebook (.qdc)")
    q.add_argument("action", choices=["export", "import"])
    q.add_argument("file", help=".qdc file to write (export) or read (import: prints how it maps to the codebook)")
    q.add_argument("--lang", choices=["kk", "ru", "en"], default="en", help="language of code names (export)")
    q.set_defaults(func=law.qdc)

    qp = sub.add_parser("qdpx", help="export/import the coded provisions as a REFI-QDA project (.qdpx)")
    qp.add_argument("action", choices=["export", "import"])
    qp.add_argument("file", help=".qdpx to write (export: hand and automatic codes of data/kz_law and its texts) "
                                 "or read (import: codings as CSV, and the agreement of the first two coders)")
    qp.add_argument("--lang", choices=["kk", "ru", "en"], default="en", help="language of code names (export)")
    qp.add_argument("--out", default=None, help="codings CSV to write (import; default: stdout)")
    qp.set_defaults(func=law.qdpx)

    ci = sub.add_parser("cite", help="write sources.bib, sources.json (CSL-JSON) and datapackage.json (the CSV tables)")
    ci.add_argument("--out", default=None, help="folder to write to (default: outputs/; tables are read from <out>/tables/)")
    ci.set_defaults(func=_cite)

    pd_ = sub.add_parser("pdf", help="print the reports to A4 PDF with the system's Chromium (outputs/pdf/)")
    pd_.add_argument("names", nargs="*", help="report names or prefixes (default: every report)")
    pd_.add_argument("--reports", default=None, metavar="DIR", help="folder of the HTML reports (default: outputs/reports)")
    pd_.add_argument("--out", default=None, metavar="DIR", help="folder of the PDFs (default: outputs/pdf)")
    pd_.add_argument("--force", action="store_true", help="print again even when a PDF is newer than its report")
    pd_.set_defaults(func=_pdf)

    la = sub.add_parser("lab", help="JupyterLab on the repository, opening notebooks/, the prose in one language")
    la.add_argument("--lang", choices=[*LANGS, "all"], default=None,
                    help="the language whose prose cells open expanded (the others come collapsed; all: none "
                         "collapsed); default: the locale's ($LC_ALL, $LC_MESSAGES, $LANG) when kk, ru or en, else en")
    la.add_argument("--port", type=int, default=None,
                    help="the server's port (default: Jupyter's, 8888 or the next free one)")
    la.add_argument("--no-browser", action="store_true", help="do not open a browser (the URL is printed)")
    la.add_argument("--settings", default=None, metavar="DIR",
                    help="folder for JupyterLab's settings (default: <environment>/etc/civcomm/lab)")
    la.add_argument("--dry-run", action="store_true", help="write the settings, print the command, start nothing")
    la.set_defaults(func=_lab)
    return parser


def main(argv: list[str] | None = None) -> int:
    from civcomm.core.imports import skip_slow_optional_imports

    skip_slow_optional_imports()  # before anything imports nbformat (core/imports.py says why)
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("interrupted: previous reports are left as they were", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
