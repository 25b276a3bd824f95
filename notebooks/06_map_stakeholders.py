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
# # Who shapes civil servants' communication? Stakeholder and institution graphs
#
# Kazakhstan's actors and the typed, directed ties between them, transcribed with a source for
# every actor and every tie (`data/stakeholders/kaz.yaml`); the institutional graph each country
# file in `data/countries/` supports; and which country's competence emphases come closest to
# Kazakhstan's current requirements and to what the dissertation proposes.

# %% [markdown] tags=["lang-kk"]
# # Мемлекеттік қызметшілердің коммуникациясына кім ықпал етеді? Мүдделі тараптар мен мекемелердің графтары
#
# Қазақстанның актерлері және олардың арасындағы түрі белгіленген бағытталған байланыстар – әр актер
# мен әр байланыс үшін дереккөзі көрсетіліп жазылған (`data/stakeholders/kaz.yaml`); `data/countries/`
# ішіндегі әр елдің файлы негізінде құруға болатын институционалдық граф; сондай-ақ қай елдің
# құзыреттерге қатысты екпіндері Қазақстанның қазіргі талаптарына және диссертацияда ұсынылғанға ең
# жақын екені.

# %% [markdown] tags=["lang-ru"]
# # Кто влияет на коммуникацию государственных служащих? Графы заинтересованных сторон и институтов
#
# Акторы Казахстана и типизированные направленные связи между ними, записанные с указанием источника
# для каждого актора и каждой связи (`data/stakeholders/kaz.yaml`); институциональный граф, который
# можно построить по файлу каждой страны в `data/countries/`; и то, акценты какой страны в компетенциях ближе
# всего к действующим требованиям Казахстана и к тому, что предлагает диссертация.

# %%
from civcomm import report
from civcomm.analysis import network
from civcomm.core.i18n import t
from civcomm.data import cache
from civcomm.output.graphs import write_graph
from civcomm.present import figures
from civcomm.present.labels import label
from civcomm.views import stakeholders
from civcomm.views.countries import country_names

# %% tags=["parameters"]
country = "KAZ"  # ISO3 code of the main graph (KAZ is the stakeholder graph)
lang = "kk"  # language of labels and text: kk | ru | en
relation_kinds = []  # relation kinds to keep (empty list keeps all)
ego = ""  # actor id whose ego network to show (empty shows the whole graph)
depth = 1  # ego-network depth in ties
metric = "pagerank"  # metric for node size and for ordering the metrics table
include_proposed = False  # also draw the dissertation's proposed ties

# %%
report.setup(globals())

# %% [markdown] tags=["lang-en"]
# ## The network
#
# Node size follows the chosen metric; colour shows the actor's group, and each group sits in its
# own part of the picture; a tie's colour shows the family of its relation kind (the groups and
# families are the project's, listed in `data/stakeholders/vocabulary.yaml`). The most central
# actors are labelled. Hover a node for its name, type and sources, the small arrow on a tie (70% of
# the way, pointing to its head) for the tie's kind, what the source says and where. The menu
# above the picture finds an actor by name and shows its ties and neighbours.

# %% [markdown] tags=["lang-kk"]
# ## Желі
#
# Түйіннің өлшемі таңдалған көрсеткішке сәйкес келеді; түсі актердің тобын көрсетеді, әр топ
# суреттің өз бөлігінде орналасқан; байланыстың түсі оның түрі жататын топты көрсетеді (топтарды
# жоба анықтаған, олар `data/stakeholders/vocabulary.yaml` файлында берілген). Ең орталық актерлердің
# атаулары жазылған. Түйіннің атауын, түрін және дереккөздерін көру үшін курсорды түйіннің үстіне
# апарыңыз, ал байланыстың түрін, дереккөзде не айтылғанын және қай жерде айтылғанын көру үшін –
# байланыстағы кішкентай көрсеткінің (байланыс ұзындығының 70%-ында, бағытталған ұшына қарай)
# үстіне апарыңыз. Суреттің үстіндегі мәзір актерді атауы бойынша тауып, оның байланыстары мен
# көршілерін көрсетеді.

