"""Write graphs to outputs/graphs/ for their tools: GEXF (Gephi, with the report's colours, sizes and positions),
GraphML, Kumu's elements/connections CSV, and node/edge/metric tables as CSV; byte-deterministic."""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx
import pandas as pd

from civcomm.core.i18n import t
from civcomm.core.paths import exports_dir
from civcomm.output.atomic import atomic_write_bytes
from civcomm.output.tables import csv_bytes
from civcomm.present.network_figure import network_style

GEPHI_SCALE = 100.0  # report layout units -> Gephi coordinates (Gephi's own layouts work in the hundreds)
RATINGS = ("low", "medium", "high")


def _flat(value):
    if isinstance(value, (list, tuple, set)):
        return "; ".join(map(str, value))
    if value is None:
        return ""
    if isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _plain_graph(g, keep_viz: bool = False):
    """A copy whose node/edge attributes are scalars (Gephi formats take no lists or objects); ``viz`` kept for GEXF."""
    def attrs(d: dict) -> dict:
        out = {k: _flat(v) for k, v in sorted(d.items()) if k not in ("power", "interest", "viz")
               or (k in ("power", "interest") and isinstance(v, str))}
        if keep_viz and "viz" in d:
            out["viz"] = d["viz"]
        return out

    h = nx.MultiDiGraph() if g.is_multigraph() else nx.DiGraph()
    for n in sorted(g.nodes):
        h.add_node(n, **attrs(g.nodes[n]))
    for u, v, k, d in sorted(g.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2]))):
        h.add_edge(u, v, key=k, **attrs(d))
    return h


def _rgb(hex_colour: str) -> dict[str, int]:
    h = hex_colour.lstrip("#")
    return {"r": int(h[0:2], 16), "g": int(h[2:4], 16), "b": int(h[4:6], 16)}


def localise_graph(g, legend, positions: dict | None = None, size_by: str = "pagerank") -> nx.MultiDiGraph:
    """A copy of ``g`` as a Gephi user should open it in ``legend.lang``: type, group, level, kind, family,
    status, quadrant, power and interest as labels in that language with their codes in ``<name>_id``;
    ``viz`` colour by actor group (ties by family), size by ``size_by``, position from ``positions`` (the
    report's layout). Notes stay as the data has them (English, the project's wording)."""
    lang = legend.lang
    rank = {}
    for n, d in g.nodes(data=True):
        value = d.get(size_by)
        rank[n] = (-1.0 if size_by == "constraint" else 1.0) * float(value) if isinstance(value, (int, float)) else 0.0
    style = network_style(g, legend, rank)
    h = nx.MultiDiGraph(**g.graph)
    for n in sorted(g.nodes):
        d = dict(g.nodes[n])
        typ, level = d.get("type", ""), d.get("level", "")
        grp = style.group_of[n]
        d.update({"type": legend.type_labels.get(typ, typ), "type_id": typ,
                  "group": style.group_labels.get(grp, grp), "group_id": grp})
        if level:
            d.update({"level": legend.level_labels.get(level, level), "level_id": level})
        if d.get("quadrant"):
            d.update({"quadrant": t(d["quadrant"], lang), "quadrant_id": d["quadrant"]})
        for what in ("power", "interest"):
            if isinstance(d.get(what), str) and d[what] in RATINGS:
                d.update({what: t(d[what], lang), f"{what}_id": d[what]})
            else:
                d.pop(what, None)
        viz = {"color": {**_rgb(style.group_colour[grp]), "a": 1.0}, "size": style.size[n]}
        if positions and n in positions:
            x, y = positions[n]
            viz["position"] = {"x": round(x * GEPHI_SCALE, 2), "y": round(y * GEPHI_SCALE, 2), "z": 0.0}
        d["viz"] = viz
        h.add_node(n, **d)
    for u, v, k, d in sorted(g.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2]))):
        d = dict(d)
        kind, status = d.get("kind", ""), d.get("status", "")
        fam = style.family_of.get(kind, kind)
        d.update({"kind": legend.kind_labels.get(kind, kind), "kind_id": kind,
                  "family": style.family_labels.get(fam, fam), "family_id": fam})
        if status:
            d.update({"status": t(f"tie_{status}", lang), "status_id": status})
        d["viz"] = {"color": {**_rgb(style.family_colour[fam]), "a": 0.8}, "thickness": 1.0}
        h.add_edge(u, v, key=k, **d)
    return h


