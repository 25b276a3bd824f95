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
# # The empirical studies as data: do the survey figures say what the text says they say?
#
# The dissertation's Figures 1–5 (survey of 4,790 civil servants, 8 Nov – 6 Dec 2022) and the
# article's Figures 1–2 (survey of 4,606 civil servants, 2023) exist in the sources only as pictures.
# Their numbers were recovered from the dissertation's embedded chart cache (lines 1619–1638) and
# from the article's running text (lines 152, 158) into `data/survey/`. This report redraws every
# chart with its caption and note, puts its numbers under it (also exported to `outputs/tables/`),
# checks them (shares, counts, N) and sets the authors' sentences about the charts against the numbers.

# %% [markdown] tags=["lang-kk"]
# # Эмпирикалық зерттеулер деректер ретінде: сауалнама суреттері мәтінде олар туралы айтылғанды көрсете ме?
#
# Диссертацияның 1–5-суреттері (4 790 мемлекеттік қызметші арасындағы сауалнама, 2022 жылғы 8 қараша
# – 6 желтоқсан) және мақаланың 1–2-суреттері (4 606 мемлекеттік қызметші арасындағы сауалнама, 2023
# жыл) дереккөздерде тек кескін түрінде ғана бар. Олардың сандық мәндері диссертацияға кірістірілген
# диаграммалар кэшінен (1619–1638-жолдар) және мақаланың негізгі мәтінінен (152, 158-жолдар) қалпына
# келтіріліп, `data/survey/` қалтасына енгізілді. Бұл есепте әрбір диаграмма өз атауымен және
# ескертуімен қайта салынады, оның астында сандық мәндері беріледі (олар `outputs/tables/` қалтасына
# да экспортталады), бұл мәндер тексеріледі (үлестер, абсолют сандар, N) және авторлардың
# диаграммалар туралы тұжырымдары сандармен салыстырылады.

# %% [markdown] tags=["lang-ru"]
# # Эмпирические исследования как данные: показывают ли рисунки опроса то, что о них говорится в тексте?
#
# Рисунки 1–5 диссертации (опрос 4 790 государственных служащих, 8 ноября – 6 декабря 2022 г.) и
# рисунки 1–2 статьи (опрос 4 606 государственных служащих, 2023 г.) существуют в источниках только
# в виде изображений. Их числовые значения восстановлены из встроенного в диссертацию кэша диаграмм
# (строки 1619–1638) и из основного текста статьи (строки 152, 158) и занесены в `data/survey/`. В
# этом отчёте каждая диаграмма перерисовывается с её подписью и примечанием, под ней приводятся её
# числовые значения (они также экспортируются в `outputs/tables/`), эти значения проверяются (доли,
# абсолютные числа, N), а высказывания авторов о диаграммах сопоставляются с числами.

# %%
from civcomm import report
from civcomm.core.i18n import t
from civcomm.present.figures import make_survey_figure
from civcomm.views import survey

# %% tags=["parameters"]
lang = "kk"  # language of labels and text: kk | ru | en
figures = []  # survey figure ids from data/survey; an empty list shows all seven

# %%
report.setup(globals())
shown = figures or survey.figure_ids()

# %% [markdown] tags=["lang-en"]
# ## The studies
#
# Who was asked, how many and when, as the sources state it (the parts of the interview series and
# of the focus groups add up to their totals; `civcomm validate` checks that).

# %% [markdown] tags=["lang-kk"]
# ## Зерттеулер
#
# Кімнен, қанша адамнан және қашан сұралғаны – дереккөздерде көрсетілгендей (сұхбаттар сериясы мен
# фокус-топтар бөліктерінің қосындысы олардың жалпы санына тең; мұны `civcomm validate` тексереді).

# %% [markdown] tags=["lang-ru"]
# ## Исследования
#
# Кого опрашивали, сколько человек и когда – так, как это указано в источниках (части серии интервью
# и фокус-групп в сумме дают их общую численность; это проверяет `civcomm validate`).

# %%
design = survey.design_frame(lang)
report.publish("survey_design", design, lang);

# %% [markdown] tags=["lang-en"]
# ## The figures
#
# Each chart is followed by its numbers. Counts of the dissertation's figures are the project's
# (share × 4,790 / 100, each a whole number); the article gives shares only.

# %% [markdown] tags=["lang-kk"]
# ## Суреттер
#
# Әр диаграмманың астында оның сандық мәндері беріледі. Диссертация суреттеріндегі абсолют сандарды
# жоба есептеген (үлес × 4 790 / 100, әрқайсысы бүтін сан); мақалада тек үлестер берілген.

# %% [markdown] tags=["lang-ru"]
# ## Рисунки
#
# После каждой диаграммы приводятся её числовые значения. Абсолютные числа для рисунков диссертации
# рассчитаны проектом (доля × 4 790 / 100, каждое – целое число); в статье даны только доли.

