"""All data files validated together: models, refs, vocabularies, per-kind checks, ids unique across files."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from civcomm.core.hashing import sha256_bytes
from civcomm.core.paths import data_dir
from civcomm.data import langcheck, sourcetext, structure
from civcomm.data import models as m
from civcomm.data.checks import inside
from civcomm.data.doc import Doc
from civcomm.data.kinds import BY_NAME, KINDS, PATTERNS, data_files, kind_of, unclaimed_files
from civcomm.data.modelcheck import iter_marked, ref_source, validate_model
from civcomm.data.problems import DataError, Problem, display_path, format_loc, line_of
from civcomm.data.yamlio import read_yaml


def vocab_home(name: str) -> tuple[str, str]:
    """(kind, field) of the context file that declares the controlled vocabulary ``name``."""
    if name == "competence":
        return "codebook", "competences"
    for kind in KINDS:
        if kind.context and name in kind.model.model_fields:
            return kind.name, name
    raise KeyError(f"no data kind declares the vocabulary '{name}'")


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
              sources: Path | None = None, reuse: Project | None = None) -> tuple[Project, list[Problem]]:
        """Validate the whole data/ tree, or ``paths`` in the context of data/'s vocabularies and sources;
        quotes are checked against the source texts in ``sources`` (default: sourcetext.sources_dir()).

        ``reuse``: an earlier check's project (`civcomm preview`): a file whose bytes are unchanged and whose
        model was valid is not parsed again (parsing is most of the time); every cross-file check still runs."""
        root = root or data_dir()
        problems: list[Problem] = []
        context = data_files(root)
        explicit = [Path(p) for p in paths] if paths else []
        if not explicit:
            for extra in unclaimed_files(root):
                problems.append(Problem(display_path(extra), 1, "", f"unknown data file (expected one of: {PATTERNS})"))
        docs: list[Doc] = []
        targets: list[Path] = []
        targets = list(explicit or context)  # a folder named like a data file is reported, not skipped
        # the context files (sources, vocabularies, codebook) are always loaded for checks
        # every other data file is loaded as context (vocabularies, sources, ids used elsewhere); a
        # target outside data/ stands in for the data file of the same name (a copy being edited)
        replaced = {p.name for p in targets if not inside(p, root)}
        context_only = [p for p in context if p not in targets and not (p.name in replaced and kind_of(p) in ("country", "stakeholders"))]
        previous = {d.path: d for d in reuse.docs if d.model is not None} if reuse else {}
        unreadable: list[Path] = []  # files that could not be read: what they cite is unknown
        for p in targets + context_only:
            shown = display_path(p)
            old = previous.get(p)
            if old is not None:
                try:
                    data = p.read_bytes()
                except OSError:
                    data = None
                if data is not None and sha256_bytes(data) == old.sha256:
                    docs.append(old)
                    continue
            raw, errs = read_yaml(p)
            if errs:
                unreadable.append(p)
                if p in targets:
                    problems += errs
                continue
            kind = kind_of(p, raw)
            if kind is None:
                problems.append(Problem(shown, 1, "", "cannot tell what kind of data file this is (expected a file under "
                                        f"{PATTERNS})"))
                continue
            obj, errs = validate_model(BY_NAME[kind].model, raw, shown)
            if p in targets:
                problems += errs
            docs.append(Doc(kind, p, raw, obj, sha256_bytes(p.read_bytes())))
        project = cls(docs)
        # "cited by no data file" is judged only when every file could be read (an unreadable one may cite it)
        problems += project._cross_check(targets=set(targets), whole=not explicit and not unreadable)
        # the checks a careful reviewer makes: locators, Table 2, the language of each field, quotes at their lines
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
        kind, field = vocab_home(name)
        doc = self.one(kind)
        return dict(getattr(doc, field, {})) if doc else {}

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
            for loc, value, marker in iter_marked(BY_NAME[doc.kind].model, doc.raw):
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
                check = BY_NAME[doc.kind].check
                if check is not None:
                    problems += check(self, doc, shown)
        problems += self._check_ids(targets)
        if whole:
            src_doc = next((d for d in self.docs if d.kind == "sources"), None)
            for sid in sorted(set(sources) - cited):
                line = line_of(src_doc.raw, ("sources", sid), value=False) if src_doc else 1
                problems.append(Problem(display_path(src_doc.path) if src_doc else "data/sources.yaml", line,
                                        f"sources.{sid}", "source is cited by no data file (cite it or remove it)"))
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

