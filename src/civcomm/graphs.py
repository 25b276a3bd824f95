"""Stakeholder and institution graphs (networkx): builders from the data, filters, metrics; no plotting."""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx
import pandas as pd

from . import load
from .model import Country, RatingRule, StakeholderFile

SEED = 42  # every randomised step (layout, communities) uses this seed and sorted input

# One line per metric: shown in the report next to the metrics table.
METRICS: dict[str, dict[str, str]] = {  # one-line definitions; ru/kk are the project's translations
    "in_degree": {
        "en": "number of ties pointing at the actor (how many actors act on it)",
        "ru": "число связей, направленных к актору (сколько акторов воздействуют на него)",
        "kk": "актерге бағытталған байланыстар саны (оған қанша актер әсер етеді)"},
    "out_degree": {
        "en": "number of ties leaving the actor (how many actors it acts on)",
        "ru": "число связей, исходящих от актора (на скольких акторов он воздействует)",
        "kk": "актерден шығатын байланыстар саны (ол қанша актерге әсер етеді)"},
    "betweenness": {
        "en": "share of shortest directed paths between other actors that pass through it (broker position), normalised 0-1",
        "ru": "доля кратчайших направленных путей между другими акторами, проходящих через него (позиция посредника), нормировано 0-1",
        "kk": "басқа актерлер арасындағы ең қысқа бағытталған жолдардың ол арқылы өтетін үлесі (делдал позициясы), 0-1 аралығында нормаланған"},
    "closeness": {
        "en": "inverse mean distance from the actors that can reach it (Wasserman-Faust scaling for unreachable ones), 0-1",
        "ru": "величина, обратная средней дистанции от акторов, которые могут его достичь (масштабирование Вассермана-Фауста для недостижимых), 0-1",
        "kk": "оған жете алатын актерлерден орташа қашықтыққа кері шама (жете алмайтындар үшін Вассерман-Фауст масштабы), 0-1"},
    "pagerank": {
        "en": "stationary share of a random walk along the ties (damping 0.85): pointed at by actors that are themselves pointed at",
        "ru": "стационарная доля случайного блуждания по связям (затухание 0,85): на актора указывают акторы, на которых самих указывают",
        "kk": "байланыстар бойымен кездейсоқ жүрістің стационарлық үлесі (сөну 0,85): актерге өздеріне де сілтеме жасалған актерлер сілтейді"},
    "constraint": {
        "en": "Burt's constraint on the undirected ties: high = its contacts are tied to each other (few structural holes)",
        "ru": "ограничение Берта по ненаправленным связям: высокое = контакты актора связаны между собой (мало структурных дыр)",
        "kk": "бағытсыз байланыстар бойынша Бёрт шектеуі: жоғары = актердің байланыстары бір-бірімен байланысты (құрылымдық саңылаулар аз)"},
    "effective_size": {
        "en": "Burt's effective size: contacts minus their redundancy (non-redundant contacts)",
        "ru": "эффективный размер по Берту: контакты за вычетом их избыточности (неизбыточные контакты)",
        "kk": "Бёрттың тиімді өлшемі: байланыстар саны минус олардың артықтығы (қайталанбайтын байланыстар)"},
    "community": {
        "en": "community number from greedy modularity on the undirected graph (0 = largest; ties broken by sorted ids)",
        "ru": "номер сообщества по жадной модулярности на ненаправленном графе (0 = крупнейшее; равенства по отсортированным id)",
        "kk": "бағытсыз графтағы ашкөз модулярлық бойынша қауымдастық нөмірі (0 = ең үлкені; теңдік сұрыпталған id бойынша шешіледі)"},
}


# --------------------------------------------------------------------------- builders


def stakeholder_file(country: str = "KAZ") -> StakeholderFile:
    """The validated stakeholder file of ``country`` (KeyError naming the available ones)."""
    files = {f.country: f for f in load.use("stakeholders").all("stakeholders")}
    if country not in files:
        raise KeyError(f"no stakeholder file for '{country}' (available: {', '.join(sorted(files)) or 'none'})")
    return files[country]


