"""The one registry of table presentation specs, and what specs share: common column descriptions, helpers."""

from __future__ import annotations

from civcomm.present.tablespec import Col, TableSpec

# what common columns hold (en), wherever they appear; a Col's own ``about`` wins
COMMON: dict[str, str] = {
    "refs": "sources that say it: 'source_id#locator', joined by '; ' (ids of data/sources.yaml, sources.bib)",
    "competence_id": "competence id from data/codebook.yaml",
    "competence": "competence label from data/codebook.yaml",
    "country_code": "ISO 3166-1 alpha-3 code of the country",
    "country": "country name in the table's language",
    "row_id": "id of the table row",
    "level_code": "job level id from data/vocabularies.yaml",
    "level": "job level label",
    "act_id": "id of the legal act (file name under data/kz_law/)",
    "figure_id": "id of the survey figure (data/survey/)",
    "question_id": "id of the survey question",
    "series_code": "series id",
    "series": "series label (respondent group)",
    "study_id": "id of the empirical study",
    "quote": "verbatim quote from the source",
    "unit_id": "id of the coded unit (provision)",
    "actor_id": "id of the actor (data/stakeholders/)",
    "label": "label in the table's language",
    "type_code": "actor type id (data/stakeholders/vocabulary.yaml)",
}

COUNTRIES = ("countries/*.yaml",)
ACTS = ("kz_law/*.yaml",)

REGISTRY: dict[str, TableSpec] = {}


def register(spec: TableSpec) -> TableSpec:
    REGISTRY[spec.name] = spec
    return spec


def refs(width: float = 1.2, **kw) -> Col:
    return Col("refs", "reference", header="sources", width=width, **kw)


def hidden(key: str, about: str = "", kind: str = "id") -> Col:
    return Col(key, kind, shown=False, about=about)
