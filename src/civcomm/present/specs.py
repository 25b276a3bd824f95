"""The table registry: one presentation spec per table the reports show or export, by its export name.

Publication tables (the dissertation's Tables 1-7 and the computed Tables 5 and 6 in the same layout) go to
CSV, XLSX, DOCX and LaTeX; long-form frames (provisions, codings, metrics, checks) to CSV and XLSX only.
Headers are strings.yaml entries (``col_<key>`` unless said) or the dissertation's own ('tN:key'); the
``about`` texts describe each CSV column in the data package. The dissertation's tables are specified in
``dissspecs``, the official law's in ``lawspecs``, the reports' other tables here; all register in ``registry``.
"""

from __future__ import annotations

import re
from typing import Any

from civcomm.present import dissspecs, lawspecs  # noqa: F401 (importing them registers their tables)
from civcomm.present.registry import ACTS as _ACTS
from civcomm.present.registry import COMMON, REGISTRY, hidden, refs, register
from civcomm.present.registry import COUNTRIES as _COUNTRIES
from civcomm.present.tablespec import Col, TableSpec

# --------------------------------------------------------------------------- report 01: countries

register(TableSpec("country_competence_matrix", (
    Col("country_code", "enum", vocab="country", header="country", width=1.4, about=COMMON["country_code"]),
    Col("*", "count", vocab="competence", width=0.55,
        about="a competence (id in data/codebook.yaml): 1 if the country's file quotes an emphasis on it, 0 if not; "
              "the column and the row named 'total' in the table's language hold the totals"),
), "Country × competence: 1 where a country file quotes an emphasis on the competence, 0 otherwise.",
    caption="matrix_caption", note="matrix_note", index="country_code", data=_COUNTRIES))

register(TableSpec("country_competence_cells", (
    hidden("country_code"), Col("country", width=0.8), hidden("competence_id"), Col("competence", width=1.0),
    Col("levels", "list", vocab="job_level", split=", ", width=0.7, about="job levels the emphasis applies to"),
    Col("quote", width=3.0), refs(),
), "The quotes behind each cell of the country × competence matrix.", caption="matrix_caption", data=_COUNTRIES))

# --------------------------------------------------------------------------- report 02: legal framework

register(TableSpec("kz_acts", (
    hidden("act_id"),
    Col("type_code", "enum", vocab="act_type", width=0.9, about="kind of act (law, presidential decree, ...)"),
    Col("number", width=0.7, about="the act's number as printed"),
    Col("date", "date", width=0.95, about="date the act was adopted (ISO 8601), or its year"),
    Col("title", width=2.6, about="the act's title in the table's language"),
    Col("title_kk", shown=False, about="the act's Kazakh title"),
    Col("adilet_id", width=0.9, about="the act's document id in the Adilet legal database, where a source gives it"),
    Col("status_code", "enum", vocab="act_status", width=0.9, about="status of the act as the dissertation cites it"),
    Col("n_provisions", "count", width=0.5, about="number of provisions recorded for the act"),
    Col("competence_ids", "list", vocab="competence", width=1.6, about="ids of the competences coded in the act"),
    Col("provisions", "list", vocab="locator", width=1.0, about="the act's provisions as located (article, paragraph)"),
    refs(),
), "The Kazakh legal and normative acts the dissertation discusses.", caption="acts_caption", data=_ACTS))

register(TableSpec("kz_provisions", (
    Col("act_id", "id", vocab="act", width=0.9),
    hidden("provision_id", "id of the provision"),
    Col("locator", "enum", vocab="locator", width=0.7,
        about="where the provision stands in the act, as printed (article, paragraph; 'act': the act as a whole)"),
    Col("heading", width=1.0, about="heading of the provision, where the act has one"),
    Col("summary", langs=("en",), width=2.0, about="the project's summary of the provision (en)"),
    Col("text_kk", width=2.6,
        about="the provision's Kazakh wording where a source quotes it (empty otherwise, never from memory)"),
    Col("competence_id", "enum", vocab="competence", header="col_competence", width=1.0),
    Col("strength_code", "enum", vocab="strength", width=0.7,
        about="how explicitly the provision names the competence (explicit, general, indirect)"),
    refs(),
), "Provisions of the Kazakh acts and the competences hand-coded in them.", caption="provisions_caption",
    data=_ACTS))

register(TableSpec("order71_codes", (
    Col("raw_code", width=0.7, about="job-category code as printed in the dissertation"),
    Col("code", width=0.7, about="job-category code of Order No. 71, normalised to Latin letters"),
    Col("position", "count", width=0.5, about="position of the code within its group as printed"),
    Col("group", "count", width=0.5, about="number of the group of categories in Order No. 71"),
    Col("level_code", "enum", vocab="job_level", header="col_level", width=0.7),
    Col("has_lookalike", "boolean", marks=True, width=0.7,
        about="whether the printed code has Cyrillic letters that look like Latin ones"),
    refs(width=1.4),
    Col("is_ambiguous", "boolean", marks=True, width=0.7,
        about="whether the normalised code stands in groups of different job levels"),
), "Order No. 71's job-category codes as Table 5 prints them, normalised, with their job levels.",
    caption="codes_caption", data=_ACTS))

