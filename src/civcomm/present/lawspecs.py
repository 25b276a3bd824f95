"""Presentation specs of the tables of the official law as written (report 07): texts, structure, units, amendments."""

from __future__ import annotations

from civcomm.present.registry import COMMON, hidden, register
from civcomm.present.tablespec import Col, TableSpec

_SOURCES = ("sources.yaml", "kz_law/*.yaml")

register(TableSpec("law_texts", (
    Col("act_id", "id", vocab="act", width=0.9, about=COMMON["act_id"]),
    Col("lang", "enum", vocab="language", width=0.6, about="language of the official text (kk, ru)"),
    hidden("source_id", "id of the official text in data/sources.yaml"),
    Col("file", shown=False, about="the text's file name, <act>.<lang>.txt (CSV only: a reader sees the act and the language)"),
    Col("folder", shown=False, about="the folder the text was read from"),
    Col("encoding", shown=False, about="the encoding the parser detected"),
    Col("edition", width=1.3, langs=("en",), about="the edition the file holds, as its provider describes it (en)"),
    Col("n_lines", "count", width=0.55, about="lines of the file"),
    Col("n_chapters", "count", width=0.5, about="chapter headings"),
    Col("n_articles", "count", width=0.5, about="article headings (repealed ones included)"),
    Col("n_law_units", "count", width=0.5, about="units of the law's own text: paragraphs, subparagraphs, "
                                                 "unnumbered parts, the act's notes"),
    Col("n_repealed", "count", shown=False, about="units marked repealed"),
    Col("n_notes", "count", shown=False, about="the act's own notes"),
    Col("n_editorial", "count", width=0.6, about="the publisher's rows: editorial notes, contents, press release, "
                                                 "Constitutional Court decisions"),
    Col("n_amendment_notes", "count", width=0.7, about="the publisher's amendment notes"),
    Col("n_signature", "count", shown=False, about="signature rows"),
    Col("n_marker_in_text", "count", width=0.6, about="units of law text holding a word only the publisher writes "
                                                      "(0 when the text is parsed right)"),
    Col("n_events", "count", width=0.5, about="amendment events read from the notes"),
    Col("n_pending", "count", width=0.6, about="events foreseen, not yet in force"),
    Col("n_amending_acts", "count", width=0.6, about="amending acts the notes name"),
), "The official texts read, by act and language: file, edition, structure, rows by kind, amendment events.",
    caption="law_texts_caption", note="law_texts_note", data=_SOURCES))

register(TableSpec("law_structure", (
    hidden("act_id", COMMON["act_id"]),
    Col("chapter", width=0.5, about="the chapter's number as printed (9-1 for an inserted one)"),
    Col("title_kk", width=2.4, about="the chapter's title in the Kazakh official text"),
    Col("title_ru", width=2.4, about="the chapter's title in the Russian official text"),
    Col("n_articles", "count", width=0.6, about="article headings in the chapter"),
    Col("n_law_units", "count", width=0.6, about="units of law text in the chapter"),
    Col("n_repealed", "count", width=0.7, about="units marked repealed"),
    Col("n_events", "count", width=0.6, about="amendment events on the chapter's articles"),
), "The chapters of the act as published, with their titles in both official texts, articles, units and "
   "amendment events.", caption="law_structure_caption", note="law_structure_note", publication=True,
    data=_SOURCES))

register(TableSpec("law_units", (
    hidden("act_id", COMMON["act_id"]),
    hidden("unit_key", "the unit's place: article|paragraph|subparagraph|part|kind (the same in both texts)"),
    Col("unit", width=0.8, about="the unit as the law is cited in the table's language"),
    Col("text_kk", width=3.0, about="the unit's wording in the Kazakh official text"),
    Col("text_ru", width=3.0, about="the unit's wording in the Russian official text"),
    Col("line_kk", "count", width=0.45, about="the unit's first line in the Kazakh text file"),
    Col("line_ru", "count", width=0.45, about="the unit's first line in the Russian text file"),
    Col("unit_status_code", "enum", vocab="unit_status", header="col_unit_status", width=0.7,
        about="in_force, repealed, or pending (a change foreseen on the unit, its paragraph or article)"),
    Col("present", "enum", vocab="language", shown=False, about="both, kk or ru: the texts that print the unit"),
), "Every unit of the act's official texts, Kazakh and Russian side by side, with its lines and state.",
    caption="law_units_caption", note="law_units_note", data=_SOURCES))