def build_stakeholder_graph(data: StakeholderFile, statuses: Iterable[str] = ("current",), lang: str = "en") -> nx.MultiDiGraph:
    """Directed multigraph of actors and relations; nodes and edges added in sorted order (deterministic)."""
    g = nx.MultiDiGraph(country=data.country)
    for a in sorted(data.actors, key=lambda a: a.id):
        g.add_node(a.id, label=a.names.get(lang) or a.id, name_kk=a.names.kk or "", type=a.type, level=a.level,
                   refs=list(a.refs), power=a.power, interest=a.interest)
    wanted = set(statuses)
    rels = sorted((r for r in data.relations if r.status in wanted), key=lambda r: (r.from_, r.to, r.kind, r.refs[0]))
    for r in rels:
        basis = ""
        if r.legal_basis:
            basis = r.legal_basis.act + (f", {r.legal_basis.article}" if r.legal_basis.article else "")
        g.add_edge(r.from_, r.to, key=f"{r.kind}:{'|'.join(r.refs)}", kind=r.kind, status=r.status,
                   legal_basis=basis, note=r.note or "", inferred=r.inferred or "", refs=list(r.refs))
    return g


# A country file's institution role -> (relation kind, from, to); "inst" is the institution, "cs" the
# civil servants, "citizens" the public. The role definitions are in data/vocabularies.yaml.
ROLE_RULES: dict[str, tuple[str, str, str]] = {
    "regulator": ("regulates", "inst", "cs"),
    "training": ("trains", "inst", "cs"),
    "evaluator": ("evaluates", "inst", "cs"),
    "policy": ("influences", "inst", "cs"),
    "research": ("influences", "inst", "cs"),
    "communication_service": ("informs", "inst", "citizens"),
    "platform": ("feedback_to", "citizens", "inst"),
    "other": ("influences", "inst", "cs"),
}


def build_country_graph(c: Country, lang: str = "en") -> nx.MultiDiGraph:
    """A country's institutional graph from its country file (only what the file records).

    Each institution becomes a node tied by the relation its role implies (ROLE_RULES) to the
    civil servants or the citizens; a programme adds a ``trains`` tie from its institution; the
    civil servants serve the citizens, and carry the file's emphasised competences as an attribute.
    Every tie cites the refs of the institution or programme it comes from.
    """
    g = nx.MultiDiGraph(country=c.country)
    code = c.country.lower()
    ends = {"cs": f"{code}_civil_servants", "citizens": f"{code}_citizens"}
    refs_all = sorted({r for e in c.emphases for r in e.refs} | {r for i in c.institutions for r in i.refs})
    g.add_node(ends["cs"], label="civil servants", type="position_group", level="national", refs=refs_all,
               competences=sorted({e.competence for e in c.emphases}))
    g.add_node(ends["citizens"], label="citizens", type="citizens", level="national", refs=refs_all)
    g.add_edge(ends["cs"], ends["citizens"], key="serves", kind="serves", status="current", refs=refs_all,
               note="", legal_basis="")
    for inst in sorted(c.institutions, key=lambda i: i.id):
        g.add_node(inst.id, label=inst.abbr or inst.name.get(lang) or inst.id, type="foreign_institution",
                   role=inst.role, level="national", refs=list(inst.refs))
        kind, src, dst = ROLE_RULES.get(inst.role, ROLE_RULES["other"])
        u = inst.id if src == "inst" else ends[src]
        v = inst.id if dst == "inst" else ends[dst]
        g.add_edge(u, v, key=f"{kind}:{inst.id}", kind=kind, status="current", refs=list(inst.refs),
                   note=inst.note or "", legal_basis="")
    for p in sorted(c.programmes, key=lambda p: p.id):
        if p.institution and p.institution in g:
            g.add_edge(p.institution, ends["cs"], key=f"trains:{p.id}", kind="trains", status="current",
                       refs=list(p.refs), note=p.description or "", legal_basis="")
    return g


def country_graphs(countries: list[str] | None = None, lang: str = "en") -> dict[str, nx.MultiDiGraph]:
    """ISO3 -> institutional graph for every country file (sorted)."""
    from .countries import load_countries

    return {c.country: build_country_graph(c, lang=lang) for c in load_countries(countries)}


