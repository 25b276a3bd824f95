"""The controlled vocabularies (data/vocabularies.yaml) and the codebook of competences (data/codebook.yaml)."""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, Field

from civcomm.data.models.fields import DataNote, Id, IsoDate, Ref, RelationKindId, Strict, Text

# --------------------------------------------------------------------------- vocabularies


class VocabEntry(Strict):
    label: Text
    definition: str | None = None
    refs: list[Ref] = []


class RoleTie(Strict):
    """The tie an institution's role implies in a country's institutional graph: ``inst`` is the
    institution, ``cs`` the country's civil servants, ``citizens`` its public."""

    kind: RelationKindId
    from_: Literal["inst", "cs", "citizens"] = Field(..., alias="from")
    to: Literal["inst", "cs", "citizens"]

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class InstitutionRoleEntry(VocabEntry):
    implies: RoleTie = Field(..., description="the project's rule: the tie this role adds to a country graph")


class VocabulariesFile(Strict):
    as_of: IsoDate
    method: dict[Id, VocabEntry]
    job_level: dict[Id, VocabEntry]
    institution_role: dict[Id, InstitutionRoleEntry]


# --------------------------------------------------------------------------- codebook


class Competence(Strict):
    label: Text
    group: Literal["communicative", "general"] = Field(
        ..., description="communicative = compared by the dissertation; general = other UCF/Order 71 competences"
    )
    definition: str
    lexicon: dict[Literal["kk", "ru", "en"], list[str]] = Field(
        default_factory=dict, description="stems for dictionary coding, per language"
    )
    exclude: dict[Literal["kk", "ru", "en"], list[Exclusion]] = Field(default_factory=dict, description=(
        "contexts in which a stem's match is not this competence, per language (the definition's other senses)"))
    refs: list[Ref] = Field(..., min_length=1)


class Exclusion(Strict):
    """A context in which words of a competence's lexicon mean something else, and why."""

    context: str = Field(..., description=(
        "words separated by spaces: 'stem*' a word starting with the stem, 'a*|b*' alternatives, '…' up to "
        "four other words; e.g. 'привлеч* к … ответственност*'"))
    why: str = Field(..., description="what the words mean there, by the codebook's definitions (en)")


class CodebookFile(Strict):
    as_of: IsoDate
    competences: dict[Id, Competence]
    data_notes: list[DataNote] = []
