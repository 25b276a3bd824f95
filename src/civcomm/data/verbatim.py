"""The registry of verbatim fields: which fields of which models hold a source's own words, and a walk that finds them.

``sourcetext.check`` looks each value found here up in the source text its refs cite.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from civcomm.data import models as m

# Fields that hold a source's own words. "refs": located by the refs of the nearest object that has
# any (all its ref lists: refs, caption_refs, data_refs, level_refs); "entry": by the act's
# bibliography entries (act_sources); "bib": by the source's own number in the bibliography of the
# seed that lists it (via). A Text counts where its original language is the cited source's language.
VERBATIM: dict[type[BaseModel], dict[str, str]] = {
    m.Institution: {"name": "refs"},
    m.Programme: {"name": "refs"},
    m.Emphasis: {"quote": "refs"},
    m.MethodUse: {"quote": "refs"},
    m.Evaluation: {"quote": "refs"},
    m.Figure: {"quote": "refs", "value_text": "refs"},
    m.Table2Row: {"approach": "refs"},
    m.Source: {"entry": "bib"},
    m.LegalAct: {"title": "entry", "form_kk": "entry", "adilet_id": "entry"},
    m.Provision: {"heading": "refs", "text_kk": "refs"},
    m.OfficialCode: {"quote_kk": "refs", "quote_ru": "refs"},
    m.CategoryGroup: {"competences_kk": "refs", "raw_codes": "refs"},
    m.CompetenceItem: {"item_kk": "refs"},
    m.TableRow: {"cells": "refs"},
    m.DissTable: {"caption": "refs", "note": "refs", "blocks": "refs"},
    m.TableColumn: {"label": "refs"},
    m.DissTableRow: {"cells": "refs", "example_codes_raw": "refs"},
    m.TableCellCountries: {"named_kk": "refs"},
    m.AuthorItem: {"item_kk": "refs"},
    m.Actor: {"names": "refs"},
    m.ProfileItem: {"term": "refs"},
    m.CompetenceProfile: {"label": "refs"},
    m.SurveyFigureFile: {"caption": "refs", "note": "refs", "question": "refs"},
    m.SurveyOption: {"label": "refs"},
    m.SurveySeries: {"label": "refs"},
    m.SurveyClaim: {"says": "refs"},
    m.Study: {"quote": "refs"},
    m.StudyPart: {"quote": "refs"},
}
REF_LISTS = ("refs", "caption_refs", "data_refs", "level_refs")
# Quotations proper: their original language must be the language of a text they cite (a name may be the
# project's own English name of a thing a Kazakh text names; a quote may not be the project's translation).
QUOTES = {(m.Emphasis, "quote"), (m.MethodUse, "quote"), (m.Evaluation, "quote"), (m.Figure, "quote"),
          (m.Table2Row, "approach"), (m.SurveyClaim, "says"), (m.Study, "quote"), (m.StudyPart, "quote")}


@dataclass
class Verbatim:
    """One verbatim value in a data file and the refs that say where it stands."""

    loc: tuple
    value: str
    lang: str | None  # the language the value is in (None: whatever the cited source is in)
    refs: list[str]
    how: str = "refs"
    joins: tuple[str, ...] = ()
    owner: Any = None  # the object holding the field (an act for "entry", a source for "bib")


def iter_verbatim(model: BaseModel) -> Iterator[Verbatim]:
    """Every verbatim value of one validated data file, with its loc in the YAML."""
    joins = tuple(model.soft_breaks) if isinstance(model, m.DissTable) else ()
    yield from _walk(model, (), [], joins)


def _own_refs(obj: BaseModel) -> list[str]:
    refs: list[str] = []
    for name in REF_LISTS:
        value = getattr(obj, name, None) if name in type(obj).model_fields else None
        if isinstance(value, list):
            refs += [r for r in value if isinstance(r, str)]
    return refs


def _key(cls: type[BaseModel], name: str) -> str:
    return cls.model_fields[name].alias or name


def _walk(obj: Any, loc: tuple, refs: list[str], joins: tuple[str, ...]) -> Iterator[Verbatim]:
    if isinstance(obj, list):
        for i, item in enumerate(obj):
            yield from _walk(item, loc + (i,), refs, joins)
        return
    if isinstance(obj, dict):
        for k, item in obj.items():
            yield from _walk(item, loc + (k,), refs, joins)
        return
    if not isinstance(obj, BaseModel):
        return
    cls = type(obj)
    refs = _own_refs(obj) or refs
    wanted = VERBATIM.get(cls, {})
    for name in cls.model_fields:
        value = getattr(obj, name)
        here = loc + (_key(cls, name),)
        if name in wanted:
            if isinstance(obj, m.SurveyFigureFile) and name == "question" and not obj.question_is_verbatim:
                continue
            for v in _values(value, here, refs, wanted[name], joins, name):
                v.owner = obj
                yield v
        elif isinstance(value, (BaseModel, list, dict)):
            yield from _walk(value, here, refs, joins)


def _values(value: Any, loc: tuple, refs: list[str], how: str, joins: tuple[str, ...], name: str) -> Iterator[Verbatim]:
    if value is None:
        return
    if isinstance(value, m.Text):
        text = getattr(value, value.original)
        if text:
            yield Verbatim(loc + (value.original,), text, value.original, refs, how, joins)
    elif isinstance(value, str) and value.strip():
        lang = "kk" if name.endswith("_kk") else "ru" if name.endswith("_ru") else None
        yield Verbatim(loc, value, lang, refs, how, joins)
    elif isinstance(value, list) and name in ("raw_codes", "example_codes_raw"):
        if not value:
            return
        yield Verbatim(loc, ", ".join(value), None, refs, how, joins)  # the codes as one printed list
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _values(item, loc + (i,), refs, how, joins, name)
    elif isinstance(value, dict):
        for k, item in value.items():
            yield from _values(item, loc + (k,), refs, how, joins, name)
