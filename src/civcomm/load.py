"""Read data/ YAML, validate it against the models, resolve refs and vocabularies, report every problem."""

from __future__ import annotations

import difflib
import hashlib
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from . import model as m
from .paths import data_dir
from .structure import expected_form, missing_message, yaml_message

MAX_BYTES = 5_000_000  # no hand-edited fact file is this large; refuse before parsing


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


# --------------------------------------------------------------------------- YAML reading


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


def display_path(path: Path) -> str:
    """Path as shown in messages: relative to the project root when inside it."""
    try:
        return str(path.resolve().relative_to(data_dir().parent))
    except ValueError:
        return str(path)


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
        return None, [Problem(shown, line, "", f"YAML syntax: {yaml_message(what, ctx.strip())}")]
    except YAMLError as exc:
        return None, [Problem(shown, 1, "", f"YAML syntax: {yaml_message(str(exc), '')}")]
    if not isinstance(data, dict):
        return None, [Problem(shown, 1, "", f"top level is a {_type_name(data)} (expected a mapping)")]
    return data, []


def _looks_cp1251(raw: bytes) -> bool:
    try:
        text = raw.decode("cp1251")
    except UnicodeDecodeError:
        return False
    return sum("\u0400" <= ch <= "\u04ff" for ch in text) > 3


# --------------------------------------------------------------------------- locating lines


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


# --------------------------------------------------------------------------- model validation