# --------------------------------------------------------------------------- filters


def filter_kinds(g: nx.MultiDiGraph, kinds: Iterable[str] | None) -> nx.MultiDiGraph:
    """Keep only edges of ``kinds`` ([]/None = all); nodes stay."""
    kinds = set(kinds or [])
    if not kinds:
        return g.copy()
    h = g.copy()
    h.remove_edges_from([(u, v, k) for u, v, k, d in g.edges(keys=True, data=True) if d["kind"] not in kinds])
    return h


def filter_types(g: nx.MultiDiGraph, types: Iterable[str] | None) -> nx.MultiDiGraph:
    """Keep only actors of ``types`` ([]/None = all) and the ties among them."""
    types = set(types or [])
    if not types:
        return g.copy()
    return g.subgraph(sorted(n for n, d in g.nodes(data=True) if d.get("type") in types)).copy()


def ego_network(g: nx.MultiDiGraph, ego: str, depth: int = 1) -> nx.MultiDiGraph:
    """Actors within ``depth`` ties of ``ego`` in either direction, and the ties among them."""
    if depth < 1:
        raise ValueError(f"depth = {depth} (expected a positive integer)")
    if ego not in g:
        raise KeyError(f"unknown actor '{ego}' (expected one of: {', '.join(sorted(g))})")
    near = nx.single_source_shortest_path_length(g.to_undirected(as_view=True), ego, cutoff=depth)
    return g.subgraph(sorted(near)).copy()


def drop_isolates(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    return g.subgraph(sorted(n for n in g if g.degree(n) > 0)).copy()


# --------------------------------------------------------------------------- metrics


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
    return pd.DataFrame({"metric": list(METRICS), "definition": [d[lang] for d in METRICS.values()]})


# --------------------------------------------------------------------------- power and interest


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
    rules = load.use("stakeholder_vocab").vocab("rating_rule")
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


# --------------------------------------------------------------------------- frames for tables and exports


def nodes_frame(g: nx.MultiDiGraph) -> pd.DataFrame:
    """Kumu-style elements table: Label, Type, ... and refs."""
    rows = [{"actor_id": n, "label": d.get("label", n), "name_kk": d.get("name_kk", ""), "type_code": d.get("type"),
             "level_code": d.get("level"), "refs": list(d.get("refs", []))} for n, d in sorted(g.nodes(data=True))]
    return pd.DataFrame(rows, columns=["actor_id", "label", "name_kk", "type_code", "level_code", "refs"])


def edges_frame(g: nx.MultiDiGraph) -> pd.DataFrame:
    """One row per tie; ``inferred`` says why an endpoint is the project's reading (empty: named as cited)."""
    rows = [{"from_id": u, "to_id": v, "kind_code": d["kind"], "status_code": d.get("status", "current"),
             "legal_basis": d.get("legal_basis", ""), "note": d.get("note", ""), "inferred": d.get("inferred", ""),
             "refs": list(d.get("refs", []))}
            for u, v, k, d in sorted(g.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2]))]
    return pd.DataFrame(rows, columns=["from_id", "to_id", "kind_code", "status_code", "legal_basis", "note", "inferred",
                                       "refs"])


def inferred_frame(g: nx.MultiDiGraph) -> pd.DataFrame:
    """The ties of ``g`` whose endpoint the cited text does not name (marked ``inferred:`` in the data)."""
    edges = edges_frame(g)
    return edges[edges["inferred"] != ""].reset_index(drop=True)


# --------------------------------------------------------------------------- country x competence


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
        for t in targets:
            a, c = set(b[name]) if name in b else set(), set(b[t]) if t in b else set()
            union = a | c
            row[f"shared_{t}"] = len(a & c)
            row[f"jaccard_{t}"] = round(len(a & c) / len(union), 4) if union else 0.0
        rows.append(row)
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- layout


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


# --------------------------------------------------------------------------- entry points for notebooks


