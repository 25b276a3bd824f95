"""A country's file (data/countries/xxx.yaml): institutions, programmes, emphases, methods, figures, each cited."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from civcomm.data.models.fields import (
    Cited,
    CompetenceId,
    DataNote,
    Id,
    InstitutionRole,
    Iso3,
    IsoDate,
    LevelId,
    MethodId,
    Strict,
    Text,
)


class Institution(Cited):
    id: Id
    name: Text
    abbr: str | None = None
    role: InstitutionRole
    note: str | None = None


class Programme(Cited):
    id: Id
    name: Text
    institution: Id | None = None
    description: str | None = Field(None, description="what the source says it covers (en)")
    competences: list[CompetenceId] = []
    methods: list[MethodId] = []
    levels: list[LevelId] = []
    is_mandatory: bool | None = None
    note: str | None = None


class Emphasis(Cited):
    competence: CompetenceId
    levels: list[LevelId] = Field(default_factory=list, description="job levels the source ties it to")
    quote: Text | None = None
    note: str | None = None


class MethodUse(Cited):
    method: MethodId
    levels: list[LevelId] = []
    quote: Text | None = None
    note: str | None = None


class Evaluation(Cited):
    description: str
    quote: Text | None = None


class Figure(Cited):
    id: Id
    value: float | None = None
    value_text: str = Field(..., description="the figure as the source prints it")
    unit: Literal["pct", "pct_points", "count", "ratio", "other"]
    description: str
    quote: Text | None = None


class Table2Row(Cited):
    order: int = Field(..., ge=1, le=10, description="position in the dissertation's list (l.328-337)")
    approach: Text


class Country(Strict):
    country: Iso3
    as_of: IsoDate
    is_baseline: bool = False
    names: Text
    section: str | None = Field(None, description="where the dissertation treats the country")
    table2: Table2Row | None = None
    institutions: list[Institution] = []
    programmes: list[Programme] = []
    emphases: list[Emphasis] = []
    methods: list[MethodUse] = []
    evaluation: list[Evaluation] = []
    figures: list[Figure] = []
    data_notes: list[DataNote] = []
