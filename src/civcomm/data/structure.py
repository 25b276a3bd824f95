"""Structural checks a reviewer makes: every citing ref has a locator; Table 2 positions are unique and cited."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from civcomm.data import models as m
from civcomm.data.doc import ProjectView
from civcomm.data.kinds import BY_NAME
from civcomm.data.messages import unwrap
from civcomm.data.modelcheck import iter_marked
from civcomm.data.problems import Problem, display_path, format_loc, line_of
from civcomm.data.sourcetext import parse_lines, split_ref

# Refs that name a source as a whole by design, not a passage of it: the seed whose bibliography
# lists an item (Source.via) and an act's own bibliography entries (LegalAct.act_sources).
WHOLE_SOURCE_REFS = {(m.Source, "via"), (m.LegalAct, "act_sources"), (m.LegalAct, "official_texts"),
                     (m.LawReading, "texts")}
BIB_RE = re.compile(r"^\[(\d+)\b")


# --------------------------------------------------------------------------- locators


def locator_problem(ref: str, sources: dict[str, m.Source]) -> str | None:
    """Why a citing ref's locator will not let a reader find the passage, or None.

    - every citing ref has a locator: `source_id#locator`;
    - a source with a text copy (seed_file) is cited by line: `l.525`, `l.520-522` (after `§1.3`,
      `Table 5` ... as the reader needs); an official text of an act by its unit and line
      (`50-бап 2-тармақ 3) l.1850`);
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
    if src.official is not None and not parse_lines(locator):
        return (f"'{ref}' cites the official text {sid} without a line (expected the unit as printed and its "
                f"line, e.g. '{sid}#50-бап 2-тармақ 3) l.1850' or '{sid}#ст. 50 п. 2 пп. 3) l.1780')")
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


def check(project: ProjectView, targets: set[Path]) -> list[Any]:
    """Locator and Table 2 problems of the target files (cross-file: Table 2 positions over every country)."""
    sources = project.sources
    problems = []
    for doc in project.docs:
        if doc.path not in targets:
            continue
        shown = display_path(doc.path)
        for loc, value, marker in iter_marked(BY_NAME[doc.kind].model, doc.raw):
            if not isinstance(marker, m.RefMarker) or not isinstance(value, str) or not m.REF_RE.match(value):
                continue
            if _whole_source_field(BY_NAME[doc.kind].model, loc):
                continue
            msg = locator_problem(value, sources)
            if msg:
                problems.append(Problem(shown, line_of(doc.raw, loc), format_loc(loc), msg))
    problems += _check_table2(project, targets)
    return problems


def _whole_source_field(cls: type[BaseModel], loc: tuple) -> bool:
    """True if ``loc`` is one of the fields that name a source as a whole (walks the model classes)."""
    current: Any = cls
    for i, step in enumerate(loc):
        if isinstance(step, int) or not (isinstance(current, type) and issubclass(current, BaseModel)):
            continue
        if step not in current.model_fields:
            continue  # a dict key (e.g. a source id): the value model stays the same
        if (current, step) in WHOLE_SOURCE_REFS:
            return True
        nxt = [c for c in unwrap(current.model_fields[step].annotation) if isinstance(c, type) and issubclass(c, BaseModel)]
        current = nxt[0] if nxt else None
    return False


def _check_table2(project: ProjectView, targets: set[Path]) -> list[Any]:
    """Each Table 2 position is held by one country, and each row cites a line of the dissertation."""
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
