"""Write graphs to outputs/graphs/: GEXF and GraphML for Gephi, node/edge/metric tables as CSV; byte-deterministic."""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx
import pandas as pd

from civcomm.core.paths import exports_dir
from civcomm.output.atomic import atomic_write_bytes
from civcomm.output.tables import csv_bytes


def _plain_graph(g):
    """A copy whose node/edge attributes are scalars (Gephi formats take no lists or objects)."""
    def flat(value):
        if isinstance(value, (list, tuple, set)):
            return "; ".join(map(str, value))
        if value is None:
            return ""
        if isinstance(value, (str, int, float, bool)):
            return value
        return str(value)

    h = nx.MultiDiGraph() if g.is_multigraph() else nx.DiGraph()
    for n in sorted(g.nodes):
        h.add_node(n, **{k: flat(v) for k, v in sorted(g.nodes[n].items()) if k not in ("power", "interest")})
    for u, v, k, d in sorted(g.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2]))):
        h.add_edge(u, v, key=k, **{a: flat(b) for a, b in sorted(d.items())})
    return h


def gexf_bytes(g) -> bytes:
    """GEXF for Gephi without the date networkx stamps into <meta>, so equal graphs give equal bytes."""
    text = "<?xml version='1.0' encoding='utf-8'?>\n" + "\n".join(nx.generate_gexf(_plain_graph(g))) + "\n"
    return re.sub(r'\s+lastmodifieddate="[^"]*"', "", text).encode("utf-8")


def graphml_bytes(g) -> bytes:
    return ("\n".join(nx.generate_graphml(_plain_graph(g))) + "\n").encode("utf-8")


def write_graph(g, name: str, tables: dict[str, pd.DataFrame] | None = None, out_dir: Path | None = None) -> list[Path]:
    """outputs/graphs/<name>.gexf and .graphml, plus <name>.<table>.csv for each table (nodes, edges, metrics)."""
    out_dir = out_dir or exports_dir() / "graphs"
    paths = [atomic_write_bytes(out_dir / f"{name}.gexf", gexf_bytes(g)),
             atomic_write_bytes(out_dir / f"{name}.graphml", graphml_bytes(g))]
    for key, df in sorted((tables or {}).items()):
        paths.append(atomic_write_bytes(out_dir / f"{name}.{key}.csv", csv_bytes(df)))
    return paths
