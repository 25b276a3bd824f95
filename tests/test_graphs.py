"""Stakeholder graphs: metrics on graphs with known answers, builders, determinism, exports."""

from __future__ import annotations

import json
import subprocess
import sys

import networkx as nx
import pytest

from civcomm.analysis import network
from civcomm.output import graphs as graph_files
from civcomm.views import stakeholders as graphs

from .conftest import ROOT


def _multi(edges, both=True):
    g = nx.MultiDiGraph()
    for u, v in edges:
        g.add_node(u, type="agency", label=u, refs=["fixture_seed"])
        g.add_node(v, type="agency", label=v, refs=["fixture_seed"])
        g.add_edge(u, v, kind="informs", refs=["fixture_seed"])
        if both:
            g.add_edge(v, u, kind="informs", refs=["fixture_seed"])
    return g


def _by_id(df):
    return df.set_index("actor_id")


# --------------------------------------------------------------------------- metrics with known answers


def test_star_metrics():
    n = 5
    m = _by_id(network.compute_metrics(_multi([("c", f"l{i}") for i in range(n)])))
    assert m.loc["c", "in_degree"] == n and m.loc["c", "out_degree"] == n
    assert m.loc["c", "betweenness"] == pytest.approx(1.0)
    assert m.loc["l0", "betweenness"] == pytest.approx(0.0)
    assert m.loc["c", "closeness"] == pytest.approx(1.0)
    assert m.loc["l0", "closeness"] == pytest.approx(n / (1 + 2 * (n - 1)))
    # Burt: the hub's n contacts are unconnected -> constraint n * (1/n)^2 = 1/n, effective size n
    assert m.loc["c", "constraint"] == pytest.approx(1 / n, abs=1e-6)
    assert m.loc["c", "effective_size"] == pytest.approx(n)
    assert m.loc["l0", "constraint"] == pytest.approx(1.0)
    # PageRank of a two-way star solves c = (1-a)/(n+1) + a*n*l, l = (1-a)/(n+1) + a*c/n
    a, base = 0.85, 0.15 / (n + 1)
    c = (base + a * n * base) / (1 - a * a)
    assert m.loc["c", "pagerank"] == pytest.approx(c, abs=1e-6)
    assert m["pagerank"].sum() == pytest.approx(1.0, abs=1e-5)


def test_path_metrics():
    m = _by_id(network.compute_metrics(_multi([("a", "b"), ("b", "c")], both=False)))
    assert list(m["in_degree"]) == [0, 1, 1] and list(m["out_degree"]) == [1, 1, 0]
    assert m.loc["b", "betweenness"] == pytest.approx(0.5)  # on 1 of the 2 ordered pairs of the others
    assert m.loc["a", "betweenness"] == 0 and m.loc["c", "betweenness"] == 0
    assert m.loc["c", "closeness"] == pytest.approx(2 / 3 * 1)  # reached from a (2) and b (1): 2/3, all reach
    assert m.loc["a", "closeness"] == 0
    assert m.loc["c", "pagerank"] > m.loc["b", "pagerank"] > m.loc["a", "pagerank"]


def test_bridge_between_two_cliques():
    left = [(f"x{i}", f"x{j}") for i in range(4) for j in range(i + 1, 4)]
    right = [(f"y{i}", f"y{j}") for i in range(4) for j in range(i + 1, 4)]
    m = _by_id(network.compute_metrics(_multi(left + right + [("x0", "y0")])))
    top2 = set(m["betweenness"].sort_values(ascending=False).index[:2])
    assert top2 == {"x0", "y0"}
    # effective size = contacts - 2 * ties among contacts / contacts
    assert m.loc["x0", "effective_size"] == pytest.approx(4 - 2 * 3 / 4)
    assert m.loc["x1", "effective_size"] == pytest.approx(3 - 2 * 3 / 3)
    assert m.loc["x0", "constraint"] < m.loc["x1", "constraint"]
    com = m["community"]
    assert len({com[f"x{i}"] for i in range(4)}) == 1 and len({com[f"y{i}"] for i in range(4)}) == 1
    assert com["x0"] != com["y0"]


