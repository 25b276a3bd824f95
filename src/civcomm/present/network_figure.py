"""The stakeholder network as a plotly figure: actors coloured by group, ties by family, a menu that finds an actor."""

from __future__ import annotations

import math
from dataclasses import dataclass

import networkx as nx
import pandas as pd
import plotly.graph_objects as go

from civcomm.analysis.network import importance as rank_by
from civcomm.core.i18n import t
from civcomm.present.style import FAMILY_COLOURS, GROUP_COLOURS, colours, esc, place_title, short

NODE_MIN, NODE_MAX = 9, 28  # marker diameters in px
MENU_PX = 44  # room for the actor menu between title and plot
INFERRED_COLOUR = "#e41a1c"  # the inferred ties' overlay: red, a colour no tie family has
LEGEND_WIDTH = 24  # characters per legend line: a narrow legend leaves the picture the width of a printed page


@dataclass(frozen=True)
class NetworkStyle:
    """What the network figure and the graph files share: per node its group, colour and size; per kind its
    family and colour; the legends' labels. ``network_style`` computes it once for both."""

    group_of: dict[str, str]
    group_labels: dict[str, str]
    group_colour: dict[str, str]
    family_of: dict[str, str]
    family_labels: dict[str, str]
    family_colour: dict[str, str]
    type_labels: dict[str, str]
    kind_labels: dict[str, str]
    size: dict[str, float]
    importance: dict[str, float]


def _scaled(values: dict[str, float], lo: float = NODE_MIN, hi: float = NODE_MAX) -> dict[str, float]:
    if not values:
        return {}
    low, top = min(values.values()), max(values.values())
    span = top - low
    return {n: round(lo + (hi - lo) * ((v - low) / span), 3) if span else round((lo + hi) / 2, 3)
            for n, v in sorted(values.items())}


def network_style(g: nx.Graph, legend=None, importance: dict[str, float] | None = None,
                  type_labels: dict | None = None, kind_labels: dict | None = None) -> NetworkStyle:
    """Groups, families, colours and sizes for ``g``. ``legend`` is a views.stakeholders.GraphLegend (the
    vocabulary's groupings); without one every type is its own group and every kind its own family."""
    types = sorted({d.get("type", "") for _, d in g.nodes(data=True)})
    kinds = sorted({d.get("kind", "") for _, _, d in g.edges(data=True)})
    if legend is not None:
        type_of_group, family_of_kind = legend.type_group, legend.kind_family
        group_labels = {k: v for k, v in legend.group_labels.items()}
        family_labels = {k: v for k, v in legend.family_labels.items()}
        type_labels, kind_labels = legend.type_labels, legend.kind_labels
    else:
        type_labels, kind_labels = type_labels or {}, kind_labels or {}
        type_of_group, family_of_kind = {x: x for x in types}, {x: x for x in kinds}
        group_labels = {x: type_labels.get(x, x) for x in types}
        family_labels = {x: kind_labels.get(x, x) for x in kinds}
    # a type or kind the vocabulary does not group stays on its own, after the vocabulary's groups
    for x in types:
        group_labels.setdefault(type_of_group.get(x, x), type_labels.get(x, x))
    for x in kinds:
        family_labels.setdefault(family_of_kind.get(x, x), kind_labels.get(x, x))
    group_of = {n: type_of_group.get(d.get("type", ""), d.get("type", "")) for n, d in sorted(g.nodes(data=True))}
    family_of = {k: family_of_kind.get(k, k) for k in kinds}
    importance = {n: float((importance or {}).get(n, 0.0)) for n in sorted(g.nodes)}
    return NetworkStyle(group_of=group_of, group_labels=group_labels,
                        group_colour=colours(list(group_labels), GROUP_COLOURS),
                        family_of=family_of, family_labels=family_labels,
                        family_colour=colours(list(family_labels), FAMILY_COLOURS),
                        type_labels=dict(type_labels), kind_labels=dict(kind_labels),
                        size=_scaled(importance), importance=importance)