def graph_countries() -> list[str]:
    """ISO3 codes that have a graph: a stakeholder file or a country file."""
    proj = load.project()
    return sorted({f.country for f in proj.all("stakeholders")} | {c.country for c in proj.all("country")})


def main_graph(country: str, lang: str = "en", include_proposed: bool = False) -> nx.MultiDiGraph:
    """The stakeholder graph where the country has one (Kazakhstan), else its institutional graph."""
    proj = load.use("stakeholders", "country")
    files = {f.country: f for f in proj.all("stakeholders")}
    if country in files:
        statuses = ("current", "proposed") if include_proposed else ("current",)
        return build_stakeholder_graph(files[country], statuses=statuses, lang=lang)
    from .countries import load_countries

    found = load_countries([country])
    if not found:
        raise KeyError(f"no graph for '{country}' (expected one of: {', '.join(graph_countries())})")
    return build_country_graph(found[0], lang=lang)


def select(g: nx.MultiDiGraph, relation_kinds: list[str] | None = None, ego: str = "", depth: int = 1) -> nx.MultiDiGraph:
    """Apply the notebook's filters: relation kinds, then the ego network (ego '' = whole graph).

    Actors left without a tie are dropped from the drawing (``isolates`` lists them).
    """
    h = filter_kinds(g, relation_kinds)
    if ego:
        return ego_network(h, ego, depth)
    return drop_isolates(h)


def profiles(lang: str = "en") -> tuple[dict[str, list[str]], dict[str, str]]:
    """Competence profiles: every country file's emphases, and the stakeholder files' cited profiles.

    Returns (profile id -> competence ids, profile id -> label). Country profiles are keyed by ISO3.
    """
    from .countries import load_countries

    out: dict[str, list[str]] = {}
    labels: dict[str, str] = {}
    for c in load_countries():
        out[c.country] = sorted({e.competence for e in c.emphases})
        labels[c.country] = c.names.get(lang) or c.country
    for f in load.use("stakeholders").all("stakeholders"):
        for p in f.competence_profiles:
            out[p.id] = sorted({i.competence for i in p.items})
            labels[p.id] = p.label.get(lang) or p.id
    return out, labels


def profile_refs() -> list[str]:
    """Every ref behind the profiles (for the bibliography)."""
    from .countries import load_countries

    refs = {r for c in load_countries() for e in c.emphases for r in e.refs}
    refs |= {r for f in load.use("stakeholders").all("stakeholders") for p in f.competence_profiles
             for r in [*p.refs, *(x for i in p.items for x in i.refs)]}
    return sorted(refs)


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


def edges_frame_all(graphs_by_country: dict[str, nx.MultiDiGraph]) -> pd.DataFrame:
    """Every country graph's edges in one table, with the country code first."""
    frames = [edges_frame(g).assign(country_code=c) for c, g in sorted(graphs_by_country.items())]
    if not frames:
        return edges_frame(nx.MultiDiGraph()).assign(country_code=[])
    df = pd.concat(frames, ignore_index=True)
    return df[["country_code"] + [c for c in df.columns if c != "country_code"]]


def export_stem(country: str, lang: str, relation_kinds: list[str] | None = None, ego: str = "", depth: int = 1,
                include_proposed: bool = False) -> str:
    """File stem that names the selection, so runs with other parameters never overwrite each other."""
    parts = [f"{country.lower()}_network"]
    if include_proposed:
        parts.append("proposed")
    if relation_kinds:
        parts.append("kinds-" + "-".join(sorted(relation_kinds)))
    if ego:
        parts.append(f"ego-{ego}-{depth}")
    return "_".join(parts) + f".{lang}"


def isolates(g: nx.MultiDiGraph, shown: nx.MultiDiGraph) -> list[str]:
    """Actors of ``g`` that the selection ``shown`` left out (no tie of the chosen kinds)."""
    return sorted(set(g) - set(shown))


def role_rules_frame() -> pd.DataFrame:
    """ROLE_RULES as a table: how a country file's institution roles become ties."""
    return pd.DataFrame([{"role_code": r, "kind_code": k, "from": a, "to": b} for r, (k, a, b) in ROLE_RULES.items()])
