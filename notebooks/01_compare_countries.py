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
# # Table 2: how do countries approach civil servants' communicative competence?
#
# Regenerates the dissertation's Table 2 (country | distinctive approach | sources) from the cited
# country files in `data/countries/`, and the country × competence matrix those files support.
# The Kazakh text of Table 2 is the dissertation's own (§1.3, lines 328–337); Russian and English
# are the project's translations.

# %% [markdown] tags=["lang-kk"]
# # 2-кесте: елдер мемлекеттік қызметшілердің коммуникативтік құзыреттілігіне қатысты қандай тәсілдерді ұстанады?
#
# Диссертацияның 2-кестесі (ел | ерекше тәсілі | дереккөздер) `data/countries/` ішіндегі
# дереккөздері көрсетілген елдер файлдары бойынша қайта құрастырылады, сондай-ақ осы файлдар
# негіздейтін ел × құзырет матрицасы беріледі. 2-кестенің қазақша мәтіні диссертацияның өзінікі
# (§1.3, 328–337-жолдар); орысша және ағылшынша мәтіндер – жобаның аудармасы.

# %% [markdown] tags=["lang-ru"]
# # Таблица 2: как страны подходят к коммуникативной компетентности государственных служащих?
#
# Таблица 2 диссертации (страна | отличительный подход | источники) воспроизводится по файлам стран
# в `data/countries/`, снабжённым ссылками на источники; там же строится матрица «страна ×
# компетенция», которую подкрепляют эти файлы. Казахский текст таблицы 2 взят из самой диссертации
# (§1.3, строки 328–337); русский и английский тексты — переводы проекта.

# %%
from civcomm import report
from civcomm.core.i18n import t
from civcomm.output.tables import write_table
from civcomm.present import figures
from civcomm.views import tables
from civcomm.views.countries import country_names

# %% tags=["parameters"]
lang = "kk"  # language of labels and text: kk | ru | en
countries = []  # ISO3 codes to show; an empty list shows every country file
competences = []  # competence ids from data/codebook.yaml; an empty list takes all emphasised

# %%
report.setup(globals())

# %% [markdown] tags=["lang-en"]
# ## Table 2 as the dissertation frames it
#
# One row per country in the order of the dissertation's numbered list, with the sources the
# author cites for it.

# %% [markdown] tags=["lang-kk"]
# ## Диссертация ұсынған түріндегі 2-кесте
#
# Диссертациядағы нөмірленген тізімнің ретімен әр елге бір жол беріледі; әр жолда автордың сол ел
# бойынша сілтеме жасаған дереккөздері көрсетілген.

# %% [markdown] tags=["lang-ru"]
# ## Таблица 2 в том виде, как её представляет диссертация
#
# По одной строке на страну в порядке нумерованного списка диссертации, с источниками, на которые
# ссылается автор.

# %%
table2 = tables.build_table2(lang=lang, countries=countries)
report.publish("table2", table2, lang)  # CSV, XLSX, DOCX and LaTeX as the dissertation prints it

# %% [markdown] tags=["lang-en"]
# ## Country × competence matrix
#
# Computed from the emphases recorded in the country files (each backed by a quote and a
# source); hover over a cell to read them. Totals per country are in the row labels and the
# last column of the table; totals per competence in the last row.

# %% [markdown] tags=["lang-kk"]
# ## Ел × құзырет матрицасы
#
# Елдер файлдарында тіркелген екпіндерден есептелген (әрқайсысы дәйексөзбен және дереккөзбен
# расталған); оларды оқу үшін курсорды ұяшықтың үстіне апарыңыз. Әр елдің жиынтық саны жол
# атауларында және кестенің соңғы бағанында, әр құзыреттің жиынтық саны соңғы жолда берілген.

# %% [markdown] tags=["lang-ru"]
# ## Матрица «страна × компетенция»
#
# Рассчитана по акцентам, зафиксированным в файлах стран (каждый подтверждён цитатой и источником);
# наведите курсор на ячейку, чтобы их прочитать. Итоги по странам приведены в подписях строк и в
# последнем столбце таблицы, итоги по компетенциям — в последней строке.

# %%
matrix = tables.build_emphasis_matrix(lang=lang, countries=countries, competences=competences)
cells = tables.emphasis_cells(lang=lang, countries=countries, competences=competences)
labels = tables.competence_labels(lang)
names = country_names(lang)
report.show_figure(figures.make_emphasis_heatmap(matrix, cells, lang, names, labels), "country_competence_matrix", lang,
                   t("matrix_caption", lang), note=t("matrix_note", lang))

# %%
report.publish("country_competence_matrix", matrix, lang, index=True)
report.record_files("data", "country_competence_cells", t("matrix_caption", lang),
                    write_table(cells, "country_competence_cells", lang=lang))

# %% [markdown] tags=["lang-en"]
# ## Sources

# %% [markdown] tags=["lang-kk"]
# ## Дереккөздер

# %% [markdown] tags=["lang-ru"]
# ## Источники

# %%
report.bibliography(table2, cells, lang=lang);
