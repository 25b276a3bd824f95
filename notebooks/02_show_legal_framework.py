# %% [markdown]
# # Tables 1, 3, 4 and 7: which acts and frameworks set civil servants' communicative competences in Kazakhstan?
#
# The legal and normative acts the dissertation discusses (`data/kz_law/`), their provisions and
# the competences coded from them, a timeline, Order No. 71's category codes mapped to job levels,
# and Tables 1, 3, 4 and 7 regenerated from the data. Kazakh text is the dissertation's verbatim.

# %%
from civcomm import export, figures, kz_law, report, tables
from civcomm.i18n import t

# %% tags=["parameters"]
lang = "kk"  # language of labels and text: kk | ru | en
formats = ["csv", "xlsx", "docx", "tex"]  # table export formats

# %%
report.setup(globals())

# %% [markdown]
# ## The acts over time
#
# Hover over a point for the act's number, title and the provisions coded. Undated acts are named
# under the title.

# %%
acts = kz_law.acts_frame(lang)
figures.make_acts_timeline(acts, lang, competence_labels=tables.competence_labels(lang))

# %%
report.show_table(acts.drop(columns=["title_kk"]), t("acts_caption", lang))
export.write_table(acts, "kz_acts", lang=lang, formats=formats, caption=t("acts_caption", lang));

# %% [markdown]
# ## Provisions and the competences coded from them

# %%
provisions = kz_law.provisions_frame(lang)
report.show_table(provisions, t("provisions_caption", lang))
export.write_table(provisions, "kz_provisions", lang=lang, formats=formats, caption=t("provisions_caption", lang));

# %% [markdown]
# ## Order No. 71: every category code and its job level
#
# Codes as printed (`raw_code`) and normalised (`code`); `is_ambiguous` marks a code listed in
# groups of different levels.

# %%
codes = kz_law.category_codes_frame()
report.show_table(codes, t("codes_caption", lang))
export.write_table(codes, "order71_codes", lang=lang, formats=formats, caption=t("codes_caption", lang));

# %% [markdown]
# ## Tables 1, 3, 4 and 7

# %%
regenerated = {}
for number in (1, 3, 4, 7):
    frame = tables.build_dissertation_table(number, lang)
    regenerated[number] = frame
    shown = tables.localise_table(frame, number, lang)
    report.show_table(shown, tables.table_caption(number, lang), note=tables.table_note(number, lang))
    export.write_table(shown, f"table{number}", lang=lang, formats=formats,
                       caption=tables.table_caption(number, lang), note=tables.table_note(number, lang))

# %% [markdown]
# ## Sources

# %%
report.bibliography(acts, provisions, codes, *regenerated.values(), lang=lang);
