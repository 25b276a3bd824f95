"""Builders of the dissertation's tables (and the project's computed companions) as DataFrames."""

from __future__ import annotations

import pandas as pd

from . import load
from .countries import country_names, emphases_frame, load_countries
from .i18n import t


def competence_labels(lang: str) -> dict[str, str]:
    """Competence id -> label in ``lang`` (codebook order)."""
    return {cid: c.label.get(lang) for cid, c in load.use("codebook").vocab("competence").items()}


def build_table2(lang: str = "kk", countries: list[str] | None = None) -> pd.DataFrame:
    """Table 2: country | distinctive approach | sources, in the dissertation's list order (l.328-337).

    The kk text is the dissertation's verbatim; ru/en are the project's translations.
    """
    rows = []
    for c in load_countries(countries, include_baseline=False):
        if c.table2 is None:
            continue
        rows.append({
            "order": c.table2.order,
            "country_code": c.country,
            "country": c.names.get(lang),
            "approach": c.table2.approach.get(lang),
            "refs": "; ".join(c.table2.refs),
        })
    df = pd.DataFrame(rows, columns=["order", "country_code", "country", "approach", "refs"])
    return df.sort_values("order", kind="stable").reset_index(drop=True)


def localise_columns(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Column headers in ``lang`` for display and export (ids and refs keep stable names)."""
    names = {"order": t("order", lang), "country": t("country", lang), "approach": t("approach", lang),
             "refs": t("sources", lang), "country_code": t("country_code", lang)}
    return df.rename(columns={k: v for k, v in names.items() if k in df.columns})


def build_emphasis_matrix(lang: str = "en", countries: list[str] | None = None,
                          competences: list[str] | None = None, include_baseline: bool = True) -> pd.DataFrame:
    """Country x competence 0/1 matrix from the country files, with totals per row and column.

    Rows are countries (ISO3, file order), columns competence ids (codebook order, filtered to
    ``competences`` or to those any shown country emphasises), last row/column the totals.
    """
    em = emphases_frame(countries)
    shown = [c.country for c in load_countries(countries, include_baseline=include_baseline)]
    em = em[em["country_code"].isin(shown)]
    order = list(competence_labels(lang))
    cols = [c for c in order if (c in set(competences) if competences else c in set(em["competence_id"]))]
    matrix = pd.DataFrame(0, index=pd.Index(shown, name="country_code"), columns=pd.Index(cols, name="competence_id"))
    for row in em.itertuples():
        if row.competence_id in matrix.columns:
            matrix.loc[row.country_code, row.competence_id] = 1
    matrix[t("total", lang)] = matrix.sum(axis=1)
    totals = matrix.sum(axis=0).rename(t("total", lang))
    matrix = pd.concat([matrix, totals.to_frame().T])
    matrix.index.name = "country_code"
    return matrix.astype(int)


def emphasis_cells(lang: str = "en", countries: list[str] | None = None,
                   competences: list[str] | None = None) -> pd.DataFrame:
    """Long form of the matrix: one row per emphasis with the quote and refs behind it."""
    em = emphases_frame(countries, lang=lang)
    if competences:
        em = em[em["competence_id"].isin(competences)]
    names = country_names(lang)
    labels = competence_labels(lang)
    em = em.assign(country=em["country_code"].map(names), competence=em["competence_id"].map(labels),
                   levels=em["levels"].map(lambda x: ", ".join(x)), refs=em["refs"].map("; ".join))
    return em[["country_code", "country", "competence_id", "competence", "levels", "quote", "refs"]].sort_values(
        ["country_code", "competence_id"], kind="stable").reset_index(drop=True)
