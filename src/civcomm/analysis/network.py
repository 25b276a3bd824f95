"""Network analysis of the stakeholder and institution graphs: metrics, derived ratings, similarity, layout."""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable

import networkx as nx
import pandas as pd

from civcomm.core.i18n import t
from civcomm.data import cache
from civcomm.data.models import RatingRule

SEED = 42  # every randomised step (layout, communities) uses this seed and sorted input

# The metrics of ``compute_metrics``; their one-line definitions are the strings ``metric_<name>``.
METRICS: tuple[str, ...] = ("in_degree", "out_degree", "betweenness", "closeness", "pagerank", "constraint",
                            "effective_size", "community")


def simple_digraph(g: nx.MultiDiGraph) -> nx.DiGraph:
    """Collapse parallel ties (weight = count) and drop self-loops; sorted node order."""
    d = nx.DiGraph()
    d.add_nodes_from(sorted(g.nodes))
    for u, v in sorted({(u, v) for u, v in g.edges() if u != v}):
        d.add_edge(u, v, weight=g.number_of_edges(u, v))
    return d


def pagerank(d: nx.DiGraph, alpha: float = 0.85, tol: float = 1e-12, max_iter: int = 1000) -> dict[str, float]:
    """PageRank by power iteration, as networkx defines it (weights; dangling nodes spread evenly).

    Written out because networkx's own implementation needs scipy, which this project does not install.
    """
    nodes = sorted(d.nodes)
    n = len(nodes)
    if n == 0:
        return {}
    out_w = {u: sum(w for _, _, w in d.out_edges(u, data="weight", default=1)) for u in nodes}
    rank = dict.fromkeys(nodes, 1.0 / n)
    for _ in range(max_iter):
        dangling = alpha * sum(rank[u] for u in nodes if out_w[u] == 0) / n
        new = dict.fromkeys(nodes, (1.0 - alpha) / n + dangling)
        for u in nodes:
            if out_w[u]:
                share = alpha * rank[u] / out_w[u]
                for _, v, w in d.out_edges(u, data="weight", default=1):
                    new[v] += share * w
        if sum(abs(new[x] - rank[x]) for x in nodes) < n * tol:
            return new
        rank = new
    return rank


def communities(g: nx.Graph) -> dict[str, int]:
    """Node -> community number (greedy modularity, deterministic: sorted input, largest community = 0)."""
    u = nx.Graph()
    u.add_nodes_from(sorted(g.nodes))
    u.add_edges_from(sorted({tuple(sorted(e)) for e in g.edges() if e[0] != e[1]}))
    if u.number_of_edges() == 0:
        return {n: i for i, n in enumerate(sorted(u))}
    parts = nx.algorithms.community.greedy_modularity_communities(u)
    parts = sorted((sorted(p) for p in parts), key=lambda p: (-len(p), p[0]))
    return {n: i for i, p in enumerate(parts) for n in p}


def compute_metrics(g: nx.MultiDiGraph) -> pd.DataFrame:
    """One row per actor with every metric of METRICS (self-loops and parallel ties collapsed first)."""
    d = simple_digraph(g)
    u = d.to_undirected()
    nodes = sorted(d.nodes)
    bet = nx.betweenness_centrality(d, normalized=True)
    clo = nx.closeness_centrality(d)
    pr = pagerank(d, alpha=0.85)
    con = nx.constraint(u)
    eff = nx.effective_size(u)
    com = communities(d)
    df = pd.DataFrame({
        "actor_id": nodes,
        "in_degree": [d.in_degree(n) for n in nodes],
        "out_degree": [d.out_degree(n) for n in nodes],
        "betweenness": [bet[n] for n in nodes],
        "closeness": [clo[n] for n in nodes],
        "pagerank": [pr[n] for n in nodes],
        "constraint": [con[n] for n in nodes],
        "effective_size": [eff[n] for n in nodes],
        "community": [com[n] for n in nodes],
    })
    for col in ("betweenness", "closeness", "pagerank", "constraint", "effective_size"):
        df[col] = df[col].astype(float).round(6)
    return df


def metrics_glossary(lang: str = "en") -> pd.DataFrame:
    """The one-line definition of each metric in ``lang`` (shown under the metrics table)."""
    return pd.DataFrame({"metric": list(METRICS), "definition": [t(f"metric_{m}", lang) for m in METRICS]})


def derive_rating(g: nx.MultiDiGraph, node: str, rule: RatingRule) -> tuple[str, int]:
    """(low|medium|high, count) for ``node`` under ``rule`` (see data/stakeholders/vocabulary.yaml)."""
    kinds = set(rule.kinds)
    if rule.depth <= 1:
        count = len({v for _, v, d in g.out_edges(node, data=True) if d["kind"] in kinds and v != node}
                    | {u for u, _, d in g.in_edges(node, data=True) if d["kind"] in kinds and u != node})
    else:
        sub = nx.DiGraph()
        sub.add_nodes_from(g.nodes)
        sub.add_edges_from((u, v) for u, v, d in g.edges(data=True) if d["kind"] in kinds)
        reach = nx.single_source_shortest_path_length(sub, node, cutoff=rule.depth)
        count = len(reach) - 1
    value = "high" if count >= rule.high else "medium" if count >= rule.medium else "low"
    return value, count


