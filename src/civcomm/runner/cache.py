"""When a run can be skipped: cache keys of runs and the manifest of what outputs/ holds."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from civcomm import __version__
from civcomm.core.hashing import Hasher
from civcomm.core.paths import data_dir, notebooks_dir, outputs_dir
from civcomm.core.provenance import git_commit
from civcomm.output.atomic import atomic_write_text
from civcomm.runner.inputs import inputs_digest, tree_digest
from civcomm.runner.plan import Run


def code_fingerprint() -> str:
    """Hash of the package's own source and resources (a code or strings change reruns everything)."""
    h = Hasher().add("version", __version__)
    pkg = Path(__file__).resolve().parent.parent
    for p in sorted(pkg.rglob("*")):
        if p.is_file() and p.suffix in {".py", ".j2", ".json", ".yaml", ".css"} and "__pycache__" not in p.parts:
            h.add(p.relative_to(pkg).as_posix(), p.read_bytes())
    return h.hexdigest()


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
