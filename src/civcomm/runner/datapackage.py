"""outputs/datapackage.json: a Frictionless Data Package describing every CSV table of the bundle.

Each resource: title in the table's language, a description, the language, a schema with each column's type
(read from the values) and description, the sources the table rests on (its refs column and the refs of the data
files it is computed from), the licence, size and SHA-256.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from civcomm import __version__
from civcomm.core.hashing import sha256_bytes
from civcomm.core.i18n import t
from civcomm.core.paths import data_dir, outputs_dir
from civcomm.data import cache
from civcomm.data.kinds import BY_NAME
from civcomm.data.modelcheck import iter_marked, ref_source
from civcomm.data.models import REF_RE, RefMarker
from civcomm.views.kz_law import load_table
from civcomm.views.survey import figure_meta

PACKAGE_NAME = "datapackage.json"

LICENSE = {"name": "MIT", "title": "MIT License", "path": "https://opensource.org/licenses/MIT"}

# Column name -> what it holds (en). One explicit mapping, checked by a test against every column of every
# CSV the reports write; the table presentation specs (another issue) are to replace it.
COLUMNS: dict[str, str] = {
    "abroad_quotes": "quotes from the country files abroad that emphasise the competence",
    "act_id": "id of the legal act (file name under data/kz_law/)",
    "adilet_id": "the act's document id in the Adilet legal database, where a source gives it",
    "alpha": "Krippendorff's alpha of automatic against hand coding",
    "n_answered": "respondents counted over the figure's options (single response only)",
    "approach": "the country's distinctive approach as the dissertation states it",
    "author_additions": "the dissertation author's 'possible additions' (labels)",
    "author_ids": "competence ids of the author's 'possible additions'",
    "n_auto": "units the automatic coder coded with the competence",
    "n_base": "number of respondents the shares refer to",
    "n_both": "units coded with the competence by both hand and the automatic coder",
    "choices_per_respondent": "sum of the shares / 100: options chosen per respondent on average (multiple response)",
    "claim_id": "id of the claim of the text tested against the data",
    "code": "job-category code of Order No. 71, normalised to Latin letters",
    "coded_by": "who coded the segment (hand or automatic)",
    "competence": "competence label from data/codebook.yaml",
    "competence_id": "competence id from data/codebook.yaml",
    "competence_ids": "ids of the competences coded in the act's provisions",
    "computed_additions": "competences emphasised abroad at this level and not required by Order No. 71 (labels)",
    "computed_ids": "competence ids of the computed additions",
    "countries": "countries abroad that emphasise the competence",
    "countries_showing": "countries whose files show the criterion",
    "country": "country name in the table's language",
    "country_code": "ISO 3166-1 alpha-3 code of the country",
    "criterion": "criterion of Table 6",
    "data_show": "what the survey data show",
    "date": "date the act was adopted (ISO 8601)",
    "dates": "when the study part was run, as the source states it",
    "figure_id": "id of the survey figure (data/survey/)",
    "group": "number of the group of categories in Order No. 71",
    "handling": "what the project does about the inconsistency",
    "has_lookalike": "whether the printed code has Cyrillic letters that look like Latin ones",
    "heading": "heading of the provision, where the act has one",
    "how_tested": "how the claim was turned into a test of the data",
    "international": "competences emphasised abroad at this level (labels, with the countries)",
    "international_ids": "competence ids emphasised abroad at this level",
    "is_ambiguous": "whether the normalised code stands in groups of different job levels",
    "is_gap": "whether the competence counts as a gap in Kazakh law",
    "is_supported": "whether the data support the claim",
    "is_verbatim": "whether the question is quoted verbatim from the source",
    "issue": "the inconsistency found in the source",
    "jaccard_KAZ": "Jaccard similarity of the profile with Kazakhstan's country file",
    "jaccard_kz_apa_new_modules": "Jaccard similarity of the profile with the APA's new training modules",
    "jaccard_kz_order71_table5": "Jaccard similarity of the profile with Order No. 71 as Table 5 reads it",
    "jaccard_kz_table5_additions": "Jaccard similarity of the profile with Table 5's possible additions",
    "kappa": "Cohen's kappa of automatic against hand coding",
    "kaz_shows": "whether Kazakhstan's file shows the criterion",
    "kazakhstan": "competences Order No. 71 requires at this level (labels)",
    "kazakhstan_ids": "competence ids Order No. 71 requires at this level",
    "kz_provisions": "number of Kazakh provisions coded with the competence",
    "kz_quote": "quote of the Kazakh provision",
    "kz_status": "how Kazakh law names the competence: specific, general (only in a preamble, definitions or "
                 "principles) or absent",
    "kz_unit_id": "id of the Kazakh provision quoted",
    "label": "label of the competence profile",
    "level": "job level label",
    "level_code": "job level id from data/vocabularies.yaml",
    "levels": "job levels the emphasis applies to",
    "locator": "where the provision stands in the act, as printed (article, paragraph)",
    "matched": "competences both computed and added by the author (labels)",
    "matched_ids": "competence ids both computed and added by the author",
    "method": "method of the study part",
    "n_missing": "base N minus the respondents counted (single response only)",
    "n": "respondents who chose the option (share x N / 100 where the source gives no count; empty where the "
         "figure has no counts)",
    "n_competences": "number of competences in the profile",
    "n_countries": "number of countries abroad compared",
    "n_countries_showing": "number of countries whose files show the criterion",
    "n_expected": "number of respondents the source announces",
    "n_matched": "number of competences both computed and added by the author",
    "n_only_author": "number of competences only the author added",
    "n_only_computed": "number of competences only computed",
    "n_provisions": "number of provisions recorded for the act",
    "n_units": "number of units (provisions) compared",
    "name": "name of the study part",
    "named_countries": "countries the dissertation's Table 6 names for the criterion",
    "named_showing": "named countries whose files show the criterion",
    "named_with_file": "named countries that have a country file",
    "note_id": "id of the data note",
    "number": "the act's number as printed",
    "only_author": "competences only the author added (labels)",
    "only_author_ids": "competence ids only the author added",
    "only_computed": "competences only computed (labels)",
    "only_computed_ids": "competence ids only computed",
    "option": "answer option label",
    "option_code": "answer option id",
    "option_value": "numeric value of the answer option, where the scale has one",
    "order": "row number as in the dissertation",
    "part_code": "id of the study part",
    "position": "position of the code within its group as printed",
    "precision": "share of automatic codes that hand coding confirms",
    "profile_id": "id of the competence profile (a country or a Kazakh document)",
    "provision_id": "id of the provision",
    "provisions": "ids of the act's provisions",
    "question": "the survey question",
    "question_id": "id of the survey question",
    "quote": "verbatim quote from the source",
    "raw_code": "job-category code as printed in the dissertation",
    "recall": "share of hand codes the automatic coder found",
    "refs": "sources that say it: 'source_id#locator', joined by '; ' (ids of data/sources.yaml, sources.bib)",
    "response": "kind of response (single or multiple choice)",
    "row_id": "id of the table row",
    "rule": "rule that decides whether a country shows the criterion",
    "scale": "answer scale of the question",
    "series": "series label (respondent group)",
    "series_code": "series id",
    "share_pct": "share of respondents in percent (0-100)",
    "share_sum_pct": "sum of the figure's shares in percent",
    "shared_KAZ": "competences the profile shares with Kazakhstan's country file",
    "shared_kz_apa_new_modules": "competences the profile shares with the APA's new training modules",
    "shared_kz_order71_table5": "competences the profile shares with Order No. 71 as Table 5 reads it",
    "shared_kz_table5_additions": "competences the profile shares with Table 5's possible additions",
    "status_code": "status of the act as cited (e.g. cited as current)",
    "strength_code": "how explicitly the provision names the competence (explicit, general, indirect)",
    "study_id": "id of the empirical study",
    "summary": "the project's summary of the provision (en)",
    "term": "the lexicon term that matched",
    "text_kk": "the provision's Kazakh wording where a source quotes it (empty otherwise, never from memory)",
    "text_says": "what the text says (translation)",
    "text_says_original": "what the text says, in its original language",
    "title": "the act's title in the table's language",
    "title_kk": "the act's Kazakh title",
    "type_code": "kind of act (law, presidential decree, ...)",
    "unaccounted_pct": "100 minus the sum of the shares, where they sum to less than 100 (not for multiple "
                       "response)",
    "unit_id": "id of the coded unit (provision)",
    "verdict": "the project's verdict on the claim",
    "n_hand": "units coded with the competence by hand",
    "start": "start of the matched term in the provision's text (character offset)",
    "end": "end of the matched term in the provision's text (character offset)",
    "is_general": "whether the provision stands in a general part (preamble, definitions, principles)",
}


@dataclass(frozen=True)
class TableMeta:
    """What a table is, which data files it is computed from, and how to read columns COLUMNS does not list."""

    title: Callable[[str], str]  # lang -> title
    description: str
    data: tuple[str, ...]  # globs under data/ whose refs, beside the CSV's own refs column, the table rests on
    other_columns: str = ""  # columns named by data (country names, competence or act ids); {column} = the name
    printed: int | None = None  # number of the dissertation table whose localised headers the CSV uses
    columns: dict[str, str] = field(default_factory=dict)  # this table's meaning of a column, over COLUMNS
    named: dict[str, str] = field(default_factory=dict)  # i18n key of a localised column name -> description


def _i18n(key: str) -> Callable[[str], str]:
    def title(lang: str) -> str:
        return t(key, lang).replace("{n}", "N")

    return title


def _printed_caption(number: int) -> Callable[[str], str]:
    def title(lang: str) -> str:
        try:
            return load_table(number).caption.get(lang)
        except KeyError:  # a project without data/tables/table<number>.yaml: the file name stands in
            return ""

    return title


_COUNTRIES = ("countries/*.yaml",)
_ACTS = ("kz_law/*.yaml",)
_SURVEY = ("survey/*.yaml",)

TABLES: dict[str, TableMeta] = {
    "table2": TableMeta(_printed_caption(2), "Table 2 of the dissertation rebuilt from §1.3: each country's "
                        "distinctive approach to communicative-competence training.", ()),
    "country_competence_matrix": TableMeta(_i18n("matrix_caption"), "Country × competence: 1 where a country file "
                                           "quotes an emphasis on the competence, 0 otherwise.", _COUNTRIES,
                                           "{column}: 1 if the country's file quotes an emphasis on this competence "
                                           "(id in data/codebook.yaml), 0 if not",
                                           named={"total": "number of competences the country's file emphasises; "
                                                  "the last row (same name) holds the column totals"}),
    "country_competence_cells": TableMeta(_i18n("matrix_caption"), "The quotes behind each cell of the country × "
                                         "competence matrix.", ()),
    "competence_country_emphasis": TableMeta(_i18n("emphasis_by_country_caption"), "Competence × country: "
                                             "emphases in the country files.", _COUNTRIES,
                                             "{column}: number of emphases on the competence quoted in this "
                                             "country's file (the country named in the table's language)"),
    "table5_computed": TableMeta(_i18n("computed_table5_caption"), "Table 5 recomputed from the project's data: "
                                 "what Order No. 71 requires per job level, what countries abroad emphasise, and the "
                                 "difference, beside the author's 'possible additions'.",
                                 ("tables/table5.yaml", *_COUNTRIES, *_ACTS)),
    "table5_agreement": TableMeta(_i18n("table5_agreement_caption"), "How far the computed additions agree with "
                                  "the author's, per job level.", ("tables/table5.yaml", *_COUNTRIES, *_ACTS)),
    "table6_computed": TableMeta(_i18n("computed_table6_caption"), "Table 6's criteria recomputed from the "
                                 "country files.", ("tables/table6.yaml", *_COUNTRIES)),
    "kz_acts": TableMeta(_i18n("acts_caption"), "The Kazakh legal and normative acts the dissertation discusses.",
                         ()),
    "kz_provisions": TableMeta(_i18n("provisions_caption"), "Provisions of the Kazakh acts and the competences "
                               "hand-coded in them.", ()),
    "order71_codes": TableMeta(_i18n("codes_caption"), "Order No. 71's job-category codes as Table 5 prints "
                               "them, normalised, with their job levels.", ()),
    "kz_law_coverage": TableMeta(_i18n("coverage_caption"), "Competence × act: number of provisions coded with "
                                 "the competence.", _ACTS, "{column}: number of this act's provisions (act id in "
                                 "data/kz_law/) coded with the competence, by hand, automatically or both, as the "
                                 "report's `source` parameter chose"),
    "kz_law_gaps": TableMeta(_i18n("gap_caption"), "Competences emphasised abroad by several countries and absent "
                             "or only general in Kazakh law.", (*_COUNTRIES, *_ACTS),
                             columns={"n_countries": "number of countries abroad whose files emphasise the "
                                                     "competence"}),
    "kz_law_agreement": TableMeta(_i18n("agreement_caption"), "Agreement of the automatic coder with hand coding, "
                                  "per competence.", _ACTS),
    "kz_law_disagreements": TableMeta(_i18n("disagreements_caption"), "Segments where automatic and hand coding "
                                      "disagree.", _ACTS),
    "kz_law_auto_segments": TableMeta(_i18n("segments_caption"), "Segments of the official texts the automatic "
                                      "coder matched.", _ACTS),
    "survey_design": TableMeta(_i18n("design_caption"), "Design of the empirical studies (parts, methods, sizes, "
                               "dates).", ()),
    "survey_checks": TableMeta(_i18n("checks_caption"), "Arithmetic checks of each survey figure: N, answers, sum "
                               "of shares.", ()),
    "survey_text_vs_data": TableMeta(_i18n("claims_caption"), "Claims of the text about the survey, tested "
                                     "against the figures' numbers.", ()),
    "survey_data_notes": TableMeta(_i18n("notes_caption"), "Inconsistencies recorded in the survey sources and "
                                   "how the project handles them.", ()),
    "survey_questions": TableMeta(_i18n("questions_caption"), "The questions of the 2022 and 2023 surveys.",
                                  ()),
    "country_profile_similarity": TableMeta(_i18n("similarity_caption"), "Jaccard similarity of each country's "
                                            "competence profile with Kazakh reference profiles.",
                                            (*_COUNTRIES, *_ACTS, "tables/*.yaml")),
}
for _n, _what in ((1, "Table 1 of the dissertation: aspects of competence and of communicative competence."),
                  (3, "Table 3 of the dissertation: the competences of the Unified Competency Framework."),
                  (4, "Table 4 of the dissertation: communicative competences and their descriptions."),
                  (5, "Table 5 of the dissertation as printed: requirements by job level, Kazakhstan and abroad, "
                      "and the author's possible additions."),
                  (6, "Table 6 of the dissertation as printed: Kazakhstan's practice against international "
                      "practice by criterion."),
                  (7, "Table 7 of the dissertation: communicative aspects before and after the proposed model.")):
    TABLES[f"table{_n}"] = TableMeta(_printed_caption(_n), _what, (f"tables/table{_n}.yaml",), printed=_n)

PRINTED_KEYS = {"level": "job level", "kazakhstan": "Kazakhstan's requirements (Order No. 71) as printed",
                "international": "international practice as printed", "additions": "the author's possible "
                "additions as printed", "block": "block of the table as printed"}


def _survey_figure(figure: str) -> TableMeta:
    def title(lang: str) -> str:
        return figure_meta(figure).caption.get(lang)

    return TableMeta(title, "The numbers of one published survey figure as tidy rows, one per series and answer "
                     "option.", ())


def table_meta(name: str) -> TableMeta | None:
    """What the registry says about the table exported as ``name`` (None for a table it does not know)."""
    if name in TABLES:
        return TABLES[name]
    if m := re.fullmatch(r"survey_(\w+_fig\d+)", name):
        if (data_dir() / "survey" / f"{m.group(1)}.yaml").exists():
            return _survey_figure(m.group(1))
    return None


def _printed_headers(number: int, lang: str) -> dict[str, str]:
    """Localised header -> description, for the dissertation tables exported with their printed headers."""
    table = load_table(number)
    out = {t("block", lang): "block of the table as printed"}
    for col in table.columns:
        en = col.label.get("en")
        out[col.label.get(lang)] = PRINTED_KEYS.get(col.key, f"'{en}' column of the printed table")
    return out


def describe_column(table: str, column: str, lang: str | None) -> str:
    """What a column holds (en): the table's own meaning, the printed headers, COLUMNS, or other_columns."""
    meta = table_meta(table)
    if meta:
        if column in meta.columns:
            return meta.columns[column]
        if meta.printed and lang and (described := _printed_headers(meta.printed, lang).get(column)):
            return described
        for key, described in meta.named.items():
            if column == t(key, lang or "en"):
                return described
    if column in COLUMNS:
        return COLUMNS[column]
    return meta.other_columns.format(column=column) if meta and meta.other_columns else ""


