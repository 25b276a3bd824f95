"""Builders of the dissertation's tables (and the project's computed companions) as DataFrames."""

from __future__ import annotations

import re as _re

import pandas as pd

from civcomm.core.i18n import t
from civcomm.data import cache
from civcomm.data.models import DissTable, PracticeRule, normalise_category_code
from civcomm.views import kz_law
from civcomm.views.countries import country_names, emphases_frame, load_countries


def competence_labels(lang: str) -> dict[str, str]:
    """Competence id -> label in ``lang`` (codebook order)."""
    return {cid: c.label.get(lang) for cid, c in cache.use("codebook").vocab("competence").items()}


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


# --------------------------------------------------------------------------- Tables 1, 3-7
# The dissertation's tables regenerated from data/tables and data/kz_law; Table 5's "possible
# additions" and Table 6's indicators are also computed from the country files.


def normalise_cell(text: str | None, soft_breaks: list[str] | tuple[str, ...] = ()) -> str:
    """Whitespace collapsed and the seed's soft line-breaks inside words joined ('бейім делу' -> 'бейімделу')."""
    if text is None:
        return ""
    text = _re.sub(r"\s+", " ", str(text)).strip()
    for word in soft_breaks:
        text = text.replace(word, word.replace(" ", ""))
    return text


def table_caption(number: int, lang: str) -> str:
    """'Кесте 5 – ...' / 'Таблица 5 – ...' / 'Table 5 – ...' with the caption from data/tables."""
    return f"{t('table', lang)} {number} – {kz_law.load_table(number).caption.get(lang)}"


def table_note(number: int, lang: str) -> str | None:
    """'Ескерту – ...' / 'Примечание – ...' / 'Note – ...', or None where the table has no note."""
    note = kz_law.load_table(number).note
    return f"{t('note', lang)} – {note.get(lang)}" if note else None


def table_headers(number: int, lang: str) -> dict[str, str]:
    """Column key -> header in ``lang`` (kk verbatim from the dissertation)."""
    return {c.key: c.label.get(lang) for c in kz_law.load_table(number).columns}


def _rows_from_act(table: DissTable, lang: str) -> list[dict]:
    act = kz_law.load_act(table.rows_from)
    rows = []
    for r in sorted((r for r in act.table_rows if r.table == table.table), key=lambda r: r.order):
        row = {"row_id": f"r{r.order}"}
        if table.blocks:
            row["block"] = table.blocks[r.block].get(lang) if r.block in table.blocks else r.block
        for c in table.columns:
            cell = r.cells.get(c.key)
            row[c.key] = cell.get(lang) if cell else None
        row["competence_ids"] = [c.competence for c in r.competences]
        row["refs"] = list(r.refs)
        rows.append(row)
    return rows


def build_dissertation_table(number: int, lang: str = "kk") -> pd.DataFrame:
    """Table ``number`` (1, 3, 4, 5, 6 or 7) with the author's cells, one column per printed column.

    kk cells are the dissertation's (whitespace and soft breaks normalised); ru/en cells fall back
    to kk where the data has no translation. Missing cells (Table 1's last row) stay empty.
    """
    table = kz_law.load_table(number)
    if table.rows_from:
        rows = _rows_from_act(table, lang)
    else:
        rows = []
        for r in table.rows:
            row = {"row_id": r.id}
            for c in table.columns:
                cell = r.cells.get(c.key)
                row[c.key] = cell.get(lang) if cell else None
            row["refs"] = list(r.refs)
            rows.append(row)
    df = pd.DataFrame(rows)
    for c in table.columns:
        if c.key in df.columns:
            df[c.key] = df[c.key].map(lambda v: normalise_cell(v, table.soft_breaks) if isinstance(v, str) else None)
            df[c.key] = df[c.key].astype(object).where(df[c.key].notna(), None)
    return df


def build_table1(lang: str = "kk") -> pd.DataFrame:
    """Table 1: competence vs communicative competence (last row's cells missing in the source)."""
    return build_dissertation_table(1, lang)


def build_table3(lang: str = "kk") -> pd.DataFrame:
    """Table 3: the Unified Competency Framework's core and differentiating competences."""
    return build_dissertation_table(3, lang)


