"""What a run reads: the inputs a notebook declares in runs.yaml, resolved to files, and digests of them.

A declaration is a data kind of the registry (``country``, ``kz_act``...) or a glob under data/
(``kz_law/texts/*``). Every run also reads the context kinds (sources, vocabularies, codebook, the
stakeholder vocabulary): labels and refs come from them. A digest covers the *listing* and the
contents: a file added, removed, renamed or edited changes it. Nothing here opens a FIFO or a device.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from civcomm.core.hashing import digest_entries, sha256_bytes
from civcomm.core.paths import data_dir, law_texts_dirs
from civcomm.data.kinds import OFFICIAL_TEXTS, declared_patterns


def files_matching(globs: Iterable[str], root: Path | None = None) -> list[Path]:
    root = root or data_dir()
    found: set[Path] = set()
    for pattern in globs:
        found.update(p for p in root.glob(pattern) if not os.path.isdir(p))
    return sorted(found)


def inputs_digest(reads: Iterable[str], root: Path | None = None) -> str:
    """One digest of the names and contents of every file the declarations match (``official_texts``: also
    the texts in the official-texts folder outside data/, by name and contents)."""
    reads = list(reads)
    root = root or data_dir()
    digest = digest_entries(root, files_matching(declared_patterns(reads), root))
    if OFFICIAL_TEXTS in reads:
        outside = [d for d in law_texts_dirs() if d != root / "kz_law" / "texts"]
        parts = [digest, *(digest_entries(d, sorted(d.glob("*.txt"))) for d in outside)]
        digest = sha256_bytes("\n".join(parts).encode())
    return digest


def tree_digest(root: Path | None = None) -> str:
    """One digest of every entry under data/ (names, kinds and contents; symlinked folders not entered):
    any byte or any file name that changes changes it."""
    root = root or data_dir()
    entries: list[Path] = []
    for folder, dirs, files in os.walk(root, followlinks=False):
        dirs.sort()
        base = Path(folder)
        entries += [base / name for name in files]
        entries += [base / name for name in dirs if os.path.islink(base / name)]
    return digest_entries(root, entries)
