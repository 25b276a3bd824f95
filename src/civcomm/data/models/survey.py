"""The empirical studies (data/survey/): the studies' design facts and each published figure's meta file."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from civcomm.data.models.fields import Cited, DataNote, Id, IsoDate, Ref, Strict, Text

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
