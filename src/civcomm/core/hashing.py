"""SHA-256 of bytes, files and folders (the one hashing helper: cache keys, provenance, data version)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def digest_files(root: Path, paths: Iterable[Path]) -> str:
    """One digest of the names (relative to ``root``) and contents of ``paths``, in sorted order:
    a file added, removed, renamed or edited changes it."""
    h = hashlib.sha256()
    for path in sorted(Path(p) for p in paths):
        h.update(path.relative_to(root).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def glob_sha(directory: Path, pattern: str) -> str:
    """One digest of the names and contents of the files matching ``pattern`` in ``directory``."""
    h = hashlib.sha256()
    for path in sorted(directory.glob(pattern)) if directory.is_dir() else []:
        if path.is_file():
            h.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()
