"""Validate raw YAML against a pydantic model; every library message said as `field: what (expected ...)`.

Also walks raw YAML guided by the model to find the strings marked as vocabulary ids or refs, so the
cross-file checks run even where the model itself failed to validate (every problem in one run).
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, ValidationError

from civcomm.core.text import invisible_characters, lookalike_letters
from civcomm.data import models as m
from civcomm.data.messages import expected_form, missing_message, model_at
from civcomm.data.problems import Problem, format_loc, line_of, short_repr, type_name


def validate_model(cls: type[BaseModel], data: Any, shown: str) -> tuple[BaseModel | None, list[Problem]]:
    try:
        return cls.model_validate(data), []
    except ValidationError as exc:
        errors = exc.errors()
        missing = {tuple(e["loc"]) for e in errors if e["type"] == "missing"}
        explained: set[tuple] = set()  # missing fields that a misspelt key explains
        problems = []
        for err in errors:
            loc = tuple(err["loc"])
            kind = err["type"]
            if kind == "extra_forbidden":
                parent = model_at(cls, loc[:-1]) or cls
                allowed = list(parent.model_fields)
                close = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.75)
                hint = f"did you mean '{close[0]}'? " if close else ""
                if close and loc[:-1] + (close[0],) in missing:
                    explained.add(loc[:-1] + (close[0],))
                msg = f"unknown key '{loc[-1]}' ({hint}expected one of: {', '.join(allowed)})"
                line = line_of(data, loc, value=False)
            elif kind == "missing":
                continue  # reported below unless a misspelt key explains it
            else:
                msg = err["msg"].removeprefix("Value error, ")
                if kind == "string_pattern_mismatch":
                    msg = _pattern_message(loc, err.get("input"), err.get("ctx", {}).get("pattern", ""))
                elif kind.startswith(("string_type", "int_", "float_", "bool_", "list_type", "dict_type", "model_type")):
                    msg = f"{msg} (got {type_name(err.get('input'))} {short_repr(err.get('input'))})"
                msg = expected_form(err, msg)  # every library message as 'what is wrong (expected ...)'
                line = line_of(data, loc)
            problems.append(Problem(shown, line, format_loc(loc), msg))
        for loc in sorted(missing - explained, key=str):
            problems.append(Problem(shown, line_of(data, loc), format_loc(loc), missing_message(cls, loc)))
        return None, problems



def _pattern_message(loc: tuple, value: Any, pattern: str) -> str:
    """Say in words what an id or code must look like; point out Cyrillic look-alikes and invisible characters."""
    text = str(value)
    hints = []
    cyr = [ch for ch in text if "\u0400" <= ch <= "\u04ff"]
    if cyr and lookalike_letters(text):
        hints.append(f"contains Cyrillic {', '.join(repr(c) for c in cyr)} that look{'s' if len(cyr) == 1 else ''} "
                     "like Latin")
    invisible = invisible_characters(text)
    if invisible:
        hints.append(f"contains the invisible character{'s' if len(invisible) > 1 else ''} {', '.join(invisible)}")
    shown = "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in text)
    hint = "".join(f" ({h})" for h in hints)
    what, expected = m.PATTERN_MEANING.get(pattern, (None, None))
    if what:
        return f"'{shown}' is not {what}{hint} (expected {expected})"
    return f"'{shown}' does not match {pattern}{hint}"


def iter_marked(cls: Any, raw: Any, loc: tuple = ()) -> Iterator[tuple[tuple, Any, Any]]:
    """Yield (loc, value, marker) for every Vocab/RefMarker-annotated string in ``raw``.

    Walks the raw YAML guided by the model class, so the checks run even where the model
    itself failed to validate (every problem in one run).
    """
    if not (isinstance(cls, type) and issubclass(cls, BaseModel)) or not isinstance(raw, dict):
        return
    for name, info in cls.model_fields.items():
        if name in raw:
            yield from _walk(info.annotation, info.metadata, raw[name], loc + (name,))


def _markers(annotation: Any, metadata: list) -> list[Any]:
    found = [x for x in metadata if isinstance(x, (m.Vocab, m.RefMarker))]
    if typing.get_origin(annotation) is typing.Annotated:
        found += [x for x in typing.get_args(annotation)[1:] if isinstance(x, (m.Vocab, m.RefMarker))]
    return found


def _walk(annotation: Any, metadata: list, raw: Any, loc: tuple) -> Iterator[tuple[tuple, Any, Any]]:
    if raw is None:
        return
    markers = _markers(annotation, metadata)
    if typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    origin = typing.get_origin(annotation)
    if isinstance(raw, str):
        for mk in markers:
            yield loc, raw, mk
        return
    if origin in (list, tuple, set) and isinstance(raw, list):
        inner = typing.get_args(annotation)[0]
        for i, v in enumerate(raw):
            yield from _walk(inner, [], v, loc + (i,))
    elif origin is dict and isinstance(raw, dict):
        inner = typing.get_args(annotation)[1]
        for k, v in raw.items():
            yield from _walk(inner, [], v, loc + (k,))
    elif origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            if arg is not type(None):
                yield from _walk(arg, [], raw, loc)
                break
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield from iter_marked(annotation, raw, loc)


def ref_source(ref: str) -> str:
    return ref.split("#", 1)[0]
