"""The validated project loaded once per process, and the log of which data files a notebook read."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from civcomm.core.hashing import glob_sha
from civcomm.core.paths import data_dir
from civcomm.data.kinds import CONTEXT_KINDS
from civcomm.data.problems import display_path
from civcomm.data.project import Project

_CACHE: dict[str, Project] = {}


def project() -> Project:
    """The validated project, loaded once per process (raises DataError on bad data)."""
    key = str(data_dir())
    if key not in _CACHE:
        _CACHE[key] = Project.load()
    return _CACHE[key]


def clear_cache() -> None:
    _CACHE.clear()


@dataclass
class ReadLog:
    """Which data files a notebook's computations used (for provenance and incremental runs)."""

    files: dict[str, str] = field(default_factory=dict)

    def add(self, project: Project, kinds: list[str]) -> None:
        self.files.update(project.sha_of(kinds))

    def add_glob(self, directory: Path, pattern: str) -> None:
        """Files a notebook reads by listing a folder (e.g. official texts): a file added, changed or
        removed there changes the recorded digest, so the run's cache key changes too."""
        self.files[display_path(Path(directory) / pattern)] = glob_sha(Path(directory), pattern)


READ_LOG = ReadLog()


def use(*kinds: str) -> Project:
    """The project, noting that the caller reads ``kinds`` (plus the context files every check uses)."""
    proj = project()
    READ_LOG.add(proj, list(kinds) + list(CONTEXT_KINDS))
    return proj