# %% [markdown] tags=["lang-ru"]
# ## Сеть
#
# Размер узла соответствует выбранной метрике; цвет показывает группу актора, и каждая группа
# занимает свою часть рисунка; цвет связи показывает семейство её вида (группы и семейства
# определены проектом и перечислены в `data/stakeholders/vocabulary.yaml`). Самые центральные
# акторы подписаны. Наведите курсор на узел, чтобы увидеть его название, тип и источники, а на
# маленькую стрелку на связи (на 70% её длины, указывает на конец связи) – чтобы увидеть вид связи,
# что говорит источник и где. Меню над рисунком находит актора по названию и показывает его связи
# и соседей.

# %%
vocab = cache.use("stakeholder_vocab")
legend = stakeholders.graph_legend(lang)
kind_labels = legend.kind_labels
full = stakeholders.main_graph(country, lang=lang, include_proposed=include_proposed)
g = stakeholders.select(full, relation_kinds=relation_kinds, ego=ego, depth=depth)
metrics = network.compute_metrics(g)
pos = network.grouped_positions(g, legend, network.importance(metrics, metric))
stem = stakeholders.export_stem(country, lang, relation_kinds, ego, depth, include_proposed)
caption = f"{t('network_caption', lang)} ({country})"
report.show_figure(figures.make_network_figure(g, pos, metrics, size_by=metric, title=caption, legend=legend, lang=lang),
                   stem.rsplit(".", 1)[0], lang, caption, note=t("graph_note", lang))

# %% [markdown] tags=["lang-en"]
# ## Inferred ties
#
# A tie is marked `inferred` where the cited lines do not name one of its endpoints (the text says
# "state bodies", the data names the Agency): drawn in red dots above, listed here with the
# reason, counted, and kept as an attribute in every export.

# %% [markdown] tags=["lang-kk"]
# ## Жоба тұжырымдаған байланыстар
#
# Сілтеме жасалған жолдар байланыстың бір тарапын атамаса (мәтінде "мемлекеттік органдар", ал
# деректерде Агенттік), байланыс `inferred` деп белгіленеді: жоғарыдағы суретте қызыл
# нүктелермен сызылған, мұнда себебімен бірге тізілген және саналған, әр экспортта атрибут ретінде
# сақталады.

# %% [markdown] tags=["lang-ru"]
# ## Выведенные связи
#
# Связь помечена `inferred`, если в цитируемых строках не названа одна из её сторон (в тексте
# «государственные органы», в данных — Агентство): на рисунке выше она нарисована красным
# пунктиром, здесь перечислена с причиной и подсчитана, а в каждом экспорте сохраняется как атрибут.

# %%
inferred = stakeholders.inferred_frame(g)
actor_labels = {n: d.get("label", n) for n, d in g.nodes(data=True)}
report.show_table(inferred.assign(source=inferred["from_id"].map(actor_labels), target=inferred["to_id"].map(actor_labels),
                                  kind=inferred["kind_code"].map(kind_labels))
                  [["source", "target", "kind", "inferred", "refs"]], t("inferred_caption", lang), name="inferred_ties", lang=lang,
                  note=t("inferred_count", lang).format(n=len(inferred), total=g.number_of_edges())
                  + ("" if lang == "en" else " " + t("inferred_reasons_in_english", lang)))

# %% [markdown] tags=["lang-en"]
# ## Metrics
#
# Recomputed on every run from the graph above (parallel ties and self-loops collapsed first).

# %% [markdown] tags=["lang-kk"]
# ## Көрсеткіштер
#
# Әр іске қосу кезінде жоғарыдағы граф бойынша қайта есептеледі (алдымен параллель байланыстар мен
# өзіне оралатын байланыстар біріктіріледі).

