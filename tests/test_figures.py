"""Figures a reader can read: short one-line tick labels with full names on hover, titles under the toolbar,
localised legends, the stakeholder network's groups, labels, layout and actor menu (real data, no browser)."""

from __future__ import annotations

import math
import re

import networkx as nx
import pytest

from civcomm.analysis import network
from civcomm.core.i18n import t
from civcomm.present import figures, network_figure, style
from civcomm.views import kz_law, stakeholders, tables
from civcomm.views.countries import country_names


@pytest.mark.parametrize("text,limit", [("Стратегиялық коммуникация және қоғаммен байланыс", 24), ("short", 24),
                                        ("a <b>&c</b> " * 10, 20), ("Одно-длинное-слово-без-пробелов-вообще", 12)])
def test_short_labels_fit_on_one_line(text, limit):
    out = style.short(text, limit)
    shown = out.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    assert len(shown) <= limit and "<br>" not in out and "<b>" not in out
    assert shown == " ".join(text.split()) or shown.endswith("…")


def test_title_starts_under_the_toolbar_and_margin_grows_with_lines():
    import plotly.graph_objects as go

    one, three = go.Figure(), go.Figure()
    top1 = style.place_title(one, "A short title")
    top3 = style.place_title(three, "word " * 60, width=100)
    assert one.layout.title.pad.t >= style.MODEBAR_PX and one.layout.title.yanchor == "top"
    assert three.layout.title.text.count("<br>") == 2 and top3 > top1 >= style.MODEBAR_PX + style.TITLE_SIZE


def _ticks(axis) -> list[str]:
    return list(axis.ticktext)


def test_heatmap_ticks_are_short_unique_positions_and_hover_has_full_names():
    lang = "kk"
    matrix = tables.build_emphasis_matrix(lang=lang)
    cells = tables.emphasis_cells(lang=lang)
    labels = tables.competence_labels(lang)
    fig = figures.make_emphasis_heatmap(matrix, cells, lang, country_names(lang), labels)
    heat = fig.data[0]
    columns = [c for c in matrix.columns if c != t("total", lang)]
    assert list(fig.layout.xaxis.tickvals) == list(range(len(columns))) == list(heat.x)
    assert all(len(x) <= 26 and "<br>" not in x for x in _ticks(fig.layout.xaxis))
    longest = max(columns, key=lambda c: len(labels.get(c, c)))
    assert len(labels[longest]) > 26, "the data has a long label, so the test can see it cut"
    hover = " ".join(h for row in heat.customdata for h in row)
    assert labels[longest] in hover.replace("<br>", " ") or all(w in hover for w in labels[longest].split())


def test_gap_chart_legend_in_the_reports_language():
    import pandas as pd

    lang = "ru"
    gaps = pd.DataFrame({"competence_id": ["a", "b", "c"], "kz_status": ["absent", "general", "specific"],
                         "n_countries": [3, 2, 4], "countries": ["X", "Y", "Z"], "kz_quote": [None, "q", "q"],
                         "abroad_quotes": ["", "", ""]})
    fig = figures.make_gap_chart(gaps, lang, {"a": "A " * 40, "b": "B", "c": "C"}, 2)
    assert [tr.name for tr in fig.data] == [t(f"status_{s}", lang) for s in ("absent", "general", "specific")]
    assert not {"absent", "general", "specific"} & {tr.name for tr in fig.data}
    assert all(len(x) <= 40 for x in fig.layout.yaxis.ticktext)


def test_timeline_shows_act_types_by_their_labels():
    acts = kz_law.acts_frame("kk")
    fig = figures.make_acts_timeline(acts, "kk")
    shown = {y for tr in fig.data for y in tr.y}
    assert shown and not any(re.fullmatch(r"[a-z_]+", y) for y in shown), shown
    assert t("act_type_law", "kk") in shown


# --------------------------------------------------------------------------- the stakeholder network


@pytest.fixture(scope="module")
def kaz():
    lang = "kk"
    legend = stakeholders.graph_legend(lang)
    g = stakeholders.select(stakeholders.main_graph("KAZ", lang=lang))
    metrics = network.compute_metrics(g)
    pos = network.grouped_positions(g, legend, network.importance(metrics, "pagerank"))
    return lang, legend, g, metrics, pos


def test_every_type_and_kind_in_the_data_has_a_group_and_family(kaz):
    _, legend, g, _, _ = kaz
    assert {d["type"] for _, d in g.nodes(data=True)} <= set(legend.type_group)
    assert set(legend.type_group.values()) == set(legend.group_labels)
    assert set(legend.kind_family.values()) == set(legend.family_labels)
    assert len(legend.group_labels) <= 8 and len(legend.family_labels) <= 6


def test_layout_separates_groups_and_no_two_actors_overlap(kaz):
    _, legend, g, _, pos = kaz
    group_of = {n: legend.type_group[d["type"]] for n, d in g.nodes(data=True)}
    assert set(pos) == set(g)
    members: dict[str, list[str]] = {}
    for n, grp in group_of.items():
        members.setdefault(grp, []).append(n)
    centre = {k: (sum(pos[n][0] for n in v) / len(v), sum(pos[n][1] for n in v) / len(v)) for k, v in members.items()}
    radius = {k: max(math.dist(pos[n], centre[k]) for n in v) for k, v in members.items()}
    for a in members:
        for b in members:
            if a < b:
                assert math.dist(centre[a], centre[b]) > radius[a] + radius[b], (a, b)
    points = sorted(pos.values())
    assert min(math.dist(p, q) for i, p in enumerate(points) for q in points[i + 1:]) > 0.5