def build_table4(lang: str = "kk") -> pd.DataFrame:
    """Table 4: the UCF's two basic communicative competences."""
    return build_dissertation_table(4, lang)


def build_table7(lang: str = "kk") -> pd.DataFrame:
    """Table 7: communicative aspects before and after the 'Listening State' model."""
    return build_dissertation_table(7, lang)


def build_table5(lang: str = "kk") -> pd.DataFrame:
    """Table 5 as the author printed it: job level | Kazakhstan (Order 71) | international | additions."""
    return build_dissertation_table(5, lang)


def build_table6(lang: str = "kk") -> pd.DataFrame:
    """Table 6 as the author printed it: criterion | Kazakhstan | international | comparison."""
    return build_dissertation_table(6, lang)


# ---- Table 5, computed


def _labels(ids: list[str], lang: str) -> str:
    labels = competence_labels(lang)
    return "; ".join(labels.get(i, i) for i in ids)


def international_by_level(level: str, countries: list[str] | None = None,
                           include_all_levels: bool = False) -> dict[str, list[str]]:
    """Competence id -> ISO3 of foreign countries whose files tie an emphasis on it to ``level``.

    Only level-specific emphases count (``emphases[].levels``); with ``include_all_levels`` an
    emphasis marked 'all' counts for every level too. The baseline (Kazakhstan) is left out.
    """
    baseline = {c.country for c in load_countries(countries) if c.is_baseline}
    em = emphases_frame(countries)
    out: dict[str, list[str]] = {}
    wanted = {level, "all"} if include_all_levels else {level}
    for row in em.itertuples():
        if row.country_code in baseline or not wanted & set(row.levels):
            continue
        out.setdefault(row.competence_id, [])
        if row.country_code not in out[row.competence_id]:
            out[row.competence_id].append(row.country_code)
    order = list(competence_labels("en"))
    return {k: sorted(out[k]) for k in sorted(out, key=order.index)}


def build_table5_computed(lang: str = "kk", levels: list[str] | None = None, countries: list[str] | None = None,
                          include_all_levels: bool = False) -> pd.DataFrame:
    """Table 5 recomputed: per job level, what Order 71 requires, what practice abroad emphasises at
    that level, the computed possible additions (abroad minus Order 71, in codebook ids), the
    author's additions (coded by hand from her cell) and their agreement.
    """
    table = kz_law.load_table(5)
    author = {r.level: r for r in table.rows}
    rows = []
    for level in levels or [r.level for r in table.rows]:
        required = list(dict.fromkeys(cid for _, cid in kz_law.order71_requirements(level)))
        abroad = international_by_level(level, countries, include_all_levels)
        # ranked by how many countries support each (codebook order among equals)
        computed = sorted((c for c in abroad if c not in required), key=lambda c: -len(abroad[c]))
        row = author.get(level)
        authors = list(dict.fromkeys(c.competence for it in (row.author_items if row else []) for c in it.competences))
        items_kk = ", ".join(i for i, _ in kz_law.order71_requirements(level))
        rows.append({
            "level_code": level,
            "level": normalise_cell(row.cells["level"].get(lang), table.soft_breaks) if row else level,
            "kazakhstan_ids": required,
            "kazakhstan": items_kk if lang == "kk" else _labels(required, lang),
            "international_ids": list(abroad),
            "international": "; ".join(f"{competence_labels(lang).get(c, c)} ({', '.join(v)})" for c, v in abroad.items()),
            "computed_ids": computed,
            "computed_support": [f"{c}: {', '.join(abroad[c])}" for c in computed],
            "computed_additions": _labels(computed, lang),
            "author_ids": authors,
            "author_international": normalise_cell(row.cells["international"].get(lang), table.soft_breaks)
            if row else None,
            "author_additions": normalise_cell(row.cells["additions"].get(lang), table.soft_breaks) if row else None,
            "matched_ids": [c for c in computed if c in authors],
            "only_computed_ids": [c for c in computed if c not in authors],
            "only_author_ids": [c for c in authors if c not in computed],
            "refs": list(row.refs) if row else [],
        })
    return pd.DataFrame(rows)


