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
# # Tables 5 and 6: what does Kazakh law require at each job level, and what could it add from practice abroad?
#
# Table 5 as the author printed it, then recomputed: Order No. 71's requirements per job level
# (`data/kz_law/v2300032237.yaml`), the competences the country files tie to that level
# (`data/countries/*.yaml`, `emphases[].levels`), and the **possible additions computed** as what
# practice abroad emphasises at that level and Order No. 71 does not require (codebook ids). The
# author's own additions are shown beside them, coded by hand, with their agreement. Table 6 follows
# with a computed indicator per criterion. Kazakh cells are the dissertation's; ru/en labels are the
# project's translations.

# %% [markdown] tags=["lang-kk"]
# # 5 және 6-кестелер: Қазақстан заңнамасы әр лауазым деңгейінде нені талап етеді және оны шетелдік тәжірибеден немен толықтыруға болады?
#
# Алдымен автор басып шығарған түріндегі 5-кесте, содан кейін оның қайта есептелген нұсқасы: №71
# бұйрықтың әр лауазым деңгейіне қойылатын талаптары (`data/kz_law/v2300032237.yaml`), елдер
# файлдары сол деңгеймен байланыстыратын құзыреттер (`data/countries/*.yaml`, `emphases[].levels`)
# және **есептелген мүмкін толықтырулар**, яғни шетелдік тәжірибе сол деңгейде баса мән беретін,
# бірақ №71 бұйрық талап етпейтін құзыреттер (кодтар кітабының идентификаторлары). Олардың жанында
# автордың өз толықтырулары қолмен кодталып, сәйкестігімен бірге көрсетілген. Одан кейін әр критерий
# бойынша есептелген көрсеткішімен 6-кесте беріледі. Қазақша ұяшықтар диссертациядан алынған; ru/en
# атаулары – жобаның аудармасы.

# %% [markdown] tags=["lang-ru"]
# # Таблицы 5 и 6: что требует право Казахстана на каждом уровне должности и что оно могло бы добавить из зарубежной практики?
#
# Сначала таблица 5 в том виде, как её напечатал автор, затем она же в пересчитанном виде:
# требования приказа №71 по каждому уровню должности (`data/kz_law/v2300032237.yaml`), компетенции,
# которые файлы стран связывают с этим уровнем (`data/countries/*.yaml`, `emphases[].levels`), и
# **рассчитанные возможные дополнения** — то, что зарубежная практика подчёркивает на этом уровне, а
# приказ №71 не требует (идентификаторы кодовой книги). Рядом приведены собственные дополнения
# автора, закодированные вручную, с указанием их совпадения. Далее следует таблица 6 с рассчитанным
# показателем по каждому критерию. Казахские ячейки взяты из диссертации; подписи на ru/en —
# переводы проекта.

# %%
from civcomm import report
from civcomm.views import tables

# %% tags=["parameters"]
lang = "kk"  # language of labels and text: kk | ru | en
levels = []  # job levels to compute; an empty list takes high, medium and low
countries = []  # ISO3 codes of the countries to draw practice from; an empty list takes all
include_all_levels = False  # also count emphases that a country file marks for all levels
formats = ["csv", "xlsx", "docx", "tex"]  # table export formats

# %%
report.setup(globals())

# %% [markdown] tags=["lang-en"]
# ## Table 5 as the dissertation prints it

# %% [markdown] tags=["lang-kk"]
# ## Диссертацияда басылған түріндегі 5-кесте

# %% [markdown] tags=["lang-ru"]
# ## Таблица 5 в том виде, как она напечатана в диссертации

# %%
table5 = tables.build_table5(lang)
report.publish("table5", table5, lang, formats=formats);

# %% [markdown] tags=["lang-en"]
# ## Table 5 recomputed from the data
#
# In Table 5's own layout: *Kazakhstan* lists Order No. 71's items for the category group of that
# level; *international practice* and the *possible additions* are the author's cells, verbatim; the
# *computed additions* are the competences that country files tie to the level and Order No. 71 does
# not require, the most widely supported first, each with the countries behind it and ✓ where the
# author proposes it too; the last column counts the agreement. The Word file fits two landscape pages.

# %% [markdown] tags=["lang-kk"]
# ## Деректер бойынша қайта есептелген 5-кесте
#
# 5-кестенің өз құрылымында: *Қазақстан* бағанында №71 бұйрықтың сол деңгейге сәйкес санаттар
# тобының тармақтары келтірілген; *халықаралық тәжірибе* мен *мүмкін болатын толықтырулар* – автордың
# ұяшықтары, сөзбе-сөз; *есептелген толықтырулар* – елдер файлдары сол деңгеймен байланыстыратын, бірақ
# №71 бұйрық талап етпейтін құзыреттер, ең көп ел қолдайтыны бірінші, әрқайсысы елдерімен бірге, ал
# автор да ұсынғандары ✓ белгісімен; соңғы баған сәйкестікті санайды. Word файлы альбомдық екі бетке
# сыяды.

