"""Where things live: the project root, data/, notebooks/, outputs/ (overridable for tests)."""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path

from civcomm.core.hashing import sha256_bytes


@functools.lru_cache(maxsize=64)
def _resolved(path: str) -> Path:
    """``path`` made absolute with its links resolved. Remembered: the data cache asks for data/ thousands of
    times a run (each label and reference), and resolving costs a system call per path component."""
    return Path(path).resolve()


@functools.lru_cache(maxsize=16)
def _root_from(cwd: str) -> Path:
    for base in (Path(cwd), Path(__file__).resolve()):
        for p in (base, *base.parents):
            if (p / "data").is_dir() and (p / "notebooks").is_dir() and (p / "pyproject.toml").is_file():
                return p
    return Path(cwd).resolve()


def project_root() -> Path:
    """The repository root: $CIVCOMM_ROOT, else the nearest parent of the working folder (or of this
    package) holding data/, notebooks/ and pyproject.toml."""
    env = os.environ.get("CIVCOMM_ROOT")
    return _resolved(env) if env else _root_from(os.getcwd())


def data_dir() -> Path:
    env = os.environ.get("CIVCOMM_DATA")
    return _resolved(env) if env else _resolved(str(project_root() / "data"))


def notebooks_dir() -> Path:
    return project_root() / "notebooks"


def outputs_dir() -> Path:
    """The bundle: outputs/ (or $CIVCOMM_OUTPUTS)."""
    return Path(os.environ.get("CIVCOMM_OUTPUTS", project_root() / "outputs")).resolve()


EXPORTS_ENV = "CIVCOMM_EXPORTS"


def exports_dir() -> Path:
    """Where a run's tables, graphs and figures go: outputs/ for a run listed in runs.yaml, a folder of its
    own under outputs/adhoc/ for a one-off run or a notebook run in JupyterLab ($CIVCOMM_EXPORTS)."""
    env = os.environ.get(EXPORTS_ENV)
    return Path(env).resolve() if env else outputs_dir()


ADHOC = "adhoc"  # outputs/adhoc/<run id>/: one-off and interactive runs, never over a canonical output


def run_id(stem: str, params: dict) -> str:
    """Stable, readable id of a notebook run: ``01_compare_countries.lang-kk``; long parameter sets hashed."""
    if not params:
        return stem
    parts = []
    for k in sorted(params):
        v = params[k]
        v = "+".join(map(str, v)) if isinstance(v, list) else str(v)
        parts.append(f"{k}-{v}" if v else k)
    slug = re.sub(r"[^A-Za-z0-9_+.-]+", "_", "_".join(parts))
    if len(slug) > 60:
        slug = slug[:40] + "-" + sha256_bytes(slug.encode())[:10]
    return f"{stem}.{slug}"


def safe_resolve(path: Path) -> Path:
    """``path`` made absolute with symlinks resolved where that is possible; a symlink loop (which makes
    ``Path.resolve`` raise) or a dangling link is left unresolved, for the caller to report."""
    try:
        return Path(path).resolve()
    except (OSError, RuntimeError):
        return Path(os.path.abspath(path))


LAW_TEXTS_ENV = "CIVCOMM_LAW_TEXTS"
LAW_TEXTS_DEFAULT = ("..", "shared", "sources", "kz_law")  # beside a clone, where the official texts live


def law_texts_dirs() -> list[Path]:
    """The folders searched for official texts of acts (``<act>.<lang>.txt``), in order: a user's own in
    data/kz_law/texts/, then $CIVCOMM_LAW_TEXTS (``--law-texts``), else ../shared/sources/kz_law beside the
    clone. Folders that do not exist are left out; a file found in an earlier folder wins."""
    env = os.environ.get(LAW_TEXTS_ENV)
    shared = _resolved(env) if env else _resolved(str(project_root().joinpath(*LAW_TEXTS_DEFAULT)))
    own = data_dir() / "kz_law" / "texts"
    return [d for d in dict.fromkeys([own, shared]) if d.is_dir()]
