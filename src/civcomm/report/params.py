"""Notebook parameters: what each accepts (choices read from the data), checked before any kernel starts."""

from __future__ import annotations

import difflib
import types
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from civcomm.analysis.lawtexts import find_texts
from civcomm.analysis.network import METRICS
from civcomm.core.langs import LANGS
from civcomm.data import cache
from civcomm.views.stakeholders import graph_countries
from civcomm.views.survey import figure_ids


class ParameterError(ValueError):
    """A parameter name or value a notebook does not accept."""


@dataclass(frozen=True)
class ParamSpec:
    """What a parameter accepts. ``choices`` is a callable so data-driven lists load lazily."""

    help: str
    choices: Callable[[], Iterable[str]] | None = None
    many: bool = False  # a list of choices; [] means all


def _countries() -> list[str]:
    return sorted(c.country for c in cache.project().all("country"))


def _competences() -> list[str]:
    return sorted(cache.project().vocab("competence"))


def _acts() -> list[str]:
    ids = {a.act for a in cache.project().all("kz_act")}
    ids |= {act for act, _ in find_texts()}  # official texts in data/kz_law/texts/ and the official-texts folder
    return sorted(ids)


def _actors() -> list[str]:
    ids = {a.id for f in cache.project().all("stakeholders") for a in f.actors}
    ids |= {i.id for c in cache.project().all("country") for i in c.institutions}
    return [""] + sorted(ids)


SPECS: dict[str, ParamSpec] = {
    "lang": ParamSpec("language of labels and text", lambda: LANGS),
    "countries": ParamSpec("ISO3 codes of countries to show; [] = all", _countries, many=True),
    "competences": ParamSpec("competence ids from data/codebook.yaml; [] = all", _competences, many=True),
    # legal-text analysis
    "acts": ParamSpec("act ids from data/kz_law and the official texts (data/kz_law/texts, --law-texts); [] = all", _acts, many=True),
    "source": ParamSpec("which Kazakh codes to use: hand (data/kz_law), auto (coder on texts) or both",
                        lambda: ("hand", "auto", "both")),
    "min_countries": ParamSpec("countries abroad that must emphasise a competence for it to count as a gap"),
    # survey
    "figures": ParamSpec("survey figure ids from data/survey/*.yaml; [] = all", figure_ids, many=True),
    # the dissertation's tables
    "levels": ParamSpec("job levels for Table 5 (data/vocabularies.yaml); [] = all three",
                        lambda: sorted(cache.project().vocab("job_level")), many=True),
    "include_all_levels": ParamSpec("count emphases marked 'all' at every job level in Table 5"),
    "formats": ParamSpec("table export formats; [] = none", lambda: ("csv", "xlsx", "docx", "tex"), many=True),
    # stakeholder graphs
    "country": ParamSpec("ISO3 code of the graph to show (KAZ = the stakeholder graph)", graph_countries),
    "relation_kinds": ParamSpec("relation kinds to keep; [] = all",
                                lambda: sorted(cache.project().vocab("relation_kind")), many=True),
    "ego": ParamSpec("actor id whose ego network to show; '' = the whole graph", _actors),
    "depth": ParamSpec("ego-network depth in ties (a positive integer)"),
    "metric": ParamSpec("metric for node size and the metrics table's order", lambda: sorted(METRICS)),
    "include_proposed": ParamSpec("also draw the dissertation's proposed ties"),
}


def validate_parameters(declared: dict[str, Any], given: dict[str, Any], where: str = "notebook") -> list[str]:
    """Every problem with ``given`` against a notebook's ``declared`` defaults (names, types, values)."""
    problems = []
    for name, value in given.items():
        if name not in declared:
            close = difflib.get_close_matches(name, list(declared), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            problems.append(f"{where}: unknown parameter '{name}' (expected one of: {', '.join(declared) or 'none'}{hint})")
            continue
        default = declared[name]
        if default is not None and not isinstance(value, type(default)) and not (
            isinstance(default, float) and isinstance(value, int)
        ):
            problems.append(f"{where}: parameter '{name}' = {value!r} has type {type(value).__name__} "
                            f"(expected {type(default).__name__}, like the default {default!r})")
            continue
        spec = SPECS.get(name)
        if spec and spec.choices:
            allowed = list(spec.choices())
            values = value if spec.many and isinstance(value, list) else [value]
            bad = [v for v in values if v not in allowed]
            if bad:
                problems.append(f"{where}: parameter '{name}' has value(s) {', '.join(map(repr, bad))} "
                                f"that are not allowed (expected {'a list of ' if spec.many else 'one of '}"
                                f"{', '.join(allowed)})")
    return problems


def user_globals(ns: dict[str, Any]) -> dict[str, Any]:
    skip = {"In", "Out", "get_ipython", "exit", "quit", "open"}
    return {k: v for k, v in ns.items()
            if not k.startswith("_") and k not in skip
            and not isinstance(v, (types.ModuleType, types.FunctionType, type))
            and not callable(v)}
