"""Kazakh legal acts (data/kz_law): each act as the dissertation reads it; the project's readings of official texts."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field

from civcomm.core.text import CYRILLIC_LOOKALIKES
from civcomm.data.models.fields import Cited, CompetenceId, DataNote, Id, IsoDate, LevelId, Ref, Strict, Text

# --------------------------------------------------------------------------- Kazakh legal acts (data/kz_law)

# Order 71's category codes typed with Cyrillic letters (Table 5 mixes them): the look-alikes, except that
# Cyrillic Р stands for the Latin R of the codes (E-R-5), not for the P it looks like.
CODE_LOOKALIKES = str.maketrans({**CYRILLIC_LOOKALIKES, "Р": "R"})
CATEGORY_SEGMENT = re.compile(r"^(?:[ORG]|[1-6])$")


def normalise_category_code(raw: str) -> str:
    """Order 71 category code in canonical form: Latin letters, no spaces, '-' between every part.

    'D-O -1' -> 'D-O-1', 'D-O2' -> 'D-O-2', 'В-1' (Cyrillic В) -> 'B-1'. Cyrillic Р is the
    Latin R only inside codes; 'Р' is not otherwise a Latin look-alike.
    """
    code = re.sub(r"\s+", "", raw.translate(CODE_LOOKALIKES)).upper()
    code = re.sub(r"(?<=[A-Z])(?=\d)|(?<=\d)(?=[A-Z])", "-", code)
    return re.sub(r"-+", "-", code).strip("-")


def category_code_problem(raw: str) -> str | None:
    """Why ``raw`` is not an Order 71 category code, or None if it is one.

    The grammar is what Order 71 prints (l.383-385): a corps letter A-E, then parts that are
    O, R or G or a digit 1-6 ('C-O-1', 'E-R-5', 'E-G-3'). Any other letter is unknown.
    """
    code = normalise_category_code(raw)
    parts = code.split("-")
    if not parts or parts[0] not in {"A", "B", "C", "D", "E"}:
        return f"unknown category code '{raw}' (expected a letter A-E first, e.g. A-1, C-O-2, E-R-5)"
    bad = [p for p in parts[1:] if not CATEGORY_SEGMENT.match(p)]
    if bad or len(parts) > 5:
        return (f"unknown category code '{raw}' (expected parts O, R, G or 1-6 after the letter, "
                f"e.g. A-1, C-O-2, E-R-5; got {', '.join(bad) or 'too many parts'})")
    return None


class CodedCompetence(Strict):
    """A competence a provision or table row requires, coded by hand from what the source says."""

    competence: CompetenceId
    strength: Literal["explicit", "general", "indirect"] = Field(
        "explicit", description="explicit = named; general = implied by broader wording; indirect = only inferable")
    refs: list[Ref] = Field(..., min_length=1)
    note: str | None = None


class NamedUnit(Strict):
    """The unit of an act's official text that a source's locator names (an article, or a paragraph or subparagraph
    of it), cited in the official texts by its heading or first line."""

    article: str = Field(..., description="the article's number as the official text prints it (3-1 for an inserted one)")
    paragraph: str | None = None
    subparagraph: str | None = None
    refs: list[Ref] = Field(..., min_length=1, description="the unit in the official texts: its locator as printed and line")


class Provision(Cited):
    """A part of an act that the sources discuss, located as printed."""

    id: Id
    locator: str = Field(..., description="chapter/article/paragraph as the source prints it, or 'act' for the whole")
    names: list[NamedUnit] = Field(default_factory=list, description=(
        "the unit(s) of the official text the locator names (needed where the locator names an article and the act "
        "has official texts); none for 'act'"))
    applies_to: str | None = Field(None, description="positions or bodies the provision concerns (en)")
    heading: Text | None = Field(None, description="the heading the source gives (kk verbatim)")
    summary: str = Field(..., description="what the source says the provision requires (en)")
    text_kk: str | None = Field(None, description="the source's Kazakh wording; null where no seed quotes it")
    competences: list[CodedCompetence] = []


class CompetenceItem(Strict):
    item_kk: str = Field(..., description="one item of the printed list (kk verbatim)")
    competence: CompetenceId


class CategoryGroup(Cited):
    """One of Order 71's three category groups (l.383-385) and its competence list."""

    id: Id
    group: int = Field(..., ge=1, le=3)
    level: LevelId = Field(..., description="job level Table 5 gives the group")
    level_refs: list[Ref] = Field(..., min_length=1)
    raw_codes: list[str] = Field(..., min_length=1, description="category codes exactly as printed, duplicates kept")
    competences_kk: str = Field(..., description="the competence list as printed (kk verbatim)")
    items: list[CompetenceItem] = Field(..., min_length=1)


class TableRow(Cited):
    """One row of a dissertation table held in an act or model file (Tables 3, 4, 7)."""

    table: int = Field(..., ge=1, le=7)
    order: int = Field(..., ge=1)
    block: str | None = Field(None, description="sub-table the row sits in (e.g. core / differentiating)")
    cells: dict[Id, Text]
    competences: list[CodedCompetence] = []


