"""Plotly figures built from the project's DataFrames (no I/O; every data string HTML-escaped)."""

from __future__ import annotations

import hashlib
import html
import textwrap

import pandas as pd
import plotly.graph_objects as go

from civcomm.core.i18n import t
from civcomm.present.labels import label


def esc(text: object, width: int = 80) -> str:
    """Escape a data string for plotly hover/labels and wrap it with <br> (the only markup we add).

    Quotes stay as they are: plotly.js shows &quot; literally, and its text is never an HTML attribute.
    """
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return ""
    return "<br>".join(html.escape(line, quote=False) for line in textwrap.wrap(str(text), width) or [""])


def make_gap_chart(gaps: pd.DataFrame, lang: str, competence_labels: dict[str, str], min_countries: int) -> go.Figure:
    """Bars: countries abroad emphasising each competence, coloured by its status in Kazakh law; hover shows the quotes."""
    colours = {"absent": "#c53030", "general": "#dd6b20", "specific": "#2f855a"}
    fig = go.Figure()
    for status in ("absent", "general", "specific"):
        part = gaps[gaps["kz_status"] == status]
        if part.empty:
            continue
        hover = [f"<b>{esc(competence_labels.get(r.competence_id, r.competence_id))}</b><br>{esc(r.countries)}"
                 f"<br><i>{esc(t('kz_status', lang))}: {esc(label('kz_status', status, lang))}</i>"
                 f"<br>{esc(r.kz_quote or '—')}"
                 f"<br>{esc(str(r.abroad_quotes)[:600])}" for r in part.itertuples()]
        fig.add_trace(go.Bar(
            x=part["n_countries"].tolist(), y=[esc(competence_labels.get(c, c), 50) for c in part["competence_id"]],
            orientation="h", name=esc(label("kz_status", status, lang)), marker_color=colours[status], customdata=hover,
            hovertemplate="%{customdata}<extra></extra>"))
    fig.add_vline(x=min_countries - 0.5, line_dash="dot", line_color="#4a5568")
    fig.update_layout(title=esc(t("gap_caption", lang).format(n=min_countries), 110), barmode="stack",
                      xaxis_title=esc(t("countries_abroad", lang)), yaxis={"autorange": "reversed"},
                      height=260 + 22 * max(len(gaps), 1), margin={"l": 260, "t": 80, "r": 20}, template="plotly_white")
    return fig


def make_emphasis_heatmap(matrix: pd.DataFrame, cells: pd.DataFrame, lang: str,
                          country_labels: dict[str, str], competence_labels: dict[str, str]) -> go.Figure:
    """Heatmap of country x competence; hovering a cell shows the quote and the sources behind it."""
    total = t("total", lang)
    body = matrix.drop(index=total, errors="ignore").drop(columns=total, errors="ignore")
    hover = []
    lookup = {(r.country_code, r.competence_id): r for r in cells.itertuples()}
    for code in body.index:
        row = []
        for cid in body.columns:
            r = lookup.get((code, cid))
            head = f"<b>{esc(country_labels.get(code, code))} × {esc(competence_labels.get(cid, cid))}</b>"
            if r is None:
                row.append(head + "<br>—")
            else:
                row.append(f"{head}<br>{esc(r.quote)}<br><i>{esc(r.refs)}</i>")
        hover.append(row)
    fig = go.Figure(go.Heatmap(
        z=body.values.tolist(),
        x=[esc(competence_labels.get(c, c), 40) for c in body.columns],
        y=[esc(f"{country_labels.get(c, c)} ({int(matrix.loc[c, total])})", 60) for c in body.index],
        customdata=hover,
        hovertemplate="%{customdata}<extra></extra>",
        colorscale=[[0, "#f4f4f4"], [1, "#2b6cb0"]], zmin=0, zmax=1, showscale=False, xgap=2, ygap=2,
    ))
    fig.update_layout(
        title=esc(t("matrix_caption", lang), 120),
        xaxis={"tickangle": -45, "side": "bottom"},
        yaxis={"autorange": "reversed"},
        height=260 + 28 * len(body.index), margin={"l": 180, "b": 220, "t": 60, "r": 20},
        template="plotly_white",
    )
    return fig


