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
# # What does the law say, as it is published? The official texts of the acts in Kazakh and Russian
#
# Reads the official texts of the acts (`<act>.<lang>.txt` in `data/kz_law/texts/` and the
# official-texts folder, never copied into the repository) as the publisher prints them: chapters,
# articles, paragraphs, subparagraphs and unnumbered parts; the publisher's own rows (editorial notes,
# contents, press release, notes of Constitutional Court decisions, amendment notes, signature) kept
# apart from the law's words; the amendment notes read into events (which unit, which amending act,
# what it did, when in force, whether still pending); and the Kazakh and Russian texts aligned unit by
# unit. `civcomm parse <act>` prints the same counts.

# %% [markdown] tags=["lang-kk"]
# # Заң жарияланған күйінде не дейді? Актілердің қазақ және орыс тілдеріндегі ресми мәтіндері
#
# Актілердің ресми мәтіндерін (`data/kz_law/texts/` қалтасындағы және ресми мәтіндер қалтасындағы
# `<act>.<lang>.txt` файлдары; репозиторийге көшірілмейді) баспагер басқан күйінде оқиды: тараулар,
# баптар, тармақтар, тармақшалар және нөмірсіз абзацтар; баспагердің өз жолдары (ескертпелер,
# мазмұн, баспасөз-релиз, Конституциялық Сот шешімдері туралы жазбалар, өзгерістер туралы
# ескертулер, қолтаңба) заң сөздерінен бөлек сақталады; өзгерістер туралы ескертулер оқиғаларға
# айналады (қай бірлік, қай өзгерту актісі, не істелді, қашан күшіне енеді, әлі күтілетін бе); қазақ
# және орыс мәтіндері бірлік бойынша сәйкестендіріледі. `civcomm parse <act>` сол сандарды басып
# шығарады.

# %% [markdown] tags=["lang-ru"]
# # Что говорит закон в опубликованном виде? Официальные тексты актов на казахском и русском языках
#
# Читает официальные тексты актов (файлы `<act>.<lang>.txt` в `data/kz_law/texts/` и в папке
# официальных текстов; в репозиторий не копируются) так, как их печатает издатель: главы, статьи,
# пункты, подпункты и ненумерованные абзацы; собственные строки издателя (примечания, оглавление,
# пресс-релиз, записи о решениях Конституционного Суда, сноски об изменениях, подпись) хранятся
# отдельно от слов закона; сноски об изменениях читаются как события (какая единица, какой
# изменяющий акт, что сделано, когда вступает в силу, предстоит ли ещё); казахский и русский тексты
# сопоставлены по единицам. `civcomm parse <act>` печатает те же числа.

# %%
from civcomm import report
from civcomm.analysis import claims as claims_mod
from civcomm.analysis import lawreading, lawtexts
from civcomm.core.i18n import t
from civcomm.data import cache
from civcomm.present import figures, lawtables

# %% tags=["parameters"]
lang = "kk"  # language of labels and text: kk | ru | en
acts = []  # act ids with official texts, empty list means all
formats = ["csv", "xlsx", "docx", "tex"]  # table export formats

# %%
report.setup(globals())

# %% [markdown] tags=["lang-en"]
# ## The texts read

# %% [markdown] tags=["lang-kk"]
# ## Оқылған мәтіндер

# %% [markdown] tags=["lang-ru"]
# ## Прочитанные тексты

# %%
project = cache.use("kz_act")
law = lawtexts.read_law_texts(acts, project=project)
unread = lawtexts.unread_acts(law, acts)
if unread:
    print(t("law_unread", lang).format(acts="; ".join(f"{lawtables.act_name(a, lang)} ({', '.join(langs)})"
                                                      for a, langs in unread)))
else:
    print(t("law_unread_none", lang))
if law.problems:
    print(t("law_problems", lang).format(n=len(law.problems)))
    for line in law.problems:
        print("  " + line)
texts = lawtables.texts_frame(law, project)
if not texts.empty:
    report.publish("law_texts", texts, lang, formats=[f for f in formats if f in ("csv", "xlsx")]);
else:
    print(t("law_no_texts", lang))

