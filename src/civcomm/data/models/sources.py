"""The bibliography (data/sources.yaml): seeds, their bibliographies' items and the official texts of acts."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from civcomm.data.models.fields import DataNote, Id, IsoDate, Ref, Strict


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