# --------------------------------------------------------------------------- report 04: legal texts coded

register(TableSpec("kz_law_coverage", (
    Col("competence_id", "enum", vocab="competence", header="competence", width=1.6, about=COMMON["competence_id"]),
    Col("*", "count", vocab="act", width=0.7,
        about="{column}: number of this act's provisions (act id in data/kz_law/) coded with the competence, by hand, "
              "automatically or both, as the report's `source` parameter chose"),
), "Competence × act: number of provisions coded with the competence.", caption="coverage_caption",
    note="coverage_note", index="competence_id", data=_ACTS))

register(TableSpec("competence_country_emphasis", (
    Col("competence_id", "enum", vocab="competence", header="competence", width=1.6, about=COMMON["competence_id"]),
    Col("*", "count", vocab="country", width=0.6,
        about="{column}: number of emphases on the competence quoted in this country's file (ISO3 code)"),
), "Competence × country: emphases in the country files.", caption="emphasis_by_country_caption",
    index="competence_id", data=_COUNTRIES))

register(TableSpec("kz_law_gaps", (
    Col("competence_id", "enum", vocab="competence", header="competence", width=1.1),
    Col("n_countries", "count", width=0.5,
        about="number of countries abroad whose files emphasise the competence"),
    Col("countries", "list", vocab="country", split=",", width=1.3,
        about="countries abroad that emphasise the competence (ISO3)"),
    Col("kz_status", "enum", vocab="kz_status", width=0.8,
        about="how Kazakh law names the competence: specific, general (only in a preamble, definitions or "
              "principles) or absent"),
    Col("kz_provisions", "count", width=0.5, about="number of Kazakh provisions coded with the competence"),
    Col("kz_unit_id", "id", vocab="unit", width=1.0, about="id of the Kazakh provision quoted"),
    Col("kz_quote", width=2.2, about="quote of the Kazakh provision"),
    Col("abroad_quotes", shown=False, about="quotes from the country files abroad that emphasise the competence"),
    refs(shown=False),
    Col("is_gap", "boolean", shown=False, about="whether the competence counts as a gap in Kazakh law"),
), "Competences emphasised abroad by several countries and absent or only general in Kazakh law.",
    caption="gap_caption", note="gap_note", data=(*_COUNTRIES, *_ACTS)))

register(TableSpec("kz_law_agreement", (
    Col("competence_id", "enum", vocab="competence", header="competence", width=1.6),
    Col("n_units", "count", width=0.6, about="number of units (provisions) compared"),
    Col("n_hand", "count", width=0.6, about="units coded with the competence by hand"),
    Col("n_auto", "count", width=0.6, about="units the automatic coder coded with the competence"),
    Col("n_both", "count", width=0.6, about="units coded with the competence by both hand and the automatic coder"),
    Col("kappa", "number", decimals=2, width=0.6, about="Cohen's kappa of automatic against hand coding"),
    Col("alpha", "number", decimals=2, width=0.6, about="Krippendorff's alpha of automatic against hand coding"),
    Col("precision", "number", decimals=2, width=0.6, about="share of automatic codes that hand coding confirms"),
    Col("recall", "number", decimals=2, width=0.6, about="share of hand codes the automatic coder found"),
), "Agreement of the automatic coder with hand coding, per competence.", caption="agreement_caption", data=_ACTS))

register(TableSpec("kz_law_disagreements", (
    Col("unit_id", "id", vocab="unit", width=1.2),
    Col("competence_id", "enum", vocab="competence", header="competence", width=1.0),
    Col("coded_by", "enum", vocab="coder", width=0.7, about="who coded the segment (hand or automatic)"),
    Col("term", width=0.7, about="the lexicon term that matched"),
    Col("quote", width=3.0),
), "Segments where automatic and hand coding disagree.", caption="disagreements_caption", data=_ACTS))

# --------------------------------------------------------------------------- report 05: survey

_SURVEY = ("survey/*.yaml",)
register(TableSpec("survey_design", (
    hidden("study_id"), hidden("part_code", "id of the study part"),
    Col("name", width=2.2, about="name of the study or of the study part"),
    Col("method", "enum", vocab="study_method", width=0.8, about="method of the study part"),
    Col("n", "count", width=0.5, about="respondents or participants as the source states it"),
    Col("n_expected", "count", width=0.6, about="number of respondents the source announces"),
    Col("dates", "date", width=1.0, about="when the study part was run, as the source states it"),
    refs(width=1.4),
), "Design of the empirical studies (parts, methods, sizes, dates).", caption="design_caption", data=_SURVEY))

