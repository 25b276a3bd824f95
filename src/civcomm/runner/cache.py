"""When a run can be skipped: cache keys of runs and the manifest of what outputs/ holds."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from civcomm import __version__
from civcomm.core.hashing import glob_sha, sha256_file
from civcomm.core.paths import data_dir, outputs_dir
from civcomm.output.atomic import atomic_write_text
from civcomm.runner.plan import Run


def code_fingerprint() -> str:
    """Hash of the package's own source (a code change reruns everything)."""
    h = hashlib.sha256(__version__.encode())
    pkg = Path(__file__).resolve().parent.parent
    for p in sorted(pkg.rglob("*")):
        if p.is_file() and p.suffix in {".py", ".j2", ".json"}:
            h.update(p.relative_to(pkg).as_posix().encode())
            h.update(p.read_bytes())
    return h.hexdigest()


def file_sha(path: Path) -> str | None:
    if "*" in path.name:  # a folder a notebook listed (load.ReadLog.add_glob)
        return glob_sha(path.parent, path.name)
    try:
        return sha256_file(path)
    except OSError:
        return None


def cache_key(run: Run, code: str, reads: dict[str, str]) -> str:
    """Inputs of a run: notebook source, parameters, package code, and the data files it read."""
    h = hashlib.sha256()
    h.update(run.notebook.read_bytes())
    h.update(json.dumps(run.params, sort_keys=True, ensure_ascii=False).encode())
    h.update(code.encode())
    root = data_dir().parent
    for rel in sorted(reads):
        h.update(rel.encode())
        h.update((file_sha(root / rel) or "missing").encode())
    return h.hexdigest()


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