def test_every_metric_is_documented():
    cols = set(network.compute_metrics(_multi([("a", "b")])).columns) - {"actor_id"}
    assert cols == set(network.METRICS)


# --------------------------------------------------------------------------- filters


def test_filters_and_ego():
    g = _multi([("a", "b"), ("b", "c"), ("c", "d")], both=False)
    g.add_edge("a", "d", kind="regulates", refs=["x"])
    assert sorted(graphs.ego_network(g, "a", 1)) == ["a", "b", "d"]
    assert sorted(graphs.ego_network(g, "a", 2)) == ["a", "b", "c", "d"]
    only = graphs.filter_kinds(g, ["regulates"])
    assert only.number_of_edges() == 1 and only.number_of_nodes() == 4
    assert sorted(graphs.select(g, ["regulates"])) == ["a", "d"]
    for n, t in zip("abcd", ["agency", "agency", "media", "agency"]):
        g.nodes[n]["type"] = t
    agencies = graphs.filter_types(g, ["agency"])
    assert sorted(agencies) == ["a", "b", "d"] and agencies.number_of_edges() == 2  # a->b, a->d
    assert graphs.filter_types(g, []).number_of_nodes() == 4
    with pytest.raises(KeyError, match="unknown actor 'zz'"):
        graphs.ego_network(g, "zz")
    with pytest.raises(ValueError, match="positive integer"):
        graphs.ego_network(g, "a", 0)


# --------------------------------------------------------------------------- builders on the fixture project


def test_fixture_stakeholder_graph_and_ratings(fixture_data):
    f = graphs.stakeholder_file("KAZ")
    g = graphs.build_stakeholder_graph(f)
    assert g.number_of_edges() == 4  # the proposed tie is left out by default
    assert graphs.build_stakeholder_graph(f, statuses=("current", "proposed")).number_of_edges() == 5
    pi = network.power_interest_frame(g).set_index("actor_id")
    assert pi.loc["fx_agency", "power_basis"] == "sourced" and pi.loc["fx_agency", "power"] == "high"
    assert pi.loc["fx_citizens", "interest_basis"] == "derived:interest_ties"
    assert pi.loc["fx_law", "power_basis"] == "derived:power_reach"
    # fx_law regulates fx_citizens only -> reach 1 -> medium under the fixture rule (medium: 1, high: 2)
    assert pi.loc["fx_law", "power"] == "medium"
    assert pi.loc["fx_citizens", "power"] == "low" and pi.loc["fx_citizens", "quadrant"] == "keep_informed"


def test_country_graph_from_fixture_country(fixture_data):
    cg = graphs.country_graphs()
    assert sorted(cg) == ["AAA", "BBB", "KAZ"]
    a = cg["AAA"]
    kinds = {(u, v, d["kind"]) for u, v, d in a.edges(data=True)}
    assert ("aaa_school", "aaa_civil_servants", "trains") in kinds
    assert ("aaa_civil_servants", "aaa_citizens", "serves") in kinds
    assert a.nodes["aaa_civil_servants"]["competences"] == ["crisis_communication", "openness_transparency"]
    assert all(d["refs"] for _, _, d in a.edges(data=True))


def test_similarity_table_jaccard(fixture_data):
    profiles, labels = graphs.profiles("en")
    assert profiles["fx_current"] == ["crisis_communication", "openness_transparency"]
    sim = network.similarity_table(profiles, ["fx_current"]).set_index("profile_id")
    assert sim.loc["AAA", "jaccard_fx_current"] == 1.0  # AAA emphasises exactly these two
    assert sim.loc["BBB", "jaccard_fx_current"] == 0.5  # one of two
    assert sim.loc["BBB", "shared_fx_current"] == 1


# --------------------------------------------------------------------------- determinism and exports