SURVEY_FIGURE = TableSpec("survey_figure", (
    hidden("figure_id"), hidden("question_id"), hidden("series_code"),
    Col("series", width=1.2),
    Col("option_code", "id", shown=False, about="answer option id"),
    Col("option", width=2.2, about="answer option label"),
    Col("option_value", "number", shown=False, about="numeric value of the answer option, where the scale has one"),
    Col("share_pct", "share", decimals=1, width=0.6, about="share of respondents in percent (0-100)"),
    Col("n", "count", width=0.6, about="respondents who chose the option (share x N / 100 where the source gives no "
                                       "count; empty where the figure has no counts)"),
    refs(shown=False),
), "The numbers of one published survey figure as tidy rows, one per series and answer option.", data=_SURVEY)

register(TableSpec("survey_checks", (
    Col("figure_id", "id", vocab="figure", width=1.4),
    hidden("series_code"), Col("series", width=1.0),
    Col("response", "enum", vocab="response", width=0.8, about="kind of response (single or multiple choice)"),
    Col("n_base", "count", width=0.5, about="number of respondents the shares refer to"),
    Col("n_answered", "count", width=0.6, about="respondents counted over the figure's options (single response only)"),
    Col("n_missing", "count", width=0.6, about="base N minus the respondents counted (single response only)"),
    Col("share_sum_pct", "share", decimals=1, width=0.6, about="sum of the figure's shares in percent"),
    Col("unaccounted_pct", "share", decimals=1, width=0.6,
        about="100 minus the sum of the shares, where they sum to less than 100 (not for multiple response)"),
    Col("choices_per_respondent", "number", decimals=2, width=0.7,
        about="sum of the shares / 100: options chosen per respondent on average (multiple response)"),
    refs(shown=False),
), "Arithmetic checks of each survey figure: N, answers, sum of shares.", caption="checks_caption", data=_SURVEY))

register(TableSpec("survey_text_vs_data", (
    Col("figure_id", "id", vocab="figure", width=1.0),
    hidden("claim_id", "id of the claim of the text tested against the data"),
    Col("text_says", width=2.0, about="what the text says (in the table's language)"),
    Col("text_says_original", shown=False, about="what the text says, in its original language"),
    Col("data_show", width=2.0, about="what the survey data show"),
    Col("is_supported", "boolean", shown=False, about="whether the data support the claim"),
    Col("verdict", width=0.8, about="the project's verdict on the claim"),
    Col("how_tested", langs=("en",), width=1.6, about="how the claim was turned into a test of the data (en)"),
    refs(shown=False),
), "Claims of the text about the survey, tested against the figures' numbers.", caption="claims_caption",
    note="claims_note", data=_SURVEY))

register(TableSpec("survey_data_notes", (
    Col("figure_id", "id", vocab="figure", width=1.0),
    hidden("note_id", "id of the data note"),
    Col("issue", langs=("en",), width=2.2, about="the inconsistency found in the source (en)"),
    Col("handling", langs=("en",), width=2.0, about="what the project does about the inconsistency (en)"),
    refs(width=1.2),
), "Inconsistencies recorded in the survey sources and how the project handles them.", caption="notes_caption",
    data=_SURVEY))

register(TableSpec("survey_questions", (
    Col("study_id", "id", vocab="study", width=1.0),
    Col("figure_id", "id", vocab="figure", width=1.0),
    hidden("question_id"),
    Col("question", width=2.8, about="the survey question"),
    Col("is_verbatim", "boolean", width=0.6, about="whether the question is quoted verbatim from the source"),
    Col("scale", "enum", vocab="scale", width=0.7, about="answer scale of the question"),
    Col("response", "enum", vocab="response", width=0.7, about="kind of response (single or multiple choice)"),
    Col("n_base", "count", width=0.5, about="number of respondents the shares refer to"),
    refs(shown=False),
), "The questions of the 2022 and 2023 surveys.", caption="questions_caption", data=_SURVEY))

# --------------------------------------------------------------------------- report 06: stakeholders

register(TableSpec("network_metrics", (
    hidden("actor_id"), Col("label", header="col_actor", width=2.0),
    Col("type_code", "enum", vocab="actor_type", width=1.2, header="col_actor_type"),
    Col("in_degree", "count", width=0.5), Col("out_degree", "count", width=0.5),
    Col("betweenness", "number", decimals=3, width=0.6), Col("closeness", "number", decimals=3, width=0.6),
    Col("pagerank", "number", decimals=3, width=0.6), Col("constraint", "number", decimals=2, width=0.6),
    Col("effective_size", "number", decimals=2, width=0.6), Col("community", "count", width=0.5),
), "Network metrics of the stakeholder graph's actors.", caption="metrics_caption"))

