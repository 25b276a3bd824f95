"""One data mistake located in its file (Problem), all of them at once (DataError), and where YAML nodes stand."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from civcomm.core.paths import data_dir, safe_resolve


@dataclass(frozen=True, order=True)
class Problem:
    """One data mistake, located as precisely as the YAML allows."""

    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:"
        return f"{where} {self.field}: {self.message}" if self.field else f"{where} {self.message}"


class DataError(Exception):
    """Raised with every problem found, never only the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))



def display_path(path: Path) -> str:
    """Path as shown in messages: relative to the project root when inside it."""
    try:
        return str(safe_resolve(path).relative_to(data_dir().parent))
    except ValueError:
        return str(path)


def line_of(data: Any, loc: tuple, value: bool = True) -> int:
    """1-based line of the node at ``loc`` (its deepest existing ancestor if it is missing)."""
    line, node = 1, data
    for i, step in enumerate(loc):
        last = i == len(loc) - 1
        if isinstance(node, CommentedMap) and step in node:
            pos = node.lc.value(step) if (last and value) else node.lc.key(step)
            line = pos[0] + 1
            node = node[step]
        elif isinstance(node, CommentedSeq) and isinstance(step, int) and 0 <= step < len(node):
            line = node.lc.item(step)[0] + 1
            node = node[step]
        else:
            if isinstance(node, (CommentedMap, CommentedSeq)) and line == 1 and node.lc.line is not None:
                line = node.lc.line + 1
            break
    return line


def format_loc(loc: tuple) -> str:
    out = ""
    for step in loc:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out


def type_name(value: Any) -> str:
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, list):
        return "list"
    return type(value).__name__


def short_repr(value: Any) -> str:
    text = repr(value if not isinstance(value, (dict, list)) else type(value)())
    return text if len(text) <= 60 else text[:57] + "..."

