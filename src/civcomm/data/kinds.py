"""The one registry of data kinds: where each kind's files live, its model, how to tell it, its checks.

Everything about a kind is derived from here: which files under data/ are data (``data_files``), the
kind of a file outside data/ (``kind_of``, by its top-level key), the models the JSON Schemas are
generated from (``MODELS``) and the per-kind checks the validator runs after the model.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from civcomm.core.paths import data_dir, safe_resolve
from civcomm.data import models as m
from civcomm.data.checks import check_act, check_country, check_reading, check_stakeholders, check_table
from civcomm.data.survey import check_doc as check_survey


@dataclass(frozen=True)
class Kind:
    name: str
    pattern: str  # glob relative to data/
    model: type[BaseModel]
    sniff: str  # the top-level key that tells this kind in a file outside data/
    check: Callable[..., list] | None = None  # (project, doc, shown) -> problems, after the model passed
    context: bool = False  # always loaded: other files' ids and refs are checked against it
    sniff_first: bool = False  # its files also carry a later kind's key (a stakeholder file has `country`)
    companions: tuple[str, ...] = ()  # globs of the files that come with it (a survey figure's CSV)


KINDS: tuple[Kind, ...] = (
    Kind("sources", "sources.yaml", m.SourcesFile, "sources", context=True),
    Kind("vocabularies", "vocabularies.yaml", m.VocabulariesFile, "method", context=True),
    Kind("codebook", "codebook.yaml", m.CodebookFile, "competences", context=True),
    Kind("country", "countries/*.yaml", m.Country, "country", check_country),
    # survey: design facts, and one meta file per published figure (its numbers in a CSV beside it)
    Kind("survey_studies", "survey/studies.yaml", m.StudiesFile, "studies", check_survey),
    Kind("survey_figure", "survey/*_fig*.yaml", m.SurveyFigureFile, "figure", check_survey,
         companions=("survey/*.csv",)),
    Kind("kz_act", "kz_law/*.yaml", m.LegalAct, "act", check_act),
    # the project's own readings (hand codings) of official texts of the acts
    Kind("law_reading", "kz_law/readings/*.yaml", m.LawReading, "reader", check_reading, sniff_first=True),
    Kind("diss_table", "tables/*.yaml", m.DissTable, "table", check_table),
    # the vocabulary before the graphs, so the graphs' pattern never claims it
    Kind("stakeholder_vocab", "stakeholders/vocabulary.yaml", m.StakeholderVocabFile, "relation_kind",
         context=True, sniff_first=True),
    Kind("stakeholders", "stakeholders/???.yaml", m.StakeholderFile, "relations", check_stakeholders,
         sniff_first=True),
)
BY_NAME: dict[str, Kind] = {k.name: k for k in KINDS}
MODELS: dict[str, type[BaseModel]] = {k.name: k.model for k in KINDS}
CONTEXT_KINDS: tuple[str, ...] = tuple(k.name for k in KINDS if k.context)
PATTERNS: str = ", ".join(k.pattern for k in KINDS)


def kind_of(path: Path, raw: Any = None) -> str | None:
    """The kind of a data file: by its place under data/, else by its top-level keys."""
    try:
        rel = safe_resolve(path).relative_to(data_dir())
        for kind in KINDS:
            if rel.match(kind.pattern) and len(rel.parts) == len(Path(kind.pattern).parts):
                return kind.name
    except ValueError:
        pass
    if isinstance(raw, dict):
        for kind in sorted(KINDS, key=lambda k: not k.sniff_first):
            if kind.sniff in raw:
                return kind.name
    return None


def data_files(root: Path | None = None) -> list[Path]:
    """Every YAML file under data/ that a kind claims, in a stable order."""
    root = root or data_dir()
    files: set[Path] = set()
    for kind in KINDS:
        files.update(root.glob(kind.pattern))
    return sorted(files)


def unclaimed_files(root: Path | None = None) -> list[Path]:
    root = root or data_dir()
    claimed = set(data_files(root))
    return sorted(p for p in root.rglob("*.y*ml") if p not in claimed and "texts" not in p.parts)


# --------------------------------------------------------------------------- declared inputs
# A notebook declares what it reads in notebooks/runs.yaml (`reads:`): data kinds of this registry or globs
# under data/ (``kz_law/texts/*``). Every notebook also reads the context kinds.


# the official texts of the acts, wherever they are (core.paths.law_texts_dirs: data/kz_law/texts/ and the
# official-texts folder outside data/): a declaration of its own, since those files are not under data/
OFFICIAL_TEXTS = "official_texts"


def is_glob(declared: str) -> bool:
    return any(ch in declared for ch in "/*.?[")


def check_declaration(declared: str) -> str | None:
    """Why ``declared`` is not a valid input declaration (None if it is one)."""
    if is_glob(declared):
        if declared.startswith("/") or ".." in Path(declared).parts:
            return f"'{declared}' is not a glob under data/ (expected a relative pattern such as kz_law/texts/*)"
        return None
    if declared not in BY_NAME and declared != OFFICIAL_TEXTS:
        return (f"unknown data kind '{declared}' (expected one of: {', '.join(sorted([*BY_NAME, OFFICIAL_TEXTS]))}, "
                "or a glob under data/ such as kz_law/texts/*)")
    return None


def declared_patterns(reads: Iterable[str]) -> list[str]:
    """The globs (relative to data/) that a run declaring ``reads`` may read, context kinds included."""
    out: set[str] = set()
    for name in [*CONTEXT_KINDS, *reads]:
        if is_glob(name):
            out.add(name)
        elif name == OFFICIAL_TEXTS:
            out.add("kz_law/texts/*")
        elif name in BY_NAME:
            out.update((BY_NAME[name].pattern, *BY_NAME[name].companions))
    return sorted(out)


def covered(rel: str, patterns: Iterable[str]) -> bool:
    """Whether the data file ``rel`` (relative to data/) matches one of ``patterns`` (same depth)."""
    path = Path(rel)
    return any(path.match(p) and len(path.parts) == len(Path(p).parts) for p in patterns)