register(TableSpec("law_amending_acts", (
    hidden("act_id", COMMON["act_id"]),
    Col("amending_date", "date", width=0.8, about="date of the amending act (ISO 8601)"),
    Col("amending_act", width=0.7, about="number of the amending act as printed, its convocation in Latin letters"),
    Col("amending_form_code", "enum", vocab="amending_form", header="col_amending_form", width=0.9,
        about="law or constitutional_law"),
    Col("events_kk", "count", width=0.55, about="events the Kazakh text's notes give the act"),
    Col("events_ru", "count", width=0.55, about="events the Russian text's notes give the act"),
    Col("pending", "count", width=0.6, about="of them foreseen, not yet in force"),
    Col("articles", "list", width=1.3, about="articles the act changed ('*': the whole text)"),
    Col("action_codes", "list", vocab="action", header="col_actions", width=1.4,
        about="what the act did: amended, new_wording, added, repealed, heading_changed, words_replaced, "
              "suspended, deferred"),
), "The amending acts the official texts of the act note, with their events in each text.",
    caption="law_amending_acts_caption", note="law_amending_acts_note", publication=True, data=_SOURCES))

register(TableSpec("law_amendment_events", (
    hidden("act_id", COMMON["act_id"]),
    Col("lang", "enum", vocab="language", shown=False, about="the official text whose note gives the event"),
    Col("unit", width=0.9, about="the unit the event concerns, as cited in the table's language"),
    Col("scope", shown=False, about="how deep the note names the unit: act, preamble, chapter, article, paragraph, "
                                    "subparagraph"),
    Col("article", shown=False, about="article number"), Col("paragraph", shown=False, about="paragraph number"),
    Col("subparagraph", shown=False, about="subparagraph number"),
    Col("action_code", "enum", vocab="action", header="col_action", width=0.9, about="what was done"),
    Col("amending_date", "date", width=0.75, about="date of the amending act"),
    Col("amending_act", width=0.65, about="number of the amending act"),
    Col("amending_form_code", "enum", vocab="amending_form", shown=False, about="law or constitutional_law"),
    Col("in_force", width=2.2, about="the entry-into-force phrase as the note prints it"),
    Col("in_force_date", "date", shown=False, about="the date the phrase names, if any"),
    Col("is_pending", "boolean", marks=True, width=0.5, about="foreseen, not yet in force"),
    Col("origin", shown=False, about="amendment (a note after an article), inline (in the unit's own line) or "
                                     "editorial (a publisher's note)"),
    Col("line", "count", width=0.4, about="line of the note in the text file"),
), "Every amendment event read from the publisher's notes of the act's official texts.",
    caption="law_events_caption", data=_SOURCES))

register(TableSpec("law_editorial_rows", (
    hidden("act_id", COMMON["act_id"]),
    Col("lang", "enum", vocab="language", width=0.5, about="the official text that prints the row"),
    Col("marker", width=1.0, about="the publisher's heading as printed, or what the row is"),
    Col("where", width=0.8, about="the unit the row stands after"),
    Col("lines", width=0.5, about="the row's lines in the text file"),
    Col("words", width=4.0, about="the publisher's words, never part of a unit's text"),
    hidden("provision_id", "id of the row in the parsed text"),
), "The publisher's own rows in the act's official texts: editorial notes, contents heading, press release, notes "
   "of Constitutional Court decisions, signature.", caption="law_editorial_caption", data=_SOURCES))

register(TableSpec("law_one_language", (
    hidden("act_id", COMMON["act_id"]),
    hidden("unit_key", "the unit's place: article|paragraph|subparagraph|part|kind"),
    Col("unit", width=0.8, about="the unit as cited in the table's language"),
    Col("present", "enum", vocab="language", width=0.6, about="the only language that prints the unit"),
    Col("line", "count", width=0.4, about="its line in that text"),
    Col("text", width=3.0, about="its wording"),
    Col("explanation", width=2.0, langs=("en",), about="the act file's explanation (text_differences), if listed"),
), "Units one official text prints and the other does not, with the act file's explanation.",
    caption="law_one_language_caption", data=_SOURCES))

# --------------------------------------------------------------------------- report 04: the official texts coded

_READINGS = ("sources.yaml", "kz_law/*.yaml", "kz_law/readings/*.yaml", "codebook.yaml")

