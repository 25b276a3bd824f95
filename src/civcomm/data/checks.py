"""What a data file must satisfy beyond its model, per kind: names that match, ids that resolve, codes that parse."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from civcomm.core.paths import data_dir, safe_resolve
from civcomm.data import models as m
from civcomm.data.doc import Doc, ProjectView
from civcomm.data.problems import Problem, format_loc, line_of


def inside(path: Path, root: Path) -> bool:
    try:
        safe_resolve(path).relative_to(root)
        return True
    except ValueError:
        return False


def check_country(project: ProjectView, doc: Doc, shown: str) -> list[Problem]:
    """The file is named after the country; programmes name institutions declared in the file."""
    problems = []
    expected = doc.model.country.lower() + ".yaml"
    if doc.path.name != expected and inside(doc.path, data_dir()):
        problems.append(Problem(shown, line_of(doc.raw, ("country",)), "country",
                                f"'{doc.model.country}' does not match the file name (expected the file to be named {expected})"))
    known = {i.id for i in doc.model.institutions}
    for i, prog in enumerate(doc.model.programmes):
        if prog.institution is not None and prog.institution not in known:
            loc = ("programmes", i, "institution")
            problems.append(Problem(shown, line_of(doc.raw, loc), format_loc(loc),
                                    f"unknown institution '{prog.institution}' (expected an institution id "
                                    f"declared in this file: {', '.join(sorted(known)) or 'none declared'})"))
    return problems


ARTICLE_LOCATOR = re.compile(r"^\s*\d+(?:-\d+)*-бап|^\s*(?:ст\.|статья)\s*\d", re.IGNORECASE)


def check_act(project: ProjectView, doc: Doc, shown: str) -> list[Problem]:
    """An act file: its name is its id, its category codes are Order 71 codes, provision ids are unique."""
    act = doc.model
    problems = []
    if doc.path.stem != act.act:
        problems.append(Problem(shown, line_of(doc.raw, ("act",)), "act",
                                f"'{act.act}' does not match the file name (expected the file to be named {act.act}.yaml)"))
    if act.adilet_id and act.adilet_id.lower() != act.act:
        problems.append(Problem(shown, line_of(doc.raw, ("adilet_id",)), "adilet_id",
                                f"adilet id '{act.adilet_id}' but act '{act.act}' (expected the act id to be the adilet id in lower case)"))
    for i, ref in enumerate(act.official_texts):
        src = project.sources.get(ref.partition("#")[0])
        if src is not None and (src.official is None or src.official.act != act.act):
            problems.append(Problem(shown, line_of(doc.raw, ("official_texts", i)), f"official_texts[{i}]",
                                    f"'{ref}' is not an official text of {act.act} (expected a source of kind "
                                    f"official_text whose official.act is {act.act})"))
    official = [ref.partition("#")[0] for ref in act.official_texts]
    for i, prov in enumerate(act.provisions):
        if official and ARTICLE_LOCATOR.match(prov.locator) and not prov.names:
            problems.append(Problem(shown, line_of(doc.raw, ("provisions", i, "locator")), f"provisions[{i}].names",
                                    f"'{prov.locator}' names an article, but the provision names no unit of the "
                                    "official text (expected names: [{article: '7', refs: ['<official text>#7-бап "
                                    "l.<line>']}])"))
        for j, unit in enumerate(prov.names):
            for k, ref in enumerate(unit.refs):
                if ref.partition("#")[0] not in official:
                    loc = ("provisions", i, "names", j, "refs", k)
                    problems.append(Problem(shown, line_of(doc.raw, loc), format_loc(loc),
                                            f"'{ref}' is not one of the act's official texts (expected one of: "
                                            f"{', '.join(official) or 'none: the act has no official_texts'})"))
    for i, group in enumerate(act.category_groups):
        for j, raw in enumerate(group.raw_codes):
            msg = m.category_code_problem(raw)
            if msg:
                problems.append(Problem(shown, line_of(doc.raw, ("category_groups", i, "raw_codes", j)),
                                        f"category_groups[{i}].raw_codes[{j}]", msg))
    return problems



def check_table(project: ProjectView, doc: Doc, shown: str) -> list[Problem]:
    """Cells name declared columns; codes are Order 71 codes; named countries have files."""
    t = doc.model
    problems = []
    expected = f"table{t.table}.yaml"
    if doc.path.name != expected:
        problems.append(Problem(shown, line_of(doc.raw, ("table",)), "table",
                                f"table {t.table} does not match the file name (expected {expected})"))
    cols = [c.key for c in t.columns]
    known_countries = {c.country for c in project.all("country")}
    acts = {a.act for a in project.all("kz_act")}
    if t.rows_from and acts and t.rows_from not in acts:
        problems.append(Problem(shown, line_of(doc.raw, ("rows_from",)), "rows_from",
                                f"unknown act '{t.rows_from}' (expected a file in data/kz_law/)"))
    for i, row in enumerate(t.rows):
        for key in row.cells:
            if key not in cols:
                problems.append(Problem(shown, line_of(doc.raw, ("rows", i, "cells", key), value=False),
                                        f"rows[{i}].cells.{key}", f"unknown column '{key}' (expected one of: {', '.join(cols)})"))
        for j, raw in enumerate(row.example_codes_raw):
            msg = m.category_code_problem(raw)
            if msg:
                problems.append(Problem(shown, line_of(doc.raw, ("rows", i, "example_codes_raw", j)),
                                        f"rows[{i}].example_codes_raw[{j}]", msg))
        for j, cc in enumerate(row.countries):
            for k, iso in enumerate(cc.countries):
                if known_countries and iso not in known_countries:
                    problems.append(Problem(shown, line_of(doc.raw, ("rows", i, "countries", j, "countries", k)),
                                            f"rows[{i}].countries[{j}].countries[{k}]",
                                            f"no country file for '{iso}' (expected one of: {', '.join(sorted(known_countries))})"))
    return problems


def check_stakeholders(project: ProjectView, doc: Doc, shown: str) -> list[Problem]:
    """Relations point at declared actors; self-loops only where the kind allows them; name = country."""
    problems = []
    model = doc.model
    expected = model.country.lower() + ".yaml"
    if doc.path.name != expected and inside(doc.path, data_dir()):
        problems.append(Problem(shown, line_of(doc.raw, ("country",)), "country",
                                f"'{model.country}' does not match the file name (expected the file to be named {expected})"))
    actors = {a.id for a in model.actors}
    seen: dict[str, int] = {}
    for i, a in enumerate(model.actors):
        if a.id in seen:
            problems.append(Problem(shown, line_of(doc.raw, ("actors", i, "id")), f"actors[{i}].id",
                                    f"actor '{a.id}' is declared twice (first at line {seen[a.id]})"))
        seen.setdefault(a.id, line_of(doc.raw, ("actors", i, "id")))
    kinds = project.vocab("relation_kind")
    for i, r in enumerate(model.relations):
        for end, value in (("from", r.from_), ("to", r.to)):
            if value not in actors:
                close = difflib.get_close_matches(value, sorted(actors), n=1)
                hint = f"; did you mean '{close[0]}'?" if close else ""
                problems.append(Problem(shown, line_of(doc.raw, ("relations", i, end)), f"relations[{i}].{end}",
                                        f"unknown actor '{value}' (expected an actor id declared in this file{hint})"))
        kind = kinds.get(r.kind)
        if r.from_ == r.to and kind is not None and not kind.allows_self_loop:
            allowed = sorted(k for k, v in kinds.items() if v.allows_self_loop)
            problems.append(Problem(shown, line_of(doc.raw, ("relations", i, "to")), f"relations[{i}].to",
                                    f"self-loop '{r.from_}' -> '{r.to}' with kind '{r.kind}', which forbids self-loops "
                                    f"(kinds that allow them: {', '.join(allowed) or 'none'})"))
    return problems


def check_reading(project: ProjectView, doc: Doc, shown: str) -> list[Problem]:
    """A reading of an official text: named after its act, reading that act's official texts, its units once
    each, every unit in a declared stratum and each stratum's count as drawn."""
    r = doc.model
    problems = []

    def at(loc: tuple, field_: str, msg: str) -> None:
        problems.append(Problem(shown, line_of(doc.raw, loc), field_, msg))

    if doc.path.stem != r.act and not doc.path.stem.startswith(r.act + "."):
        at(("act",), "act", f"'{r.act}' does not match the file name (expected {r.act}.yaml, or {r.act}.<name>.yaml "
           "for a further reading such as a holdout)")
    acts = {d.model.act for d in project.docs if d.kind == "kz_act" and d.model is not None}
    if acts and r.act not in acts:
        at(("act",), "act", f"unknown act '{r.act}' (expected an act file data/kz_law/<act>.yaml: {', '.join(sorted(acts))})")
    texts = set()
    for i, ref in enumerate(r.texts):
        sid = ref.partition("#")[0]
        src = project.sources.get(sid)
        if src is not None and (src.official is None or src.official.act != r.act):
            at(("texts", i), f"texts[{i}]", f"'{sid}' is not an official text of {r.act} (expected a source of kind "
               f"official_text whose official.act is {r.act})")
        texts.add(sid)
    strata = {s.id: s for s in r.strata}
    seen: dict[str, int] = {}
    counts: dict[str, int] = {}
    for i, u in enumerate(r.units):
        if u.unit_key in seen:
            at(("units", i, "unit_key"), f"units[{i}].unit_key",
               f"'{u.unit_key}' is read twice (also units[{seen[u.unit_key]}]) (expected each unit once)")
        seen.setdefault(u.unit_key, i)
        if u.stratum not in strata:
            at(("units", i, "stratum"), f"units[{i}].stratum",
               f"unknown stratum '{u.stratum}' (expected one of: {', '.join(strata)})")
        counts[u.stratum] = counts.get(u.stratum, 0) + 1
        for j, ref in enumerate(u.refs):
            if ref.partition("#")[0] not in texts:
                at(("units", i, "refs", j), f"units[{i}].refs[{j}]",
                   f"'{ref}' cites a source this reading does not read (expected one of: {', '.join(sorted(texts))})")
        comps = [c.competence for c in u.codes]
        for c in {c for c in comps if comps.count(c) > 1}:
            at(("units", i, "codes"), f"units[{i}].codes", f"competence '{c}' coded twice in one unit (expected once)")
    for k, s in enumerate(r.strata):
        if counts.get(s.id, 0) != s.drawn:
            at(("strata", k, "drawn"), f"strata[{k}].drawn",
               f"{s.drawn}, but {counts.get(s.id, 0)} unit(s) name stratum '{s.id}' (expected the number of units drawn)")
    return problems
