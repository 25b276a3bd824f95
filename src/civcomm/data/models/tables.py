"""The dissertation's tables (data/tables/tableN.yaml): caption, columns and rows as printed, each cited."""

from __future__ import annotations

from pydantic import Field

from civcomm.data.models.acts import CodedCompetence
from civcomm.data.models.fields import (
    Cited,
    CompetenceId,
    DataNote,
    Id,
    Iso3,
    IsoDate,
    LevelId,
    MethodId,
    Ref,
    Strict,
    Text,
)


class TableColumn(Strict):
    key: Id = Field(..., description="the key the rows' cells use for this column")
    label: Text


class TableCellCountries(Strict):
    column: Id
    countries: list[Iso3] = Field(
        ..., description="ISO3 of the countries the cell names, in the order named")
    named_kk: list[str] = Field(default_factory=list, description="names as printed that are not countries (e.g. ЕО)")


class PracticeRule(Strict):
    """How to compute from the country files whether a country shows a Table 6 practice."""

    description: str
    competences: list[CompetenceId] = Field(default_factory=list, description="any of these emphasised")
    programme_competences: list[CompetenceId] = Field(default_factory=list, description="any programme covering one")
    methods: list[MethodId] = []
    level_specific: bool = Field(False, description="an emphasis or method tied to a job level other than 'all'")
    evaluation: bool = Field(False, description="any evaluation entry")


class AuthorItem(Strict):
    item_kk: str
    competences: list[CodedCompetence] = Field(..., min_length=1)


class DissTableRow(Cited):
    id: Id
    cells: dict[Id, Text | None]
    level: LevelId | None = None
    example_codes_raw: list[str] = Field(default_factory=list, description="category codes the row prints, as printed")
    countries: list[TableCellCountries] = []
    author_items: list[AuthorItem] = Field(default_factory=list, description="the author's list in a cell, itemised and coded")
    kazakh_items: list[AuthorItem] = Field(default_factory=list, description="the author's Kazakhstan cell, itemised and coded")
    practice: PracticeRule | None = None


class DissTable(Strict):
    table: int = Field(..., ge=1, le=7)
    as_of: IsoDate
    caption: Text
    caption_refs: list[Ref] = Field(..., min_length=1, description="the lines of the caption, the header row and the note")
    note: Text | None = None
    columns: list[TableColumn]
    rows_from: Id | None = Field(None, description="act file whose table_rows hold the rows (Tables 3, 4, 7)")
    blocks: dict[Id, Text] = Field(default_factory=dict, description="headers of sub-tables, by the rows' block id")
    soft_breaks: list[str] = Field(default_factory=list, description=(
        "words the seed prints with a soft line-break inside (e.g. 'бейім делу'); cells hold them joined"))
    rows: list[DissTableRow] = []
    data_notes: list[DataNote] = []
