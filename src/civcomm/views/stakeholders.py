"""Stakeholder and institution graphs (networkx) built from the data, their filters and frames; no metrics, no plotting."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx
import pandas as pd

from civcomm.core.i18n import t
from civcomm.data import cache
from civcomm.data.models import Country, StakeholderFile
from civcomm.views.countries import load_countries


@dataclass(frozen=True)
class GraphLegend:
    """The stakeholder vocabulary in one language: labels of types, kinds and levels, and the groups of
    types and families of kinds that figures and graph files colour by (dicts in the vocabulary's order)."""

    lang: str
    type_labels: dict[str, str]
    kind_labels: dict[str, str]
    level_labels: dict[str, str]
    group_labels: dict[str, str]
    family_labels: dict[str, str]
    type_group: dict[str, str]
    kind_family: dict[str, str]


def graph_legend(lang: str = "en") -> GraphLegend:
    """Labels and groupings of data/stakeholders/vocabulary.yaml in ``lang``."""
    vocab = cache.use("stakeholder_vocab")
    types, kinds = vocab.vocab("actor_type"), vocab.vocab("relation_kind")

    def labels(name: str) -> dict[str, str]:
        return {k: v.label.get(lang) or k for k, v in vocab.vocab(name).items()}

    return GraphLegend(lang=lang, type_labels=labels("actor_type"), kind_labels=labels("relation_kind"),
                       level_labels=labels("actor_level"), group_labels=labels("actor_group"),
                       family_labels=labels("relation_family"),
                       type_group={k: v.group for k, v in types.items()},
                       kind_family={k: v.family for k, v in kinds.items()})


def role_rules() -> dict[str, tuple[str, str, str]]:
    """Institution role -> (relation kind, from, to), the project's rule in data/vocabularies.yaml
    (``inst`` the institution, ``cs`` the civil servants, ``citizens`` the public)."""
    roles = cache.use("vocabularies").vocab("institution_role")
    return {r: (e.implies.kind, e.implies.from_, e.implies.to) for r, e in roles.items()}


def stakeholder_file(country: str = "KAZ") -> StakeholderFile:
    """The validated stakeholder file of ``country`` (KeyError naming the available ones)."""
    files = {f.country: f for f in cache.use("stakeholders").all("stakeholders")}
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


def build_country_graph(c: Country, lang: str = "en") -> nx.MultiDiGraph:
    """A country's institutional graph from its country file (only what the file records).

    Each institution becomes a node tied by the relation its role implies (``role_rules``) to the
    civil servants or the citizens; a programme adds a ``trains`` tie from its institution; the
    civil servants serve the citizens, and carry the file's emphasised competences as an attribute.
    Every tie cites the refs of the institution or programme it comes from.
    """
    rules = role_rules()
    g = nx.MultiDiGraph(country=c.country)
    code = c.country.lower()
    ends = {"cs": f"{code}_civil_servants", "citizens": f"{code}_citizens"}
    refs_all = sorted({r for e in c.emphases for r in e.refs} | {r for i in c.institutions for r in i.refs})
    g.add_node(ends["cs"], label=t("v_endpoint_cs", lang), type="position_group", level="national", refs=refs_all,
               competences=sorted({e.competence for e in c.emphases}))
    g.add_node(ends["citizens"], label=t("v_endpoint_citizens", lang), type="citizens", level="national",
               refs=refs_all)
    g.add_edge(ends["cs"], ends["citizens"], key="serves", kind="serves", status="current", refs=refs_all,
               note="", legal_basis="")
    for inst in sorted(c.institutions, key=lambda i: i.id):
        g.add_node(inst.id, label=inst.abbr or inst.name.get(lang) or inst.id, type="foreign_institution",
                   role=inst.role, level="national", refs=list(inst.refs))
        kind, src, dst = rules[inst.role]
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
    return {c.country: build_country_graph(c, lang=lang) for c in load_countries(countries)}


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


def edges_frame_all(graphs_by_country: dict[str, nx.MultiDiGraph]) -> pd.DataFrame:
    """Every country graph's edges in one table, with the country code first."""
    frames = [edges_frame(g).assign(country_code=c) for c, g in sorted(graphs_by_country.items())]
    if not frames:
        return edges_frame(nx.MultiDiGraph()).assign(country_code=[])
    df = pd.concat(frames, ignore_index=True)
    return df[["country_code"] + [c for c in df.columns if c != "country_code"]]


def graph_countries() -> list[str]:
    """ISO3 codes that have a graph: a stakeholder file or a country file."""
    proj = cache.project()
    return sorted({f.country for f in proj.all("stakeholders")} | {c.country for c in proj.all("country")})


def main_graph(country: str, lang: str = "en", include_proposed: bool = False) -> nx.MultiDiGraph:
    """The stakeholder graph where the country has one (Kazakhstan), else its institutional graph."""
    proj = cache.use("stakeholders", "country")
    files = {f.country: f for f in proj.all("stakeholders")}
    if country in files:
        statuses = ("current", "proposed") if include_proposed else ("current",)
        return build_stakeholder_graph(files[country], statuses=statuses, lang=lang)
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
    out: dict[str, list[str]] = {}
    labels: dict[str, str] = {}
    for c in load_countries():
        out[c.country] = sorted({e.competence for e in c.emphases})
        labels[c.country] = c.names.get(lang) or c.country
    for f in cache.use("stakeholders").all("stakeholders"):
        for p in f.competence_profiles:
            out[p.id] = sorted({i.competence for i in p.items})
            labels[p.id] = p.label.get(lang) or p.id
    return out, labels


def profile_refs() -> list[str]:
    """Every ref behind the profiles (for the bibliography)."""
    refs = {r for c in load_countries() for e in c.emphases for r in e.refs}
    refs |= {r for f in cache.use("stakeholders").all("stakeholders") for p in f.competence_profiles
             for r in [*p.refs, *(x for i in p.items for x in i.refs)]}
    return sorted(refs)


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
    """The role rules as a table: how a country file's institution roles become ties."""
    return pd.DataFrame([{"role_code": r, "kind_code": k, "from": a, "to": b} for r, (k, a, b) in role_rules().items()])