# %% [markdown] tags=["lang-ru"]
# ## Метрики
#
# Пересчитываются при каждом запуске по графу выше (предварительно параллельные связи и петли
# сворачиваются).

# %%
nodes = stakeholders.nodes_frame(g)
edges = stakeholders.edges_frame(g)
table = nodes[["actor_id", "label", "type_code"]].merge(metrics, on="actor_id").sort_values(
    [metric, "actor_id"], ascending=[metric == "constraint", True])
left_out = stakeholders.isolates(full, g)
left_names = ", ".join(label("actor", a, lang) for a in left_out)
report.show_table(table, f"{t('metrics_caption', lang)}: {len(nodes)} / {len(edges)}", name="network_metrics",
                  lang=lang, note=t("graph_note", lang) + (f" {t('left_out', lang)}: {left_names}" if left_out else ""))
report.show_table(network.metrics_glossary(lang), name="metrics_glossary", lang=lang)

# %% [markdown] tags=["lang-en"]
# ## Power and interest (Mendelow)
#
# A rating comes from a source where one supports it (diamonds); every other rating is derived by
# the rule named beside it (circles), defined in `data/stakeholders/vocabulary.yaml` and shown
# below.

# %% [markdown] tags=["lang-kk"]
# ## Билік пен мүдде (Мендлоу матрицасы)
#
# Дереккөз негіз болатын жағдайда баға дереккөзден алынады (ромбтар); қалған әрбір баға оның жанында
# аталған ережемен есептеледі (шеңберлер); ережелер `data/stakeholders/vocabulary.yaml` файлында
# анықталған және төменде көрсетілген.

# %% [markdown] tags=["lang-ru"]
# ## Власть и интерес (матрица Мендлоу)
#
# Оценка берётся из источника, если источник её подтверждает (ромбы); любая другая оценка выводится
# по правилу, названному рядом с ней (круги), которое определено в
# `data/stakeholders/vocabulary.yaml` и показано ниже.

# %%
grid = network.power_interest_frame(full, lang=lang)
report.show_figure(figures.make_power_interest_grid(grid, lang, title=t("grid_caption", lang)),
                   f"{country.lower()}_power_interest", lang, t("grid_caption", lang))

# %%
rules = vocab.vocab("rating_rule")
report.show_table(grid, name="power_interest", lang=lang,
                  note=" ".join(f"{t(r.rating, lang)}: {r.definition.get(lang)}" for _, r in sorted(rules.items())))

# %% [markdown] tags=["lang-en"]
# ## Exports for Gephi and Kumu
#
# `outputs/graphs/`: GEXF (Gephi opens it with this report's colours, sizes and positions) and GraphML,
# words in this report's language with their codes in `*_id` attributes; Kumu's elements and connections
# CSV; nodes/edges/metrics CSV. No timestamps.

# %% [markdown] tags=["lang-kk"]
# ## Gephi және Kumu үшін экспорт
#
# `outputs/graphs/`: GEXF (Gephi оны осы есептің түстерімен, өлшемдерімен және орналасуымен ашады) және
# GraphML, сөздері осы есептің тілінде, кодтары `*_id` атрибуттарында; Kumu үшін элементтер мен
# байланыстардың CSV файлдары; түйіндер, байланыстар және көрсеткіштер бойынша CSV файлдары. Уақыт
# белгілерінсіз.

# %% [markdown] tags=["lang-ru"]
# ## Экспорт для Gephi и Kumu
#
# `outputs/graphs/`: GEXF (Gephi открывает его с цветами, размерами и расположением этого отчёта) и
# GraphML, слова на языке отчёта, коды – в атрибутах `*_id`; CSV-файлы элементов и связей для Kumu;
# CSV-файлы узлов, рёбер и метрик. Без временных меток.

# %%
export_graph = network.annotate(g, metrics, grid)
report.record_files("graph", stem, caption, write_graph(
    export_graph, stem, tables={"nodes": nodes.merge(metrics, on="actor_id"), "edges": edges, "metrics": metrics},
    legend=legend, positions=pos, size_by=metric))

