"""The data contract: pydantic models for every YAML file under data/ (strict keys), one module per kind.

This package re-exports every model and helper of its modules, so ``from civcomm.data import models as m``
reads ``m.LegalAct`` wherever it lives. The modules, lowest first: ``fields`` (what every model is built of:
strict models, refs, dates, ids, vocabulary markers, texts, data notes), ``sources``, ``vocabularies`` (and the
codebook), ``countries``, ``acts`` (and the readings of official texts), ``tables`` (the dissertation's),
``stakeholders``, ``survey``.
"""

from __future__ import annotations

from civcomm.data.models.fields import (
    ID_PATTERN,
    ISO3_PATTERN,
    PATTERN_MEANING,
    REF_RE,
    ActorGroupId,
    ActorLevel,
    ActorType,
    Cited,
    CompetenceId,
    DataNote,
    Id,
    InstitutionRole,
    Iso3,
    IsoDate,
    LevelId,
    MethodId,
    RatingRuleId,
    Ref,
    RefMarker,
    RelationFamilyId,
    RelationKindId,
    Strict,
    Text,
    Vocab,
)
from civcomm.data.models.sources import (
    OfficialHeading,
    OfficialText,
    Source,
    SourcesFile,
)
from civcomm.data.models.vocabularies import (
    CodebookFile,
    Competence,
    Exclusion,
    InstitutionRoleEntry,
    RoleTie,
    VocabEntry,
    VocabulariesFile,
)
from civcomm.data.models.countries import (
    Country,
    Emphasis,
    Evaluation,
    Figure,
    Institution,
    MethodUse,
    Programme,
    Table2Row,
)
from civcomm.data.models.acts import (
    CATEGORY_SEGMENT,
    CODE_LOOKALIKES,
    UNIT_KEY_PATTERN,
    CategoryGroup,
    CodedCompetence,
    CompetenceItem,
    LawReading,
    LegalAct,
    NamedUnit,
    OfficialCode,
    Provision,
    ReadUnit,
    SampleStratum,
    TableRow,
    TextDifference,
    category_code_problem,
    normalise_category_code,
)
from civcomm.data.models.tables import (
    AuthorItem,
    DissTable,
    DissTableRow,
    PracticeRule,
    TableCellCountries,
    TableColumn,
)
from civcomm.data.models.stakeholders import (
    Actor,
    ActorTypeEntry,
    CompetenceProfile,
    LegalBasis,
    ProfileItem,
    Rating,
    RatingRule,
    Relation,
    RelationKind,
    StakeholderFile,
    StakeholderVocabFile,
)
from civcomm.data.models.survey import (
    OptionCode,
    StudiesFile,
    Study,
    StudyPart,
    SurveyClaim,
    SurveyFigureFile,
    SurveyOption,
    SurveySeries,
)
