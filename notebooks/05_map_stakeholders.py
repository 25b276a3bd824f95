# %% [markdown]
# # Who shapes civil servants' communication? Stakeholder and institution graphs
#
# Kazakhstan's actors and the typed, directed ties between them, transcribed with a source for
# every actor and every tie (`data/stakeholders/kaz.yaml`); the institutional graph each of the
# ten countries' files supports; and which country's competence emphases come closest to
# Kazakhstan's current requirements and to what the dissertation proposes.

# %%
from civcomm import export, figures, graphs, load, report
from civcomm.countries import country_names
from civcomm.i18n import t

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

# %% [markdown]
# ## The network
#
# Node size follows the chosen metric, colour the actor type, the line style the relation kind.
# Hover a node for its sources, the small triangle on a tie (70% of the way, at the head end)
# for the tie's kind, what the source says and where.

# %%
vocab = load.use("stakeholder_vocab")
type_labels = {k: v.label.get(lang) for k, v in vocab.vocab("actor_type").items()}
kind_labels = {k: v.label.get(lang) for k, v in vocab.vocab("relation_kind").items()}
full = graphs.main_graph(country, lang=lang, include_proposed=include_proposed)
g = graphs.select(full, relation_kinds=relation_kinds, ego=ego, depth=depth)
metrics = graphs.compute_metrics(g)
pos = graphs.layout_positions(g)
figures.make_network_figure(g, pos, metrics, size_by=metric, title=f"{t('network_caption', lang)} ({country})",
                            type_labels=type_labels, kind_labels=kind_labels)

# %% [markdown]
# ## Metrics
#
# Recomputed on every run from the graph above (parallel ties and self-loops collapsed first).

# %%
nodes = graphs.nodes_frame(g)
edges = graphs.edges_frame(g)
table = nodes[["actor_id", "label", "type_code"]].merge(metrics, on="actor_id").sort_values(
    [metric, "actor_id"], ascending=[metric == "constraint", True])
left_out = graphs.isolates(full, g)
report.show_table(table, f"{t('metrics_caption', lang)}: {len(nodes)} / {len(edges)}",
                  note=t("graph_note", lang) + (f" {t('left_out', lang)}: {', '.join(left_out)}" if left_out else ""))
report.show_table(graphs.metrics_glossary(lang), t("metrics_caption", lang))

# %% [markdown]
# ## Power and interest (Mendelow)
#
# A rating comes from a source where one supports it (diamonds); every other rating is derived by
# the rule named beside it (circles), defined in `data/stakeholders/vocabulary.yaml` and shown
# below.

# %%
grid = graphs.power_interest_frame(full, lang=lang)
figures.make_power_interest_grid(grid, lang, title=t("grid_caption", lang))

# %%
rules = vocab.vocab("rating_rule")
report.show_table(
    grid[["actor_id", "label", "power", "power_basis", "interest", "interest_basis", "quadrant"]]
    .assign(quadrant=grid["quadrant"].map(lambda q: t(q, lang))),
    t("grid_caption", lang),
    note=" ".join(f"{k}: {r.definition.get(lang)}" for k, r in sorted(rules.items())))

# %% [markdown]
# ## Exports for Gephi and Kumu
#
# `outputs/graphs/`: GEXF and GraphML (no timestamps), nodes/edges/metrics CSV.

# %%
stem = graphs.export_stem(country, lang, relation_kinds, ego, depth, include_proposed)
export_graph = graphs.annotate(g, metrics, grid)
export.write_graph(export_graph, stem, tables={"nodes": nodes.merge(metrics, on="actor_id"), "edges": edges,
                                              "metrics": metrics});

# %% [markdown]
# ## The ten countries' institutional graphs
#
# Built from each country file: its institutions with the relation their role implies towards
# the civil servants, and the citizens they serve. Only what the file records is drawn.

# %%
cgraphs = graphs.country_graphs(lang=lang)
names = country_names(lang)
figures.make_country_graphs_figure(cgraphs, {c: graphs.layout_positions(x) for c, x in cgraphs.items()}, names,
                                   title=t("countries_caption", lang))

# %%
rules_frame = graphs.role_rules_frame()
rules_frame.insert(2, "kind", rules_frame["kind_code"].map(kind_labels))
report.show_table(rules_frame, t("countries_caption", lang))
cedges = graphs.edges_frame_all(cgraphs)
cedges.insert(cedges.columns.get_loc("kind_code") + 1, "kind", cedges["kind_code"].map(kind_labels))
report.show_table(cedges, t("countries_caption", lang),
                  note=t("graph_note", lang) + ("" if lang == "en" else " " + t("notes_in_english", lang)))

# %% [markdown]
# ## Whose emphases are closest? Country × competence, projected
#
# A bipartite graph links each country (and each cited Kazakh profile) to the competences it
# emphasises; the projection onto profiles gives the Jaccard similarity (shared competences over
# competences in either) of every profile to Kazakhstan's current requirements and to the
# dissertation's proposals.

# %%
profiles, plabels = graphs.profiles(lang)
targets = [p for p in ("KAZ", "kz_order71_table5", "kz_table5_additions", "kz_apa_new_modules") if p in profiles]
similarity = graphs.similarity_table(profiles, targets)
similarity.insert(1, "label", similarity["profile_id"].map(plabels))
report.show_table(similarity.sort_values([f"jaccard_{targets[-1]}", "profile_id"], ascending=[False, True])
                  if targets else similarity, t("similarity_caption", lang), note=t("graph_note", lang))
export.write_table(similarity, "country_profile_similarity", lang=lang);

# %% [markdown]
# ## Sources

# %%
report.bibliography(nodes, edges, grid, cedges, graphs.profile_refs(), lang=lang);
