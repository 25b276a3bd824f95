"""When a run can be skipped: cache keys of runs and the manifest of what outputs/ holds."""

from __future__ import annotations

import json
import os
import pickle
from pathlib import Path
from typing import TYPE_CHECKING, Any

from civcomm import __version__
from civcomm.core.hashing import Hasher
from civcomm.core.paths import data_dir, notebooks_dir, outputs_dir, project_root
from civcomm.core.provenance import git_commit
from civcomm.output.atomic import atomic_write_text
from civcomm.runner.inputs import inputs_digest, tree_digest
from civcomm.runner.plan import Run

if TYPE_CHECKING:
    from civcomm.data.project import Project

PARSED_DIR = ".civcomm-cache"  # at the project root (git-ignored): the last validated project, see load_parsed


def code_fingerprint() -> str:
    """Hash of the package's own source and resources (a code or strings change reruns everything)."""
    h = Hasher().add("version", __version__)
    pkg = Path(__file__).resolve().parent.parent
    for p in sorted(pkg.rglob("*")):
        if p.is_file() and p.suffix in {".py", ".j2", ".json", ".yaml", ".css"} and "__pycache__" not in p.parts:
            h.add(p.relative_to(pkg).as_posix(), p.read_bytes())
    return h.hexdigest()


def _parsed_path(code: str) -> Path:
    return project_root() / PARSED_DIR / f"parsed-{code[:20]}.pickle"


def load_parsed(code: str) -> Project | None:
    """The project of the last clean check made by this very code (``code``: code_fingerprint), or None.

    Parsing the YAML is most of a check (~2.5 s of ~3). Like Python's own __pycache__, the parse of a file
    is kept and used again only for the same bytes and the same code: Project.check(reuse=) takes a file's
    earlier model only when its SHA-256 is unchanged, and every cross-file check, the source texts and the
    quotes are checked again each time. A missing or unreadable cache is no cache."""
    from civcomm.data.project import Project

    try:
        with open(_parsed_path(code), "rb") as fh:
            project = pickle.load(fh)
    except Exception:  # noqa: BLE001 - absent, from another Python, truncated: parse everything
        return None
    return project if isinstance(project, Project) else None


def save_parsed(project: Project, code: str) -> None:
    """Keep ``project`` (validated without a problem) for the next check; older caches are removed."""
    path = _parsed_path(code)
    try:
        path.parent.mkdir(exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps(project, protocol=pickle.HIGHEST_PROTOCOL))
        tmp.replace(path)
        for old in path.parent.glob("parsed-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:  # a read-only checkout: no cache, nothing else changes
        pass


def cache_key(run: Run, code: str) -> str:
    """What a run's outputs depend on, computed before it runs: the notebook's source, its parameters, the
    package code, and the listing and contents of every input it declares (context kinds included)."""
    return (Hasher().add("notebook", run.notebook.read_bytes())
            .add("params", json.dumps(run.params, sort_keys=True, ensure_ascii=False))
            .add("code", code)
            .add("inputs", inputs_digest(run.reads))
            .hexdigest())


def stale_reports(manifest: dict[str, Any], code: str) -> set[str]:
    """Ids of the reports and one-off runs in ``manifest`` whose inputs changed since they were made (a
    canonical one is rerun by the next `make reports`; a one-off one only when asked for again)."""
    stale = set()
    for section in ("reports", "adhoc"):
        for rid, rec in manifest.get(section, {}).items():
            nb = notebooks_dir() / rec.get("notebook", "")
            if not nb.is_file():
                stale.add(rid)
                continue
            run = Run(nb, rec.get("params", {}), rid, reads=tuple(rec.get("reads", [])))
            if cache_key(run, code) != rec.get("key"):
                stale.add(rid)
    return stale


def data_version() -> str:
    """Short hash over every data file: what the reports were computed from."""
    root = data_dir()
    return tree_digest(root)[:12]


def bundle_stamp(code: str, shard_spec: str | None) -> dict[str, Any]:
    """What a bundle was made from, kept in manifest.json: `civcomm merge` refuses to mix bundles whose
    commit, data or code differ; ``shard`` lets it notice a missing shard."""
    return {"commit": git_commit(), "data_version": data_version(), "code_version": code[:12], "shard": shard_spec}


# --------------------------------------------------------------------------- manifest


def manifest_path(out: Path | None = None) -> Path:
    return (out or outputs_dir()) / "manifest.json"


def read_manifest() -> dict[str, Any]:
    try:
        return json.loads(manifest_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"reports": {}}


def write_manifest(manifest: dict[str, Any], out: Path | None = None) -> None:
    atomic_write_text(manifest_path(out), json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