# %% [markdown] tags=["lang-ru"]
# ## Таблица 5, пересчитанная по данным
#
# В собственной структуре таблицы 5: в столбце *Казахстан* перечислены пункты приказа №71 для
# группы категорий этого уровня; *международная практика* и *возможные дополнения* — ячейки автора
# дословно; *рассчитанные дополнения* — компетенции, которые файлы стран связывают с этим уровнем, а
# приказ №71 не требует, сначала поддержанные наибольшим числом стран, каждая со своими странами и с
# ✓, если её предлагает и автор; последний столбец подсчитывает совпадения. Файл Word умещается на
# двух альбомных страницах.

# %%
computed = tables.build_table5_computed(lang, levels=levels, countries=countries, include_all_levels=include_all_levels)
report.publish("table5_computed", computed, lang, formats=formats);

# %% [markdown] tags=["lang-en"]
# ## Agreement of the computed additions with the author's
#
# *Matched*: both; *only computed*: the data suggests it, the author does not; *only the author's*:
# she proposes it, but no country file ties it to that level.

# %% [markdown] tags=["lang-kk"]
# ## Есептелген толықтырулардың автордың толықтыруларымен сәйкестігі
#
# *Сәйкес*: екеуінде де бар; *тек есептелген*: деректер оны ұсынады, ал автор ұсынбайды; *тек
# автордікі*: автор оны ұсынады, бірақ ешбір ел файлы оны сол деңгеймен байланыстырмайды.

# %% [markdown] tags=["lang-ru"]
# ## Совпадение рассчитанных дополнений с авторскими
#
# *Совпадают*: есть в обоих списках; *только рассчитанные*: на это указывают данные, но не автор;
# *только авторские*: это предлагает автор, но ни один файл страны не связывает это с данным
# уровнем.

# %%
agreement = tables.table5_agreement(computed, lang)
report.publish("table5_agreement", agreement, lang, formats=formats);

# %% [markdown] tags=["lang-en"]
# ## The author's Kazakhstan cell against Order No. 71, and the category codes
#
# Each item of the author's Kazakhstan cell, coded, and whether Order No. 71 lists it for the same
# group; then Table 5's example codes (as printed, some in Cyrillic letters) normalised and looked
# up in Order No. 71's groups.

# %% [markdown] tags=["lang-kk"]
# ## Автордың Қазақстан ұяшығын №71 бұйрықпен салыстыру және санат кодтары
#
# Автордың Қазақстан ұяшығындағы әр тармақ кодталып, №71 бұйрық оны сол топ үшін атай ма, жоқ па,
# соны көрсетеді; содан кейін 5-кестедегі мысал ретінде келтірілген кодтар (басылған күйінде,
# кейбірі кириллица әріптерімен) қалыпқа келтіріліп, №71 бұйрықтың топтарымен салыстырылады.

# %% [markdown] tags=["lang-ru"]
# ## Ячейка «Казахстан» у автора в сравнении с приказом №71 и коды категорий
#
# Каждый пункт ячейки «Казахстан» у автора с присвоенным кодом и отметкой о том, перечислен ли он в
# приказе №71 для той же группы; затем коды-примеры из таблицы 5 (в напечатанном виде, часть —
# кириллическими буквами), нормализованные и сверенные с группами приказа №71.

# %%
kazakh_check = tables.table5_kazakh_check(lang)
report.show_table(kazakh_check, name="table5_kazakh_check", lang=lang)
code_check = tables.table5_code_check()
report.show_table(code_check, name="table5_code_check", lang=lang);

# %% [markdown] tags=["lang-en"]
# ## Table 6 as the dissertation prints it, and the indicators computed from the country files

# %% [markdown] tags=["lang-kk"]
# ## Диссертацияда басылған түріндегі 6-кесте және елдер файлдарынан есептелген көрсеткіштер

# %% [markdown] tags=["lang-ru"]
# ## Таблица 6 в том виде, как она напечатана в диссертации, и показатели, рассчитанные по файлам стран

# %%
table6 = tables.build_table6(lang)
report.publish("table6", table6, lang, formats=formats);

# %%
table6_computed = tables.build_table6_computed(lang, countries=countries)
report.publish("table6_computed", table6_computed, lang, formats=formats);

# %% [markdown] tags=["lang-en"]
# ## Sources

# %% [markdown] tags=["lang-kk"]
# ## Дереккөздер

# %% [markdown] tags=["lang-ru"]
# ## Источники

# %%
report.bibliography(table5, computed, kazakh_check, table6, table6_computed, lang=lang);
