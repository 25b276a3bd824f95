# %% [markdown]
# # The empirical studies as data: do the survey figures say what the text says they say?
#
# The dissertation's Figures 1–5 (survey of 4,790 civil servants, 8 Nov – 6 Dec 2022) and the
# article's Figures 1–2 (survey of 4,606 civil servants, 2023) exist in the sources only as pictures.
# Their numbers were recovered from the dissertation's embedded chart cache (lines 1619–1638) and
# from the article's running text (lines 152, 158) into `data/survey/`. This report redraws every
# chart with its caption and note, puts its numbers under it (also exported to `outputs/tables/`),
# checks them (shares, counts, N) and sets the authors' sentences about the charts against the numbers.

# %%
from IPython.display import display

from civcomm import export, report, survey
from civcomm.figures import make_survey_figure
from civcomm.i18n import t

# %% tags=["parameters"]
lang = "kk"  # language of labels and text: kk | ru | en
figures = []  # survey figure ids from data/survey, empty list = all seven

# %%
report.setup(globals())
shown = figures or survey.figure_ids()

# %% [markdown]
# ## The studies
#
# Who was asked, how many and when, as the sources state it (the parts of the interview series and
# of the focus groups add up to their totals; `civcomm validate` checks that).

# %%
design = survey.design_frame(lang)
report.show_table(design, t("design_caption", lang))
export.write_table(design, "survey_design", lang=lang);

# %% [markdown]
# ## The figures
#
# Each chart is followed by its numbers. Counts of the dissertation's figures are the project's
# (share × 4,790 / 100, each a whole number); the article gives shares only.

# %%
frames, summaries = {}, []
for fid in shown:
    texts = survey.figure_texts(fid, lang)
    frame = survey.figure_frame(fid, lang)
    frames[fid] = frame
    summaries.append(survey.summarise_figure(fid, lang))
    display(make_survey_figure(frame, texts, lang))
    table = frame[["series", "option", "share_pct", "n"]].rename(columns={
        "series": t("series", lang), "option": t("option", lang), "share_pct": t("share_pct", lang), "n": t("n", lang)})
    note = " · ".join(x for x in [texts["note"], texts["caption_original"] if lang != texts["original"] else None,
                                t("survey_derived_n", lang) if frame["n"].notna().all() else None] if x)
    report.show_table(table.round({t("share_pct", lang): 4}), texts["caption"], note=note)
    export.write_table(frame, f"survey_{fid}", lang=lang)

# %% [markdown]
# ## Checks on the numbers
#
# Single-response series must sum to 100% of N (less the missing answers, which are declared);
# for multiple-response questions the sum of shares over 100 is the number of choices per
# respondent. The same checks run in `civcomm validate` and fail with the CSV file and row.

# %%
import pandas as pd  # noqa: E402

checks = pd.concat(summaries, ignore_index=True)
report.show_table(checks.drop(columns=["refs"]), t("checks_caption", lang))
export.write_table(checks, "survey_checks", lang=lang);

# %% [markdown]
# ## What the text says vs what the data show
#
# Each sentence the authors write about a chart is recorded in the figure's meta file with a
# formal test; the data column is computed from the CSV.

# %%
claims = survey.claims_frame(shown, lang)
report.show_table(claims[["figure_id", "text_says", "data_show", "verdict", "how_tested"]].rename(columns={
    "text_says": t("text_says", lang), "data_show": t("data_show", lang), "verdict": t("verdict", lang)}),
    t("claims_caption", lang), note=t("claims_note", lang))
export.write_table(claims, "survey_text_vs_data", lang=lang);

# %%
notes = survey.data_notes_frame(shown)
report.show_table(notes.drop(columns=["refs"]), t("notes_caption", lang))
export.write_table(notes, "survey_data_notes", lang=lang);

# %% [markdown]
# ## 2022 and 2023: is anything comparable?
#
# A side-by-side chart needs the same question in both surveys. The charted questions are listed
# next to each other: none recurs (data note `survey_no_comparable_questions`), so no
# side-by-side chart is drawn.

# %%
questions = survey.question_inventory(lang)
report.show_table(questions.drop(columns=["refs"]), t("questions_caption", lang))
export.write_table(questions, "survey_questions", lang=lang);

# %% [markdown]
# ## Sources

# %%
report.bibliography(design, *frames.values(), checks, claims, notes, questions, lang=lang);