def test_exports_are_byte_identical_and_dateless(fixture_data, tmp_path):
    f = graphs.stakeholder_file("KAZ")
    out = []
    for run in ("one", "two"):
        g = graphs.build_stakeholder_graph(f)
        m = network.compute_metrics(g)
        paths = graph_files.write_graph(network.annotate(g, m, network.power_interest_frame(g)), "kaz",
                                   tables={"nodes": graphs.nodes_frame(g), "edges": graphs.edges_frame(g), "metrics": m},
                                   out_dir=tmp_path / run)
        out.append({p.name: p.read_bytes() for p in paths})
    assert out[0] == out[1]
    assert sorted(out[0]) == ["kaz.edges.csv", "kaz.gexf", "kaz.graphml", "kaz.metrics.csv", "kaz.nodes.csv"]
    gexf = out[0]["kaz.gexf"].decode()
    assert "lastmodifieddate" not in gexf and "fx_agency" in gexf
    assert nx.read_gexf(tmp_path / "one" / "kaz.gexf").number_of_edges() == 4
    assert nx.read_graphml(tmp_path / "one" / "kaz.graphml").number_of_nodes() == 3


_PROBE = """
import hashlib, json
from civcomm.analysis import network
from civcomm.output import graphs as graph_files
from civcomm.output import tables as export
from civcomm.views import stakeholders as graphs
g = graphs.build_stakeholder_graph(graphs.stakeholder_file("KAZ"))
print(json.dumps({"pos": network.layout_positions(g), "gexf": hashlib.sha256(graph_files.gexf_bytes(g)).hexdigest(),
                  "metrics": network.compute_metrics(g).to_csv()}))
"""


def test_positions_and_bytes_same_across_processes():
    """Two processes with different hash seeds: same positions, same GEXF, same metrics (real data)."""
    outs = []
    for seed in ("1", "2"):
        env = {"PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"}
        r = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
        assert r.returncode == 0, r.stderr[-2000:]
        outs.append(json.loads(r.stdout))
    assert outs[0] == outs[1]
    assert len(outs[0]["pos"]) >= 60


def test_country_graph_role_rules():
    from civcomm.data.models import Country

    c = Country.model_validate({
        "country": "ZZZ", "as_of": "2026-11-22", "names": {"en": "Z", "original": "en"},
        "institutions": [
            {"id": "zzz_portal", "name": {"en": "Portal", "original": "en"}, "role": "platform", "refs": ["s#1"]},
            {"id": "zzz_press", "name": {"en": "Press office", "original": "en"}, "role": "communication_service", "refs": ["s#2"]},
            {"id": "zzz_board", "name": {"en": "Board", "original": "en"}, "role": "regulator", "refs": ["s#3"]},
        ],
        "programmes": [{"id": "zzz_course", "name": {"en": "Course", "original": "en"}, "institution": "zzz_board", "refs": ["s#4"]}],
    })
    g = graphs.build_country_graph(c)
    ties = {(u, v, d["kind"], tuple(d["refs"])) for u, v, d in g.edges(data=True)}
    assert ("zzz_citizens", "zzz_portal", "feedback_to", ("s#1",)) in ties
    assert ("zzz_press", "zzz_citizens", "informs", ("s#2",)) in ties
    assert ("zzz_board", "zzz_civil_servants", "regulates", ("s#3",)) in ties
    assert ("zzz_board", "zzz_civil_servants", "trains", ("s#4",)) in ties
    assert set(graphs.role_rules()) >= {"regulator", "training", "evaluator", "policy", "communication_service", "platform"}


def test_every_institution_role_has_a_rule():
    from civcomm.data.project import Project

    assert set(Project.load().vocab("institution_role")) <= set(graphs.role_rules())


def test_metric_glossary_is_written_in_each_report_language():
    glossaries = {lang: network.metrics_glossary(lang) for lang in ("kk", "ru", "en")}
    for lang, g in glossaries.items():
        assert list(g["metric"]) == list(network.METRICS) and g["definition"].str.len().gt(20).all()
    assert not set(glossaries["kk"]["definition"]) & set(glossaries["en"]["definition"])
    assert not set(glossaries["ru"]["definition"]) & set(glossaries["en"]["definition"])
    assert all(any("\u0400" <= ch <= "\u04ff" for ch in d) for d in glossaries["kk"]["definition"])
