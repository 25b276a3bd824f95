"""Presentation specs of the dissertation's tables: Tables 1-7 as printed, Tables 5 and 6 recomputed in their layout."""

from __future__ import annotations

from civcomm.core.i18n import t
from civcomm.present.labels import label
from civcomm.present.registry import ACTS as _ACTS
from civcomm.present.registry import COMMON, hidden, refs, register
from civcomm.present.registry import COUNTRIES as _COUNTRIES
from civcomm.present.tablespec import CHECK, DASH, Col, TableSpec

PRINTED_ABOUT = {"level": "job level as printed", "kazakhstan": "Kazakhstan's requirements (Order No. 71) as printed",
                 "international": "international practice as printed",
                 "additions": "the author's possible additions as printed", "block": "block of the table as printed"}


def printed(number: int, widths: dict[str, float], about: str, block: bool = False, coded: bool = False) -> TableSpec:
    """A table of the dissertation: its printed columns (keys of data/tables/tableN.yaml) and the machine ones."""
    cols = [hidden("row_id")]
    if block:
        cols.append(Col("block", header="block", width=0.0, shown=False, about=PRINTED_ABOUT["block"]))
    cols += [Col(k, header=f"t{number}:{k}", width=w,
                 about=PRINTED_ABOUT.get(k, f"the '{k}' column of the printed Table {number}"))
             for k, w in widths.items()]
    if coded:
        cols.append(Col("competence_ids", "list", vocab="competence", shown=False,
                        about="ids of the competences the project coded in the row"))
        # beside the dissertation's cells, never in them: where an act's official text is present, how many of its
        # units the coder codes with the row's competences (report 02 adds the column)
        cols.append(Col("official_units_*", "count", vocab="act", header="col_official_units", width=0.9,
                        about="units of the act '{suffix}' whose official text the coder codes with the row's "
                              "competences (Kazakh or Russian)"))
    cols.append(refs(shown=False))
    return register(TableSpec(f"table{number}", tuple(cols), about, number=number, publication=True,
                              data=(f"tables/table{number}.yaml",), landscape=False,  # portrait, as printed
                              group="block" if block else None))


printed(1, {"aspect": 1.0, "competence": 2.0, "communicative": 2.0},
        "Table 1 of the dissertation: aspects of competence and of communicative competence.")
printed(3, {"competence": 1.0, "description": 3.2},
        "Table 3 of the dissertation: the competences of the Unified Competency Framework.", block=True, coded=True)
printed(4, {"competence": 1.0, "description": 3.0},
        "Table 4 of the dissertation: communicative competences and their descriptions.", coded=True)
printed(5, {"level": 0.95, "kazakhstan": 1.5, "international": 2.1, "additions": 1.5},
        "Table 5 of the dissertation as printed: requirements by job level, Kazakhstan and abroad, and the author's "
        "possible additions.")
printed(6, {"criterion": 1.3, "kazakhstan": 1.55, "international": 1.95, "comparison": 1.8},
        "Table 6 of the dissertation as printed: Kazakhstan's practice against international practice by criterion.")
printed(7, {"aspect": 1.0, "before": 1.6, "after": 1.6},
        "Table 7 of the dissertation: communicative aspects before and after the proposed model.", coded=True)

register(TableSpec("table2", (
    Col("order", "count", header="t2:order", width=0.5, about="row number as in the dissertation"),
    hidden("country_code"),
    Col("country", header="t2:country", width=1.4),
    Col("approach", header="t2:approach", width=3.85,
        about="the country's distinctive approach as the dissertation states it"),
    Col("refs", "reference", header="t2:refs", width=1.35, bib_only=True, about=COMMON["refs"]),
), "Table 2 of the dissertation rebuilt from §1.3: each country's distinctive approach to communicative-competence "
   "training.", number=2, publication=True, data=("tables/table2.yaml", *_COUNTRIES)))


# --------------------------------------------------------------------------- Table 5 computed, in Table 5's layout


def _support(row: dict) -> dict[str, list[str]]:
    out = {}
    for item in row.get("computed_support") or []:
        cid, _, isos = str(item).partition(":")
        out[cid.strip()] = [x.strip() for x in isos.split(",") if x.strip()]
    return out


