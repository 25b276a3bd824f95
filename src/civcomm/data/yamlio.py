"""Read YAML with line numbers: every way a file or a value can be unreadable or hostile becomes a Problem.

Only regular files are read, and at most ``MAX_BYTES`` of them (a FIFO, a device such as /dev/zero or a
symlink loop is named, never opened or followed forever); YAML aliases are refused (an alias bomb
expands exponentially in whatever walks the data) and nesting is bounded, before anything is built.
The same rules apply to data files and to values given on the command line (``load_value``).
"""

from __future__ import annotations

import errno
import functools
import hashlib
import os
import pickle
import stat
from pathlib import Path
from typing import Any

import ruamel.yaml
from ruamel.yaml import YAML
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent

from civcomm.core.paths import project_root
from civcomm.data.messages import yaml_message
from civcomm.data.problems import Problem, display_path, type_name

MAX_BYTES = 5_000_000  # no hand-edited fact file is this large; refuse before parsing
MAX_DEPTH = 40  # the deepest data file nests 8 levels; a parser recursing 10,000 levels deep is an attack


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


def file_kind(path: Path, limit: int = MAX_BYTES) -> str | None:
    """Why ``path`` cannot be read as a data file (None if it can): never opens it."""
    try:
        st = os.stat(path)  # follows symlinks: a link to a regular file is fine
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "is a symlink loop (expected a regular file)"
        if os.path.islink(path):
            return "is a symlink to nothing (expected a regular file)"
        return "no such file"
    if stat.S_ISDIR(st.st_mode):
        return "is a directory (expected a YAML file)"
    if stat.S_ISFIFO(st.st_mode):
        return "is a FIFO (named pipe), not a file (expected a regular file)"
    if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode):
        return "is a device, not a file (expected a regular file)"
    if stat.S_ISSOCK(st.st_mode):
        return "is a socket, not a file (expected a regular file)"
    if not stat.S_ISREG(st.st_mode):
        return "is not a regular file"
    if st.st_size > limit:
        return f"file is {st.st_size:,} bytes (expected at most {limit:,} for a data file)"
    return None


def read_bounded(path: Path, limit: int = MAX_BYTES) -> tuple[bytes | None, str | None]:
    """(bytes, None) of a regular file of at most ``limit`` bytes, else (None, why). The read itself is
    bounded: a size reported wrongly (0 for devices and pipes) cannot make it read more."""
    why = file_kind(path, limit)
    if why:
        return None, why
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        return None, f"cannot be opened ({exc.strerror})"
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # replaced between the check and the open
            return None, "is not a regular file"
        chunks, total = [], 0
        while total <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    finally:
        os.close(fd)
    if total > limit:
        return None, f"file is more than {limit:,} bytes (expected at most {limit:,} for a data file)"
    return b"".join(chunks), None


def scan_structure(text: str) -> tuple[int, str] | None:
    """(line, what) of the first alias or over-deep nesting in ``text``, from the parser's events
    (nothing is built); None if there is none. Syntax errors are left to the loader."""
    depth = 0
    try:
        for event in YAML(typ="safe", pure=True).parse(text):
            if isinstance(event, AliasEvent):
                return (event.start_mark.line + 1,
                        f"YAML alias '*{event.anchor}' (expected every value written out: aliases are not allowed)")
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return (event.start_mark.line + 1,
                            f"nesting deeper than {MAX_DEPTH} levels (expected a flat data file)")
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
    except YAMLError:
        return None
    return None


def _syntax_problem(exc: MarkedYAMLError, text: str) -> tuple[int, str]:
    mark = exc.problem_mark or exc.context_mark
    if exc.context_mark and mark and (mark.line >= len(text.rstrip("\n").split("\n"))
                                      or "flow" in (exc.context or "")):
        mark = exc.context_mark  # an unclosed bracket: point at where it opened, not where parsing gave up
    line = mark.line + 1 if mark else 1
    what = (exc.problem or str(exc)).strip()
    if "duplicate key" in what:
        what = what.replace("found duplicate key", "duplicate key")
    ctx = exc.context.strip() if exc.context and "duplicate" not in what else ""
    return line, f"YAML syntax: {yaml_message(what, ctx)}"


_PARSED: dict[tuple[str, bytes], tuple[Any, list[Problem]]] = {}
_PARSED_MAX = 256  # files remembered per process (data/ has about 50)