def _unwrap(annotation: Any) -> list[Any]:
    """The model classes reachable one step inside an annotation (list/dict/Optional/Annotated)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin is None:
        return [annotation]
    out = []
    for arg in typing.get_args(annotation):
        out += _unwrap(arg)
    return out


def _model_at(cls: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    current: Any = cls
    for step in loc:
        if isinstance(step, int):
            continue
        if isinstance(current, type) and issubclass(current, BaseModel) and step in current.model_fields:
            nxt = [c for c in _unwrap(current.model_fields[step].annotation) if isinstance(c, type) and issubclass(c, BaseModel)]
            current = nxt[0] if nxt else None
        elif isinstance(current, type) and issubclass(current, BaseModel):
            return current if step == loc[-1] else None
        else:
            # a dict key (e.g. a source id): stay on the value model of the dict
            continue
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


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
                parent = _model_at(cls, loc[:-1]) or cls
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
                    msg = f"{msg} (got {_type_name(err.get('input'))} {_short(err.get('input'))})"
                msg = expected_form(err, msg)  # issue 13: every library message as 'what is wrong (expected ...)'
                line = line_of(data, loc)
            problems.append(Problem(shown, line, format_loc(loc), msg))
        for loc in sorted(missing - explained, key=str):
            problems.append(Problem(shown, line_of(data, loc), format_loc(loc), missing_message(cls, loc)))
        return None, problems


def _type_name(value: Any) -> str:
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, list):
        return "list"
    return type(value).__name__


def _short(value: Any) -> str:
    text = repr(value if not isinstance(value, (dict, list)) else type(value)())
    return text if len(text) <= 60 else text[:57] + "..."


LOOKALIKES = str.maketrans("АВСЕНКМОРТХасеорхуІі", "ABCEHKMOPTXaceopxyIi")


def _pattern_message(loc: tuple, value: Any, pattern: str) -> str:
    """Say in words what an id or code must look like, and point out Cyrillic look-alike letters."""
    text = str(value)
    cyr = [ch for ch in text if "\u0400" <= ch <= "\u04ff"]
    hint = ""
    if cyr and text.translate(LOOKALIKES) != text:
        hint = f" (contains Cyrillic {', '.join(repr(c) for c in cyr)} that look{'s' if len(cyr) == 1 else ''} like Latin)"
    if pattern == "^[A-Z]{3}$":
        return f"'{text}' is not an ISO3 code{hint} (expected three capital Latin letters, e.g. KAZ)"
    if pattern == "^[a-z][a-z0-9_]*$":
        return f"'{text}' is not a snake_case id{hint} (expected lowercase Latin letters, digits and _, starting with a letter)"
    return f"'{text}' does not match {pattern}{hint}"


# --------------------------------------------------------------------------- cross-file checks


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


# --------------------------------------------------------------------------- documents and the project


@dataclass
class Doc:
    """One validated data file."""

    kind: str
    path: Path
    raw: Any
    model: BaseModel | None
    sha256: str


# kind -> (path pattern relative to data/, model). Later domains add their entries here.
KINDS: dict[str, tuple[str, type[BaseModel]]] = {
    "sources": ("sources.yaml", m.SourcesFile),
    "vocabularies": ("vocabularies.yaml", m.VocabulariesFile),
    "codebook": ("codebook.yaml", m.CodebookFile),
    "country": ("countries/*.yaml", m.Country),
    # survey: design facts, and one meta file per published figure (its numbers in a CSV beside it)
    "survey_studies": ("survey/studies.yaml", m.StudiesFile),
    "survey_figure": ("survey/*_fig*.yaml", m.SurveyFigureFile),
    "kz_act": ("kz_law/*.yaml", m.LegalAct),
    "diss_table": ("tables/*.yaml", m.DissTable),
}
# top-level key that identifies a file's kind when it lies outside data/
SNIFF = {"sources": "sources", "competences": "codebook", "method": "vocabularies", "country": "country",
         "studies": "survey_studies", "figure": "survey_figure", "act": "kz_act", "table": "diss_table"}
# stakeholder graphs (issue 5): the vocabulary file first, so kind_of() never reads it as a graph
KINDS["stakeholder_vocab"] = ("stakeholders/vocabulary.yaml", m.StakeholderVocabFile)
KINDS["stakeholders"] = ("stakeholders/???.yaml", m.StakeholderFile)
# checked before "country": a stakeholder file has a country key too
SNIFF = {"relations": "stakeholders", "relation_kind": "stakeholder_vocab", **SNIFF}
CONTEXT_KINDS = ("sources", "vocabularies", "codebook", "stakeholder_vocab")
STAKEHOLDER_VOCABS = ("actor_type", "actor_level", "relation_kind", "rating_rule")


def kind_of(path: Path, raw: Any = None) -> str | None:
    """The kind of a data file: by its place under data/, else by its top-level keys."""
    try:
        rel = path.resolve().relative_to(data_dir())
        for kind, (pattern, _) in KINDS.items():
            if rel.match(pattern) and len(rel.parts) == len(Path(pattern).parts):
                return kind
    except ValueError:
        pass
    if isinstance(raw, dict):
        for key, kind in SNIFF.items():
            if key in raw:
                return kind
    return None


def data_files(root: Path | None = None) -> list[Path]:
    """Every YAML file under data/ that a kind claims, in a stable order."""
    root = root or data_dir()
    files: set[Path] = set()
    for pattern, _ in KINDS.values():
        files.update(p for p in root.glob(pattern))
    return sorted(files)


def unclaimed_files(root: Path | None = None) -> list[Path]:
    root = root or data_dir()
    claimed = set(data_files(root))
    return sorted(p for p in root.rglob("*.y*ml") if p not in claimed and "texts" not in p.parts)


class Project:
    """All data files, validated together. ``Project.load()`` raises DataError with every problem."""

    def __init__(self, docs: list[Doc]):
        self.docs = docs
        self.read: dict[str, str] = {display_path(d.path): d.sha256 for d in docs}
        self.verbatim = None  # sourcetext.Tally of the last check: verbatim fields checked and not checked

    # ---- construction

    @classmethod
    def load(cls, paths: list[Path] | None = None, root: Path | None = None, sources: Path | None = None) -> Project:
        project, problems = cls.check(paths, root, sources)
        if problems:
            raise DataError(problems)
        return project

    @classmethod
    def check(cls, paths: list[Path] | None = None, root: Path | None = None,
              sources: Path | None = None) -> tuple[Project, list[Problem]]:
        """Validate the whole data/ tree, or ``paths`` in the context of data/'s vocabularies and sources;
        quotes are checked against the source texts in ``sources`` (default: sourcetext.sources_dir())."""
        root = root or data_dir()
        problems: list[Problem] = []
        context = data_files(root)
        explicit = [Path(p) for p in paths] if paths else []
        if not explicit:
            for extra in unclaimed_files(root):
                problems.append(Problem(display_path(extra), 1, "", "unknown data file (expected one of: "
                                        + ", ".join(p for p, _ in KINDS.values()) + ")"))
        docs: list[Doc] = []
        targets: list[Path] = []
        for p in explicit or context:
            if p.is_dir() and not explicit:
                continue
            targets.append(p)
        # the context files (sources, vocabularies, codebook) are always loaded for checks
        # every other data file is loaded as context (vocabularies, sources, ids used elsewhere); a
        # target outside data/ stands in for the data file of the same name (a copy being edited)
        replaced = {p.name for p in targets if not _inside(p, root)}
        context_only = [p for p in context if p not in targets and not (p.name in replaced and kind_of(p) in ("country", "stakeholders"))]
        for p in targets + context_only:
            raw, errs = read_yaml(p)
            shown = display_path(p)
            if errs:
                if p in targets:
                    problems += errs
                continue
            kind = kind_of(p, raw)
            if kind is None:
                problems.append(Problem(shown, 1, "", "cannot tell what kind of data file this is (expected a file under "
                                        + ", ".join(pt for pt, _ in KINDS.values()) + ")"))
                continue
            obj, errs = validate_model(KINDS[kind][1], raw, shown)
            if p in targets:
                problems += errs
            docs.append(Doc(kind, p, raw, obj, hashlib.sha256(p.read_bytes()).hexdigest()))
        project = cls(docs)
        problems += project._cross_check(targets=set(targets), whole=not explicit)
        # issue 13: the checks a careful reviewer makes (locators, Table 2, languages, quotes at their lines)
        from . import langcheck, sourcetext, structure

        problems += structure.check(project, set(targets)) + langcheck.check(project, set(targets))
        found, project.verbatim = sourcetext.check(project, set(targets), sourcetext.sources_dir(sources))
        problems += found
        return project, problems

    # ---- lookups

    def one(self, kind: str) -> Any:
        found = [d.model for d in self.docs if d.kind == kind and d.model is not None]
        return found[0] if found else None

    def all(self, kind: str) -> list[Any]:
        return [d.model for d in self.docs if d.kind == kind and d.model is not None]

    def vocab(self, name: str) -> dict[str, Any]:
        if name == "competence":
            cb = self.one("codebook")
            return dict(cb.competences) if cb else {}
        if name in STAKEHOLDER_VOCABS:
            voc = self.one("stakeholder_vocab")
            return dict(getattr(voc, name, {})) if voc else {}
        voc = self.one("vocabularies")
        return dict(getattr(voc, name, {})) if voc else {}

    @property
    def sources(self) -> dict[str, m.Source]:
        src = self.one("sources")
        return dict(src.sources) if src else {}

    # ---- cross-file checks

    def _cross_check(self, targets: set[Path], whole: bool) -> list[Problem]:
        problems: list[Problem] = []
        sources = self.sources
        cited: set[str] = set()
        for doc in self.docs:
            shown = display_path(doc.path)
            report = doc.path in targets
            for loc, value, marker in iter_marked(KINDS[doc.kind][1], doc.raw):
                if isinstance(marker, m.RefMarker):
                    if not m.REF_RE.match(value):
                        continue  # the model already said the ref is malformed
                    src = ref_source(value)
                    cited.add(src)
                    if report and src not in sources:
                        problems.append(Problem(shown, line_of(doc.raw, loc), format_loc(loc),
                                                f"unknown source '{src}' (expected an id declared in data/sources.yaml)"))
                elif isinstance(marker, m.Vocab) and report:
                    allowed = self.vocab(marker.name)
                    if value not in allowed:
                        problems.append(Problem(shown, line_of(doc.raw, loc), format_loc(loc),
                                                f"unknown {marker.name} '{value}' (expected one of: {', '.join(sorted(allowed))})"))
            if report and doc.model is not None:
                problems += self._check_doc(doc, shown)
        problems += self._check_ids(targets)
        if whole:
            src_doc = next((d for d in self.docs if d.kind == "sources"), None)
            for sid in sorted(set(sources) - cited):
                line = line_of(src_doc.raw, ("sources", sid), value=False) if src_doc else 1
                problems.append(Problem(display_path(src_doc.path) if src_doc else "data/sources.yaml", line,
                                        f"sources.{sid}", "source is cited by no data file (cite it or remove it)"))
        return problems

    def _check_doc(self, doc: Doc, shown: str) -> list[Problem]:
        problems = []
        if doc.kind == "country":
            expected = doc.model.country.lower() + ".yaml"
            if doc.path.name != expected and _inside(doc.path, data_dir()):
                problems.append(Problem(shown, line_of(doc.raw, ("country",)), "country",
                                        f"'{doc.model.country}' does not match the file name (expected the file to be named {expected})"))
            known = {i.id for i in doc.model.institutions}
            for i, prog in enumerate(doc.model.programmes):
                if prog.institution is not None and prog.institution not in known:
                    loc = ("programmes", i, "institution")
                    problems.append(Problem(shown, line_of(doc.raw, loc), format_loc(loc),
                                            f"unknown institution '{prog.institution}' (expected an institution id "
                                            f"declared in this file: {', '.join(sorted(known)) or 'none declared'})"))
        elif doc.kind in ("survey_studies", "survey_figure"):
            # survey sits above load in the layering; imported here, at call time, to check the CSVs too
            from . import survey

            problems += survey.check_doc(self, doc, shown)
        elif doc.kind == "kz_act":
            problems += _check_act(doc, shown)
        elif doc.kind == "diss_table":
            problems += self._check_table(doc, shown)
        elif doc.kind == "stakeholders":
            problems += self._check_stakeholders(doc, shown)
        return problems

    def _check_table(self, doc: Doc, shown: str) -> list[Problem]:
        """Cells name declared columns; codes are Order 71 codes; named countries have files."""
        t = doc.model
        problems = []
        expected = f"table{t.table}.yaml"
        if doc.path.name != expected:
            problems.append(Problem(shown, line_of(doc.raw, ("table",)), "table",
                                    f"table {t.table} does not match the file name (expected {expected})"))
        cols = [c.key for c in t.columns]
        known_countries = {c.country for c in self.all("country")}
        acts = {a.act for a in self.all("kz_act")}
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

    def _check_stakeholders(self, doc: Doc, shown: str) -> list[Problem]:
        """Relations point at declared actors; self-loops only where the kind allows them; name = country."""
        problems = []
        model = doc.model
        expected = model.country.lower() + ".yaml"
        if doc.path.name != expected and _inside(doc.path, data_dir()):
            problems.append(Problem(shown, line_of(doc.raw, ("country",)), "country",
                                    f"'{model.country}' does not match the file name (expected the file to be named {expected})"))
        actors = {a.id for a in model.actors}
        seen: dict[str, int] = {}
        for i, a in enumerate(model.actors):
            if a.id in seen:
                problems.append(Problem(shown, line_of(doc.raw, ("actors", i, "id")), f"actors[{i}].id",
                                        f"actor '{a.id}' is declared twice (first at line {seen[a.id]})"))
            seen.setdefault(a.id, line_of(doc.raw, ("actors", i, "id")))
        kinds = self.vocab("relation_kind")
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

    def _check_ids(self, targets: set[Path]) -> list[Problem]:
        """Ids that must be unique across files (institutions, programmes, figures, notes)."""
        seen: dict[str, str] = {}
        problems = []
        for doc in sorted(self.docs, key=lambda d: d.path in targets):
            if doc.model is None:
                continue
            for loc, ident in _iter_ids(doc.model):
                where = f"{display_path(doc.path)}:{line_of(doc.raw, loc)}"
                if ident in seen and seen[ident] != where and doc.path in targets:
                    problems.append(Problem(display_path(doc.path), line_of(doc.raw, loc), format_loc(loc),
                                            f"id '{ident}' is already used at {seen[ident]} (expected a unique id)"))
                else:
                    seen.setdefault(ident, where)
        return problems

    def sha_of(self, kinds: list[str]) -> dict[str, str]:
        return {display_path(d.path): d.sha256 for d in self.docs if d.kind in kinds}


def _check_act(doc: Doc, shown: str) -> list[Problem]:
    """An act file: its name is its id, its category codes are Order 71 codes, provision ids are unique."""
    act = doc.model
    problems = []
    if doc.path.stem != act.act:
        problems.append(Problem(shown, line_of(doc.raw, ("act",)), "act",
                                f"'{act.act}' does not match the file name (expected the file to be named {act.act}.yaml)"))
    if act.adilet_id and act.adilet_id.lower() != act.act:
        problems.append(Problem(shown, line_of(doc.raw, ("adilet_id",)), "adilet_id",
                                f"adilet id '{act.adilet_id}' but act '{act.act}' (expected the act id to be the adilet id in lower case)"))
    for i, group in enumerate(act.category_groups):
        for j, raw in enumerate(group.raw_codes):
            msg = m.category_code_problem(raw)
            if msg:
                problems.append(Problem(shown, line_of(doc.raw, ("category_groups", i, "raw_codes", j)),
                                        f"category_groups[{i}].raw_codes[{j}]", msg))
    return problems


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root)
        return True
    except ValueError:
        return False


def _iter_ids(obj: Any, loc: tuple = ()) -> Iterator[tuple[tuple, str]]:
    if isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            value = getattr(obj, name)
            if name == "id" and isinstance(value, str):
                yield loc + ("id",), value
            else:
                yield from _iter_ids(value, loc + (name,))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from _iter_ids(v, loc + (i,))


# --------------------------------------------------------------------------- cached access for notebooks

_CACHE: dict[str, Project] = {}


def project() -> Project:
    """The validated project, loaded once per process (raises DataError on bad data)."""
    key = str(data_dir())
    if key not in _CACHE:
        _CACHE[key] = Project.load()
    return _CACHE[key]


def clear_cache() -> None:
    _CACHE.clear()


@dataclass
class ReadLog:
    """Which data files a notebook's computations used (for provenance and incremental runs)."""

    files: dict[str, str] = field(default_factory=dict)

    def add(self, project: Project, kinds: list[str]) -> None:
        self.files.update(project.sha_of(kinds))

    def add_glob(self, directory: Path, pattern: str) -> None:
        """Files a notebook reads by listing a folder (e.g. official texts): a file added, changed or
        removed there changes the recorded digest, so the run's cache key changes too."""
        self.files[display_path(Path(directory) / pattern)] = glob_sha(Path(directory), pattern)


def glob_sha(directory: Path, pattern: str) -> str:
    """One digest of the names and contents of the files matching ``pattern`` in ``directory``."""
    h = hashlib.sha256()
    for path in sorted(directory.glob(pattern)) if directory.is_dir() else []:
        if path.is_file():
            h.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


READ_LOG = ReadLog()


def use(*kinds: str) -> Project:
    """The project, noting that the caller reads ``kinds`` (plus the context files every check uses)."""
    proj = project()
    READ_LOG.add(proj, list(kinds) + list(CONTEXT_KINDS))
    return proj