def test_layout_is_deterministic_and_ignores_input_order(kaz):
    _, legend, g, metrics, pos = kaz
    shuffled = nx.MultiDiGraph()
    shuffled.add_nodes_from(sorted(g.nodes(data=True), reverse=True))
    shuffled.add_edges_from(sorted(g.edges(keys=True, data=True), key=lambda e: (e[1], e[0]), reverse=True))
    again = network.grouped_positions(shuffled, legend, network.importance(metrics, "pagerank"))
    assert again == pos


def test_network_colours_by_group_and_family_with_readable_labels(kaz):
    lang, legend, g, metrics, pos = kaz
    fig = figures.make_network_figure(g, pos, metrics, "pagerank", title="T", legend=legend, lang=lang, n_labels=12)
    node_traces = [tr for tr in fig.data if tr.legend == "legend" and tr.mode == "markers"]
    edge_traces = [tr for tr in fig.data if tr.legend == "legend2" and tr.mode == "lines" and tr.legendgroup != "inferred"]
    # ties whose endpoint the source does not name: one red dotted overlay, a segment per such tie
    inferred = [tr for tr in fig.data if tr.legendgroup == "inferred"]
    n_inferred = sum(1 for u, v, d in g.edges(data=True) if d.get("inferred") and u != v)
    assert n_inferred > 0 and len(inferred) == 1 and inferred[0].line.color == network_figure.INFERRED_COLOUR
    assert inferred[0].x.count(None) == n_inferred and inferred[0].name == style.esc(t("inferred_tie", lang), 24)
    assert network_figure.INFERRED_COLOUR not in style.FAMILY_COLOURS
    assert {tr.name for tr in node_traces} <= {style.esc(v, network_figure.LEGEND_WIDTH) for v in legend.group_labels.values()}
    assert len({tr.marker.color for tr in node_traces}) == len(node_traces) <= 8
    assert sum(len(tr.x) for tr in node_traces) == g.number_of_nodes()
    assert 1 < len(edge_traces) <= len(legend.family_labels)
    ties = sum(1 for u, v in g.edges() if u != v)
    assert sum(len(tr.customdata) for tr in fig.data if tr.legend == "legend2" and tr.mode == "markers") == ties
    # labels: the most central actors, no two label boxes overlapping (the placement's own estimate)
    text = next(tr for tr in fig.data if tr.name == "labels")
    assert 6 <= len(text.text) <= 12
    rank = network.importance(metrics, "pagerank")
    top = max(g, key=lambda n: (rank[n], n))
    assert style.esc(g.nodes[top]["label"], 22) in text.text
    # the actors' names in the report's language (kk: Cyrillic, but for names such as "COVID-19 KZ")
    assert set(text.text) <= {style.esc(d["label"], 22) for _, d in g.nodes(data=True)}
    assert sum(bool(re.search("[а-яәғқңөұүһі]", x.lower())) for x in text.text) > len(text.text) / 2


def test_actor_menu_highlights_exactly_the_neighbourhood(kaz):
    lang, legend, g, metrics, pos = kaz
    fig = figures.make_network_figure(g, pos, metrics, "pagerank", title="T", legend=legend, lang=lang)
    menu = fig.layout.updatemenus[0]
    buttons = menu.buttons
    assert len(buttons) == g.number_of_nodes() + 1
    assert buttons[0].label == t("network_all", lang) and buttons[0].args[0]["shapes"] == []
    by_name = sorted(g, key=lambda n: (g.nodes[n]["label"].casefold(), n))
    assert [b.label for b in buttons[1:]] == [style.short(g.nodes[n]["label"], 48) for n in by_name]
    style_ = network_figure.network_style(g, legend, network.importance(metrics, "pagerank"))
    for ego in ("kz_civil_servants", sorted(g)[0]):
        change = network_figure._highlight(g, pos, style_, ego, [])
        lines = [s for s in change["shapes"] if s["type"] == "line"]
        assert len(lines) == sum(1 for u, v in g.edges() if ego in (u, v) and u != v)
        near = {ego} | set(g.predecessors(ego)) | set(g.successors(ego))
        assert len(change["annotations"]) == len(near)


def test_country_graphs_use_localised_ends_and_type_labels():
    lang = "ru"
    legend = stakeholders.graph_legend(lang)
    cg = stakeholders.country_graphs(lang=lang)
    fig = figures.make_country_graphs_figure(cg, {c: network.layout_positions(x) for c, x in cg.items()},
                                             country_names(lang), title="T", legend=legend)
    names = {tr.name for tr in fig.data if tr.showlegend}
    assert names and not any(re.fullmatch(r"[a-z_]+", n) for n in names)
    text = {x for tr in fig.data if tr.text for x in tr.text}
    assert style.short(t("v_endpoint_cs", lang), 16) in text and "civil servants" not in text
    assert all(len(x) <= 16 for x in text)


def test_static_spec_drops_menus_and_fixes_ids(kaz):
    from civcomm.output.static import static_spec

    lang, legend, g, metrics, pos = kaz
    fig = figures.make_network_figure(g, pos, metrics, "pagerank", title="T", legend=legend, lang=lang)
    spec, width, height = static_spec(fig)
    assert "updatemenus" not in spec["layout"] and width == 1000 and height == fig.layout.height
    assert [tr["uid"] for tr in spec["data"]] == [f"t{i}" for i in range(len(fig.data))]
    assert fig.layout.updatemenus, "the figure itself keeps its menu"
