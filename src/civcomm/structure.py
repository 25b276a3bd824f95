"""Structural checks a reviewer makes: every citing ref has a locator, Table 2 positions, library messages in the (expected ...) form."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from . import model as m
from .sourcetext import parse_lines, split_ref

# Refs that name a source as a whole by design, not a passage of it: the seed whose bibliography
# lists an item (Source.via) and an act's own bibliography entries (LegalAct.act_sources).
WHOLE_SOURCE_REFS = {(m.Source, "via"), (m.LegalAct, "act_sources")}
BIB_RE = re.compile(r"^\[(\d+)\b")


# --------------------------------------------------------------------------- locators


def locator_problem(ref: str, sources: dict[str, m.Source]) -> str | None:
    """Why a citing ref's locator will not let a reader find the passage, or None.

    - every citing ref has a locator: `source_id#locator`;
    - a source with a text copy (seed_file) is cited by line: `l.525`, `l.520-522` (after `§1.3`,
      `Table 5` ... as the reader needs);
    - a bibliography item is cited by its number as the citing seed prints it: `[102]`,
      `[102, p. 300-317]`; `[N]` alone cites the work as a whole (an act cited as a whole).
    """
    sid, locator = split_ref(ref)
    src = sources.get(sid)
    if src is None:
        return None  # the loader already says the source is unknown
    if not locator.strip():
        example = _example(sid, src)
        return f"'{ref}' has no locator (expected '{example}': where in the source a reader finds it)"
    if src.seed_file and not parse_lines(locator):
        return (f"'{ref}' cites {sid} without a line (expected a line or range of its text, "
                f"e.g. '{sid}#{locator} l.525' or '{sid}#l.520-522')")
    if src.bib_no is not None and not src.seed_file:
        mt = BIB_RE.match(locator)
        if mt is None:
            return (f"'{ref}' does not start with the bibliography number (expected '{sid}#[{src.bib_no}]' "
                    f"or '{sid}#[{src.bib_no}, p. ...]')")
        if int(mt.group(1)) != src.bib_no:
            return (f"'{ref}' cites [{mt.group(1)}] but {sid} is bibliography item [{src.bib_no}] "
                    f"(expected '{sid}#[{src.bib_no}...]'; record a number the seed prints wrongly in data_notes)")
    return None


def _example(sid: str, src: m.Source) -> str:
    if src.seed_file:
        return f"{sid}#l.525"
    if src.bib_no is not None:
        return f"{sid}#[{src.bib_no}]"
    return f"{sid}#p. 12"


def check(project: Any, targets: set[Path]) -> list[Any]:
    """Locator and Table 2 problems of the target files (cross-file: Table 2 positions over every country)."""
    from .load import KINDS, Problem, display_path, format_loc, iter_marked, line_of

    sources = project.sources
    problems = []
    for doc in project.docs:
        if doc.path not in targets:
            continue
        shown = display_path(doc.path)
        for loc, value, marker in iter_marked(KINDS[doc.kind][1], doc.raw):
            if not isinstance(marker, m.RefMarker) or not isinstance(value, str) or not m.REF_RE.match(value):
                continue
            if _whole_source_field(KINDS[doc.kind][1], loc):
                continue
            msg = locator_problem(value, sources)
            if msg:
                problems.append(Problem(shown, line_of(doc.raw, loc), format_loc(loc), msg))
    problems += _check_table2(project, targets)
    return problems


def _whole_source_field(cls: type[BaseModel], loc: tuple) -> bool:
    """True if ``loc`` is one of the fields that name a source as a whole (walks the model classes)."""
    from .load import _unwrap

    current: Any = cls
    for i, step in enumerate(loc):
        if isinstance(step, int) or not (isinstance(current, type) and issubclass(current, BaseModel)):
            continue
        if step not in current.model_fields:
            continue  # a dict key (e.g. a source id): the value model stays the same
        if (current, step) in WHOLE_SOURCE_REFS:
            return True
        nxt = [c for c in _unwrap(current.model_fields[step].annotation) if isinstance(c, type) and issubclass(c, BaseModel)]
        current = nxt[0] if nxt else None
    return False


def _check_table2(project: Any, targets: set[Path]) -> list[Any]:
    """Each Table 2 position is held by one country, and each row cites a line of the dissertation."""
    from .load import Problem, display_path, line_of

    sources = project.sources
    seeds = [sid for sid, s in sources.items() if s.kind == "seed" and s.seed_file]
    holders: dict[int, list[Any]] = {}
    for doc in project.docs:
        if doc.kind == "country" and doc.model is not None and doc.model.table2 is not None:
            holders.setdefault(doc.model.table2.order, []).append(doc)
    problems = []
    for order, docs in sorted(holders.items()):
        for doc in docs:
            if doc.path not in targets:
                continue
            others = [f"{d.model.country} ({display_path(d.path)}:{line_of(d.raw, ('table2', 'order'))})"
                      for d in docs if d is not doc]
            if others:
                problems.append(Problem(display_path(doc.path), line_of(doc.raw, ("table2", "order")), "table2.order",
                                        f"{order} is also the position of {', '.join(others)} "
                                        "(expected each country at its own position in the dissertation's list)"))
    for doc in project.docs:
        if doc.path not in targets or doc.kind != "country" or doc.model is None or doc.model.table2 is None:
            continue
        refs = doc.model.table2.refs
        if not any(split_ref(r)[0] in seeds and parse_lines(split_ref(r)[1]) for r in refs):
            example = f"{seeds[0]}#§1.3 l.334" if seeds else "<seed>#l.334"
            problems.append(Problem(display_path(doc.path), line_of(doc.raw, ("table2", "refs")), "table2.refs",
                                    f"no ref to the line of the dissertation's list where the country stands "
                                    f"(expected e.g. '{example}')"))
    return problems


# --------------------------------------------------------------------------- library messages


def _got(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:39] + "…"
        return repr(text)
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def _choices(expected: str) -> str:
    """"'seed', 'bibliography' or 'other'" -> "seed, bibliography, other"."""
    return ", ".join(re.findall(r"'([^']*)'", expected)) or expected


def expected_form(err: dict, msg: str) -> str:
    """A pydantic error said as `what is wrong (expected ...)`; messages that say it already pass through."""
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    got = _got(err.get("input"))
    if "(expected" in msg:
        return msg
    if kind == "less_than_equal":
        return f"{got} is too large (expected at most {ctx.get('le')})"
    if kind == "less_than":
        return f"{got} is too large (expected less than {ctx.get('lt')})"
    if kind == "greater_than_equal":
        return f"{got} is too small (expected at least {ctx.get('ge')})"
    if kind == "greater_than":
        return f"{got} is too small (expected more than {ctx.get('gt')})"
    if kind == "too_short":
        n, actual = ctx.get("min_length"), ctx.get("actual_length", 0)
        have = "an empty list" if not actual else f"{actual} item(s)"
        return f"{have} (expected at least {n} item{'s' if n != 1 else ''})"
    if kind == "too_long":
        return f"{ctx.get('actual_length')} item(s) (expected at most {ctx.get('max_length')})"
    if kind == "string_too_short":
        return f"{got} is too short (expected at least {ctx.get('min_length')} character(s))"
    if kind == "string_too_long":
        return f"{got} is too long (expected at most {ctx.get('max_length')} characters)"
    if kind == "literal_error":
        return f"{got} is not allowed (expected one of: {_choices(str(ctx.get('expected', '')))})"
    if kind == "string_type":
        return f"{got} is not text (expected a string; quote it if YAML reads it as something else)"
    if kind in ("int_type", "int_parsing", "int_from_float", "int_parsing_size"):
        return f"{got} is not a whole number (expected an integer, e.g. 7)"
    if kind in ("float_type", "float_parsing", "finite_number"):
        return f"{got} is not a number (expected a number, e.g. 42.5)"
    if kind in ("bool_type", "bool_parsing"):
        return f"{got} is not a yes/no value (expected true or false)"
    if kind in ("list_type", "tuple_type", "set_type"):
        return f"{got} is not a list (expected a list, e.g. [a, b])"
    if kind in ("dict_type", "mapping_type"):
        return f"{got} is not a mapping (expected key: value pairs)"
    if kind in ("model_type", "model_attributes_type"):
        cls = getattr(m, str(ctx.get("class_name", "")), None)
        keys = ", ".join(cls.model_fields) if isinstance(cls, type) and issubclass(cls, BaseModel) else "its fields"
        return f"{got} is not a mapping (expected a mapping with keys: {keys})"
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"{got} is not a date (expected YYYY-MM-DD, e.g. 2015-11-23)"
    if kind == "string_pattern_mismatch":
        return f"{got} does not have the required form (expected text matching {ctx.get('pattern')})"
    return f"{msg.rstrip('.')} (expected a value this field accepts)"


def missing_message(cls: type[BaseModel], loc: tuple) -> str:
    """`required field is missing` with what the field holds, from the model."""
    from .load import _model_at

    parent = _model_at(cls, loc[:-1]) or cls
    name = loc[-1]
    info = parent.model_fields.get(name) if isinstance(name, str) else None
    what = (info.description or _kind_of(info.annotation)) if info is not None else "a value"
    return f"required field is missing (expected {name}: {what})"


def _kind_of(annotation: Any) -> str:
    """A field's type in words: 'a date (YYYY-MM-DD)', 'text', 'a list', 'a mapping with keys: ...'."""
    import datetime
    import typing

    from .load import _unwrap

    if typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    origin = typing.get_origin(annotation)
    if origin in (list, tuple, set):
        return "a list"
    if origin is dict:
        return "a mapping"
    if origin is typing.Literal:
        return "one of: " + ", ".join(str(a) for a in typing.get_args(annotation))
    models = [c for c in _unwrap(annotation) if isinstance(c, type) and issubclass(c, BaseModel)]
    if models:
        return "a mapping with keys: " + ", ".join(models[0].model_fields)
    names = {datetime.date: "a date (YYYY-MM-DD)", str: "text", int: "a whole number", float: "a number",
             bool: "true or false"}
    return next((v for k, v in names.items() if annotation is k), "a value")


YAML_EXPECTED = re.compile(r"^expected (?P<want>.+?), but (?:found|got) (?P<got>.+)$", re.S)


def yaml_message(problem: str, context: str) -> str:
    """ruamel's `expected X, but found Y` said as `found Y (expected X)`."""
    problem = " ".join(problem.split())
    mt = YAML_EXPECTED.match(problem)
    where = f" {context}" if context else ""
    if mt:
        return f"found {mt.group('got')}{where} (expected {mt.group('want')})"
    if problem.startswith("duplicate key"):
        return f"{problem} (expected each key once per mapping)"
    if "(expected" in problem:
        return problem + where
    return f"{problem}{where} (expected valid YAML: mappings 'key: value', lists '- item', quotes closed)"