def read_yaml(path: Path) -> tuple[Any, list[Problem]]:
    """Parse one YAML file; return (data, problems). Never raises for bad input.

    A file whose bytes were parsed before in this process is not parsed again: the same bytes give the same
    data (ruamel's pure-Python parser takes ~3 s for data/; the test suite and `civcomm preview` check the same
    files many times). The data is shared, so callers read it and never change it."""
    shown = display_path(path)
    raw, why = read_bounded(path)
    if why:
        return None, [Problem(shown, 1, "", why)]
    digest = hashlib.blake2b(raw, digest_size=16, key=_parser_key()).hexdigest()
    key = (shown, digest)
    if key in _PARSED:
        data, problems = _PARSED[key]
        return data, list(problems)
    data = _load_kept(digest)
    result = (data, []) if data is not None else _parse(raw, shown)
    if data is None and result[0] is not None and not result[1]:
        _keep(digest, result[0])
    if len(_PARSED) >= _PARSED_MAX:
        _PARSED.pop(next(iter(_PARSED)))
    _PARSED[key] = result
    return result[0], list(result[1])


# Across processes (each `civcomm` command parses the same files again): a clean parse is kept in
# .civcomm-cache/yaml/ at the project root, named by the digest of the file's bytes keyed with this parser's own
# source and ruamel's version, like Python's __pycache__: the same bytes read by the same parser give the same
# data. A missing, unreadable or foreign entry is no entry; a read-only checkout keeps nothing.
KEPT_DIR = (".civcomm-cache", "yaml")


@functools.lru_cache(maxsize=1)
def _parser_key() -> bytes:
    h = hashlib.blake2b(digest_size=16)
    h.update(Path(__file__).read_bytes())
    h.update(ruamel.yaml.__version__.encode())
    return h.digest()


def _kept_path(digest: str) -> Path:
    return project_root().joinpath(*KEPT_DIR) / f"{digest}.pickle"


def _load_kept(digest: str) -> Any:
    try:
        with open(_kept_path(digest), "rb") as fh:
            return pickle.load(fh)
    except Exception:  # noqa: BLE001 - absent, truncated, from another Python: parse the file
        return None


def _keep(digest: str, data: Any) -> None:
    path = _kept_path(digest)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
        tmp.replace(path)
    except (OSError, pickle.PicklingError):
        pass


def _parse(raw: bytes, shown: str) -> tuple[Any, list[Problem]]:
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
    hostile = scan_structure(text)
    if hostile:
        return None, [Problem(shown, hostile[0], "", hostile[1])]
    try:
        data = _yaml().load(text)
    except MarkedYAMLError as exc:
        line, what = _syntax_problem(exc, text)
        return None, [Problem(shown, line, "", what)]
    except (YAMLError, RecursionError) as exc:
        return None, [Problem(shown, 1, "", f"YAML syntax: {yaml_message(str(exc), '')}")]
    if not isinstance(data, dict):
        return None, [Problem(shown, 1, "", f"top level is a {type_name(data)} (expected a mapping)")]
    return data, []


class ValueSyntaxError(ValueError):
    """A command-line value that is not a plain YAML literal (the message says why, in one line)."""


def load_value(text: str, max_chars: int = 10_000) -> Any:
    """A YAML literal given on the command line (``en``, ``[USA, KAZ]``, ``3``), read under the data
    files' rules: plain scalars, lists and mappings only (no tags, no aliases, bounded size and depth)."""
    if len(text) > max_chars:
        raise ValueSyntaxError(f"value is {len(text):,} characters (expected at most {max_chars:,})")
    hostile = scan_structure(text)
    if hostile:
        raise ValueSyntaxError(hostile[1])
    try:
        return YAML(typ="safe", pure=True).load(text)
    except MarkedYAMLError as exc:
        _, what = _syntax_problem(exc, text)
        if "could not determine a constructor" in what:
            what = "YAML tags such as !!python/... are not allowed (expected a plain value, e.g. en or [USA, KAZ])"
        raise ValueSyntaxError(what) from None
    except (YAMLError, RecursionError) as exc:
        raise ValueSyntaxError(f"YAML syntax: {type(exc).__name__}") from None


def _looks_cp1251(raw: bytes) -> bool:
    try:
        text = raw.decode("cp1251")
    except UnicodeDecodeError:
        return False
    return sum("\u0400" <= ch <= "\u04ff" for ch in text) > 3
