"""Combine the outputs/ of several `civcomm run --shard K/N` runs into one bundle: one manifest, one index.

A CI matrix runs each shard on its own machine; each writes a partial bundle (its reports, tables
and graphs, the shared assets, a manifest and an index of its own). `civcomm merge` checks that the
bundles belong together (same commit, data and code; every shard of the plan present), that no two
of them hold different bytes under one name (provenance blocks aside), then builds the merged
bundle beside the target and swaps it in: a refused or failed merge leaves the target as it was.
"""

from __future__ import annotations

import ctypes
import json
import os
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from civcomm.core.exits import EXIT_BAD_INPUT, EXIT_OK
from civcomm.core.hashing import sha256_bytes
from civcomm.core.paths import outputs_dir
from civcomm.data.problems import display_path
from civcomm.output.citation import BIB_NAME, CSL_NAME
from civcomm.runner.bundle import INDEX_PAGES, write_citation_files, write_index
from civcomm.runner.cache import write_manifest
from civcomm.runner.datapackage import PACKAGE_NAME

MANIFEST, INDEX = "manifest.json", "index.html"
REBUILT = {MANIFEST, *INDEX_PAGES.values(), BIB_NAME, CSL_NAME, PACKAGE_NAME}  # top-level files the merge writes itself
STAMP = {"commit": "commit", "data_version": "data version", "code_version": "code version"}
PROVENANCE_HTML = re.compile(r'<(div|p) class="civcomm-provenance">.*?</\1>', re.S)
PROVENANCE_MARK = "<provenance/>"


