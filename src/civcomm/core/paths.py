"""Where things live: the project root, data/, notebooks/, outputs/ (overridable for tests)."""

from __future__ import annotations

import os
from pathlib import Path


def project_root() -> Path:
    """The repository root: $CIVCOMM_ROOT, else the nearest parent holding data/ and notebooks/."""
    env = os.environ.get("CIVCOMM_ROOT")
    if env:
        return Path(env).resolve()
    for base in (Path.cwd(), Path(__file__).resolve()):
        for p in (base, *base.parents):
            if (p / "data").is_dir() and (p / "notebooks").is_dir() and (p / "pyproject.toml").is_file():
                return p
    return Path.cwd().resolve()


def data_dir() -> Path:
    return Path(os.environ.get("CIVCOMM_DATA", project_root() / "data")).resolve()


def notebooks_dir() -> Path:
    return project_root() / "notebooks"


def outputs_dir() -> Path:
    return Path(os.environ.get("CIVCOMM_OUTPUTS", project_root() / "outputs")).resolve()
