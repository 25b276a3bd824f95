"""Graph files for their tools: the kk GEXF as Gephi reads it (colour, size, position, kk labels with codes in
`_id` attributes), GraphML, Kumu's CSV columns, the figure's picture kept; and the no-Chromium paths."""

from __future__ import annotations

import csv
import io

import networkx as nx
import pytest

from civcomm.analysis import network
from civcomm.core.i18n import t
from civcomm.output import graphs as graph_files
from civcomm.present.network_figure import network_style
from civcomm.views import stakeholders

from .conftest import civcomm


@pytest.fixture(scope="module")
def kk_files(tmp_path_factory):
    lang = "kk"
    out = tmp_path_factory.mktemp("graphs")
    legend = stakeholders.graph_legend(lang)
    full = stakeholders.main_graph("KAZ", lang=lang)
    g = stakeholders.select(full)
    metrics = network.compute_metrics(g)
    pos = network.grouped_positions(g, legend, network.importance(metrics, "pagerank"))
    annotated = network.annotate(g, metrics, network.power_interest_frame(full, lang=lang))
    paths = graph_files.write_graph(annotated, "kaz_network.kk", tables={"metrics": metrics}, out_dir=out,
                                    legend=legend, positions=pos, size_by="pagerank")
    return {"legend": legend, "g": g, "pos": pos, "metrics": metrics, "out": out, "paths": paths}


def test_kk_gexf_has_colour_size_position_and_kk_labels(kk_files):
    legend, g, pos = kk_files["legend"], kk_files["g"], kk_files["pos"]
    read = nx.read_gexf(kk_files["out"] / "kaz_network.kk.gexf")
    assert read.number_of_nodes() == g.number_of_nodes()
    style = network_style(g, legend, network.importance(kk_files["metrics"], "pagerank"))
    for n, d in read.nodes(data=True):
        viz = d["viz"]
        colour = "#{:02x}{:02x}{:02x}".format(viz["color"]["r"], viz["color"]["g"], viz["color"]["b"]).upper()
        assert colour == style.group_colour[style.group_of[n]].upper()
        assert viz["size"] == pytest.approx(style.size[n])
        assert (viz["position"]["x"], viz["position"]["y"]) == pytest.approx(
            (pos[n][0] * graph_files.GEPHI_SCALE, pos[n][1] * graph_files.GEPHI_SCALE), abs=0.01)
        assert d["type"] == legend.type_labels[d["type_id"]] != d["type_id"]
        assert d["group"] == legend.group_labels[d["group_id"]]
        assert d["level"] == legend.level_labels[d["level_id"]]
        assert d["quadrant"] == t(d["quadrant_id"], "kk")
        assert d["power"] == t(d["power_id"], "kk") and d["interest"] == t(d["interest_id"], "kk")
    kinds = set()
    for _, _, d in read.edges(data=True):
        assert d["kind"] == legend.kind_labels[d["kind_id"]] != d["kind_id"]
        assert d["family"] == legend.family_labels[d["family_id"]]
        assert d["status"] == t(f"tie_{d['status_id']}", "kk")
        kinds.add(d["kind_id"])
    assert len(kinds) > 10
    # Gephi opens the picture of the report: the groups' colours differ, sizes follow the metric
    sizes = {n: d["viz"]["size"] for n, d in read.nodes(data=True)}
    rank = network.importance(kk_files["metrics"], "pagerank")
    assert max(sizes, key=lambda n: (sizes[n], n)) == max(rank, key=lambda n: (rank[n], n))


def test_graphml_keeps_the_localised_attributes(kk_files):
    read = nx.read_graphml(kk_files["out"] / "kaz_network.kk.graphml")
    d = read.nodes["kz_civil_servants"]
    assert d["type_id"] == "position_group" and d["type"] == kk_files["legend"].type_labels["position_group"]


def _rows(path):
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), "Kumu reads the first header cell: no byte-order mark"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8"))))


def test_kumu_csv_columns_and_ids(kk_files):
    out = kk_files["out"]
    elements = _rows(out / "kaz_network.kk.kumu-elements.csv")
    connections = _rows(out / "kaz_network.kk.kumu-connections.csv")
    assert list(elements[0])[:3] == ["ID", "Label", "Type"]
    assert list(connections[0])[:3] == ["From", "To", "Type"]
    ids = {e["ID"] for e in elements}
    assert ids == set(kk_files["g"].nodes)
    assert all(c["From"] in ids and c["To"] in ids for c in connections)
    assert len(connections) == kk_files["g"].number_of_edges()
    legend = kk_files["legend"]
    assert {c["Type"] for c in connections} <= set(legend.kind_labels.values())
    assert {e["Type"] for e in elements} <= set(legend.type_labels.values())


def test_graph_files_are_deterministic(kk_files, tmp_path):
    again = graph_files.write_graph(nx.read_gexf(kk_files["out"] / "kaz_network.kk.gexf"), "x", out_dir=tmp_path)
    assert again  # a GEXF read back writes again
    first = {p.name: p.read_bytes() for p in kk_files["paths"]}
    legend, g = kk_files["legend"], kk_files["g"]
    metrics = kk_files["metrics"]
    full = stakeholders.main_graph("KAZ", lang="kk")
    annotated = network.annotate(g, metrics, network.power_interest_frame(full, lang="kk"))
    second = graph_files.write_graph(annotated, "kaz_network.kk", tables={"metrics": metrics}, out_dir=tmp_path / "b",
                                     legend=legend, positions=kk_files["pos"], size_by="pagerank")
    assert {p.name: p.read_bytes() for p in second} == first


