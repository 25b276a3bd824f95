# ---
# jupyter:
#   jupytext:
#     cell_metadata_filter: tags,-all
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown] tags=["lang-en"]
# # Tables 1, 3, 4 and 7: which acts and frameworks set civil servants' communicative competences in Kazakhstan?
#
# The legal and normative acts the dissertation discusses (`data/kz_law/`), their provisions and
# the competences coded from them, a timeline, Order No. 71's category codes mapped to job levels,
# and Tables 1, 3, 4 and 7 regenerated from the data. Kazakh text is the dissertation's verbatim.

# %% [markdown] tags=["lang-kk"]
# # 1, 3, 4 және 7-кестелер: Қазақстанда мемлекеттік қызметшілердің коммуникативтік құзыреттерін қандай актілер мен шеңберлер белгілейді?
#
# Диссертацияда талқыланатын нормативтік актілер (`data/kz_law/`), олардың ережелері және солардан
# кодталған құзыреттер, уақыт шкаласы, №71 бұйрықтың лауазым деңгейлеріне сәйкестендірілген санат
# кодтары, сондай-ақ деректер бойынша қайта жасалған 1, 3, 4 және 7-кестелер. Қазақша мәтін
# диссертациядан сөзбе-сөз алынған.

# %% [markdown] tags=["lang-ru"]
# # Таблицы 1, 3, 4 и 7: какие акты и рамки определяют коммуникативные компетенции государственных служащих в Казахстане?
#
# Нормативные акты, которые рассматриваются в диссертации (`data/kz_law/`), их положения и
# закодированные по ним компетенции, временная шкала, коды категорий приказа №71, сопоставленные с
# уровнями должностей, и таблицы 1, 3, 4 и 7, заново построенные по данным. Казахский текст
# приводится дословно по диссертации.

# %%
from civcomm import report
from civcomm.analysis import lawreading, lawtexts
from civcomm.core.i18n import t
from civcomm.present import figures, lawtables
from civcomm.present.labels import label
from civcomm.views import kz_law, tables

# %% tags=["parameters"]
lang = "kk"  # language of labels and text: kk | ru | en
formats = ["csv", "xlsx", "docx", "tex"]  # table export formats

# %%
report.setup(globals())

# %% [markdown] tags=["lang-en"]
# ## The acts over time
#
# Hover over a point for the act's number, title and the provisions coded. Undated acts are named
# under the title.

# %% [markdown] tags=["lang-kk"]
# ## Актілер уақыт бойынша
#
# Актінің нөмірін, атауын және кодталған ережелерін көру үшін курсорды нүктенің үстіне апарыңыз.
# Күні көрсетілмеген актілер диаграмма тақырыбының астында аталады.

# %% [markdown] tags=["lang-ru"]
# ## Акты во времени
#
# Наведите курсор на точку, чтобы увидеть номер акта, его название и закодированные положения. Акты
# без даты перечислены под заголовком графика.

# %%
acts = kz_law.acts_frame(lang)
report.show_figure(figures.make_acts_timeline(acts, lang, type_labels={c: label("act_type", c, lang) for c in acts["type_code"]},
                                              competence_labels=tables.competence_labels(lang)),
                   "kz_acts_timeline", lang, t("timeline_caption", lang))

# %%
report.publish("kz_acts", acts, lang, formats=formats);

# %% [markdown] tags=["lang-en"]
# ## Provisions and the competences coded from them

# %% [markdown] tags=["lang-kk"]
# ## Ережелер және олардан кодталған құзыреттер

# %% [markdown] tags=["lang-ru"]
# ## Положения и закодированные по ним компетенции

# %%
provisions = kz_law.provisions_frame(lang)
report.publish("kz_provisions", provisions, lang, formats=formats);  # long form: CSV and XLSX only

# %% [markdown] tags=["lang-en"]
# ## Order No. 71: every category code and its job level
#
# Codes as printed and normalised to Latin letters; a ✓ in the last column marks a code listed in
# groups of different levels. The CSV keeps the codes and ids beside the labels.

# %% [markdown] tags=["lang-kk"]
# ## №71 бұйрық: әрбір санат коды және оның лауазым деңгейі
#
# Кодтар басылған күйінде және латын әріптеріне келтірілген түрінде берілген; соңғы бағандағы ✓
# әртүрлі деңгейдегі топтарда аталған кодты белгілейді. CSV файлында кодтар мен идентификаторлар
# атауларымен қатар сақталады.

# %% [markdown] tags=["lang-ru"]
# ## Приказ №71: каждый код категории и его уровень должности
#
# Коды приведены в напечатанном виде и приведёнными к латинским буквам; ✓ в последнем столбце
# отмечает код, указанный в группах разных уровней. В CSV коды и идентификаторы сохранены рядом с
# названиями.

# %%
codes = kz_law.category_codes_frame()
report.publish("order71_codes", codes, lang, formats=formats);

# %% [markdown] tags=["lang-en"]
# ## Tables 1, 3, 4 and 7

# %% [markdown] tags=["lang-kk"]
# ## 1, 3, 4 және 7-кестелер

# %% [markdown] tags=["lang-ru"]
# ## Таблицы 1, 3, 4 и 7

# %%
# where an act's official text is present, Tables 3 and 4 get a column beside the dissertation's cells: how many
# units of the text the coder codes with each row's competences
law = lawtexts.read_law_texts()
official = lawreading.code_official(law) if law.acts else None
regenerated = {}
for number in (1, 3, 4, 7):
    frame = tables.build_dissertation_table(number, lang)
    if number in (3, 4) and official is not None:
        frame = lawtables.with_official_counts(frame, official, law.acts)
    regenerated[number] = frame
    report.publish(f"table{number}", frame, lang, formats=formats)

# %% [markdown] tags=["lang-en"]
# ## Sources

# %% [markdown] tags=["lang-kk"]
# ## Дереккөздер

# %% [markdown] tags=["lang-ru"]
# ## Источники

# %%
report.bibliography(acts, provisions, codes, *regenerated.values(), lang=lang);