# %%
frames, summaries = {}, []
for fid in shown:
    texts = survey.figure_texts(fid, lang)
    frame = survey.figure_frame(fid, lang)
    frames[fid] = frame
    summaries.append(survey.summarise_figure(fid, lang))
    note = " · ".join(x for x in [texts["note"], texts["caption_original"] if lang != texts["original"] else None,
                                t("survey_derived_n", lang) if frame["n"].notna().all() else None] if x)
    report.show_figure(make_survey_figure(frame, texts, lang), f"survey_{fid}", lang, texts["caption"], note=note)
    report.publish(f"survey_{fid}", frame, lang, texts["caption"], note=note)

# %% [markdown] tags=["lang-en"]
# ## Checks on the numbers
#
# Single-response series must sum to 100% of N (less the missing answers, which are declared);
# for multiple-response questions the sum of shares over 100 is the number of choices per
# respondent. The same checks run in `civcomm validate` and fail with the CSV file and row.

# %% [markdown] tags=["lang-kk"]
# ## Сандарды тексеру
#
# Бір жауапты қатарлардың қосындысы N-нің 100%-ына тең болуы тиіс (мәлімделген жауап берілмеген
# жағдайларды шегергенде); бірнеше жауапты сұрақтарда үлестер қосындысын 100-ге бөлгенде бір
# респондентке келетін таңдаулар саны шығады. Дәл осы тексерулер `civcomm validate` ішінде де
# орындалады және сәтсіз болғанда CSV файлы мен жолын көрсетеді.

# %% [markdown] tags=["lang-ru"]
# ## Проверка чисел
#
# Ряды с одним ответом должны в сумме давать 100% от N (за вычетом пропущенных ответов, которые
# указаны явно); для вопросов с несколькими ответами сумма долей, делённая на 100, – это число
# выборов на одного респондента. Те же проверки выполняются в `civcomm validate` и при неудаче
# указывают CSV-файл и строку.

# %%
import pandas as pd  # noqa: E402

checks = pd.concat(summaries, ignore_index=True)
report.publish("survey_checks", checks, lang);

# %% [markdown] tags=["lang-en"]
# ## What the text says vs what the data show
#
# Each sentence the authors write about a chart is recorded in the figure's meta file with a
# formal test; the data column is computed from the CSV.

# %% [markdown] tags=["lang-kk"]
# ## Мәтін не дейді, деректер нені көрсетеді
#
# Авторлардың диаграмма туралы жазған әрбір сөйлемі суреттің мета-файлында формальды тексерумен
# бірге тіркелген; деректер бағаны CSV файлы бойынша есептеледі.

# %% [markdown] tags=["lang-ru"]
# ## Что сказано в тексте и что показывают данные
#
# Каждое предложение авторов о диаграмме записано в мета-файле рисунка вместе с формальной
# проверкой; столбец данных рассчитывается по CSV-файлу.

# %%
claims = survey.claims_frame(shown, lang)
report.publish("survey_text_vs_data", claims, lang);

# %%
notes = survey.data_notes_frame(shown)
report.publish("survey_data_notes", notes, lang, note=None if lang == "en" else t("notes_in_english", lang));

# %% [markdown] tags=["lang-en"]
# ## 2022 and 2023: is anything comparable?
#
# A side-by-side chart needs the same question in both surveys. The charted questions are listed
# next to each other: none recurs (data note `survey_no_comparable_questions`), so no
# side-by-side chart is drawn.

# %% [markdown] tags=["lang-kk"]
# ## 2022 және 2023 жылдар: салыстыруға келетін нәрсе бар ма?
#
# Диаграммаларды қатар қойып салыстыру үшін екі сауалнамада да бірдей сұрақ болуы қажет.
# Диаграммаларда берілген сұрақтар қатар тізіліп көрсетілген: олардың ешқайсысы қайталанбайды
# (деректер ескертпесі `survey_no_comparable_questions`), сондықтан қатар қойылған диаграмма
# салынбайды.

# %% [markdown] tags=["lang-ru"]
# ## 2022 и 2023 годы: есть ли что-то сопоставимое?
#
# Чтобы поставить диаграммы рядом для сравнения, нужен один и тот же вопрос в обоих опросах.
# Вопросы, представленные на диаграммах, перечислены рядом друг с другом: ни один из них не
# повторяется (примечание к данным `survey_no_comparable_questions`), поэтому сравнительная
# диаграмма не строится.

# %%
questions = survey.question_inventory(lang)
report.publish("survey_questions", questions, lang);

# %% [markdown] tags=["lang-en"]
# ## Sources

# %% [markdown] tags=["lang-kk"]
# ## Дереккөздер

# %% [markdown] tags=["lang-ru"]
# ## Источники

# %%
report.bibliography(design, *frames.values(), checks, claims, notes, questions, lang=lang);