register(TableSpec("kz_law_auto_segments", (
    Col("act_id", "id", vocab="act", width=0.7, about=COMMON["act_id"]),
    Col("lang", "enum", vocab="language", width=0.5, about="the official text the segment stands in"),
    hidden("unit_key", "the unit's place: article|paragraph|subparagraph|part|kind (the same in both texts)"),
    Col("unit", width=0.8, about="the unit as the law is cited in its own language ('50-бап 2-тармақ', 'ст. 50 п. 2')"),
    hidden("provision_id", "id of the unit in the parsed text"),
    Col("competence_id", "enum", vocab="competence", header="col_competence", width=0.9),
    Col("term", width=0.8, about="the words that matched a lexicon stem"),
    Col("start", "count", shown=False, about="start of the matched words in the unit's text (character offset)"),
    Col("end", "count", shown=False, about="end of the matched words in the unit's text (character offset)"),
    Col("quote", width=3.0, about="the clause of the unit that holds the words"),
    Col("line", "count", width=0.4, about="the unit's first line in its text file"),
    Col("is_general", "boolean", marks=True, width=0.6,
        about="whether the unit stands in a general part (preamble, definitions, principles)"),
), "Segments of the official texts the automatic coder matched, each at its unit.", caption="segments_caption",
    note="segments_note", data=_READINGS))

register(TableSpec("kz_law_coder_measures", (
    hidden("act_id", COMMON["act_id"]),
    Col("sample", "enum", vocab="sample", width=1.2, about="reference (the hand reading the rules were read against), "
                                                           "holdout (a blind second reading) or kk_ru (kk against ru)"),
    Col("lang", "enum", vocab="language", width=0.6, about="the language coded"),
    Col("n_units", "count", width=0.6, about="units compared"),
    Col("n_hand", "count", width=0.6, about="codes of the hand reading (explicit and general; for kk_ru: the kk codes)"),
    Col("n_auto", "count", width=0.6, about="codes of the coder (for kk_ru: the ru codes)"),
    Col("n_both", "count", width=0.6, about="codes in both"),
    Col("precision", "share", decimals=2, width=0.6, about="share of the coder's codes the hand reading also has"),
    Col("recall", "share", decimals=2, width=0.6, about="share of the hand reading's codes the coder also has"),
    Col("kappa", "number", decimals=2, width=0.6, about="Cohen's kappa over every unit x competence decision"),
), "The automatic coder on the official texts against the project's hand readings, per language, and its Kazakh "
   "codes against its Russian ones.", caption="coder_measures_caption", note="coder_measures_note", publication=True,
    data=_READINGS))

register(TableSpec("kz_law_official_coverage", (
    hidden("act_id", COMMON["act_id"]),
    Col("competence_id", "enum", vocab="competence", header="col_competence", width=1.6),
    Col("n_units_kk", "count", width=0.55, about="units of the act the coder codes with the competence in Kazakh"),
    Col("n_units_ru", "count", width=0.55, about="units of the act the coder codes with the competence in Russian"),
    Col("kappa_kk_ru", "number", decimals=2, width=0.55, about="Cohen's kappa of the kk and ru codes on every unit"),
    Col("n_hand", "count", width=0.55, about="codes of the reference hand reading"),
    Col("precision_kk", "share", decimals=2, width=0.55, about="precision of the kk codes on the reference reading"),
    Col("recall_kk", "share", decimals=2, width=0.55, about="recall of the kk codes on the reference reading"),
    Col("precision_ru", "share", decimals=2, width=0.55, about="precision of the ru codes on the reference reading"),
    Col("recall_ru", "share", decimals=2, width=0.55, about="recall of the ru codes on the reference reading"),
), "Per competence: units of the official texts coded in each language, their kk/ru agreement, and the coder's "
   "precision and recall on the reference hand reading.", caption="official_coverage_caption",
    note="official_coverage_note", data=_READINGS))

register(TableSpec("kz_law_kk_ru_review", (
    hidden("unit_key", "the unit's place: article|paragraph|subparagraph|part|kind"),
    Col("unit", width=0.8, about="the unit as cited in the table's language"),
    Col("competence_id", "enum", vocab="competence", header="col_competence", width=1.0),
    Col("found_in", "enum", vocab="language", width=0.6, about="the only language whose text the coder codes with it"),
    Col("term", width=0.9, about="the words that matched"),
    Col("quote", width=3.0, about="the clause that holds them"),
), "Units where the coder finds a competence in one language's text and not in the other's: for review.",
    caption="kk_ru_review_caption", data=_READINGS))

# --------------------------------------------------------------------------- report 07: the dissertation's claims

