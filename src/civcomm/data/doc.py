"""One data file as read (``Doc``) and what the per-kind checks need of the project (``ProjectView``).

Below the registry (``kinds``), the checks it names (``checks``, ``survey``) and ``project``: they all
import from here, and nothing here imports them back, so ``data/`` has no import circle.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel

from civcomm.data import models as m


@dataclass
class Doc:
    """One data file as read: its kind, raw YAML (with line numbers), validated model (None if invalid)."""

    kind: str
    path: Path
    raw: Any
    model: BaseModel | None
    sha256: str


class ProjectView(Protocol):
    """What a check reads of the project (``project.Project`` has it; the checks cannot import it: it imports them)."""

    docs: Sequence[Doc]

    @property
    def sources(self) -> dict[str, m.Source]: ...

    def one(self, kind: str) -> Any: ...

    def all(self, kind: str) -> list[Any]: ...

    def vocab(self, name: str) -> dict[str, Any]: ...