# --------------------------------------------------------------------------- stakeholder graphs

_PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
            "#bcbd22", "#17becf", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd",
            "#e6550d", "#31a354", "#756bb1", "#636363", "#9c9ede"]
_DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"]


def _sizes(values: list[float], lo: float = 8, hi: float = 34) -> list[float]:
    top = max(values) if values else 0
    return [round(lo + (hi - lo) * (v / top), 3) if top else lo for v in values]


def make_network_figure(g, pos: dict, metrics: pd.DataFrame | None = None, size_by: str = "pagerank",
                        color_by: str = "type", title: str = "", type_labels: dict | None = None,
                        kind_labels: dict | None = None, height: int = 760, inferred_label: str = "inferred") -> go.Figure:
    """Network with fixed positions: node size by a metric, colour by type or a metric, one dashed style per kind.

    Hover shows the actor, its type and its sources; an edge's midpoint shows the kind, the note and its sources.
    Ties marked ``inferred`` in the data (an endpoint the source does not name) are drawn over in orange dots,
    with their own legend entry ``inferred_label``, and say why in the hover.
    """
    type_labels = type_labels or {}
    kind_labels = kind_labels or {}
    fig = go.Figure()
    kinds = sorted({d["kind"] for _, _, d in g.edges(data=True)})
    for i, kind in enumerate(kinds):
        xs, ys, mx, my, hover = [], [], [], [], []
        for u, v, d in sorted(g.edges(data=True), key=lambda e: (e[0], e[1], e[2]["kind"])):
            if d["kind"] != kind or u not in pos or v not in pos:
                continue
            (x0, y0), (x1, y1) = pos[u], pos[v]
            xs += [x0, x1, None]
            ys += [y0, y1, None]
            # a point at 70% of the way marks the direction (the head end) and carries the hover
            mx.append(round(x0 + 0.7 * (x1 - x0), 4))
            my.append(round(y0 + 0.7 * (y1 - y0), 4))
            hover.append(f"<b>{esc(g.nodes[u].get('label', u), 40)} → {esc(g.nodes[v].get('label', v), 40)}</b>"
                         f"<br>{esc(kind_labels.get(kind, kind))}<br>{esc(d.get('note'))}"
                         + (f"<br>{esc(d.get('legal_basis'))}" if d.get("legal_basis") else "")
                         + (f"<br>{esc(inferred_label)}: {esc(d.get('inferred'))}" if d.get("inferred") else "")
                         + f"<br><i>{esc('; '.join(d.get('refs', [])))}</i>")
        name = esc(kind_labels.get(kind, kind), 40)
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line={"width": 1, "color": "#999", "dash": _DASHES[i % len(_DASHES)]},
                                 hoverinfo="skip", legendgroup=f"k{i}", name=name, showlegend=True))
        fig.add_trace(go.Scatter(x=mx, y=my, mode="markers", marker={"size": 5, "symbol": "triangle-up", "color": "#666"},
                                 customdata=hover, hovertemplate="%{customdata}<extra></extra>",
                                 legendgroup=f"k{i}", showlegend=False, name=name))
    xs, ys = [], []
    for u, v, d in sorted(g.edges(data=True), key=lambda e: (e[0], e[1], e[2]["kind"])):
        if d.get("inferred") and u in pos and v in pos:
            xs += [pos[u][0], pos[v][0], None]
            ys += [pos[u][1], pos[v][1], None]
    if xs:
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line={"width": 2, "color": "#d95f02", "dash": "dot"},
                                 hoverinfo="skip", name=esc(inferred_label, 40), showlegend=True))
    nodes = sorted(n for n in g if n in pos)
    mframe = metrics.set_index("actor_id") if metrics is not None and len(metrics) else None

    def metric(n: str, col: str) -> float:
        if mframe is None or col not in mframe.columns or n not in mframe.index:
            return 0.0
        return float(mframe.loc[n, col])

    def node_hover(n: str) -> str:
        d = g.nodes[n]
        extra = f"<br>{esc(size_by)}: {metric(n, size_by):.4g}" if mframe is not None else ""
        return (f"<b>{esc(d.get('label', n), 60)}</b><br>{esc(type_labels.get(d.get('type'), d.get('type')))}"
                f"{extra}<br><i>{esc('; '.join(d.get('refs', [])))}</i>")

    sizes = dict(zip(nodes, _sizes([metric(n, size_by) for n in nodes]), strict=True))
    if color_by == "type":
        types = sorted({g.nodes[n].get("type", "") for n in nodes})
        for i, typ in enumerate(types):
            group = [n for n in nodes if g.nodes[n].get("type", "") == typ]
            fig.add_trace(go.Scatter(
                x=[pos[n][0] for n in group], y=[pos[n][1] for n in group], mode="markers",
                marker={"size": [sizes[n] for n in group], "color": _PALETTE[i % len(_PALETTE)], "line": {"width": 0.5, "color": "#fff"}},
                customdata=[node_hover(n) for n in group], hovertemplate="%{customdata}<extra></extra>",
                name=esc(type_labels.get(typ, typ), 40)))
    else:
        fig.add_trace(go.Scatter(
            x=[pos[n][0] for n in nodes], y=[pos[n][1] for n in nodes], mode="markers",
            marker={"size": [sizes[n] for n in nodes], "color": [metric(n, color_by) for n in nodes],
                    "colorscale": "Viridis", "showscale": True, "colorbar": {"title": esc(color_by)}},
            customdata=[node_hover(n) for n in nodes], hovertemplate="%{customdata}<extra></extra>", name=esc(color_by)))
    # labels for the largest nodes only, so the picture stays readable
    top = sorted(nodes, key=lambda n: (-sizes[n], n))[:15]
    fig.add_trace(go.Scatter(x=[pos[n][0] for n in top], y=[pos[n][1] for n in top], mode="text",
                             text=[esc(g.nodes[n].get("label", n), 28) for n in top], textposition="top center",
                             textfont={"size": 10}, hoverinfo="skip", showlegend=False))
    fig.update_layout(title=esc(title, 120), height=height, template="plotly_white", hovermode="closest",
                      xaxis={"visible": False}, yaxis={"visible": False, "scaleanchor": "x"},
                      legend={"font": {"size": 10}}, margin={"l": 10, "r": 10, "t": 60, "b": 10})
    return fig


