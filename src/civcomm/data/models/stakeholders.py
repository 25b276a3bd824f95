"""Stakeholder graphs (data/stakeholders/): their vocabulary, actors, relations and competence profiles."""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, Field, model_validator

from civcomm.data.models.fields import (
    ActorGroupId,
    ActorLevel,
    ActorType,
    Cited,
    CompetenceId,
    DataNote,
    Id,
    Iso3,
    IsoDate,
    Ref,
    RatingRuleId,
    RelationFamilyId,
    RelationKindId,
    Strict,
    Text,
)
from civcomm.data.models.vocabularies import VocabEntry


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