def power_interest_frame(g: nx.MultiDiGraph, lang: str = "en") -> pd.DataFrame:
    """Power and interest of every actor: the sourced rating where the data has one, else the rule's (labelled)."""
    rules = cache.use("stakeholder_vocab").vocab("rating_rule")
    default = {"power": next(k for k, r in sorted(rules.items()) if r.rating == "power"),
               "interest": next(k for k, r in sorted(rules.items()) if r.rating == "interest")}
    rows = []
    for n in sorted(g):
        data = g.nodes[n]
        row = {"actor_id": n, "label": data.get("label", n), "type_code": data.get("type")}
        refs: list[str] = list(data.get("refs", []))
        for what in ("power", "interest"):
            rating = data.get(what)
            if rating is not None and rating.derived is None:
                row[what] = rating.value
                row[f"{what}_basis"] = "sourced"
                row[f"{what}_refs"] = list(rating.refs)
            else:
                rule_id = rating.derived if rating is not None else default[what]
                row[what], _ = derive_rating(g, n, rules[rule_id])
                row[f"{what}_basis"] = f"derived:{rule_id}"
                row[f"{what}_refs"] = list(rules[rule_id].refs)
        row["quadrant"] = mendelow_quadrant(row["power"], row["interest"])
        row["refs"] = sorted(set(refs) | set(row["power_refs"]) | set(row["interest_refs"]))
        rows.append(row)
    return pd.DataFrame(rows)


def mendelow_quadrant(power: str, interest: str) -> str:
    """Mendelow's grid: high power and high interest = manage closely, and so on (medium counts as high)."""
    p, i = power != "low", interest != "low"
    return {(True, True): "manage_closely", (True, False): "keep_satisfied",
            (False, True): "keep_informed", (False, False): "monitor"}[(p, i)]


def country_competence_graph(profiles: dict[str, Iterable[str]]) -> nx.Graph:
    """Bipartite graph: profile (country or proposal) -- competence it emphasises."""
    b = nx.Graph()
    for name in sorted(profiles):
        b.add_node(name, bipartite=0)
        for comp in sorted(set(profiles[name])):
            b.add_node(comp, bipartite=1)
            b.add_edge(name, comp)
    return b


def similarity_table(profiles: dict[str, Iterable[str]], targets: list[str]) -> pd.DataFrame:
    """Jaccard similarity of every profile to each target profile (projection of the bipartite graph).

    Jaccard = shared competences / competences in either; ``shared`` counts the common ones.
    """
    b = country_competence_graph(profiles)
    names = sorted(profiles)
    rows = []
    for name in names:
        row = {"profile_id": name, "n_competences": len(set(profiles[name]))}
        for target in targets:
            a, c = set(b[name]) if name in b else set(), set(b[target]) if target in b else set()
            union = a | c
            row[f"shared_{target}"] = len(a & c)
            row[f"jaccard_{target}"] = round(len(a & c) / len(union), 4) if union else 0.0
        rows.append(row)
    return pd.DataFrame(rows)


def layout_positions(g: nx.Graph, seed: int = SEED) -> dict[str, tuple[float, float]]:
    """Node -> (x, y): spring layout of the undirected simple graph, nodes added sorted, fixed seed, rounded.

    The same graph gives the same positions on every run and machine (rounding hides float noise).
    """
    u = nx.Graph()
    u.add_nodes_from(sorted(g.nodes))
    u.add_edges_from(sorted({tuple(sorted((a, b))) for a, b in g.edges() if a != b}))
    if u.number_of_nodes() == 0:
        return {}
    pos = nx.spring_layout(u, seed=seed, k=3.0 / max(u.number_of_nodes(), 1) ** 0.5, iterations=300)
    return {n: (round(float(x), 4), round(float(y), 4)) for n, (x, y) in sorted(pos.items())}


GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))


def importance(metrics: pd.DataFrame, metric: str) -> dict[str, float]:
    """Actor -> how central it is by ``metric`` (higher = more central; Burt's constraint is inverted)."""
    if metrics is None or not len(metrics) or metric not in metrics.columns:
        return {}
    sign = -1.0 if metric == "constraint" else 1.0
    return {a: sign * float(v) for a, v in zip(metrics["actor_id"], metrics[metric], strict=True)}


def _ring_order(groups: list[str], ties: dict[tuple[str, str], int]) -> list[str]:
    """Groups around a ring so that groups with many ties between them sit close (the first stays first).

    Exhaustive over the orders of up to 8 groups (cost = ties x ring distance, ties broken by the given
    order); more groups keep the given order.
    """
    if len(groups) <= 3 or len(groups) > 8:
        return groups
    n = len(groups)

    def cost(order: tuple[str, ...]) -> int:
        at = {gr: i for i, gr in enumerate(order)}
        return sum(w * min(abs(at[a] - at[b]), n - abs(at[a] - at[b])) for (a, b), w in ties.items())

    first, rest = groups[0], groups[1:]
    return list(min(((first, *p) for p in itertools.permutations(rest)), key=cost))