def table5_agreement(computed: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Per level: how many additions match the author's, are only computed, or only the author's."""
    rows = []
    for r in computed.itertuples():
        rows.append({"level_code": r.level_code, "level": r.level,
                     "n_matched": len(r.matched_ids), "n_only_computed": len(r.only_computed_ids),
                     "n_only_author": len(r.only_author_ids),
                     "matched": _labels(r.matched_ids, lang), "only_computed": _labels(r.only_computed_ids, lang),
                     "only_author": _labels(r.only_author_ids, lang)})
    df = pd.DataFrame(rows)
    total = {"level_code": "total", "level": t("total", lang)}
    for k in ("n_matched", "n_only_computed", "n_only_author"):
        total[k] = int(df[k].sum()) if len(df) else 0
    return pd.concat([df, pd.DataFrame([total])], ignore_index=True)


def table5_kazakh_check(lang: str = "kk") -> pd.DataFrame:
    """The author's Kazakhstan cell, item by item, against Order 71's list for the same level."""
    rows = []
    for r in kz_law.load_table(5).rows:
        required = {cid for _, cid in kz_law.order71_requirements(r.level)}
        for it in r.kazakh_items:
            for c in it.competences:
                rows.append({"level_code": r.level, "item_kk": it.item_kk, "competence_id": c.competence,
                             "competence": competence_labels(lang).get(c.competence), "strength_code": c.strength,
                             "is_in_order71": c.competence in required, "refs": list(c.refs)})
    return pd.DataFrame(rows)


def table5_code_check() -> pd.DataFrame:
    """Table 5's example category codes (as printed) -> normalised -> the level Order 71's groups give."""
    levels = kz_law.code_levels()
    rows = []
    for r in kz_law.load_table(5).rows:
        for raw in r.example_codes_raw:
            code = normalise_category_code(raw)
            rows.append({"level_code": r.level, "raw_code": raw, "code": code,
                         "has_lookalike": raw != raw.translate(str.maketrans("", "", "АВСЕОР")),
                         "order71_levels": levels.get(code, []), "is_consistent": levels.get(code) == [r.level]})
    return pd.DataFrame(rows)


# ---- Table 6, computed


def shows_practice(country, rule: PracticeRule) -> bool:
    """Whether a country file shows the practice ``rule`` describes (see PracticeRule's fields)."""
    if rule.competences and any(e.competence in rule.competences for e in country.emphases):
        return True
    if rule.programme_competences and any(set(p.competences) & set(rule.programme_competences)
                                          for p in country.programmes):
        return True
    if rule.methods and any(mu.method in rule.methods for mu in country.methods):
        return True
    if rule.level_specific and any(set(x.levels) - {"all"} for x in list(country.emphases) + list(country.methods)):
        return True
    return bool(rule.evaluation and country.evaluation)


def build_table6_computed(lang: str = "kk", countries: list[str] | None = None) -> pd.DataFrame:
    """Table 6 with, per criterion, the countries the cell names (linked by ISO3) and a computed
    indicator: how many foreign countries' files show the practice, and whether Kazakhstan's does.
    """
    table = kz_law.load_table(6)
    all_countries = load_countries(countries)
    foreign = [c for c in all_countries if not c.is_baseline]
    baseline = next((c for c in all_countries if c.is_baseline), None)
    known = {c.country for c in load_countries()}
    rows = []
    for r in table.rows:
        named = [iso for cc in r.countries for iso in cc.countries]
        showing = [c.country for c in foreign if r.practice and shows_practice(c, r.practice)]
        rows.append({
            "row_id": r.id,
            "criterion": normalise_cell(r.cells["criterion"].get(lang)),
            "international": normalise_cell(r.cells["international"].get(lang), table.soft_breaks),
            "named_countries": named,
            "named_with_file": [iso for iso in named if iso in known],
            "named_showing": [iso for iso in named if iso in showing],
            "n_countries_showing": len(showing),
            "n_countries": len(foreign),
            "countries_showing": showing,
            "kaz_shows": (shows_practice(baseline, r.practice) if (baseline and r.practice) else None),
            "rule": r.practice.description if r.practice else None,
            "refs": list(r.refs),
        })
    return pd.DataFrame(rows)