# %% [markdown] tags=["lang-en"]
# ## Structure as published
#
# Chapters with their titles in both texts, the articles in each, the units of law text (paragraphs,
# subparagraphs, unnumbered parts, the act's notes), how many are repealed and how many amendment
# events the notes give the chapter's articles.

# %% [markdown] tags=["lang-kk"]
# ## Жарияланған құрылымы
#
# Тараулар және олардың екі мәтіндегі атаулары, әр тараудағы баптар, заң мәтінінің бірліктері
# (тармақтар, тармақшалар, нөмірсіз абзацтар, актінің ескертпелері), олардың қаншасы алып
# тасталғаны және ескертулер тараудың баптарына қанша өзгеріс оқиғасын беретіні.

# %% [markdown] tags=["lang-ru"]
# ## Структура в опубликованном виде
#
# Главы с названиями в обоих текстах, статьи в каждой, единицы текста закона (пункты, подпункты,
# ненумерованные абзацы, примечания акта), сколько из них исключено и сколько событий изменений
# сноски дают статьям главы.

# %%
side = lawtables.text_lang(lang)
structures = {}
for act in law.acts:
    structures[act] = lawtables.structure_frame(law, act, lang)
    report.publish("law_structure", structures[act], lang, formats=formats,
                   fields={"act": lawtables.act_name(act, lang), "lang": t(f"v_language_{side}", lang)});

# %% [markdown] tags=["lang-en"]
# ## Amendment history
#
# Every amendment note is read into events. The figures count them by the year of the amending act
# and by chapter; changes the publisher marks as foreseen (or that enter into force after the
# edition's date) are shown apart as pending. The table lists the amending acts in the publication
# formats; the events one by one are in the CSV/XLSX files.

# %% [markdown] tags=["lang-kk"]
# ## Өзгерістер тарихы
#
# Әрбір өзгеріс туралы ескерту оқиғаларға бөлінеді. Суреттер оларды өзгерту актісінің жылы және
# тарау бойынша санайды; баспагер «көзделген» деп белгілеген (немесе мәтін нұсқасының күнінен кейін
# күшіне енетін) өзгерістер күтілетін ретінде бөлек көрсетіледі. Кесте өзгерту актілерін жариялау
# форматтарында береді; оқиғалар жеке-жеке CSV/XLSX файлдарында.

# %% [markdown] tags=["lang-ru"]
# ## История изменений
#
# Каждая сноска об изменениях читается как события. Рисунки считают их по году изменяющего акта и по
# главам; изменения, которые издатель отмечает как предусмотренные (или вступающие в силу после даты
# редакции), показаны отдельно как предстоящие. Таблица перечисляет изменяющие акты в форматах для
# публикации; события по одному – в файлах CSV/XLSX.

# %%
events = {}
for act in law.acts:
    name = lawtables.act_name(act, lang)
    ev = law.events[law.events["act_id"] == act]
    mine = ev[ev["lang"] == side]
    note = t("law_figure_note", lang).format(lang=t(f"v_language_{side}", lang), kk=int((ev["lang"] == "kk").sum()),
                                             ru=int((ev["lang"] == "ru").sum()))
    if not mine.empty:
        chapter_of = dict(zip(law.articles["article"], law.articles["chapter"]))
        mine = mine.assign(chapter=mine["chapter"].where(mine["chapter"].notna(), mine["article"].map(chapter_of)))
        report.show_figure(figures.make_amendments_by_year(mine, lang, t("law_by_year_caption", lang).format(act=name),
                                                           note), f"law_amendments_by_year.{act}", lang,
                           t("law_by_year_caption", lang).format(act=name), note=note)
        report.show_figure(figures.make_amendments_by_chapter(mine, structures[act], lang,
                                                              t("law_by_chapter_caption", lang).format(act=name), note),
                           f"law_amendments_by_chapter.{act}", lang, t("law_by_chapter_caption", lang).format(act=name),
                           note=note)
    edition = next((project.sources[s].official.amended_to.isoformat() for (a, _), s in law.sources.items()
                    if a == act), "—")
    report.publish("law_amending_acts", lawtables.amending_acts_frame(law, act), lang, formats=formats,
                   fields={"act": name, "edition": edition})
    events[act] = lawtables.events_frame(law, act, lang)
    report.publish("law_amendment_events", events[act], lang, formats=[f for f in formats if f in ("csv", "xlsx")],
                   fields={"lang": t(f"v_language_{side}", lang)});