def _disc_centres(ring: list[str], radius: dict[str, float], gap: float) -> dict[str, tuple[float, float]]:
    """The discs' centres on a ring, each group an arc as long as its disc is wide, the first at the top."""
    if len(ring) == 1:
        return {ring[0]: (0.0, 0.0)}
    total = sum(2 * radius[gr] + gap for gr in ring)
    big, angle, centres = total / (2 * math.pi), math.pi / 2, {}
    for gr in ring:
        share = (2 * radius[gr] + gap) / total * 2 * math.pi
        centres[gr] = (big * math.cos(angle - share / 2), big * math.sin(angle - share / 2))
        angle -= share
    return centres


def group_layout(g: nx.Graph, group_of: dict[str, str], order: list[str] | None = None,
                 rank: dict[str, float] | None = None, spacing: float = 1.0) -> dict[str, tuple[float, float]]:
    """Node -> (x, y): each group of actors in its own disc, the discs on a ring (deterministic, no randomness).

    Groups follow ``order`` (unknown ones after it, sorted), rearranged around the ring so that groups with
    many ties sit side by side. A disc holds its actors on the points of a sunflower spiral (no two overlap);
    actors take their points in order of ``rank`` (most central first), each the free point nearest to where
    its ties to other groups pull it (the disc's edge facing them; the middle for actors with none), so
    ties between groups are short. Rounded like ``layout_positions``.
    """
    nodes = sorted(g.nodes)
    if not nodes:
        return {}
    rank = rank or {}
    order = list(order or [])
    present = sorted({group_of.get(n, "") for n in nodes},
                     key=lambda x: (x not in order, order.index(x) if x in order else 0, x))
    simple = sorted({tuple(sorted((a, b))) for a, b in g.edges() if a != b})
    ties: dict[tuple[str, str], int] = {}
    for u, v in simple:
        gu, gv = group_of.get(u, ""), group_of.get(v, "")
        if gu != gv:
            key = tuple(sorted((gu, gv), key=present.index))
            ties[key] = ties.get(key, 0) + 1
    ring = _ring_order(present, ties)
    members = {gr: sorted((n for n in nodes if group_of.get(n, "") == gr), key=lambda n: (-rank.get(n, 0.0), n))
               for gr in ring}
    radius = {gr: spacing * (math.sqrt(len(ms)) + 0.6) for gr, ms in members.items()}
    centres = _disc_centres(ring, radius, gap=spacing * 1.5)
    outside: dict[str, list[str]] = {n: [] for n in nodes}
    for u, v in simple:
        gu, gv = group_of.get(u, ""), group_of.get(v, "")
        if gu != gv:
            outside[u].append(gv)
            outside[v].append(gu)
    pos = {}
    for gr, ms in members.items():
        cx, cy = centres[gr]
        slots = [(cx + spacing * 0.95 * math.sqrt(i) * math.cos(i * GOLDEN_ANGLE),
                  cy + spacing * 0.95 * math.sqrt(i) * math.sin(i * GOLDEN_ANGLE)) for i in range(len(ms))]
        free = list(range(len(slots)))
        for n in ms:
            px = sum(centres[o][0] - cx for o in outside[n])
            py = sum(centres[o][1] - cy for o in outside[n])
            norm = math.hypot(px, py)
            tx, ty = (cx + px / norm * radius[gr], cy + py / norm * radius[gr]) if norm > 1e-9 else (cx, cy)
            best = min(free, key=lambda i: (round((slots[i][0] - tx) ** 2 + (slots[i][1] - ty) ** 2, 9), i))
            free.remove(best)
            pos[n] = (round(slots[best][0], 4), round(slots[best][1], 4))
    return dict(sorted(pos.items()))


def grouped_positions(g: nx.Graph, legend, rank: dict[str, float] | None = None) -> dict[str, tuple[float, float]]:
    """``group_layout`` with the groups of the stakeholder vocabulary (``legend``: a views GraphLegend)."""
    group_of = {n: legend.type_group.get(d.get("type", ""), d.get("type", "")) for n, d in g.nodes(data=True)}
    return group_layout(g, group_of, list(legend.group_labels), rank)


def annotate(g: nx.MultiDiGraph, metrics: pd.DataFrame, ratings: pd.DataFrame | None = None) -> nx.MultiDiGraph:
    """A copy of ``g`` with metrics and power/interest (with their basis) as node attributes, for Gephi."""
    h = g.copy()
    for row in metrics.to_dict("records"):
        h.nodes[row["actor_id"]].update({k: v for k, v in row.items() if k != "actor_id"})
    if ratings is not None:
        for row in ratings.to_dict("records"):
            if row["actor_id"] in h:
                h.nodes[row["actor_id"]].update({"power": row["power"], "power_basis": row["power_basis"],
                                                 "interest": row["interest"], "interest_basis": row["interest_basis"],
                                                 "quadrant": row["quadrant"]})
    return h