def test_no_chromium_figure_keeps_caption_and_says_why(tmp_path, monkeypatch):
    import plotly.graph_objects as go

    from civcomm.output.static import write_figure

    monkeypatch.setenv("CIVCOMM_CHROMIUM", "none")
    paths, why = write_figure(go.Figure(), "f", "ru", "Рисунок 1", out_dir=tmp_path)
    assert [p.name for p in paths] == ["f.ru.txt"] and "CIVCOMM_CHROMIUM" in why
    with pytest.raises(ValueError, match="expected"):
        write_figure(go.Figure(), "Bad Name", "ru", "x", out_dir=tmp_path)


def test_svg_ids_normalised():
    from civcomm.output.static import normalise_svg

    a = '<svg><defs id="defs-1a2b3c"/><g clip-path="url(#clip1a2b3cxyplot)" class="trace scatter tracefe01aa"/>' \
        '<text>clip1a2b3c stays in text</text></svg>'
    b = a.replace("1a2b3c", "99ffee").replace("fe01aa", "0c0c0c")
    assert normalise_svg(a) == normalise_svg(b).replace("99ffee", "1a2b3c")
    assert normalise_svg(a) == normalise_svg(b.replace("clip99ffee stays", "clip1a2b3c stays"))
    assert "clip1a2b3c stays in text" in normalise_svg(a)


def test_pdf_command_refuses_unknown_reports_and_says_when_there_is_no_browser(tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "01_x.lang-kk.html").write_text("<html><body><h1>x</h1></body></html>", encoding="utf-8")
    r = civcomm("pdf", "nope", "--reports", str(reports), "--out", str(tmp_path / "pdf"))
    assert r.returncode == 2 and "no report 'nope'" in r.stderr and "01_x.lang-kk" in r.stderr
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr
    r = civcomm("pdf", "--reports", str(reports), "--out", str(tmp_path / "pdf"), env={"CIVCOMM_CHROMIUM": "none"})
    assert r.returncode == 2 and r.stderr.startswith("PDF skipped:") and not (tmp_path / "pdf").exists()


def test_unknown_group_or_family_is_named_with_its_line(fixture_copy):
    vocab = fixture_copy / "stakeholders" / "vocabulary.yaml"
    text = vocab.read_text(encoding="utf-8")
    vocab.write_text(text.replace("group: society}", "group: socety}").replace("family: authority}", "family: authorty}"),
                     encoding="utf-8")
    r = civcomm("validate", env={"CIVCOMM_DATA": str(fixture_copy)})
    assert r.returncode == 2, r.stdout
    lines = [ln for ln in r.stderr.splitlines() if "vocabulary.yaml" in ln]
    assert any(":9: actor_type.citizens.group: unknown actor_group 'socety' (expected one of: society, state)" in ln
               for ln in lines), r.stderr
    assert any("unknown relation_family 'authorty'" in ln for ln in lines), r.stderr


def test_deferred_figures_are_drawn_later_with_the_same_bytes(tmp_path):
    import plotly.graph_objects as go

    from civcomm.output.browser import find_chromium
    from civcomm.output.static import render_pending, write_figure, write_pending

    fig = go.Figure(go.Bar(x=["Ә", "Б"], y=[1, 2]))
    paths = write_pending(fig, "d", "kk", "Сурет", out_dir=tmp_path / "later")
    assert sorted(p.name for p in paths) == ["d.kk.pending.json", "d.kk.txt"]
    if find_chromium()[0] is None:
        assert render_pending(tmp_path / "later")[0] == []
        return
    drawn, why = render_pending(tmp_path / "later")
    assert not why and sorted(p.name for p in drawn) == ["d.kk.png", "d.kk.svg"]
    assert not list((tmp_path / "later").glob("*.pending.json"))
    now, _ = write_figure(fig, "d", "kk", "Сурет", out_dir=tmp_path / "now")
    assert {p.name: p.read_bytes() for p in now} == {p.name: p.read_bytes() for p in (tmp_path / "later").iterdir()}


def test_a_stopped_drawing_leaves_its_figures_pending_and_starts_no_browser(tmp_path, monkeypatch):
    """Ctrl-C while figures are drawn (runner.run.draw_pending_figures): the figures not drawn yet stay pending
    for the next run, and no browser is started for them (one started then would outlive the command)."""
    import plotly.graph_objects as go

    from civcomm.output import browser
    from civcomm.output.static import render_pending, write_pending

    started = []
    monkeypatch.setattr(browser, "shared_worker", lambda: started.append(1))
    monkeypatch.setattr("civcomm.output.static.shared_worker", browser.shared_worker)
    for name in ("a", "b"):
        write_pending(go.Figure(go.Bar(x=["a"], y=[1])), name, "en", "caption", out_dir=tmp_path)
    assert render_pending(tmp_path, stop=lambda: True) == ([], "")
    assert started == [] and sorted(p.name for p in tmp_path.glob("*.pending.json")) == ["a.en.pending.json",
                                                                                         "b.en.pending.json"]


def test_random_ids_of_a_second_legend_are_numbered_too():
    from civcomm.output.static import normalise_svg

    def svg(uid_a: str, uid_b: str) -> str:
        return ('<svg xmlns="http://www.w3.org/2000/svg"><defs><clipPath id="legend' + uid_a + '"/>'
                '<clipPath id="legend2' + uid_b + '"/></defs><g clip-path="url(#legend2' + uid_b + ')"/></svg>')

    # plotly.js names the second legend's clip path 'legend2' + the figure's random uid
    one, two = normalise_svg(svg("1a2b3c", "5ad9a5")), normalise_svg(svg("9f8e7d", "2afea1"))
    assert one == two and "5ad9a5" not in one and "legend2000001" in one
