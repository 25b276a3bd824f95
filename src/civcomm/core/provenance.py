"""What a run was made from: the git commit and the versions of the packages that matter."""

from __future__ import annotations

import platform
import subprocess
from importlib import metadata

from civcomm.core.i18n import t
from civcomm.core.paths import project_root

DIRTY = " (with uncommitted changes)"  # how git_commit marks a checkout whose data/, src/ or notebooks/ differ
PACKAGES = ("civcomm", "pandas", "plotly", "networkx", "pydantic", "papermill", "nbconvert", "jupytext")


def git_commit() -> str:
    try:
        root = project_root()
        sha = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, timeout=10)
        if sha.returncode != 0:
            return "unknown (not a git checkout)"
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "data", "src", "notebooks"], cwd=root,
                               capture_output=True, text=True, timeout=10).stdout.strip()
        return sha.stdout.strip() + (DIRTY if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def shown_commit(commit: str, lang: str) -> str:
    """``commit`` (as git_commit wrote it, e.g. into the manifest) for a reader in ``lang``: the hash stays,
    the words around it are translated."""
    if commit.endswith(DIRTY):
        return f"{commit[:-len(DIRTY)]} ({t('commit_dirty', lang)})"
    if commit.startswith("unknown"):
        return t("commit_unknown", lang)
    return commit


def package_versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out
