# %% [markdown]
# # Tables 5 and 6: what does Kazakh law require at each job level, and what could it add from practice abroad?
#
# Table 5 as the author printed it, then recomputed: Order No. 71's requirements per job level
# (`data/kz_law/v2300032237.yaml`), the competences the country files tie to that level
# (`data/countries/*.yaml`, `emphases[].levels`), and the **possible additions computed** as what
# practice abroad emphasises at that level and Order No. 71 does not require (codebook ids). The
# author's own additions are shown beside them, coded by hand, with their agreement. Table 6 follows
# with a computed indicator per criterion. Kazakh cells are the dissertation's; ru/en labels are the
# project's translations.

# %%
from civcomm import export, report, tables
from civcomm.i18n import headers, t

# %% tags=["parameters"]
lang = "kk"  # language of labels and text: kk | ru | en
levels = []  # job levels to compute, empty list = high, medium and low
countries = []  # ISO3 codes of the countries to draw practice from, empty list = all
include_all_levels = False  # also count emphases that a country file marks for all levels
formats = ["csv", "xlsx", "docx", "tex"]  # table export formats

# %%
report.setup(globals())

# %% [markdown]
# ## Table 5 as the dissertation prints it

# %%
table5 = tables.build_table5(lang)
report.show_table(tables.localise_table(table5, 5, lang), tables.table_caption(5, lang), note=tables.table_note(5, lang))
export.write_table(tables.localise_table(table5, 5, lang), "table5", lang=lang, formats=formats,
                   caption=tables.table_caption(5, lang), note=tables.table_note(5, lang));

# %% [markdown]
# ## Table 5 recomputed from the data
#
# *Kazakhstan* lists Order No. 71's competences for the category group of that level; *abroad*
# lists each competence that a country file ties to the level, with the countries; *computed
# additions* are abroad minus Order No. 71; *author's additions* is her cell, verbatim.

# %%
computed = tables.build_table5_computed(lang, levels=levels, countries=countries, include_all_levels=include_all_levels)
shown = computed[["level", "kazakhstan", "international", "computed_additions", "author_additions"]]
report.show_table(shown.rename(columns=headers(shown.columns, lang)), t("computed_table5_caption", lang), note=t("computed_table5_note", lang))
export.write_table(computed, "table5_computed", lang=lang, formats=formats,
                   caption=t("computed_table5_caption", lang), note=t("computed_table5_note", lang));

# %% [markdown]
# ## Agreement of the computed additions with the author's
#
# *Matched*: both; *only computed*: the data suggests it, the author does not; *only the author's*:
# she proposes it, but no country file ties it to that level.

# %%
agreement = tables.table5_agreement(computed, lang)
report.show_table(agreement.rename(columns=headers(agreement.columns, lang)), t("table5_agreement_caption", lang))
export.write_table(agreement, "table5_agreement", lang=lang, formats=formats, caption=t("table5_agreement_caption", lang));

# %% [markdown]
# ## The author's Kazakhstan cell against Order No. 71, and the category codes
#
# Each item of the author's Kazakhstan cell, coded, and whether Order No. 71 lists it for the same
# group; then Table 5's example codes (as printed, some in Cyrillic letters) normalised and looked
# up in Order No. 71's groups.

# %%
kazakh_check = tables.table5_kazakh_check(lang)
report.show_table(kazakh_check.rename(columns=headers(kazakh_check.columns, lang)), t("kazakh_check_caption", lang))
code_check = tables.table5_code_check()
report.show_table(code_check.rename(columns=headers(code_check.columns, lang)), t("codes_caption", lang))

# %% [markdown]
# ## Table 6 as the dissertation prints it, and the indicators computed from the country files

# %%
table6 = tables.build_table6(lang)
report.show_table(tables.localise_table(table6, 6, lang), tables.table_caption(6, lang), note=tables.table_note(6, lang))
export.write_table(tables.localise_table(table6, 6, lang), "table6", lang=lang, formats=formats,
                   caption=tables.table_caption(6, lang), note=tables.table_note(6, lang));

# %%
table6_computed = tables.build_table6_computed(lang, countries=countries)
report.show_table(table6_computed.rename(columns=headers(table6_computed.columns, lang)), t("computed_table6_caption", lang))
export.write_table(table6_computed, "table6_computed", lang=lang, formats=formats, caption=t("computed_table6_caption", lang));

# %% [markdown]
# ## Sources

# %%
report.bibliography(table5, computed, kazakh_check, table6, table6_computed, lang=lang);