def computed_additions_lines(row: dict, lang: str) -> list[str]:
    """One line per computed addition, most supported first: '✓ label – n: countries' (✓: the author adds it too)."""
    support = _support(row)
    author = set(row.get("author_ids") or [])
    lines = []
    for cid in row.get("computed_ids") or []:
        names = ", ".join(label("country", iso, lang) for iso in support.get(cid, []))
        mark = f"{CHECK} " if cid in author else ""
        lines.append(f"{mark}{label('competence', cid, lang)} – {len(support.get(cid, []))}: {names}")
    return lines or [DASH]


def agreement_lines(row: dict, lang: str) -> list[str]:
    """Counts of matched, only computed and only the author's additions, the author's alone named."""
    only_author = list(row.get("only_author_ids") or [])
    lines = [f"{CHECK} {t('agree_matched', lang)}: {len(row.get('matched_ids') or [])}",
             f"+ {t('agree_only_computed', lang)}: {len(row.get('only_computed_ids') or [])}",
             f"− {t('agree_only_author', lang)}: {len(only_author)}"]
    lines += [f"− {label('competence', cid, lang)}" for cid in only_author]
    return lines


_IDS = "competence ids ({what}) from data/codebook.yaml"
register(TableSpec("table5_computed", (
    Col("level_code", "enum", vocab="job_level", shown=False, about=COMMON["level_code"]),
    Col("level", header="t5:level", width=0.8, about="job level as the dissertation prints it"),
    Col("kazakhstan_ids", "list", vocab="competence", shown=False,
        about=_IDS.format(what="what Order No. 71 requires at this level")),
    Col("kazakhstan", header="t5:kazakhstan", width=1.45,
        about="what Order No. 71 requires at this level: its items as printed (kk), competence labels (ru, en)"),
    Col("international_ids", "list", vocab="competence", shown=False,
        about=_IDS.format(what="emphasised abroad at this level")),
    Col("international", shown=False, about="competences emphasised abroad at this level (labels, with the ISO3 "
                                             "codes of the countries)"),
    Col("author_international", header="t5:international", width=1.6,
        about="international practice as the dissertation prints it"),
    Col("author_ids", "list", vocab="competence", shown=False, about=_IDS.format(what="the author's additions")),
    Col("author_additions", header="col_author_additions_printed", width=1.15,
        about="the dissertation author's 'possible additions' as printed"),
    Col("computed_ids", "list", vocab="competence", shown=False,
        about=_IDS.format(what="computed additions, most supported first")),
    Col("computed_support", "list", shown=False,
        about="per computed addition, 'competence_id: ISO3, ISO3': the countries whose files tie it to this level"),
    Col("computed_additions", shown=False, about="the computed additions (labels)"),
    Col("computed", header="col_computed_ranked", width=2.95, lines=True, derive=computed_additions_lines),
    Col("matched_ids", "list", vocab="competence", shown=False,
        about=_IDS.format(what="both computed and the author's")),
    Col("only_computed_ids", "list", vocab="competence", shown=False, about=_IDS.format(what="only computed")),
    Col("only_author_ids", "list", vocab="competence", shown=False, about=_IDS.format(what="only the author's")),
    Col("agreement", header="col_agreement", width=1.05, lines=True, derive=agreement_lines),
    refs(shown=False),
), "Table 5 recomputed from the project's data in the dissertation's layout: what Order No. 71 requires per job "
   "level, international practice and the author's possible additions as printed, and the additions computed from "
   "the country files (abroad minus Order No. 71), ranked by the number of countries, with their agreement.",
    number=5, caption_suffix="computed_caption_suffix", note="computed_table5_note", publication=True,
    data=("tables/table5.yaml", *_COUNTRIES, *_ACTS), landscape=True, font_pt=10.0))

register(TableSpec("table5_agreement", (
    Col("level_code", "enum", vocab="job_level", shown=False),
    Col("level", width=1.2),
    Col("n_matched", "count", width=0.6, about="number of competences both computed and added by the author"),
    Col("n_only_computed", "count", width=0.6, about="number of competences only computed"),
    Col("n_only_author", "count", width=0.6, about="number of competences only the author added"),
    Col("matched", width=2.0, about="competences both computed and added by the author (labels)"),
    Col("only_computed", width=2.0, about="competences only computed (labels)"),
    Col("only_author", width=1.5, about="competences only the author added (labels)"),
), "How far the computed additions agree with the author's, per job level.", caption="table5_agreement_caption",
    data=("tables/table5.yaml", *_COUNTRIES, *_ACTS)))

