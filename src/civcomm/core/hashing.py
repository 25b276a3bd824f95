"""SHA-256 of bytes, files and listings of files (the one hashing helper: cache keys, provenance, data version)."""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterable
from pathlib import Path


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    """Digest of a regular file's contents, read in chunks."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def entry_digest(path: Path) -> str:
    """The digest of a regular file's contents; for anything else what it is (a FIFO or a device is
    never opened, a symlink loop never followed), so listings that hold one still hash, and change."""
    try:
        st = os.stat(path)
    except OSError as exc:
        return f"unreadable:{exc.errno}"
    if not stat.S_ISREG(st.st_mode):
        return f"special:{stat.S_IFMT(st.st_mode)}"
    try:
        return sha256_file(path)
    except OSError as exc:
        return f"unreadable:{exc.errno}"


def digest_entries(root: Path, paths: Iterable[Path]) -> str:
    """One digest of the names (relative to ``root``) and digests of ``paths``, in sorted order: a file
    added, removed, renamed or edited changes it."""
    h = hashlib.sha256()
    for path in sorted(Path(p) for p in paths):
        h.update(Path(os.path.relpath(path, root)).as_posix().encode() + b"\0")
        h.update(entry_digest(path).encode() + b"\n")
    return h.hexdigest()


class Hasher:
    """An incremental SHA-256 of labelled parts (cache keys are built from several)."""

    def __init__(self) -> None:
        self._h = hashlib.sha256()

    def add(self, label: str, data: bytes | str) -> Hasher:
        raw = data.encode() if isinstance(data, str) else data
        self._h.update(label.encode() + b"\0" + str(len(raw)).encode() + b"\0" + raw)
        return self

    def hexdigest(self) -> str:
        return self._h.hexdigest()