_LEVELS = {"low": 0, "medium": 1, "high": 2}


def _jitter(key: str, spread: float = 0.36) -> tuple[float, float]:
    """A deterministic offset from the id (no random state), so the grid looks the same every run."""
    h = hashlib.sha256(key.encode()).digest()
    return ((h[0] / 255 - 0.5) * spread * 2, (h[1] / 255 - 0.5) * spread * 2)


def make_power_interest_grid(frame: pd.DataFrame, lang: str, title: str = "") -> go.Figure:
    """Mendelow's grid: interest on x, power on y, quadrants shaded and named; sourced ratings drawn as diamonds."""
    fig = go.Figure()
    # quadrant boundary between low and medium: medium counts as high (see graphs.mendelow_quadrant)
    quads = [("keep_satisfied", -0.5, 0.5, 0.5, 2.5, "#fff4e5"), ("manage_closely", 0.5, 2.5, 0.5, 2.5, "#fde2e2"),
             ("monitor", -0.5, 0.5, -0.5, 0.5, "#f4f4f4"), ("keep_informed", 0.5, 2.5, -0.5, 0.5, "#e5f0ff")]
    for key, x0, x1, y0, y1, colour in quads:
        fig.add_shape(type="rect", x0=x0, x1=x1, y0=y0, y1=y1, fillcolor=colour, line={"width": 0}, layer="below")
        fig.add_annotation(x=(x0 + x1) / 2, y=y1 - 0.08, text=f"<b>{esc(t(key, lang))}</b>", showarrow=False,
                           font={"size": 12, "color": "#555"})
    for basis, symbol in (("sourced", "diamond"), ("derived", "circle")):
        part = frame[(frame["power_basis"] == "sourced") == (basis == "sourced")].sort_values("actor_id")
        jit = [_jitter(a) for a in part["actor_id"]]
        fig.add_trace(go.Scatter(
            x=[round(_LEVELS[i] + j[0], 4) for i, j in zip(part["interest"], jit, strict=True)],
            y=[round(_LEVELS[p] + j[1], 4) for p, j in zip(part["power"], jit, strict=True)],
            mode="markers", marker={"size": 9, "symbol": symbol, "line": {"width": 0.5, "color": "#333"}},
            name=esc(t(basis, lang)),
            customdata=[f"<b>{esc(r.label, 60)}</b><br>{esc(t('power', lang))}: {esc(t(r.power, lang))} ({esc(r.power_basis)})"
                        f"<br>{esc(t('interest', lang))}: {esc(t(r.interest, lang))} ({esc(r.interest_basis)})"
                        f"<br><i>{esc('; '.join(r.refs))}</i>" for r in part.itertuples()],
            hovertemplate="%{customdata}<extra></extra>"))
    ticks = {"tickvals": [0, 1, 2], "ticktext": [esc(t(x, lang)) for x in ("low", "medium", "high")]}
    fig.update_layout(title=esc(title, 120), height=620, template="plotly_white",
                      xaxis={"title": esc(t("interest", lang)), "range": [-0.5, 2.5], **ticks, "zeroline": False},
                      yaxis={"title": esc(t("power", lang)), "range": [-0.5, 2.5], **ticks, "zeroline": False})
    return fig