class TextDifference(Strict):
    """A unit that one official text of an act prints and the other does not: a real difference of the two
    texts, not of the parser (tests check that every one-language unit is listed here, and only those)."""

    lang: Literal["kk", "ru"] = Field(..., description="the language whose text has the unit")
    unit_key: str = Field(..., pattern=r"^[^|]*\|[^|]*\|[^|]*\|[^|]*\|[a-z]+$", description=(
        "the unit's place as civcomm prints it: 'art16|p3|sp14|pt2|text' (article|paragraph|subparagraph|part|kind)"))
    issue: str = Field(..., description="what differs, in English")
    refs: list[Ref] = Field(..., min_length=1, description="the official text(s) with the unit's lines")


class LegalAct(Strict):
    act: Id = Field(..., description="file name without .yaml: the adilet id in lower case where a seed gives it")
    as_of: IsoDate
    type: Literal["law", "presidential_decree", "presidential_address", "government_resolution",
                  "agency_order", "ministerial_order", "strategy", "competency_framework", "model"]
    number: str | None = None
    date: IsoDate | None = None
    year: int | None = Field(None, description="where only a year is given")
    form_kk: str | None = Field(None, description="the act's form as the bibliography prints it (kk verbatim)")
    issuer: Text | None = None
    adilet_id: str | None = Field(None, description="document id on adilet.zan.kz as a seed prints it")
    title: Text
    status: Literal["cited_as_current", "cited_no_entry", "not_stated"] = Field(
        ..., description="what the dissertation says of it: cited as a current act, cited without a bibliography entry, or not stated")
    reading: Literal["dissertation"] = Field("dissertation", description=(
        "whose reading the provisions and their codings are: the dissertation's, each cited to its lines (the project's "
        "own reading of an official text is a file of data/kz_law/readings/)"))
    act_sources: list[Ref] = Field(default_factory=list, description="the act's own entries in data/sources.yaml")
    official_texts: list[Ref] = Field(default_factory=list, description=(
        "the act's official texts (sources of kind official_text), read where they are"))
    refs: list[Ref] = Field(..., min_length=1, description="where the dissertation discusses the act")
    provisions: list[Provision] = []
    category_groups: list[CategoryGroup] = []
    table_rows: list[TableRow] = []
    text_differences: list[TextDifference] = Field(default_factory=list, description=(
        "units one official text of the act prints and the other does not (kk/ru alignment)"))
    data_notes: list[DataNote] = []


# --------------------------------------------------------------------------- readings of official texts (data/kz_law/readings)

UNIT_KEY_PATTERN = r"^[^|]*\|[^|]*\|[^|]*\|[^|]*\|[a-z]+$"


class OfficialCode(Strict):
    """A competence that a unit of an official text names, read against the codebook's definition."""

    competence: CompetenceId
    strength: Literal["explicit", "general", "indirect"] = Field(..., description=(
        "explicit = the unit names the competence; general = only in broader terms; indirect = only inferable"))
    quote_kk: str = Field(..., description="the words of the Kazakh unit that name it, verbatim")
    quote_ru: str = Field(..., description="the words of the Russian unit that name it, verbatim")
    reason: str | None = Field(None, description="why, where it is a close call (which clause of the definition decides)")


class ReadUnit(Strict):
    """One unit of an official text as read: the competences it names, or none (and why, where words look alike)."""

    unit_key: str = Field(..., pattern=UNIT_KEY_PATTERN, description=(
        "the unit's place as civcomm prints it: 'art50|p1|sp3||text' (article|paragraph|subparagraph|part|kind)"))
    stratum: Id = Field(..., description="the stratum of the sample the unit was drawn from (strata[].id)")
    refs: list[Ref] = Field(..., min_length=1, description="the unit in each official text read: locator as printed and line")
    codes: list[OfficialCode] = []
    note: str | None = Field(None, description="why words that look like a competence's are not it, or other remarks")


class SampleStratum(Strict):
    id: Id
    rule: str = Field(..., description="which units the stratum holds and how they were drawn")
    drawn: int = Field(..., ge=0)
    of: int = Field(..., ge=0, description="units of the text in the stratum")


class LawReading(Strict):
    """The project's own reading of an official text: a hand coding of a sample of its units (the coder's reference)."""

    act: Id = Field(..., description="the act's file in data/kz_law (without .yaml)")
    as_of: IsoDate
    reader: Literal["project"] = Field(..., description="whose reading: the project's (the dissertation's is in the act file)")
    role: Literal["reference", "holdout"] = Field("reference", description=(
        "reference: the sample the coder's rules were read against; holdout: coded later, blind to the coder and "
        "to the reference, never used to change the rules (the coder's out-of-sample measure)"))
    coder: str = Field(..., description="who coded and how (blind to the automatic coder, codebook definitions applied)")
    codebook_as_of: IsoDate = Field(..., description="the as_of of data/codebook.yaml the coding applied")
    texts: list[Ref] = Field(..., min_length=1, description="the official texts read (sources of kind official_text)")
    method: str
    strata: list[SampleStratum] = Field(..., min_length=1)
    units: list[ReadUnit] = Field(..., min_length=1)
    data_notes: list[DataNote] = []
