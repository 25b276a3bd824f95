"""What a library said, in the house form `what is wrong (expected ...)`: pydantic's and ruamel's messages
rewritten, and the model introspection they need (the model class at an error's location)."""

from __future__ import annotations

import datetime
import re
import typing
from typing import Any

from pydantic import BaseModel

from civcomm.data import models as m
from civcomm.data.problems import type_name


def unwrap(annotation: Any) -> list[Any]:
    """The model classes reachable one step inside an annotation (list/dict/Optional/Annotated)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return unwrap(typing.get_args(annotation)[0])
    if origin is None:
        return [annotation]
    out = []
    for arg in typing.get_args(annotation):
        out += unwrap(arg)
    return out


def model_at(cls: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    current: Any = cls
    for step in loc:
        if isinstance(step, int):
            continue
        if isinstance(current, type) and issubclass(current, BaseModel) and step in current.model_fields:
            nxt = [c for c in unwrap(current.model_fields[step].annotation) if isinstance(c, type) and issubclass(c, BaseModel)]
            current = nxt[0] if nxt else None
        elif isinstance(current, type) and issubclass(current, BaseModel):
            return current if step == loc[-1] else None
        else:
            # a dict key (e.g. a source id): stay on the value model of the dict
            continue
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


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
    return f"a {type_name(value)}" if isinstance(value, (dict, list)) else type_name(value)


def _choices(expected: str) -> str:
    """"'seed', 'bibliography' or 'other'" -> "seed, bibliography, other"."""
    return ", ".join(re.findall(r"'([^']*)'", expected)) or expected


_BOUNDS = {"less_than_equal": ("too large", "at most", "le"), "less_than": ("too large", "less than", "lt"),
           "greater_than_equal": ("too small", "at least", "ge"), "greater_than": ("too small", "more than", "gt")}


def expected_form(err: dict, msg: str) -> str:
    """A pydantic error said as `what is wrong (expected ...)`; messages that say it already pass through."""
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    got = _got(err.get("input"))
    if "(expected" in msg:
        return msg
    if kind in _BOUNDS:
        what, bound, key = _BOUNDS[kind]
        return f"{got} is {what} (expected {bound} {ctx.get(key)})"
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
    parent = model_at(cls, loc[:-1]) or cls
    name = loc[-1]
    info = parent.model_fields.get(name) if isinstance(name, str) else None
    what = (info.description or _kind_of(info.annotation)) if info is not None else "a value"
    return f"required field is missing (expected {name}: {what})"


def _kind_of(annotation: Any) -> str:
    """A field's type in words: 'a date (YYYY-MM-DD)', 'text', 'a list', 'a mapping with keys: ...'."""
    if typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    origin = typing.get_origin(annotation)
    if origin in (list, tuple, set):
        return "a list"
    if origin is dict:
        return "a mapping"
    if origin is typing.Literal:
        return "one of: " + ", ".join(str(a) for a in typing.get_args(annotation))
    models = [c for c in unwrap(annotation) if isinstance(c, type) and issubclass(c, BaseModel)]
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