def make_country_graphs_figure(graphs_by_country: dict, positions: dict, names: dict[str, str],
                               title: str = "", cols: int = 4, type_labels: dict[str, str] | None = None) -> go.Figure:
    """Small multiples: one panel per country's institutional graph, same scale, nodes coloured by type."""
    from plotly.subplots import make_subplots

    codes = sorted(graphs_by_country)
    rows = max(1, -(-len(codes) // cols))
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=[esc(names.get(c, c), 30) for c in codes],
                        horizontal_spacing=0.03, vertical_spacing=0.08)
    types = sorted({d.get("type", "") for g in graphs_by_country.values() for _, d in g.nodes(data=True)})
    colour = {typ: _PALETTE[i % len(_PALETTE)] for i, typ in enumerate(types)}
    type_name = {typ: (type_labels or {}).get(typ, typ) for typ in types}
    shown: set[str] = set()
    for i, code in enumerate(codes):
        g, pos = graphs_by_country[code], positions[code]
        r, c = i // cols + 1, i % cols + 1
        xs, ys = [], []
        for u, v in sorted((u, v) for u, v in g.edges() if u in pos and v in pos):
            xs += [pos[u][0], pos[v][0], None]
            ys += [pos[u][1], pos[v][1], None]
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line={"width": 1, "color": "#aaa"}, hoverinfo="skip",
                                 showlegend=False), row=r, col=c)
        for typ in types:
            group = sorted(n for n, d in g.nodes(data=True) if d.get("type", "") == typ and n in pos)
            if not group:
                continue
            fig.add_trace(go.Scatter(
                x=[pos[n][0] for n in group], y=[pos[n][1] for n in group], mode="markers+text",
                text=[esc(g.nodes[n].get("label", n), 14) for n in group], textposition="top center", textfont={"size": 8},
                marker={"size": 10, "color": colour[typ]}, name=esc(type_name[typ]), legendgroup=f"t{types.index(typ)}",
                showlegend=typ not in shown,
                customdata=[f"<b>{esc(g.nodes[n].get('label', n), 60)}</b><br>{esc(type_name[typ])}<br><i>{esc('; '.join(g.nodes[n].get('refs', [])))}</i>"
                            for n in group],
                hovertemplate="%{customdata}<extra></extra>"), row=r, col=c)
            shown.add(typ)
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.update_layout(title=esc(title, 120), height=260 * rows + 80, template="plotly_white",
                      margin={"l": 10, "r": 10, "t": 80, "b": 10})
    return fig