def gexf_bytes(g) -> bytes:
    """GEXF for Gephi without the date networkx stamps into <meta>, so equal graphs give equal bytes."""
    text = "<?xml version='1.0' encoding='utf-8'?>\n" + "\n".join(nx.generate_gexf(_plain_graph(g, keep_viz=True))) + "\n"
    return re.sub(r'\s+lastmodifieddate="[^"]*"', "", text).encode("utf-8")


def graphml_bytes(g) -> bytes:
    """GraphML (no viz: the format has no place for it; the localised attributes and ids are all there)."""
    return ("\n".join(nx.generate_graphml(_plain_graph(g))) + "\n").encode("utf-8")


def kumu_frames(g) -> dict[str, pd.DataFrame]:
    """Kumu's import columns: elements ``ID, Label, Type, ...``; connections ``From, To, Type, ...`` (From/To
    are element IDs). Type and the other words are those of ``g`` (a ``localise_graph``), codes after them."""
    elements, connections = [], []
    for n, d in sorted(g.nodes(data=True)):
        row = {"ID": n, "Label": d.get("label", n), "Type": d.get("type", ""), "Group": d.get("group", ""),
               "Level": d.get("level", ""), "Sources": _flat(d.get("refs", []))}
        for key in ("quadrant", "power", "interest"):
            if d.get(key):
                row[key.capitalize()] = d[key]
        row.update({k: d[k] for k in ("type_id", "group_id", "level_id") if k in d})
        for key, value in sorted(d.items()):
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                row[key] = value
        elements.append(row)
    for u, v, d in sorted(g.edges(data=True), key=lambda e: (e[0], e[1], e[2].get("kind_id", e[2].get("kind", "")),
                                                              _flat(e[2].get("refs", [])))):
        connections.append({"From": u, "To": v, "Type": d.get("kind", ""), "Family": d.get("family", ""),
                            "Status": d.get("status", ""), "Description": d.get("note", ""),
                            "Legal basis": d.get("legal_basis", ""), "Sources": _flat(d.get("refs", [])),
                            "kind_id": d.get("kind_id", d.get("kind", "")), "family_id": d.get("family_id", ""),
                            "status_id": d.get("status_id", "")})
    return {"kumu-elements": pd.DataFrame(elements), "kumu-connections": pd.DataFrame(connections)}


def kumu_csv_bytes(df: pd.DataFrame) -> bytes:
    """Plain UTF-8 (no BOM: the first header cell must read exactly ``ID``), Unix line ends."""
    return df.to_csv(index=False, lineterminator="\n").encode("utf-8")


def write_graph(g, name: str, tables: dict[str, pd.DataFrame] | None = None, out_dir: Path | None = None,
                legend=None, positions: dict | None = None, size_by: str = "pagerank") -> list[Path]:
    """outputs/graphs/<name>.gexf and .graphml, <name>.<table>.csv for each table (nodes, edges, metrics) and,
    with a ``legend`` (views.stakeholders.GraphLegend), the files in its language with the report's picture
    (``localise_graph``) plus Kumu's <name>.kumu-elements.csv and <name>.kumu-connections.csv."""
    out_dir = out_dir or exports_dir() / "graphs"
    graph = localise_graph(g, legend, positions, size_by) if legend is not None else g
    paths = [atomic_write_bytes(out_dir / f"{name}.gexf", gexf_bytes(graph)),
             atomic_write_bytes(out_dir / f"{name}.graphml", graphml_bytes(graph))]
    for key, df in sorted((tables or {}).items()):
        paths.append(atomic_write_bytes(out_dir / f"{name}.{key}.csv", csv_bytes(df)))
    if legend is not None:
        for key, df in kumu_frames(graph).items():
            paths.append(atomic_write_bytes(out_dir / f"{name}.{key}.csv", kumu_csv_bytes(df)))
    return paths