class MergeError(Exception):
    """Bundles that cannot be merged; ``problems`` holds one line per problem."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class Bundle:
    root: Path
    manifest: dict[str, Any]
    files: dict[str, Path] = field(default_factory=dict)  # posix path inside the bundle -> file

    @property
    def label(self) -> str:
        return display_path(self.root)


# --------------------------------------------------------------------------- comparing files


def strip_provenance(rel: str, data: bytes) -> bytes:
    """``data`` with its provenance block (run date, commit, versions) replaced by a mark.

    Only reports and executed notebooks carry one (``.html``: the ``civcomm-provenance`` element;
    ``.ipynb``: the output that displays it); every other kind of file is returned as it is.
    """
    if rel.endswith(".html"):
        return PROVENANCE_HTML.sub(PROVENANCE_MARK, data.decode("utf-8", "replace")).encode("utf-8")
    if rel.endswith(".ipynb"):
        try:
            nb = json.loads(data)
        except ValueError:
            return data
        for cell in nb.get("cells", []):
            for out in cell.get("outputs", []):
                shown = out.get("data", {}).get("text/html")
                if shown and "civcomm-provenance" in "".join(shown):
                    out["data"]["text/html"] = [PROVENANCE_MARK]
        return json.dumps(nb, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return data


def _digest(rel: str, path: Path) -> str:
    return sha256_bytes(strip_provenance(rel, path.read_bytes()))


# --------------------------------------------------------------------------- reading bundles


def read_bundle(root: Path, problems: list[str]) -> Bundle | None:
    """The manifest and the files of one bundle; what is wrong with it goes to ``problems``."""
    where = display_path(root)
    if not root.is_dir():
        problems.append(f"{where}: not a folder (expected the outputs/ folder of a `civcomm run`)")
        return None
    try:
        manifest = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        problems.append(f"{where}/{MANIFEST}: missing (expected the outputs/ folder of a `civcomm run`)")
        return None
    except (OSError, ValueError) as exc:
        problems.append(f"{where}/{MANIFEST}: unreadable ({exc}; expected the JSON `civcomm run` writes)")
        return None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("reports"), dict):
        problems.append(f"{where}/{MANIFEST}: reports: missing (expected the JSON `civcomm run` writes)")
        return None
    bundle = Bundle(root, manifest)
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in [d for d in dirnames if (Path(dirpath) / d).is_symlink()]:  # os.walk would skip it silently
            filenames.append(name)
            dirnames.remove(name)
        for name in sorted(filenames):
            path = Path(dirpath) / name
            rel = path.relative_to(root).as_posix()
            if rel in REBUILT or (name.startswith(".") and name.endswith(".tmp")):
                continue  # rebuilt here; a killed run's temporary
            if path.is_symlink() or not path.is_file():
                problems.append(f"{where}/{rel}: not a regular file (expected the files `civcomm run` writes)")
                continue
            bundle.files[rel] = path
    return bundle


# --------------------------------------------------------------------------- manifests


def _union(a: Any, b: Any, path: str, labels: tuple[str, str], problems: list[str]) -> Any:
    """Two manifests' values as one: mappings merge key by key; anything else must be equal.

    ``labels``: the bundles ``a`` came from, and the bundle of ``b``."""
    if isinstance(a, dict) and isinstance(b, dict):
        out = dict(a)
        for key, value in b.items():
            out[key] = _union(a[key], value, f"{path}.{key}".lstrip("."), labels, problems) if key in a else value
        return out
    if a != b:
        problems.append(f"{labels[1]}/{MANIFEST}: {path}: differs from the record in {labels[0]} "
                        "(expected one record of each output across the bundles)")
    return a


def merge_manifests(bundles: list[Bundle], problems: list[str]) -> dict[str, Any]:
    """One manifest for the merged bundle, as a single unsharded run would have written it.

    Raises MergeError at once when the bundles were made from different commits, data or code (every
    other comparison would only repeat that). A missing shard of the plan, or one report recorded
    differently by two bundles, goes to ``problems``. Keys this module does not know are merged too
    (mappings key by key, other values must agree), so fields a later runner adds travel along.
    """
    stamp_problems: list[str] = []
    for key, what in STAMP.items():
        for b in bundles:
            if key not in b.manifest:
                stamp_problems.append(f"{b.label}/{MANIFEST}: {key}: not recorded (expected a bundle written by "
                                      "`civcomm run` of this version; run it again)")
        known = [b for b in bundles if key in b.manifest]
        for b in known[1:]:
            if b.manifest[key] != known[0].manifest[key]:
                stamp_problems.append(f"{b.label}/{MANIFEST}: {key}: made from {what} {b.manifest[key]!r}, but "
                                      f"{known[0].label} from {known[0].manifest[key]!r} (expected bundles of one "
                                      f"{what}: rerun the shards from the same checkout)")
    if stamp_problems:
        raise MergeError(stamp_problems)
    problems += _missing_shards(bundles)
    merged: dict[str, Any] = {}
    for i, b in enumerate(bundles):
        rest = {k: v for k, v in b.manifest.items() if k != "shard"}
        earlier = " or ".join(e.label for e in bundles[:i])
        merged = _union(merged, rest, "", (earlier, b.label), problems) if i else rest
    merged["shard"] = None  # the merged bundle is the whole run
    return merged


def _missing_shards(bundles: list[Bundle]) -> list[str]:
    """When every bundle is a shard K/N of one N, the shards none of them is."""
    specs = [b.manifest.get("shard") for b in bundles]
    parsed = [re.fullmatch(r"(\d+)/(\d+)", s) if isinstance(s, str) else None for s in specs]
    if not parsed or not all(parsed) or len({m.group(2) for m in parsed}) != 1:
        return []
    n = int(parsed[0].group(2))
    missing = sorted(set(range(1, n + 1)) - {int(m.group(1)) for m in parsed})
    if not missing:
        return []
    return [f"shard(s) {', '.join(f'{k}/{n}' for k in missing)} missing: the bundles given are shards "
            f"{', '.join(sorted(set(specs), key=lambda s: int(s.split('/')[0])))} (expected every shard of the run)"]


# --------------------------------------------------------------------------- files


def plan_files(bundles: list[Bundle], problems: list[str]) -> dict[str, Path]:
    """Every file of the merged bundle and where to copy it from (the first bundle holding it).

    Two bundles may both hold a file (the shared assets, a table every language's run writes): the
    copies must be equal, provenance blocks aside, or the file goes to ``problems``.
    """
    chosen: dict[str, tuple[Bundle, Path]] = {}
    for b in bundles:
        for rel, path in b.files.items():
            if rel not in chosen:
                chosen[rel] = (b, path)
                continue
            first, first_path = chosen[rel]
            if first_path.read_bytes() == path.read_bytes() or _digest(rel, first_path) == _digest(rel, path):
                continue
            kind = " (compared without provenance blocks)" if rel.endswith((".html", ".ipynb")) else ""
            problems.append(f"{b.label}/{rel}: differs from {first.label}/{rel}{kind} (expected the same "
                            "bytes from every shard that writes it)")
    return {rel: path for rel, (_, path) in sorted(chosen.items())}


def _check_target(target: Path, inputs: list[Path]) -> None:
    """Refuse to replace a folder that is not a bundle (a typo in --out must not wipe a folder)."""
    if not target.exists():
        return
    if not target.is_dir():
        raise MergeError([f"{display_path(target)}: not a folder (expected a folder for the merged bundle)"])
    if (target / MANIFEST).is_file() or target.resolve() == outputs_dir().resolve() or target.resolve() in inputs \
            or not any(target.iterdir()):
        return
    raise MergeError([f"{display_path(target)}: exists and is not a civcomm bundle (no {MANIFEST}); expected a new "
                      "or empty folder, outputs/, or an earlier bundle, which the merge replaces"])


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE); False where that is not available."""
    try:
        fn = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return fn(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def _swap_in(staged: Path, target: Path) -> None:
    """Put the staged bundle at ``target``; the old bundle, if any, ends up at ``staged`` for removal."""
    if not target.exists():
        os.rename(staged, target)
    elif not _exchange(staged, target):  # two renames: only a crash between them leaves no target
        old = staged.with_name(staged.name + ".old")
        os.rename(target, old)
        os.rename(staged, target)
        os.rename(old, staged)


def merge(dirs: list[Path], target: Path) -> dict[str, Any]:
    """Merge the bundles in ``dirs`` into ``target``; returns the merged manifest.

    Raises MergeError listing every problem (nothing written); an OSError while writing leaves the
    target as it was.
    """
    roots = list(dict.fromkeys(d.resolve() for d in dirs))
    problems: list[str] = []
    bundles = [b for b in (read_bundle(d, problems) for d in roots) if b]
    if problems:
        raise MergeError(problems)
    _check_target(target, roots)
    manifest = merge_manifests(bundles, problems)
    files = plan_files(bundles, problems)
    if problems:
        raise MergeError(problems)
    target = target.absolute()
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = Path(tempfile.mkdtemp(prefix=f".{target.name}.merge-", dir=target.parent))
    try:
        os.chmod(staged, 0o777 & ~_umask())
        for rel, src in files.items():
            (staged / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, staged / rel)
        if target.is_dir():  # loose files at the top of the old target that no run writes (README.md, bench.json)
            for p in sorted(target.iterdir()):
                if p.is_file() and not p.is_symlink() and p.name not in REBUILT and p.name not in files \
                        and not p.name.startswith("."):
                    shutil.copyfile(p, staged / p.name)
        write_manifest(manifest, staged)
        write_citation_files(staged)
        write_index(manifest, staged)
        _swap_in(staged, target)
    finally:
        shutil.rmtree(staged, ignore_errors=True)
    return manifest


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def merge_main(args) -> int:
    """`civcomm merge DIR... [--out DIR]`: exit 0 merged, 2 refused (one line per problem, target untouched)."""
    target = Path(args.out) if args.out else outputs_dir()
    try:
        manifest = merge([Path(d) for d in args.dirs], target)
    except MergeError as exc:
        for line in exc.problems:
            print(f"civcomm merge: {line}", file=sys.stderr)
        print(f"civcomm merge: nothing merged; {display_path(target)} left as it was", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as exc:
        print(f"civcomm merge: {exc.filename or ''}: {exc.strerror or exc} (expected readable bundles and a "
              f"writable target); {display_path(target)} left as it was", file=sys.stderr)
        return EXIT_BAD_INPUT
    reports = sum(1 for rid in manifest["reports"] if (target / "reports" / f"{rid}.html").exists())
    print(f"civcomm merge: {len(args.dirs)} bundle(s), {reports} report(s) -> {display_path(target)}", file=sys.stderr)
    return EXIT_OK
