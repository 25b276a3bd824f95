"""Read one YAML data file with line numbers: every way it can be unreadable becomes a Problem, never a traceback."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from civcomm.data.problems import Problem, display_path, type_name

MAX_BYTES = 5_000_000  # no hand-edited fact file is this large; refuse before parsing


class _Constructor(RoundTripConstructor):
    """Round-trip constructor that keeps timestamps as strings: dates are checked by the models."""


_Constructor.add_constructor(
    "tag:yaml.org,2002:timestamp", lambda self, node: str(self.construct_scalar(node))
)


def _yaml() -> YAML:
    y = YAML(typ="rt")
    y.Constructor = _Constructor
    y.allow_duplicate_keys = False
    return y



def read_yaml(path: Path) -> tuple[Any, list[Problem]]:
    """Parse one YAML file; return (data, problems). Never raises for bad input."""
    shown = display_path(path)
    if path.is_dir():
        return None, [Problem(shown, 1, "", "is a directory (expected a YAML file)")]
    if not path.exists():
        return None, [Problem(shown, 1, "", "no such file")]
    size = path.stat().st_size
    if size > MAX_BYTES:
        return None, [Problem(shown, 1, "", f"file is {size:,} bytes (expected at most {MAX_BYTES:,} for a data file)")]
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        hint = " (looks like CP1251: re-save as UTF-8)" if _looks_cp1251(raw) else ""
        return None, [Problem(shown, line, "", f"bytes are not UTF-8 at offset {exc.start}{hint} (expected UTF-8 text)")]
    if not text.strip():
        return None, [Problem(shown, 1, "", "file is empty (expected a YAML mapping)")]
    if "\t" in text:
        line = text[: text.index("\t")].count("\n") + 1
        return None, [Problem(shown, line, "", "tab character (YAML indentation must use spaces)")]
    try:
        data = _yaml().load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and mark and (mark.line >= len(text.rstrip("\n").split("\n"))
                                          or "flow" in (exc.context or "")):
            mark = exc.context_mark  # an unclosed bracket: point at where it opened, not where parsing gave up
        line = mark.line + 1 if mark else 1
        what = (exc.problem or str(exc)).strip()
        if "duplicate key" in what:
            what = what.replace("found duplicate key", "duplicate key")
        ctx = f" {exc.context.strip()}" if exc.context and "duplicate" not in what else ""
        return None, [Problem(shown, line, "", f"YAML syntax: {what}{ctx}")]
    except YAMLError as exc:
        return None, [Problem(shown, 1, "", f"YAML syntax: {exc}")]
    if not isinstance(data, dict):
        return None, [Problem(shown, 1, "", f"top level is a {type_name(data)} (expected a mapping)")]
    return data, []


def _looks_cp1251(raw: bytes) -> bool:
    try:
        text = raw.decode("cp1251")
    except UnicodeDecodeError:
        return False
    return sum("\u0400" <= ch <= "\u04ff" for ch in text) > 3

