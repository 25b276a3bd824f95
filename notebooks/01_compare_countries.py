# %% [markdown]
# # Table 2: how do the ten countries approach civil servants' communicative competence?
#
# Regenerates the dissertation's Table 2 (country | distinctive approach | sources) from the cited
# country files in `data/countries/`, and the country × competence matrix those files support.
# The Kazakh text of Table 2 is the dissertation's own (§1.3, lines 328–337); Russian and English
# are the project's translations.

# %%
from civcomm import export, figures, report, tables
from civcomm.countries import country_names
from civcomm.i18n import caption, t

# %% tags=["parameters"]
lang = "kk"  # language of labels and text: kk | ru | en
countries = []  # ISO3 codes to show, empty list = all ten and Kazakhstan
competences = []  # competence ids from data/codebook.yaml, empty list = all emphasised

# %%
report.setup(globals())

# %% [markdown]
# ## Table 2 as the dissertation frames it
#
# One row per country in the order of the dissertation's numbered list, with the sources the
# author cites for it.

# %%
table2 = tables.build_table2(lang=lang, countries=countries)
table2_shown = tables.localise_columns(table2.drop(columns=["country_code"]), lang)
report.show_table(table2_shown, caption(2, "table2_caption", lang),
                  note=f"{t('note', lang)} – {t('table2_note', lang)}")
export.write_table(table2, "table2", lang=lang);

# %% [markdown]
# ## Country × competence matrix
#
# Computed from the emphases recorded in the country files (each backed by a quote and a
# source); hover over a cell to read them. Totals per country are in the row labels and the
# last column of the table; totals per competence in the last row.

# %%
matrix = tables.build_emphasis_matrix(lang=lang, countries=countries, competences=competences)
cells = tables.emphasis_cells(lang=lang, countries=countries, competences=competences)
labels = tables.competence_labels(lang)
names = country_names(lang)
figures.make_emphasis_heatmap(matrix, cells, lang, names, labels)

# %%
matrix_shown = matrix.rename(columns=labels).rename(index=names)
report.show_table(matrix_shown, t("matrix_caption", lang), note=t("matrix_note", lang), index=True)
export.write_table(matrix, "country_competence_matrix", lang=lang, index=True);
export.write_table(cells, "country_competence_cells", lang=lang);

# %% [markdown]
# ## Sources

# %%
report.bibliography(table2, cells, lang=lang);