_CLAIMS = ("sources.yaml", "kz_law/*.yaml", "kz_law/readings/*.yaml", "codebook.yaml")

register(TableSpec("kz_law_claims", (
    hidden("act_id", COMMON["act_id"]),
    hidden("provision_id", "id of the dissertation's provision in the act file"),
    Col("locator", "enum", vocab="locator", width=0.75, about="the unit as the dissertation locates it"),
    Col("named_units", "list", shown=False, about="the units of the official text the locator names (art7, art50.p1, "
                                                  "...; none: the whole act)"),
    Col("claim_kk", width=1.6, about="the dissertation's words about the law (kk, verbatim)"),
    Col("claim_refs", "reference", header="col_claim_refs", width=0.55, about="where the dissertation says it"),
    Col("competence_id", "enum", vocab="competence", header="col_competence", width=1.0),
    Col("strength_code", "enum", vocab="strength", width=0.75, about="how explicitly the dissertation's reading codes it"),
    Col("official_kk", width=1.8, about="the official Kazakh wording of the unit the dissertation names"),
    Col("official_ru", width=1.8, about="the official Russian wording of the unit the dissertation names"),
    Col("lines_kk", shown=False, about="lines of the unit in the Kazakh text file"),
    Col("lines_ru", shown=False, about="lines of the unit in the Russian text file"),
    Col("verdict_code", "enum", vocab="verdict", width=0.8, about="names, broader, not_named, missing, repealed or "
                                                                  "no_text (the rule is in the report)"),
    Col("evidence", width=1.1, about="the words that name the competence, with their unit, or that there are none"),
    Col("evidence_source", shown=False, about="hand (the project's reading) or coder"),
    Col("amended_since", "list", width=1.0, about="amendments after the day the dissertation read the law: "
                                                  "date, amending act, what it did"),
    Col("read_on", "date", shown=False, about="the day the dissertation read the law (its bibliography entry)"),
), "Each coding the dissertation makes of the act, beside the official wording of the unit it names, with a "
   "verdict computed from the official text and its evidence.", caption="law_claims_caption", note="law_claims_note",
    publication=True, landscape=True, font_pt=9.0, data=_CLAIMS))

register(TableSpec("kz_law_stale_units", (
    hidden("act_id", COMMON["act_id"]),
    Col("unit", width=0.9, about="the unit amended, as cited in the table's language"),
    hidden("scope", "how deep the note names the unit: act, article, paragraph, subparagraph"),
    Col("article", shown=False, about="article number"), Col("paragraph", shown=False, about="paragraph number"),
    Col("subparagraph", shown=False, about="subparagraph number"),
    Col("action_code", "enum", vocab="action", header="col_action", width=0.8,
        about="what the amending act did: amended, new_wording, added, repealed, heading_changed, words_replaced, "
              "suspended, deferred"),
    Col("amending_date", "date", width=0.7, about="date of the amending act"),
    Col("amending_act", width=0.6, about="number of the amending act"),
    Col("is_pending", "boolean", marks=True, width=0.5, about="foreseen, not yet in force"),
    Col("in_force", width=2.0, about="the entry-into-force phrase as printed"),
    Col("provision_ids", "list", vocab="unit", header="col_provision_ids", width=1.6,
        about="the dissertation's provisions whose named units (or the whole act) cover the unit"),
    hidden("read_on", "the day the dissertation read the law"),
), "Units of the act amended after the day the dissertation read it, and the dissertation's provisions that cover "
   "them.", caption="stale_caption", data=_CLAIMS))

register(TableSpec("kz_law_codings_by_reader", (
    hidden("act_id", COMMON["act_id"]),
    Col("reader_code", "enum", vocab="reader", header="col_reader", width=0.9,
        about="dissertation (the act file, cited to its lines) or project (a reading of the official text)"),
    Col("unit", width=0.9, about="the unit: as the dissertation locates it, or as the official text numbers it"),
    Col("competence_id", "enum", vocab="competence", header="col_competence", width=0.9),
    Col("strength_code", "enum", vocab="strength", width=0.6,
        about="how explicitly the words name the competence: explicit, general or indirect"),
    Col("words", width=2.6, about="the words coded: the dissertation's sentence, or the quoted words of the unit "
                                  "(kk / ru)"),
    Col("refs", "reference", width=1.0, about=COMMON["refs"]),
), "Every coding of the act by whose reading it is.", caption="readers_caption", data=_CLAIMS))