register(TableSpec("metrics_glossary", (
    Col("metric", "enum", vocab="column", width=0.8, header="col_metric"),
    Col("definition", width=4.0, header="col_definition"),
), "What each network metric measures.", caption="metrics_caption"))

register(TableSpec("power_interest", (
    hidden("actor_id"), Col("label", header="col_actor", width=2.0),
    Col("type_code", "enum", vocab="actor_type", width=1.2, header="col_actor_type"),
    Col("power", "enum", vocab="rating", width=0.6),
    Col("power_basis", "enum", vocab="basis", width=0.8),
    Col("power_refs", "reference", shown=False),
    Col("interest", "enum", vocab="rating", width=0.6),
    Col("interest_basis", "enum", vocab="basis", width=0.8),
    Col("interest_refs", "reference", shown=False),
    Col("quadrant", "enum", vocab="quadrant", width=1.0),
    refs(shown=False),
), "Power and interest of each actor (Mendelow's grid).", caption="grid_caption"))

register(TableSpec("role_rules", (
    Col("role_code", "enum", vocab="institution_role", width=1.2, header="col_role"),
    Col("kind_code", "enum", vocab="relation_kind", width=1.2, header="col_kind"),
    Col("kind", shown=False),
    Col("from", "enum", vocab="role_end", width=1.0, header="col_from"),
    Col("to", "enum", vocab="role_end", width=1.0, header="col_to"),
), "How a country file's institution roles become ties (the project's rule).", caption="role_rules_caption"))

register(TableSpec("country_edges", (
    Col("country_code", "enum", vocab="country", header="country", width=0.8),
    Col("from_id", "id", vocab="actor", width=1.0, header="col_from"),
    Col("to_id", "id", vocab="actor", width=1.0, header="col_to"),
    Col("kind_code", "enum", vocab="relation_kind", width=0.9, header="col_kind"),
    Col("kind", shown=False),
    Col("status_code", "enum", vocab="relation_status", width=0.7, header="col_status"),
    Col("legal_basis", width=0.8),
    Col("note", langs=("en",), width=2.0, header="note"),
    Col("inferred", langs=("en",), width=1.6, header="col_inferred",
        about="why an endpoint is the project's reading (empty: the cited text names both)"),
    refs(width=1.2),
), "The ties of every country's institutional graph.", caption="countries_caption"))

register(TableSpec("inferred_ties", (
    Col("source", header="col_from", width=1.4),
    Col("target", header="col_to", width=1.4),
    Col("kind", width=1.0, header="col_kind"),
    Col("inferred", langs=("en",), width=2.4, header="col_inferred",
        about="why an endpoint is the project's reading"),
    refs(width=1.0),
), "The stakeholder ties whose endpoint the cited text does not name.", caption="inferred_caption"))

register(TableSpec("country_profile_similarity", (
    Col("profile_id", "id", shown=False, about="id of the competence profile (a country or a Kazakh document)"),
    Col("label", header="col_profile", width=1.6, about="label of the competence profile"),
    Col("n_competences", "count", width=0.6, about="number of competences in the profile"),
    Col("shared_*", "count", vocab="profile", header="col_shared_with", width=0.8,
        about="competences the profile shares with the reference profile '{suffix}'"),
    Col("jaccard_*", "number", decimals=2, vocab="profile", header="col_jaccard_with", width=0.8,
        about="Jaccard similarity of the profile with the reference profile '{suffix}'"),
), "Jaccard similarity of each country's competence profile with Kazakh reference profiles.",
    caption="similarity_caption", note="graph_note", data=(*_COUNTRIES, *_ACTS, "tables/*.yaml")))

# --------------------------------------------------------------------------- every report: the sources

register(TableSpec("bibliography", (
    hidden("source_id", "id of the source in data/sources.yaml (the key in sources.bib)"),
    Col("bib_no", "count", width=0.4, header="order"),
    Col("via", "id", shown=False),
    Col("entry", width=5.0, header="col_entry"),
    Col("url", width=1.6, header="col_url"),
), "The sources a report cites.", caption="bibliography"))


def spec_for(name: str) -> TableSpec | None:
    """The spec of the table exported or shown as ``name`` (survey figures share one), or None."""
    if name in REGISTRY:
        return REGISTRY[name]
    if re.fullmatch(r"survey_\w+_fig\d+", name):
        return SURVEY_FIGURE
    return None


def describe(name: str) -> dict[str, Any]:
    """What the data package needs of a table: its description and data globs (None where unknown)."""
    spec = spec_for(name)
    return {"about": spec.about, "data": spec.data} if spec else {}