# %% [markdown] tags=["lang-en"]
# ## The countries' institutional graphs
#
# Built from each country file: its institutions with the relation their role implies towards
# the civil servants, and the citizens they serve. Only what the file records is drawn.

# %% [markdown] tags=["lang-kk"]
# ## Елдердің институционалдық графтары
#
# Әр елдің файлы негізінде құрылады: файлдағы мекемелер – рөлінен туындайтын мемлекеттік
# қызметшілерге қатысты байланысымен, сондай-ақ мемлекеттік қызметшілер қызмет көрсететін азаматтар.
# Тек файлда тіркелген мәліметтер ғана бейнеленеді.

# %% [markdown] tags=["lang-ru"]
# ## Институциональные графы стран
#
# Строятся по файлу каждой страны: её институты со связью с государственными служащими, которую
# подразумевает их роль, и граждане, которых служащие обслуживают. Отображается только то, что
# записано в файле.

# %%
cgraphs = stakeholders.country_graphs(lang=lang)
names = country_names(lang)
report.show_figure(figures.make_country_graphs_figure(cgraphs, {c: network.layout_positions(x) for c, x in cgraphs.items()},
                                                      names, title=t("countries_caption", lang), legend=legend),
                   "country_institution_graphs", lang, t("countries_caption", lang))

# %%
rules_frame = stakeholders.role_rules_frame()
report.show_table(rules_frame, name="role_rules", lang=lang)
cedges = stakeholders.edges_frame_all(cgraphs)
report.show_table(cedges, name="country_edges", lang=lang, note=t("graph_note", lang))

# %% [markdown] tags=["lang-en"]
# ## Whose emphases are closest? Country × competence, projected
#
# A bipartite graph links each country (and each cited Kazakh profile) to the competences it
# emphasises; the projection onto profiles gives the Jaccard similarity (shared competences over
# competences in either) of every profile to Kazakhstan's current requirements and to the
# dissertation's proposals.

# %% [markdown] tags=["lang-kk"]
# ## Кімнің екпіндері ең жақын? Ел × құзырет, проекция
#
# Екі үлесті граф әр елді (және сілтеме жасалған әрбір қазақстандық профильді) ол баса айтатын
# құзыреттермен байланыстырады; профильдерге проекция әр профильдің Қазақстанның қазіргі талаптарына
# және диссертацияның ұсыныстарына Жаккар ұқсастығын береді (ортақ құзыреттер санының екі профильдің
# кемінде біреуінде бар құзыреттер санына қатынасы).

# %% [markdown] tags=["lang-ru"]
# ## Чьи акценты ближе всего? Страна × компетенция, проекция
#
# Двудольный граф связывает каждую страну (и каждый цитируемый казахстанский профиль) с
# компетенциями, которые она подчёркивает; проекция на профили даёт сходство по Жаккару (число общих
# компетенций, делённое на число компетенций хотя бы в одном из двух профилей) каждого профиля с
# действующими требованиями Казахстана и с предложениями диссертации.

# %%
profiles, plabels = stakeholders.profiles(lang)
targets = [p for p in ("KAZ", "kz_order71_table5", "kz_table5_additions", "kz_apa_new_modules") if p in profiles]
similarity = network.similarity_table(profiles, targets)
similarity.insert(1, "label", similarity["profile_id"].map(plabels))
report.publish("country_profile_similarity", similarity, lang,
               shown=similarity.sort_values([f"jaccard_{targets[-1]}", "profile_id"], ascending=[False, True])
               if targets else similarity);

# %% [markdown] tags=["lang-en"]
# ## Sources

# %% [markdown] tags=["lang-kk"]
# ## Дереккөздер

# %% [markdown] tags=["lang-ru"]
# ## Источники

# %%
report.bibliography(nodes, edges, grid, cedges, stakeholders.profile_refs(), lang=lang);
