"""The validated project loaded once per process, and what a notebook may read of it.

Under `civcomm run` a notebook may read only the data it declares in notebooks/runs.yaml (``reads:``;
the runner passes them in $CIVCOMM_DECLARED): reading anything else fails at once with a message naming
the file, so declarations cannot drift from what notebooks do. In JupyterLab nothing is enforced.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

from civcomm.core.environ import DECLARED_ENV
from civcomm.core.paths import data_dir
from civcomm.data.kinds import BY_NAME, CONTEXT_KINDS, OFFICIAL_TEXTS, covered, declared_patterns
from civcomm.data.problems import display_path
from civcomm.data.project import Project


class UndeclaredInput(RuntimeError):
    """A notebook read data its runs.yaml entry does not declare."""


_CACHE: dict[str, Project] = {}


def project() -> Project:
    """The validated project, loaded once per process (raises DataError on bad data)."""
    key = str(data_dir())
    if key not in _CACHE:
        _CACHE[key] = Project.load()
    return _CACHE[key]


def prime(proj: Project) -> None:
    """Use an already validated project (the runner checked it) instead of loading data/ again."""
    _CACHE[str(data_dir())] = proj


def clear_cache() -> None:
    _CACHE.clear()


def declared() -> list[str] | None:
    """The running notebook's declared inputs, or None outside `civcomm run` (nothing enforced)."""
    raw = os.environ.get(DECLARED_ENV)
    return None if raw is None else list(json.loads(raw))


def _undeclared(what: str) -> UndeclaredInput:
    notebook = os.environ.get("CIVCOMM_NOTEBOOK", "this notebook")
    return UndeclaredInput(f"{notebook} reads {what}, which notebooks/runs.yaml does not declare for it "
                           f"(expected in its `reads:`: {', '.join(declared() or []) or 'nothing declared'}; "
                           "add the data kind or a glob under data/ that covers it)")


def use(*kinds: str) -> Project:
    """The project, for a caller that reads ``kinds`` (under `civcomm run`, only declared kinds may be read)."""
    wanted = declared()
    if wanted is not None:
        allowed = set(wanted) | set(CONTEXT_KINDS)
        for kind in kinds:
            if kind not in allowed:
                raise _undeclared(f"the {kind} files (data/{BY_NAME[kind].pattern})")
    return project()


def note_read(paths: Iterable[Path]) -> list[Path]:
    """Files a notebook reads directly (official texts, a figure's CSV): under `civcomm run` each must be
    covered by the notebook's declared inputs. Returns the paths, sorted."""
    paths = sorted(Path(p) for p in paths)
    wanted = declared()
    if wanted is not None:
        patterns = declared_patterns(wanted)
        root = data_dir()
        for p in paths:
            rel = os.path.relpath(os.path.abspath(p), root)
            if rel.startswith("..") or not covered(rel, patterns):
                raise _undeclared(display_path(p))
    return paths


def note_official(paths: Iterable[Path]) -> list[Path]:
    """Official texts a notebook reads (in data/kz_law/texts/ or the official-texts folder): under `civcomm
    run` the notebook must declare ``official_texts``. Returns the paths, sorted."""
    paths = sorted(Path(p) for p in paths)
    wanted = declared()
    if wanted is None or OFFICIAL_TEXTS in wanted:
        return paths
    root = data_dir()
    inside = [p for p in paths if not os.path.relpath(os.path.abspath(p), root).startswith("..")]
    note_read(inside)  # texts under data/ may be declared by a glob (kz_law/texts/*)
    outside = [p for p in paths if p not in inside]
    if outside:
        raise _undeclared(f"the official texts of the acts ({display_path(outside[0])}, ...; declare {OFFICIAL_TEXTS})")
    return paths
