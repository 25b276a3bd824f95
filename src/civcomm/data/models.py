"""The data contract: pydantic models for every YAML file under data/ (strict keys)."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from civcomm.core.langs import LANGS
from civcomm.core.text import CYRILLIC_LOOKALIKES

# --------------------------------------------------------------------------- markers
# Annotated markers that the loader uses for cross-file checks after model validation.


class Vocab:
    """Marks a string field whose value must be an id of a controlled vocabulary."""

    def __init__(self, name: str):
        self.name = name

    def __repr__(self) -> str:  # shows up in generated schemas' descriptions only
        return f"Vocab({self.name!r})"


class RefMarker:
    """Marks a string field holding a citation ref ``source_id[#locator]``."""


REF_RE = re.compile(r"^(?P<source>[a-z][a-z0-9_]*)(#(?P<locator>\S.*))?$")


def _check_ref(value: Any) -> Any:
    if isinstance(value, str) and not REF_RE.match(value):
        raise ValueError(
            f"'{value}' is not a ref (expected 'source_id' or 'source_id#locator', "
            "source_id in snake_case)"
        )
    return value


def _to_iso_date(value: Any) -> Any:
    """Dates are ISO strings in YAML; anything else is an error with the expected form."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError(f"'{value}' is not an ISO date (expected YYYY-MM-DD, e.g. 2015-11-23)")
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"'{value}' is an impossible date ({exc}) (expected a real calendar date)") from None


Ref = Annotated[str, BeforeValidator(_check_ref), RefMarker()]
IsoDate = Annotated[date, BeforeValidator(_to_iso_date)]
ID_PATTERN = r"^[a-z][a-z0-9_]*$"
ISO3_PATTERN = r"^[A-Z]{3}$"
# what a value of each pattern is, and what it must look like: the validator's words for a mismatch
PATTERN_MEANING = {
    ISO3_PATTERN: ("an ISO3 code", "three capital Latin letters, e.g. KAZ"),
    ID_PATTERN: ("a snake_case id", "lowercase Latin letters, digits and _, starting with a letter"),
}
Id = Annotated[str, Field(pattern=ID_PATTERN)]
Iso3 = Annotated[str, Field(pattern=ISO3_PATTERN)]
CompetenceId = Annotated[str, Vocab("competence")]
MethodId = Annotated[str, Vocab("method")]
LevelId = Annotated[str, Vocab("job_level")]
InstitutionRole = Annotated[str, Vocab("institution_role")]
ActorType = Annotated[str, Vocab("actor_type")]
ActorLevel = Annotated[str, Vocab("actor_level")]
RelationKindId = Annotated[str, Vocab("relation_kind")]
RatingRuleId = Annotated[str, Vocab("rating_rule")]
ActorGroupId = Annotated[str, Vocab("actor_group")]
RelationFamilyId = Annotated[str, Vocab("relation_family")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False, str_strip_whitespace=False)


# --------------------------------------------------------------------------- text


class Text(Strict):
    """A short text in its original language with translations marked as such."""

    kk: str | None = None
    ru: str | None = None
    en: str | None = None
    original: Literal["kk", "ru", "en"] = "kk"
    translation: Literal["project", "official"] | None = Field(
        None, description="who translated the non-original languages"
    )
    latin_script: list[Literal["kk", "ru"]] = Field(
        default_factory=list, description="languages whose value is a name kept in Latin letters as printed (eGov, Gallup)")

    @model_validator(mode="after")
    def _check(self) -> Text:
        if getattr(self, self.original) is None and not any(getattr(self, x) for x in LANGS):
            raise ValueError("text has no language (expected at least one of kk, ru, en)")
        others = [x for x in LANGS if x != self.original and getattr(self, x)]
        if others and self.translation is None:
            raise ValueError(
                f"{'/'.join(others)} given beside original '{self.original}' without "
                "'translation' (expected translation: project or official)"
            )
        return self

    def get(self, lang: str, fallback: bool = True) -> str | None:
        """Text in ``lang``; falls back to the original, then any language."""
        value = getattr(self, lang, None)
        if value or not fallback:
            return value
        return getattr(self, self.original) or next((getattr(self, x) for x in LANGS if getattr(self, x)), None)


class Cited(Strict):
    refs: list[Ref] = Field(..., min_length=1, description="sources that say it")
    inferred: str | None = Field(None, description=(
        "why the data names an endpoint or value that the cited text does not name verbatim "
        "(e.g. the text says 'state bodies', the data names the Agency); absent = named as cited"))


class DataNote(Strict):
    """A recorded problem or inconsistency in the sources, and what the project does about it."""

    id: Id
    issue: str
    handling: str | None = None
    refs: list[Ref] = Field(..., min_length=1)


# --------------------------------------------------------------------------- sources


class OfficialHeading(Strict):
    """An article heading of an official text as printed, with its line: what tells this act's text from another's."""

    article: str = Field(..., description="the article's number as printed (3-1 for an inserted one)")
    title: str = Field(..., description="its title as printed, verbatim")
    line: int = Field(..., ge=1, description="the line of the heading in the text file")


class OfficialText(Strict):
    """What the project knows of one official text of an act: its file, edition and shape (checked on every parse)."""

    act: Id = Field(..., description="the act's file in data/kz_law (without .yaml)")
    file: str = Field(..., pattern=r"^[a-z0-9_]+\.(kk|ru)\.txt$", description=(
        "the text's file name, <act>.<lang>.txt, looked up in data/kz_law/texts/ and the official-texts folder "
        "(--law-texts, $CIVCOMM_LAW_TEXTS, ../shared/sources/kz_law); never copied into the repository"))
    edition: str = Field(..., description="which edition the file holds, as its provider describes it")
    amended_to: IsoDate = Field(..., description="the date of the latest amending act the text notes")
    chapters: int = Field(..., ge=0, description="chapter headings the text prints")
    articles: int = Field(..., ge=1, description="article headings the text prints (repealed ones included)")
    headings: list[OfficialHeading] = Field(..., min_length=1, description=(
        "article headings that must stand where given: a text of another act under this act's name fails them"))


class Source(Strict):
    """One citable work: a seed document, an item of a seed's bibliography or an official text of an act."""

    kind: Literal["seed", "bibliography", "legal_act", "official_text", "web", "other"]
    title: str
    authors: list[str] = []
    year: int | None = None
    seed_file: str | None = Field(None, description=(
        "file name of the source's plain-text copy in the sources folder (civcomm validate --sources DIR, "
        "$CIVCOMM_SOURCES, ../shared/seeds); quotes citing the source are checked against it by line"))
    bib_no: int | None = Field(None, description="number in the citing seed's bibliography")
    via: Ref | None = Field(None, description="the seed whose bibliography lists it")
    entry: str | None = Field(None, description="bibliography entry as printed in the seed")
    url: str | None = None
    lang: str | None = None
    # for sources without a printed entry (seeds): what civcomm.cite cannot parse from an `entry`
    type: Literal["thesis", "article-journal", "book", "report"] | None = Field(
        None, description="CSL item type where no printed entry tells it (seeds)")
    container: str | None = Field(None, description="journal or series, read off the seed's masthead (case normalised; a comment in sources.yaml cites the lines)")
    issue: str | None = Field(None, description="issue number, read off the seed's masthead")
    publisher: str | None = Field(None, description="publisher, or the institution a thesis was written at")
    place: str | None = Field(None, description="place of publication or of the institution")
    official: OfficialText | None = Field(None, description="for kind official_text: the act, file, edition and shape")

    @model_validator(mode="after")
    def _official(self) -> Source:
        if (self.kind == "official_text") != (self.official is not None):
            raise ValueError("a source of kind official_text needs 'official' (act, file, edition, ...) and only it "
                             "has one (expected both or neither)")
        if self.official is not None and self.lang != self.official.file.split(".")[-2]:
            raise ValueError(f"lang '{self.lang}' but the file is {self.official.file} (expected the file's language)")
        return self


class SourcesFile(Strict):
    as_of: IsoDate
    sources: dict[Id, Source]
    data_notes: list[DataNote] = []


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


# --------------------------------------------------------------------------- countries


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


class CategoryGroup(Cited):
    """One of Order 71's three category groups (l.383-385) and its competence list."""

    id: Id
    group: int = Field(..., ge=1, le=3)
    level: LevelId = Field(..., description="job level Table 5 gives the group")
    level_refs: list[Ref] = Field(..., min_length=1)
    raw_codes: list[str] = Field(..., min_length=1, description="category codes exactly as printed, duplicates kept")
    competences_kk: str = Field(..., description="the competence list as printed (kk verbatim)")
    items: list[CompetenceItem] = Field(..., min_length=1)


class CompetenceItem(Strict):
    item_kk: str = Field(..., description="one item of the printed list (kk verbatim)")
    competence: CompetenceId


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


# --------------------------------------------------------------------------- dissertation tables (data/tables)


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


CategoryGroup.model_rebuild()




# --------------------------------------------------------------------------- stakeholders 



class ActorTypeEntry(VocabEntry):
    """An actor type and the group it is drawn with (figures colour actors by group, not by type)."""

    group: ActorGroupId = Field(..., description="id of the actor_group this type belongs to (the project's grouping)")


class RelationKind(VocabEntry):
    """A relation kind; ``allows_self_loop`` says whether an actor may hold it towards itself."""

    allows_self_loop: bool = Field(..., description="true if from == to is meaningful for this kind")
    family: RelationFamilyId = Field(..., description="id of the relation_family it is drawn with (the project's grouping)")


class RatingRule(Strict):
    """A documented rule that derives a power or interest rating from the graph (no source says it)."""

    rating: Literal["power", "interest"]
    kinds: list[RelationKindId] = Field(..., min_length=1, description="relation kinds the rule counts")
    depth: int = Field(1, ge=1, le=3, description="1 = direct ties (both directions); >1 = outgoing reach in that many steps")
    high: int = Field(..., ge=1, description="count at or above which the rating is high")
    medium: int = Field(..., ge=1, description="count at or above which the rating is medium (else low)")
    definition: Text = Field(..., description="the rule in one sentence (shown in the report), original en")
    refs: list[Ref] = Field(default_factory=list, description="method sources the rule follows, if any")


class StakeholderVocabFile(Strict):
    as_of: IsoDate
    actor_group: dict[Id, VocabEntry] = Field(..., description="groups of actor types, in the order figures list them")
    actor_type: dict[Id, ActorTypeEntry]
    actor_level: dict[Id, VocabEntry]
    relation_family: dict[Id, VocabEntry] = Field(..., description="families of relation kinds, in the order figures list them")
    relation_kind: dict[Id, RelationKind]
    rating_rule: dict[Id, RatingRule] = {}


class Rating(Strict):
    """A power or interest rating: either a value with the sources that support it, or ``derived`` by a rule."""

    value: Literal["low", "medium", "high"] | None = None
    refs: list[Ref] = []
    derived: RatingRuleId | None = Field(None, description="id of the rating_rule that computes the value")
    note: str | None = None

    @model_validator(mode="after")
    def _sourced_or_derived(self) -> Rating:
        if self.derived is None and not (self.value and self.refs):
            raise ValueError("rating has no source and no 'derived' label (expected value + refs, "
                             "or derived: <rating_rule id>)")
        if self.derived is not None and (self.value or self.refs):
            raise ValueError("a derived rating is computed by its rule (expected no value or refs beside 'derived')")
        return self


class LegalBasis(Strict):
    act: str = Field(..., description="actor id of a legal_act in this file, or the act's name as the source gives it")
    article: str | None = Field(None, description="article or clause as the source gives it, e.g. 'art. 7'")
    refs: list[Ref] = Field(..., min_length=1)


class Actor(Cited):
    id: Id
    names: Text
    type: ActorType
    level: ActorLevel
    power: Rating | None = None
    interest: Rating | None = None
    note: str | None = None


class Relation(Cited):
    from_: Id = Field(..., alias="from")
    to: Id
    kind: RelationKindId
    status: Literal["current", "proposed"] = "current"
    legal_basis: LegalBasis | None = None
    note: str | None = Field(None, description="what the source says about the tie (en, project wording)")

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class ProfileItem(Cited):
    competence: CompetenceId
    term: str = Field(..., description="the source's wording, verbatim (kk for the dissertation)")


class CompetenceProfile(Cited):
    """A set of competences a source names together (Kazakhstan's current requirements, or a proposal)."""

    id: Id
    label: Text
    status: Literal["current", "proposed"]
    items: list[ProfileItem] = Field(..., min_length=1)


class StakeholderFile(Strict):
    country: Iso3
    as_of: IsoDate
    actors: list[Actor]
    relations: list[Relation]
    competence_profiles: list[CompetenceProfile] = []
    data_notes: list[DataNote] = []




# --------------------------------------------------------------------------- survey (data/survey/)
# A figure of an empirical study = a tidy CSV of its numbers (data/survey/<figure>.csv) and this meta
# file beside it (data/survey/<figure>.yaml). The design facts of the studies live in studies.yaml.

OptionCode = Id


class StudyPart(Cited):
    """One group of a study's participants (an interview stakeholder group, one focus group)."""

    code: OptionCode
    label: Text
    n: int = Field(..., ge=0, description="participants who took part")
    n_expected: int | None = Field(None, ge=0, description="participants invited or expected, where stated")
    held_date: IsoDate | None = None
    mode: Literal["online", "offline"] | None = None
    quote: Text | None = None


class Study(Cited):
    """A survey, an interview series or a focus-group series, with what the source says about its design."""

    method: Literal["survey", "interviews", "focus_groups"]
    name: Text
    n: int = Field(..., ge=1, description="respondents or participants as the source states it")
    start_date: IsoDate | None = None
    end_date: IsoDate | None = None
    year: int | None = Field(None, description="fieldwork year where no dates are given")
    population: Text | None = None
    languages: list[Literal["kk", "ru"]] = []
    questions_min: int | None = None
    questions_max: int | None = None
    mode: str | None = Field(None, description="how it was run, as the source says (en)")
    parts: list[StudyPart] = Field(default_factory=list, description="groups whose n add up to the study's n")
    quote: Text | None = None

    @model_validator(mode="after")
    def _dates(self) -> Study:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValueError(f"end_date {self.end_date} is before start_date {self.start_date} (expected end >= start)")
        return self


class StudiesFile(Strict):
    as_of: IsoDate
    studies: dict[Id, Study]
    data_notes: list[DataNote] = []


class SurveyOption(Strict):
    label: Text
    value: float | None = Field(None, description="numeric score of an ordinal option (for means)")


class SurveySeries(Strict):
    label: Text


class SurveyClaim(Cited):
    """What the source's prose says about a figure, formalised so the code can test it on the numbers.

    measure: rank = every option in ``options`` ranks at or above ``threshold`` (1 = largest share);
    mean_below = mean score of series[0] is below that of series[1]; n_answered = the counts add up
    to the study's N; share_at_least = the options' shares add up to at least ``threshold`` per series.
    """

    id: Id
    says: Text = Field(..., description="the source's sentence, verbatim in its original language")
    measure: Literal["rank", "mean_below", "n_answered", "share_at_least"]
    options: list[OptionCode] = []
    series: list[OptionCode] = []
    threshold: float | None = None
    note: str | None = Field(None, description="how the sentence was formalised, and caveats (en)")

    @model_validator(mode="after")
    def _needs(self) -> SurveyClaim:
        if self.measure in ("rank", "share_at_least") and (not self.options or self.threshold is None):
            raise ValueError(f"measure '{self.measure}' needs options and threshold (expected options: [...] and threshold: N)")
        if self.measure == "mean_below" and len(self.series) != 2:
            raise ValueError("measure 'mean_below' needs exactly two series (expected [lower, higher])")
        return self


class SurveyFigureFile(Strict):
    """Meta data of one published survey figure; its numbers are in the CSV named by ``table``."""

    figure: Id = Field(..., description="= the file stem, e.g. diss2022_fig1")
    as_of: IsoDate
    study: Id = Field(..., description="id of a study in data/survey/studies.yaml")
    number: int = Field(..., ge=1, description="figure number in the source")
    caption: Text = Field(..., description="the source's caption, verbatim in its original language")
    note: Text | None = Field(None, description="the source's note under the figure, verbatim")
    question_id: OptionCode
    question: Text
    question_is_verbatim: bool = Field(..., description="true if the source prints the question's wording")
    scale: Literal["ordinal", "binned_share", "nominal"]
    scale_text: Text | None = Field(None, description="what the source says about the scale")
    response: Literal["single", "multiple", "unknown"]
    max_choices: int | None = Field(None, ge=1, description="for multiple response: choices allowed per respondent")
    n_base: int = Field(..., ge=1, description="the N the percentages are of")
    n_missing: int = Field(0, ge=0, description="respondents without an answer (single response)")
    n_origin: Literal["derived", "published", "none"] = Field(
        ..., description="derived = n computed as share_pct x N / 100 by the project; none = no counts")
    table: str = Field(..., pattern=r"^[a-z][a-z0-9_]*\.csv$", description="CSV file beside this one")
    data_refs: list[Ref] = Field(..., min_length=1, description="where the numbers are in the source")
    refs: list[Ref] = Field(..., min_length=1, description="caption, note and surrounding text")
    series: dict[OptionCode, SurveySeries]
    options: dict[OptionCode, SurveyOption]
    claims: list[SurveyClaim] = []
    data_notes: list[DataNote] = []

    @model_validator(mode="after")
    def _consistent(self) -> SurveyFigureFile:
        if self.response == "multiple" and self.n_missing:
            raise ValueError("n_missing is only defined for single-response figures (expected response: single, or no n_missing)")
        if self.max_choices is not None and self.response != "multiple":
            raise ValueError("max_choices is only defined for multiple-response figures (expected response: multiple)")
        for c in self.claims:
            bad = [o for o in c.options if o not in self.options] + [s for s in c.series if s not in self.series]
            if bad:
                raise ValueError(f"claim '{c.id}' names unknown option/series {', '.join(bad)} "
                                 f"(expected one of: {', '.join([*self.options, *self.series])})")
        return self