# %% [markdown] tags=["lang-en"]
# ## The units in both languages
#
# Each unit with its Kazakh and Russian wording and its lines in both files. A unit printed in one
# language only is listed below it; the act file explains each real difference between the two texts.

# %% [markdown] tags=["lang-kk"]
# ## Бірліктер екі тілде
#
# Әрбір бірлік өзінің қазақ және орыс тіліндегі мәтінімен және екі файлдағы жолдарымен берілген. Тек
# бір тілде басылған бірлік төменде аталады; екі мәтін арасындағы әрбір нақты айырмашылықты актінің
# файлы түсіндіреді.

# %% [markdown] tags=["lang-ru"]
# ## Единицы на двух языках
#
# Каждая единица с текстом на казахском и русском языках и строками в обоих файлах. Единица,
# напечатанная только на одном языке, приводится ниже; каждое реальное различие двух текстов
# объясняет файл акта.

# %%
differences = {a.act: a.text_differences for a in project.all("kz_act")}
for act in sorted(set(law.aligned["act_id"])):
    name = lawtables.act_name(act, lang)
    single = lawtables.one_language_frame(law, act, lang, differences.get(act, []))
    if single.empty:
        print(lawtables.alignment_line(law, act, lang))
    else:
        report.publish("law_one_language", single, lang, formats=[f for f in formats if f in ("csv", "xlsx")])
    report.publish("law_units", lawtables.units_frame(law, act, lang), lang,
                   formats=[f for f in formats if f in ("csv", "xlsx")], fields={"act": name});

# %% [markdown] tags=["lang-en"]
# ## The publisher's rows
#
# What the publisher prints around the law's words, never counted as the law: its editorial notes
# and the paragraph under each, the contents and press-release headings, notes of Constitutional
# Court decisions and the signature. (The amendment notes are the events above.)

# %% [markdown] tags=["lang-kk"]
# ## Баспагердің жолдары
#
# Баспагер заң сөздерінің айналасына басатын, заң ретінде ешқашан саналмайтын мәтін: ескертпелері
# және әрқайсысының астындағы абзац, мазмұн мен баспасөз-релиз тақырыптары, Конституциялық Сот
# шешімдері туралы жазбалар және қолтаңба. (Өзгерістер туралы ескертулер – жоғарыдағы оқиғалар.)

# %% [markdown] tags=["lang-ru"]
# ## Строки издателя
#
# То, что издатель печатает вокруг слов закона и что никогда не считается законом: его примечания и
# абзац под каждым, заголовки оглавления и пресс-релиза, записи о решениях Конституционного Суда и
# подпись. (Сноски об изменениях – события выше.)

# %%
for act in law.acts:
    report.publish("law_editorial_rows", lawtables.editorial_frame(law, act, lang), lang,
                   formats=[f for f in formats if f in ("csv", "xlsx")]);

# %% [markdown] tags=["lang-en"]
# ## What the dissertation says the law says, beside what the law says
#
# The dissertation's reading of each act (`data/kz_law/<act>.yaml`: its words, cited to its lines) and
# the project's reading of the official text are two readings, kept apart. Each competence the
# dissertation codes in the act is set beside the official wording of the unit it names, with a verdict
# computed from the official text by the rule below, and its evidence. Then: the units amended after the
# day the dissertation read the law, and every coding of the act by whose reading it is.
#
# Verdict rule: no official text → "no official text"; the named article is not in the text → "no
# such unit"; every unit of it repealed → "repealed"; the project's hand reading codes the
# competence in one of its units as explicit, or the coder finds its words in a unit of it that no
# hand reading read and left without it → "names it"; the hand reading codes it as general only →
# "names it only in broader terms"; otherwise → "does not name it". Beside it: the amendments to the
# unit, its paragraph, article or the whole text made after the day the dissertation read the law.

