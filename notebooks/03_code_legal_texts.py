# %% [markdown]
# # Which communicative competences does Kazakh law name, and which does practice abroad add?
#
# Codes Kazakh legal provisions against the competence codebook — by hand (the `competences:` of
# the provisions in `data/kz_law/*.yaml`) and automatically (the codebook's lexicon stems applied
# to the official texts dropped into `data/kz_law/texts/`) — and sets the result beside the
# emphases of the country files. A competence is a **gap** when at least `min_countries` countries
# abroad emphasise it and Kazakh law does not name it, or names it only in general terms
# (preamble, definitions, principles). Every cell keeps the quote behind it.
#
# The hand codes come from the provisions the dissertation discusses (its own wording of each act),
# so "absent" means absent from what the dissertation reports of Kazakh law. Official texts dropped
# into `data/kz_law/texts/` are parsed and coded automatically as well.

# %%
import pandas as pd

from civcomm import coding, export, figures, kz_law, lawcoding, load, qdc, report, tables
from civcomm.countries import country_names, emphases_frame
from civcomm.i18n import t

# %% tags=["parameters"]
lang = "kk"  # language of labels: kk | ru | en
acts = []  # act ids from data/kz_law and its texts folder, empty list means all
competences = []  # competence ids from data/codebook.yaml, empty list means all communicative ones
source = "both"  # Kazakh codes: hand | auto | both
min_countries = 2  # countries abroad needed for a gap

# %%
report.setup(globals())

# %% [markdown]
# ## Inputs: official texts and hand-coded acts

# %%
project = load.use("codebook", "country")
codebook = project.vocab("competence")
comp_ids = competences or [cid for cid, c in codebook.items() if c.group == "communicative"]
labels = tables.competence_labels(lang)

provisions, messages = lawcoding.parse_texts()
for m in messages:
    print(m)
if acts and not provisions.empty:
    provisions = provisions[provisions["act_id"].isin(acts)]
kz_acts = [a for a in kz_law.load_acts() if not acts or a.act in acts]
units, hand = lawcoding.hand_units_and_codes(kz_acts)
print(f"official texts: {provisions['act_id'].nunique() if not provisions.empty else 0} act(s), "
      f"{len(provisions)} provisions; hand-coded acts: {units['act_id'].nunique()}, "
      f"{len(units)} provisions, {len(hand)} hand codes")

# %% [markdown]
# ## Automatic coding of the official texts

# %%
segments = lawcoding.code_provisions(provisions, comp_ids, project=project)
if not segments.empty:
    report.show_table(segments.head(200), t("segments_caption", lang),
                      note=f"{len(segments)} segments; first 200 shown, all in the export.")
    export.write_table(segments, "kz_law_auto_segments", lang=lang, formats=("csv",));
else:
    print("no official texts in data/kz_law/texts/: no automatic codes (see the README there)")

# %% [markdown]
# ## Competence × act coverage in Kazakhstan

# %%
hand_codes = hand.assign(source="hand", quote=hand["text"])[["unit_id", "act_id", "competence_id", "is_general",
                                                               "quote", "source", "refs"]]
auto_codes = segments.rename(columns={"provision_id": "unit_id"}).assign(source="auto", refs=[[]] * len(segments))[
    ["unit_id", "act_id", "competence_id", "is_general", "quote", "source", "refs"]]
chosen = {"hand": [hand_codes], "auto": [auto_codes], "both": [hand_codes, auto_codes]}[source]
kz_codes = pd.concat([f for f in chosen if not f.empty], ignore_index=True) if any(not f.empty for f in chosen) \
    else hand_codes.iloc[0:0]
kz_codes = kz_codes[kz_codes["competence_id"].isin(comp_ids)]
act_ids = sorted(set(kz_codes["act_id"]) | set(units["act_id"]) | set(provisions.get("act_id", [])))
cov = lawcoding.coverage(kz_codes, comp_ids, act_ids)
report.show_table(cov.rename(index=labels), t("coverage_caption", lang),
                  note=f"source = {source}; {len(act_ids)} act(s)", index=True)
export.write_table(cov, "kz_law_coverage", lang=lang, index=True);

# %% [markdown]
# ## Beside it: competence × country emphasis from the country files

# %%
emph = emphases_frame(lang=lang)
emph = emph[emph["competence_id"].isin(comp_ids)]
by_country = pd.crosstab(emph["competence_id"], emph["country_code"]).reindex(comp_ids, fill_value=0)
by_country = by_country.rename(columns=country_names(lang))
report.show_table(by_country.rename(index=labels), t("emphasis_by_country_caption", lang), index=True)
export.write_table(by_country, "competence_country_emphasis", lang=lang, index=True);

# %% [markdown]
# ## The gap chart
#
# Hover over a bar for the Kazakh provision (if any) and the quotes from abroad behind it.

# %%
status = lawcoding.kz_status(kz_codes, comp_ids)
gaps = lawcoding.gap_table(emph, status, min_countries=min_countries)
figures.make_gap_chart(gaps, lang, labels, min_countries)

# %%
gaps_shown = gaps.assign(competence=gaps["competence_id"].map(labels))
report.show_table(gaps_shown[gaps_shown["is_gap"]].drop(columns=["is_gap"]),
                  t("gap_caption", lang).format(n=min_countries), note=t("gap_note", lang))
export.write_table(gaps, "kz_law_gaps", lang=lang);

# %% [markdown]
# ## Agreement of the automatic coder with the hand codes
#
# On the hand-coded provisions that carry a text: each is coded automatically in its own language
# and compared per competence (Cohen's kappa, Krippendorff's alpha, precision, recall).

# %%
with_text = units.dropna(subset=["text"])
if hand.empty or with_text.empty:
    agreement_table = pd.DataFrame()
    print("no hand-coded provisions with text in data/kz_law yet: agreement not computed")
else:
    auto_on_hand = lawcoding.auto_code_units(with_text, comp_ids, project=project)
    agr = coding.agreement(hand, auto_on_hand, units=list(with_text["unit_id"]),
                           competences=[c for c in comp_ids if c in set(hand["competence_id"]) | set(auto_on_hand["competence_id"])],
                           texts=dict(zip(units["unit_id"], units["text"])))
    print(agr.summary())
    agreement_table = agr.per_competence
    report.show_table(agreement_table.round(3), t("agreement_caption", lang))
    report.show_table(agr.disagreements, t("disagreements_caption", lang))
    export.write_table(agreement_table, "kz_law_agreement", lang=lang);
    export.write_table(agr.disagreements, "kz_law_disagreements", lang=lang);

# %% [markdown]
# ## For QDA software (REFI-QDA)
#
# The codebook (`.qdc`) and the coded provisions (`.qdpx`: one text per act, the hand codes and the
# automatic coder as two users) open in QualCoder, NVivo, MAXQDA and ATLAS.ti. Codings made there
# come back with `civcomm qdpx import FILE`, which also reports the agreement of the first two coders.

# %%
qda_units, qda_codings = lawcoding.qda_codings(kz_acts, provisions, comp_ids, project=project)
qda_codebook = {cid: codebook[cid] for cid in comp_ids}
for path in (export.write_file(qdc.build_qdc(qda_codebook, lang=lang), "codebook", lang, "qdc"),
             export.write_file(qdc.build_qdpx(qda_units, qda_codings, qda_codebook, lang=lang), "kz_law_codings",
                               lang, "qdpx")):
    print(path.name)
print(", ".join(f"{coder}: {len(df)}" for coder, df in qda_codings.items()))

# %% [markdown]
# ## Sources

# %%
report.bibliography(emph, hand_codes, lang=lang);