register(TableSpec("table5_kazakh_check", (
    Col("level_code", "enum", vocab="job_level", width=0.6, header="col_level"),
    Col("item_kk", width=1.4, about="item of the author's Kazakhstan cell as printed (kk)"),
    Col("competence_id", "id", shown=False),
    Col("competence", width=1.4),
    Col("strength_code", "enum", vocab="strength", width=0.8,
        about="how explicitly the item names the competence (explicit, general, indirect)"),
    Col("is_in_order71", "boolean", marks=True, width=0.8,
        about="whether Order No. 71 lists the competence for the same group"),
    refs(),
), "The author's Kazakhstan cell of Table 5, item by item, against Order No. 71.", caption="kazakh_check_caption",
    data=("tables/table5.yaml", *_ACTS)))

register(TableSpec("table5_code_check", (
    Col("level_code", "enum", vocab="job_level", width=0.8, header="col_level"),
    Col("raw_code", width=0.7, about="job-category code as printed in the dissertation"),
    Col("code", width=0.7, about="job-category code of Order No. 71, normalised to Latin letters"),
    Col("has_lookalike", "boolean", marks=True, width=0.8,
        about="whether the printed code has Cyrillic letters that look like Latin ones"),
    Col("order71_levels", "list", vocab="job_level", width=1.0, about="job levels Order No. 71's groups give the code"),
    Col("is_consistent", "boolean", marks=True, width=0.8,
        about="whether Order No. 71 gives the code the level of Table 5's row"),
), "Table 5's example category codes against Order No. 71's groups.", caption="code_check_caption",
    data=("tables/table5.yaml", *_ACTS)))


# --------------------------------------------------------------------------- Table 6 computed, in Table 6's layout


def named_lines(row: dict, lang: str) -> list[str]:
    showing = set(row.get("named_showing") or [])
    return [f"{CHECK if iso in showing else DASH} {label('country', iso, lang)}"
            for iso in row.get("named_countries") or []] or [DASH]


def showing_text(row: dict, lang: str) -> str:
    names = ", ".join(label("country", iso, lang) for iso in row.get("countries_showing") or [])
    return f"{row.get('n_countries_showing', 0)} / {row.get('n_countries', 0)}" + (f": {names}" if names else "")


register(TableSpec("table6_computed", (
    hidden("row_id"),
    Col("criterion", header="t6:criterion", width=0.9, about="criterion of Table 6"),
    Col("kaz_shows", "boolean", marks=True, width=0.75, about="whether Kazakhstan's file shows the criterion"),
    Col("international", header="t6:international", width=2.3, about="international practice as printed"),
    Col("named_countries", "list", vocab="country", shown=False,
        about="countries the dissertation's Table 6 names for the criterion (ISO3)"),
    Col("named_with_file", "list", vocab="country", shown=False,
        about="named countries that have a country file (ISO3)"),
    Col("named_showing", "list", vocab="country", shown=False,
        about="named countries whose files show the criterion (ISO3)"),
    Col("named", header="col_named_marked", width=1.2, lines=True, derive=named_lines),
    Col("n_countries_showing", "count", shown=False, about="number of countries whose files show the criterion"),
    Col("n_countries", "count", shown=False, about="number of countries abroad compared"),
    Col("countries_showing", "list", vocab="country", shown=False,
        about="countries whose files show the criterion (ISO3)"),
    Col("showing", header="col_countries_showing_n", width=1.8, derive=showing_text),
    Col("rule", langs=("en",), width=1.6, about="rule that decides whether a country shows the criterion"),
    refs(shown=False),
), "Table 6's criteria recomputed from the country files, in the dissertation's layout: international practice "
   "as printed, the countries it names (marked where their files show the practice) and every country whose file "
   "shows it.", number=6, caption_suffix="computed_caption_suffix", note="computed_table6_note", publication=True,
    data=("tables/table6.yaml", *_COUNTRIES), landscape=True, font_pt=10.0))