_INT = re.compile(r"^-?\d+$")
_NUM = re.compile(r"^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_BOOL = {"True", "False"}


def field_type(values: list[str]) -> str:
    """Table Schema type that every non-empty value of a CSV column satisfies."""
    present = [v for v in values if v != ""]
    if not present:
        return "string"
    if all(_INT.match(v) for v in present):
        return "integer"
    if all(_NUM.match(v) for v in present):
        return "number"
    if all(v in _BOOL for v in present):
        return "boolean"
    if all(_DATE.match(v) for v in present):
        return "date"
    return "string"


def _cited_by_file(root: Path) -> dict[str, set[str]]:
    """Data file (relative to ``root``) -> the source ids its refs cite, read once with the loader's ref walk."""
    out: dict[str, set[str]] = {}
    for doc in cache.project().docs:
        try:
            rel = doc.path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            continue
        out[rel] = {ref_source(v) for _, v, mk in iter_marked(BY_NAME[doc.kind].model, doc.raw)
                    if isinstance(mk, RefMarker) and REF_RE.match(v)}
    return out


def _refs_in(globs: tuple[str, ...], cited: dict[str, set[str]]) -> set[str]:
    """Source ids cited by the data files matching ``globs`` (patterns relative to data/)."""
    return {sid for rel, ids in cited.items() if any(Path(rel).match(g) and len(Path(rel).parts) == len(Path(g).parts)
                                                   for g in globs) for sid in ids}


def _refs_column(rows: list[dict[str, str]]) -> set[str]:
    found = set()
    for row in rows:
        for ref in (row.get("refs") or "").split(";"):
            m = REF_RE.match(ref.strip())
            if m:
                found.add(m.group("source"))
    return found


def _package_source(sid: str, src: Any) -> dict[str, str]:
    """A Data Package source: the work's title, its URL where known, and its key in sources.bib/sources.json."""
    out = {"title": src.title, "id": sid}
    if src.url:
        out["path"] = src.url
    return out


def _resource(path: Path, base: Path, sources: dict[str, Any], cited_by: dict[str, set[str]]) -> dict[str, Any]:
    raw = path.read_bytes()
    text = raw.decode("utf-8-sig")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, [])
    rows = list(reader)
    stem = path.name[: -len(".csv")]
    name, _, lang = stem.rpartition(".") if re.search(r"\.(kk|ru|en)$", stem) else (stem, "", "")
    meta = table_meta(name)
    columns = list(zip(*rows)) if rows else [() for _ in header]
    fields = []
    for col, values in zip(header, columns):
        f = {"name": col, "type": field_type(list(values))}
        desc = describe_column(name, col, lang or None)
        if desc:
            f["description"] = desc
        fields.append(f)
    cited = _refs_column([dict(zip(header, r)) for r in rows]) | (_refs_in(meta.data, cited_by) if meta else set())
    res: dict[str, Any] = {
        "name": re.sub(r"[^a-z0-9._-]", "-", stem.lower()),
        "path": path.relative_to(base).as_posix(),
        "title": (meta.title(lang or "en") or "") if meta else "",
        "description": meta.description if meta else "",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",  # with a BOM (for Excel), which readers of UTF-8 CSV skip
        "bytes": len(raw),
        "hash": "sha256:" + sha256_bytes(raw),
        "schema": {"fields": fields},
        "sources": [_package_source(sid, sources[sid]) for sid in sorted(cited) if sid in sources],
    }
    if lang:
        res["languages"] = [lang]
    if not res["title"]:
        res["title"] = stem
    return res


def datapackage(out_dir: Path | None = None, sources: dict[str, Any] | None = None,
                root: Path | None = None) -> dict[str, Any]:
    """A Frictionless Data Package describing every CSV under ``out_dir``/tables/ (paths relative to ``out_dir``)."""
    out_dir = out_dir or outputs_dir()
    root = root or data_dir()
    sources = cache.project().sources if sources is None else sources
    tables = sorted((out_dir / "tables").glob("*.csv")) if (out_dir / "tables").is_dir() else []
    cited_by = _cited_by_file(root)
    return {
        "name": "civcomm-tables",
        "title": "civcomm: tables on how states train civil servants to communicate",
        "description": "Every table the civcomm reports export as CSV (UTF-8 with BOM), in Kazakh, Russian and "
                       "English. Each resource lists the sources its data cite (keys of sources.bib and ids of "
                       "sources.json). Quotations remain the work of their authors.",
        "version": __version__,
        "licenses": [LICENSE],
        "resources": [_resource(p, out_dir, sources, cited_by) for p in tables if not p.name.startswith(".")],
    }