def _label_position(x: float, y: float, cx: float, cy: float) -> str:
    """Put a label on the side of the node away from its group's centre (the group's middle stays clear)."""
    dx, dy = x - cx, y - cy
    if math.hypot(dx, dy) < 1e-9:
        return "bottom center"
    angle = math.degrees(math.atan2(dy, dx)) % 360
    sides = ["middle right", "top right", "top center", "top left", "middle left", "bottom left", "bottom center",
             "bottom right"]
    return sides[int(((angle + 22.5) % 360) // 45)]


_SIDES = {"middle right": (1, 0), "top right": (1, 1), "top center": (0, 1), "top left": (-1, 1),
          "middle left": (-1, 0), "bottom left": (-1, -1), "bottom center": (0, -1), "bottom right": (1, -1)}


def place_labels(g: nx.Graph, pos: dict, style: NetworkStyle, n_labels: int, plot_px: float = 560,
                 char_px: float = 6.2, line_px: float = 13.5) -> dict[str, str]:
    """Actor -> text position for the ``n_labels`` most central actors whose label fits without covering
    another label: each tries the side away from its group's middle first, then the other seven.

    Label boxes are estimated in data units from ``plot_px``, the smaller side of the plot area in pixels
    (a conservative guess: a wider window only spreads the labels further)."""
    if not pos:
        return {}
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    unit = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9) * 1.1 / plot_px  # data units per pixel
    centre: dict[str, tuple[float, float]] = {}
    for grp in style.group_colour:
        members = [n for n in pos if style.group_of.get(n) == grp]
        if members:
            centre[grp] = (sum(pos[n][0] for n in members) / len(members), sum(pos[n][1] for n in members) / len(members))
    placed: dict[str, str] = {}
    boxes: list[tuple[float, float, float, float]] = []
    for n in sorted(pos, key=lambda n: (-style.importance.get(n, 0.0), n)):
        if len(placed) >= n_labels:
            break
        text = _label_text(g, n)
        lines = text.split("<br>")
        w = max(len(x) for x in lines) * char_px * unit
        h = len(lines) * line_px * unit
        r = style.size.get(n, NODE_MIN) / 2 * unit + 2 * unit
        x, y = pos[n]
        first = _label_position(x, y, *centre.get(style.group_of.get(n), (x, y)))
        for side in [first] + [s for s in _SIDES if s != first]:
            dx, dy = _SIDES[side]
            bx = x + dx * r - (w if dx < 0 else w / 2 if dx == 0 else 0)
            by = y + dy * r - (h if dy < 0 else h / 2 if dy == 0 else 0)
            box = (bx, by, bx + w, by + h)
            if all(box[2] <= o[0] or box[0] >= o[2] or box[3] <= o[1] or box[1] >= o[3] for o in boxes):
                boxes.append(box)
                placed[n] = side
                break
    return placed


def _ties(g: nx.Graph, pos: dict) -> list[tuple[str, str, dict]]:
    return [(u, v, d) for u, v, d in sorted(g.edges(data=True), key=lambda e: (e[0], e[1], e[2].get("kind", ""),
                                                                                  "|".join(e[2].get("refs", []))))
            if u in pos and v in pos and u != v]


def _label_text(g: nx.Graph, n: str, width: int = 22) -> str:
    return esc(g.nodes[n].get("label", n), width)


def _highlight(g: nx.Graph, pos: dict, style: NetworkStyle, ego: str, base: list[dict]) -> dict:
    """Layout shapes and annotations that fade the picture and draw ``ego``'s ties and neighbours on top."""
    shapes = [{"type": "rect", "xref": "paper", "yref": "paper", "x0": 0, "x1": 1, "y0": 0, "y1": 1,
               "fillcolor": "rgba(255,255,255,0.78)", "line": {"width": 0}, "layer": "above"}]
    near = {ego}
    for u, v, d in _ties(g, pos):
        if ego not in (u, v):
            continue
        near |= {u, v}
        (x0, y0), (x1, y1) = pos[u], pos[v]
        shapes.append({"type": "line", "x0": x0, "y0": y0, "x1": x1, "y1": y1, "layer": "above",
                       "line": {"width": 2.2, "color": style.family_colour[style.family_of[d.get("kind", "")]]}})
    notes = []
    for n in sorted(near, key=lambda n: (n != ego, n)):
        x, y = pos[n]
        notes.append({"x": x, "y": y, "text": f"<b>{_label_text(g, n, 30)}</b>" if n == ego else _label_text(g, n),
                      "showarrow": False, "font": {"size": 12 if n == ego else 10},
                      "bgcolor": "rgba(255,255,255,0.9)", "bordercolor": style.group_colour[style.group_of[n]],
                      "borderwidth": 2 if n == ego else 1, "borderpad": 2})
    return {"shapes": shapes, "annotations": base + notes}


def actor_menu(g: nx.Graph, pos: dict, style: NetworkStyle, lang: str, base: list[dict] | None = None) -> dict:
    """A dropdown of every actor by name (sorted): choosing one fades the rest and shows its ties and
    neighbours; the first entry shows everything again (plotly's own relayout, nothing else loaded)."""
    actors = sorted((n for n in g if n in pos), key=lambda n: (str(g.nodes[n].get("label", n)).casefold(), n))
    base = list(base or [])
    buttons = [{"label": esc(t("network_all", lang)), "method": "relayout", "args": [{"shapes": [], "annotations": base}]}]
    buttons += [{"label": short(g.nodes[n].get("label", n), 48), "method": "relayout",
                 "args": [_highlight(g, pos, style, n, base)]} for n in actors]
    return {"type": "dropdown", "direction": "down", "buttons": buttons, "active": 0, "showactive": True,
            "x": 0, "xanchor": "left", "y": 1, "yanchor": "bottom", "pad": {"b": 8}, "font": {"size": 11},
            "bgcolor": "#fff", "bordercolor": "#999", "name": "find_actor"}


def make_network_figure(g, pos: dict, metrics: pd.DataFrame | None = None, size_by: str = "pagerank",
                        color_by: str = "type", title: str = "", type_labels: dict | None = None,
                        kind_labels: dict | None = None, height: int = 860, legend=None, lang: str = "en",
                        n_labels: int = 12, menu: bool = True) -> go.Figure:
    """The network at fixed positions (analysis.network.group_layout): node colour = actor group, size = the
    metric ``size_by``; ties coloured by family, a small arrow at 70% of a tie marks its head and carries its
    hover (kind, note, legal basis, sources); the ``n_labels`` most central actors labelled, every actor on
    hover; a menu finds an actor and highlights its neighbourhood. ``color_by`` another column of ``metrics``
    colours nodes by that metric instead of by group."""
    rank = rank_by(metrics, size_by) if metrics is not None else {}
    style = network_style(g, legend, rank, type_labels=type_labels, kind_labels=kind_labels)
    fig = go.Figure()
    ties = _ties(g, pos)
    for fam, colour in style.family_colour.items():
        xs, ys, mx, my, angle, hover = [], [], [], [], [], []
        for u, v, d in ties:
            if style.family_of.get(d.get("kind", "")) != fam:
                continue
            (x0, y0), (x1, y1) = pos[u], pos[v]
            xs += [x0, x1, None]
            ys += [y0, y1, None]
            mx.append(round(x0 + 0.7 * (x1 - x0), 4))
            my.append(round(y0 + 0.7 * (y1 - y0), 4))
            angle.append(round(math.degrees(math.atan2(x1 - x0, y1 - y0)), 1))
            kind = d.get("kind", "")
            hover.append(f"<b>{esc(g.nodes[u].get('label', u), 40)} → {esc(g.nodes[v].get('label', v), 40)}</b>"
                         f"<br>{esc(style.kind_labels.get(kind, kind))} · {esc(style.family_labels[fam])}"
                         + (f"<br>{esc(d.get('note'))}" if d.get("note") else "")
                         + (f"<br>{esc(d.get('legal_basis'))}" if d.get("legal_basis") else "")
                         + (f"<br>{esc(t('inferred_tie', lang))}: {esc(d.get('inferred'))}" if d.get("inferred") else "")
                         + f"<br><i>{esc('; '.join(d.get('refs', [])))}</i>")
        if not mx:
            continue
        name = esc(style.family_labels[fam], LEGEND_WIDTH)
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line={"width": 1.1, "color": colour}, opacity=0.6,
                                 hoverinfo="skip", legendgroup=f"family:{fam}", name=name, legend="legend2"))
        fig.add_trace(go.Scatter(x=mx, y=my, mode="markers", customdata=hover, legendgroup=f"family:{fam}",
                                 marker={"size": 7, "symbol": "triangle-up", "angle": angle, "color": colour},
                                 hovertemplate="%{customdata}<extra></extra>", showlegend=False, name=name,
                                 legend="legend2"))
    # ties marked `inferred` in the data (an endpoint the cited text does not name), drawn over in orange dots
    xs, ys = [], []
    for u, v, d in ties:
        if d.get("inferred"):
            xs += [pos[u][0], pos[v][0], None]
            ys += [pos[u][1], pos[v][1], None]
    if xs:
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line={"width": 2, "color": INFERRED_COLOUR, "dash": "dot"},
                                 hoverinfo="skip", name=esc(t("inferred_tie", lang), LEGEND_WIDTH), legend="legend2",
                                 legendgroup="inferred"))
    nodes = sorted(n for n in g if n in pos)
    values = metrics.set_index("actor_id") if metrics is not None and len(metrics) else None

    def value(n: str, col: str) -> str:
        if values is None or col not in values.columns or n not in values.index:
            return ""
        return f"<br>{esc(col)}: {float(values.loc[n, col]):.4g}"

    def node_hover(n: str) -> str:
        d = g.nodes[n]
        typ = d.get("type", "")
        return (f"<b>{esc(d.get('label', n), 60)}</b><br>{esc(style.type_labels.get(typ, typ))}"
                f" · {esc(style.group_labels.get(style.group_of[n], ''))}{value(n, size_by)}"
                f"<br><i>{esc('; '.join(d.get('refs', [])), 90)}</i>")

    if color_by == "type":
        for grp, colour in style.group_colour.items():
            members = [n for n in nodes if style.group_of[n] == grp]
            if not members:
                continue
            fig.add_trace(go.Scatter(
                x=[pos[n][0] for n in members], y=[pos[n][1] for n in members], mode="markers", legend="legend",
                marker={"size": [style.size[n] for n in members], "color": colour, "line": {"width": 1, "color": "#fff"}},
                customdata=[node_hover(n) for n in members], hovertemplate="%{customdata}<extra></extra>",
                name=esc(style.group_labels[grp], LEGEND_WIDTH), legendgroup=f"group:{grp}"))
    else:
        fig.add_trace(go.Scatter(
            x=[pos[n][0] for n in nodes], y=[pos[n][1] for n in nodes], mode="markers", legend="legend",
            marker={"size": [style.size[n] for n in nodes], "colorscale": "Viridis", "showscale": True,
                    "color": [float(values.loc[n, color_by]) if values is not None and n in values.index else 0.0
                              for n in nodes], "colorbar": {"title": esc(color_by), "len": 0.4, "y": 0.2}},
            customdata=[node_hover(n) for n in nodes], hovertemplate="%{customdata}<extra></extra>", name=esc(color_by)))
    labels = place_labels(g, {n: pos[n] for n in nodes}, style, n_labels, plot_px=min(height - 200, 480))
    top = sorted(labels, key=lambda n: (-style.importance[n], n))
    fig.add_trace(go.Scatter(
        x=[pos[n][0] for n in top], y=[pos[n][1] for n in top], mode="markers+text", text=[_label_text(g, n) for n in top],
        # invisible markers as large as the nodes: plotly sets a label off its point by the marker's radius
        marker={"size": [style.size[n] for n in top], "opacity": 0}, textposition=[labels[n] for n in top],
        textfont={"size": 10, "color": "#1a1a1a"}, hoverinfo="skip", showlegend=False, name="labels"))
    legend_box = {"orientation": "v", "x": 1.01, "xanchor": "left", "font": {"size": 10}, "itemsizing": "constant",
                  "tracegroupgap": 2, "bgcolor": "rgba(255,255,255,0.85)"}
    fig.update_layout(
        height=height, template="plotly_white", hovermode="closest",
        xaxis={"visible": False}, yaxis={"visible": False, "scaleanchor": "x"},
        legend={**legend_box, "y": 1, "yanchor": "top", "title": {"text": f"<b>{esc(t('legend_actors', lang))}</b>"}},
        legend2={**legend_box, "y": 0, "yanchor": "bottom", "title": {"text": f"<b>{esc(t('legend_ties', lang))}</b>"}},
        margin={"l": 10, "r": 10, "b": 40},
        annotations=[{"text": esc(t("network_labels_note", lang).format(n=len(top), metric=size_by), 140),
                      "xref": "paper", "yref": "paper", "x": 0, "y": 0, "yanchor": "top", "yshift": -8,
                      "showarrow": False, "xanchor": "left", "align": "left", "font": {"size": 10, "color": "#555"}}])
    if menu and nodes:
        base = [a.to_plotly_json() for a in fig.layout.annotations]
        fig.update_layout(updatemenus=[actor_menu(g, pos, style, lang, base)])
    place_title(fig, title, width=100, below=MENU_PX if menu and nodes else 0)
    return fig