# %% [markdown] tags=["lang-kk"]
# ## Диссертация заң туралы не дейді және заң не дейді
#
# Диссертацияның әр актіні оқуы (`data/kz_law/<act>.yaml`: оның сөздері, жолдарына сілтемемен) және
# жобаның ресми мәтінді оқуы – екі бөлек оқу. Диссертация актіде кодтаған әрбір құзырет ол атайтын
# бірліктің ресми мәтінімен қатар қойылады, оған төмендегі ережемен ресми мәтіннен есептелген қорытынды
# және дәлелі беріледі. Одан кейін: диссертация заңды оқығаннан кейін өзгертілген бірліктер және
# актінің барлық кодтаулары – кімнің оқуы бойынша.
#
# Қорытынды ережесі: ресми мәтін жоқ → «ресми мәтін жоқ»; аталған бап мәтінде жоқ → «бірлік жоқ»;
# бірліктің бәрі алып тасталған → «алып тасталған»; жобаның қолмен оқуы бірліктің бірінде құзыретті
# айқын деп кодтаса немесе кодтаушы оның сөздерін бірліктен тапса (қолмен оқу оқып, кодтамаған
# бірлікті қоспағанда) → «атайды»; қолмен оқу оны тек жалпы деп кодтаса → «тек жалпы сөзбен атайды»;
# әйтпесе → «атамайды». Қатарында: диссертация оқығаннан кейін бірлікке, оның тармағына, бабына
# немесе бүкіл мәтінге енгізілген өзгерістер.

# %% [markdown] tags=["lang-ru"]
# ## Что диссертация говорит о законе рядом с тем, что говорит закон
#
# Прочтение каждого акта диссертацией (`data/kz_law/<act>.yaml`: её слова со ссылкой на строки) и
# прочтение официального текста проектом – два разных прочтения, они хранятся раздельно. Каждая
# компетенция, которую диссертация кодирует в акте, поставлена рядом с официальным текстом единицы,
# которую она называет, с вердиктом, вычисленным по официальному тексту по правилу ниже, и его
# доказательством. Затем: единицы, изменённые после того, как диссертация прочитала закон, и все
# кодирования акта по тому, чьё это прочтение.
#
# Правило вердикта: официального текста нет → «нет официального текста»; названной статьи в тексте
# нет → «единицы нет»; все её единицы исключены → «исключена»; ручное прочтение проекта кодирует
# компетенцию в одной из единиц как явную или кодировщик находит её слова в единице, если её не
# прочитало и не оставило без этой компетенции ручное прочтение → «называет»; ручное прочтение
# кодирует её лишь как общую → «называет лишь в общих словах»; иначе → «не называет». Рядом:
# изменения единицы, её пункта, статьи или всего текста после даты, когда диссертация читала закон.

# %%
official = lawreading.code_official(law, project=project) if law.acts else None
for act in [a.act for a in project.all("kz_act") if a.official_texts and (not acts or a.act in acts)]:
    name = lawtables.act_name(act, lang)
    claims = claims_mod.claims_frame(project, law, official if official is not None else law.events.iloc[0:0], act)
    if claims.empty:
        continue
    read_on = claims["read_on"].dropna().iloc[0] if claims["read_on"].notna().any() else "—"
    report.publish("kz_law_claims", lawtables.claims_table(claims, lang), lang, formats=formats,
                   fields={"act": name, "date": read_on})
    stale = claims_mod.stale_units(project, law, act)
    if not stale.empty:
        report.publish("kz_law_stale_units", lawtables.stale_table(stale, lang), lang,
                       formats=[f for f in formats if f in ("csv", "xlsx")], fields={"act": name, "date": read_on})
    report.publish("kz_law_codings_by_reader", lawtables.codings_by_reader(project, act, lang), lang,
                   formats=[f for f in formats if f in ("csv", "xlsx")], fields={"act": name});

# %% [markdown] tags=["lang-en"]
# ## Sources

# %% [markdown] tags=["lang-kk"]
# ## Дереккөздер

# %% [markdown] tags=["lang-ru"]
# ## Источники

# %%
report.bibliography(sorted({*law.sources.values(), *(s for _, _, s in law.missing)}),
                    *[lawtables.codings_by_reader(project, a, lang) for a in law.acts], lang=lang);
