"""What every data model is built of: strict models, refs, ISO dates, ids, vocabulary markers, texts, data notes."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from civcomm.core.langs import LANGS

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