def make_survey_figure(frame: pd.DataFrame, texts: dict, lang: str) -> go.Figure:
    """A survey figure as the source drew it: grouped bars per series (ordinal scales in order),
    horizontal bars sorted by share for nominal questions; caption as title, note and N below."""
    nominal = texts["scale"] == "nominal"
    fig = go.Figure()
    for _, g in frame.groupby("series_code", sort=False):
        g = g.sort_values("share_pct") if nominal else g
        labels = [esc(o, 45) for o in g["option"]]
        counts = ["" if pd.isna(n) else f"<br>{esc(t('n', lang))}: {int(n):,}" for n in g["n"]]
        hover = [f"<b>{lab}</b><br>{esc(s)}<br>{p:.2f}%{c}" for lab, s, p, c in
                 zip(labels, g["series"], g["share_pct"], counts)]
        bar = {"x": g["share_pct"].tolist(), "y": labels} if nominal else {"x": labels, "y": g["share_pct"].tolist()}
        fig.add_trace(go.Bar(**bar, orientation="h" if nominal else "v", name=esc(g["series"].iloc[0], 40),
                             text=[f"{p:.1f}" for p in g["share_pct"]], textposition="outside",
                             hovertext=hover, hoverinfo="text"))
    notes = [texts.get("note") or "", t("survey_n_note", lang).format(n=texts["n_base"])]
    if texts["response"] == "multiple":
        notes.append(t("survey_multiple_note", lang))
    height = 220 + 34 * frame["option_code"].nunique() if nominal else 480
    fig.update_layout(
        title={"text": esc(texts["caption"], 110), "font": {"size": 14}},
        barmode="group", template="plotly_white", height=height,
        showlegend=frame["series_code"].nunique() > 1,
        legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom"},
        margin={"l": 330 if nominal else 60, "r": 40, "t": 120, "b": 110},
        annotations=[{"text": esc(" · ".join(n for n in notes if n), 140), "xref": "paper", "yref": "paper",
                      "x": 0, "y": -0.16 if not nominal else -0.12, "showarrow": False, "xanchor": "left",
                      "align": "left", "font": {"size": 11}}],
    )
    axis = {"title": esc(t("share_pct", lang)), "rangemode": "tozero"}
    if nominal:
        fig.update_xaxes(**axis)
    else:
        fig.update_yaxes(**axis)
    return fig


def make_acts_timeline(acts: pd.DataFrame, lang: str, type_labels: dict[str, str] | None = None,
                       competence_labels: dict[str, str] | None = None) -> go.Figure:
    """Acts on a time axis (x = date, y = act type); hover shows number, title and the provisions coded.

    ``acts`` is ``kz_law.acts_frame``; undated acts are listed in the title, not plotted.
    """
    type_labels = type_labels or {}
    competence_labels = competence_labels or {}
    dated = acts[acts["date"].notna()].copy()
    dated["x"] = dated["date"].map(lambda d: d if len(str(d)) == 10 else f"{d}-07-01")
    fig = go.Figure()
    for type_code, group in dated.groupby("type_code", sort=True):
        hover = []
        for r in group.itertuples():
            comps = ", ".join(competence_labels.get(c, c) for c in r.competence_ids)
            hover.append(f"<b>{esc(r.title, 70)}</b><br>№ {esc(r.number or '—')} · {esc(r.date)}"
                         f"<br>{esc('; '.join(r.provisions), 90)}<br><i>{esc(comps, 90)}</i>")
        fig.add_trace(go.Scatter(
            x=list(group["x"]), y=[esc(type_labels.get(type_code, type_code), 40)] * len(group),
            mode="markers+text", text=[esc(n or "") for n in group["number"]], textposition="top center",
            marker={"size": 8 + 2 * group["n_provisions"].clip(upper=10)}, customdata=hover,
            hovertemplate="%{customdata}<extra></extra>", name=esc(type_labels.get(type_code, type_code), 40)))
    undated = acts[acts["date"].isna()]
    note = ("<br><sub>" + esc(t("undated", lang) + ": " + "; ".join(undated["title"]), 160) + "</sub>") if len(undated) else ""
    fig.update_layout(title=esc(t("timeline_caption", lang), 120) + note, template="plotly_white", showlegend=False,
                      height=420, margin={"l": 200, "t": 90, "r": 20, "b": 40}, xaxis={"type": "date"})
    return fig
