"""Command line: `civcomm validate`, `civcomm run`, `civcomm schemas` (exit 2 bad input, 1 failed notebook)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2


def _validate(args: argparse.Namespace) -> int:
    from .load import Project

    paths = [Path(p) for p in args.paths] or None
    project, problems = Project.check(paths)
    for p in sorted(set(problems)):
        print(p, file=sys.stderr)
    if problems:
        print(f"{len(set(problems))} problem(s) found", file=sys.stderr)
        return EXIT_BAD_INPUT
    n = len(paths) if paths else len(project.docs)
    print(f"ok: {n} data file(s) valid")
    return EXIT_OK


def _run(args: argparse.Namespace) -> int:
    from . import run

    return run.main(args)


def _schemas(args: argparse.Namespace) -> int:
    from .schemas import write_schemas

    for path in write_schemas(Path(args.out) if args.out else None):
        print(path)
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="civcomm", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    v = sub.add_parser("validate", help="check data files: models, refs, vocabularies (exit 2 on any problem)")
    v.add_argument("paths", nargs="*", help="files to check (default: all of data/)")
    v.set_defaults(func=_validate)

    r = sub.add_parser("run", help="execute notebooks from notebooks/runs.yaml and render the reports")
    r.add_argument("notebooks", nargs="*", help="notebook names or prefixes (default: every run in runs.yaml)")
    r.add_argument("-p", "--param", action="append", default=[], metavar="NAME=VALUE",
                   help="override a parameter (YAML literal: -p lang=en, -p countries=[USA,KAZ])")
    r.add_argument("-j", "--jobs", type=int, default=1, help="notebooks to run in parallel")
    r.add_argument("--force", action="store_true", help="rerun even when inputs are unchanged")
    r.add_argument("--shard", default=None, metavar="K/N", help="run only the K-th of N slices of the run list")
    r.add_argument("--list", action="store_true", help="print the runs and exit")
    r.set_defaults(func=_run)

    s = sub.add_parser("schemas", help="regenerate schemas/*.json from the models")
    s.add_argument("--out", default=None)
    s.set_defaults(func=_schemas)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("interrupted: previous reports are left as they were", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
