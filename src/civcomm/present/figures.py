"""Plotly figures built from the project's DataFrames (no I/O; every data string HTML-escaped)."""

from __future__ import annotations

import hashlib

import pandas as pd
import plotly.graph_objects as go

from civcomm.core.i18n import t
from civcomm.present.network_figure import make_network_figure, network_style  # noqa: F401 - the figures' one home
from civcomm.present.style import GROUP_COLOURS, colours, esc, place_title, short  # noqa: F401


def make_gap_chart(gaps: pd.DataFrame, lang: str, competence_labels: dict[str, str], min_countries: int) -> go.Figure:
    """Bars: countries abroad emphasising each competence, coloured by its status in Kazakh law; hover shows the quotes."""
    palette = {"absent": "#c53030", "general": "#dd6b20", "specific": "#2f855a"}
    # one row per competence, top to bottom in the frame's order; numeric rows so equal short labels never merge
    order = list(dict.fromkeys(gaps["competence_id"]))
    row = {c: i for i, c in enumerate(order)}
    fig = go.Figure()
    for status in ("absent", "general", "specific"):
        part = gaps[gaps["kz_status"] == status]
        if part.empty:
            continue
        label = t(f"status_{status}", lang)
        hover = [f"<b>{esc(competence_labels.get(r.competence_id, r.competence_id))}</b><br>{esc(r.countries)}"
                 f"<br><i>{esc(t('kz_status', lang))}: {esc(label)}</i><br>{esc(r.kz_quote or '—')}"
                 f"<br>{esc(str(r.abroad_quotes)[:600])}" for r in part.itertuples()]
        fig.add_trace(go.Bar(
            x=part["n_countries"].tolist(), y=[row[c] for c in part["competence_id"]],
            orientation="h", name=esc(label), marker_color=palette[status], customdata=hover,
            hovertemplate="%{customdata}<extra></extra>"))
    fig.add_vline(x=min_countries - 0.5, line_dash="dot", line_color="#4a5568")
    fig.update_layout(barmode="stack", xaxis_title=esc(t("countries_abroad", lang)),
                      yaxis={"autorange": "reversed", "tickmode": "array", "tickvals": list(range(len(order))),
                             "ticktext": [short(competence_labels.get(c, c), 40) for c in order], "automargin": True},
                      legend={"orientation": "h", "x": 0, "y": 1, "yanchor": "bottom", "title": {"text": esc(t("kz_status", lang))}},
                      height=300 + 24 * max(len(order), 1), margin={"l": 20, "r": 20, "b": 50}, template="plotly_white")
    place_title(fig, t("gap_caption", lang).format(n=min_countries), width=95, below=30)
    return fig


def make_emphasis_heatmap(matrix: pd.DataFrame, cells: pd.DataFrame, lang: str,
                          country_labels: dict[str, str], competence_labels: dict[str, str]) -> go.Figure:
    """Heatmap of country x competence; hovering a cell shows the full names, the quote and the sources behind it.

    Column labels are cut to one short line (rotated) so they never overlap; the full name is in the hover."""
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
    cols, rows = list(range(len(body.columns))), list(range(len(body.index)))
    fig = go.Figure(go.Heatmap(
        z=body.values.tolist(), x=cols, y=rows, customdata=hover, hovertemplate="%{customdata}<extra></extra>",
        colorscale=[[0, "#f4f4f4"], [1, "#2b6cb0"]], zmin=0, zmax=1, showscale=False, xgap=2, ygap=2,
    ))
    fig.update_layout(
        xaxis={"tickangle": -60, "side": "bottom", "tickmode": "array", "tickvals": cols, "automargin": True,
               "ticktext": [short(competence_labels.get(c, c), 26) for c in body.columns], "tickfont": {"size": 11}},
        yaxis={"autorange": "reversed", "tickmode": "array", "tickvals": rows, "automargin": True,
               "ticktext": [short(f"{country_labels.get(c, c)} ({int(matrix.loc[c, total])})", 30) for c in body.index]},
        height=330 + 26 * len(body.index), margin={"l": 20, "b": 20, "r": 20}, template="plotly_white",
    )
    place_title(fig, t("matrix_caption", lang), width=100)
    return fig


# --------------------------------------------------------------------------- stakeholder graphs

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
    fig.update_layout(height=640, template="plotly_white",
                      legend={"orientation": "h", "x": 0, "y": 1, "yanchor": "bottom"},
                      xaxis={"title": esc(t("interest", lang)), "range": [-0.5, 2.5], **ticks, "zeroline": False},
                      yaxis={"title": esc(t("power", lang)), "range": [-0.5, 2.5], **ticks, "zeroline": False})
    place_title(fig, title, width=100, below=28)
    return fig


def make_country_graphs_figure(graphs_by_country: dict, positions: dict, names: dict[str, str],
                               title: str = "", cols: int = 4, legend=None) -> go.Figure:
    """Small multiples: one panel per country's institutional graph, same scale, nodes coloured by actor group
    (``legend``: views.stakeholders.GraphLegend), short labels inside the panel, full names on hover."""
    # plotly.subplots: ~50 ms to import, only for the small multiples of country graphs
    from plotly.subplots import make_subplots

    codes = sorted(graphs_by_country)
    rows = max(1, -(-len(codes) // cols))
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=[esc(names.get(c, c), 30) for c in codes],
                        horizontal_spacing=0.04, vertical_spacing=0.1 if rows > 1 else 0.05)
    types = sorted({d.get("type", "") for g in graphs_by_country.values() for _, d in g.nodes(data=True)})
    type_labels = legend.type_labels if legend is not None else {}
    group_of = {x: (legend.type_group.get(x, x) if legend is not None else x) for x in types}
    order = list(legend.group_labels) if legend is not None else []
    groups = sorted(set(group_of.values()), key=lambda x: (x not in order, order.index(x) if x in order else 0, x))
    colour = colours(groups, GROUP_COLOURS)
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
            label = type_labels.get(typ, typ)
            fig.add_trace(go.Scatter(
                x=[pos[n][0] for n in group], y=[pos[n][1] for n in group], mode="markers+text",
                text=[short(g.nodes[n].get("label", n), 16) for n in group], textposition="top center",
                textfont={"size": 9}, cliponaxis=False, marker={"size": 10, "color": colour[group_of[typ]]},
                name=esc(label, 40), legendgroup=f"t{types.index(typ)}", showlegend=typ not in shown,
                customdata=[f"<b>{esc(g.nodes[n].get('label', n), 60)}</b><br>{esc(label)}"
                            f"<br><i>{esc('; '.join(g.nodes[n].get('refs', [])), 90)}</i>" for n in group],
                hovertemplate="%{customdata}<extra></extra>"), row=r, col=c)
            shown.add(typ)
    # a margin inside each panel so labels at the edge are not cut
    fig.update_xaxes(visible=False, range=None, autorange=True)
    fig.update_yaxes(visible=False)
    for axis in [k for k in fig.layout if k.startswith(("xaxis", "yaxis"))]:
        values = [v for tr in fig.data if tr.xaxis == axis.replace("axis", "") or tr.yaxis == axis.replace("axis", "")
                  for v in ((tr.x if axis.startswith("x") else tr.y) or []) if v is not None]
        if values:
            lo, hi = min(values), max(values)
            pad = max(hi - lo, 1e-6) * (0.25 if axis.startswith("x") else 0.18)
            fig.layout[axis].update(range=[lo - pad, hi + pad], autorange=False)
    fig.update_layout(height=270 * rows + 120, template="plotly_white", margin={"l": 10, "r": 10, "b": 10},
                      legend={"font": {"size": 11}, "itemsizing": "constant"})
    place_title(fig, title, width=100, below=16)  # room for the first row's panel titles
    return fig


def make_survey_figure(frame: pd.DataFrame, texts: dict, lang: str) -> go.Figure:
    """A survey figure as the source drew it: grouped bars per series (ordinal scales in order),
    horizontal bars sorted by share for nominal questions; caption as title, note and N below."""
    nominal = texts["scale"] == "nominal"
    fig = go.Figure()
    lines = 1
    for _, g in frame.groupby("series_code", sort=False):
        g = g.sort_values("share_pct") if nominal else g
        labels = [esc(o, 45 if nominal else 22) for o in g["option"]]
        lines = max([lines] + [lab.count("<br>") + 1 for lab in labels])
        counts = ["" if pd.isna(n) else f"<br>{esc(t('n', lang))}: {int(n):,}" for n in g["n"]]
        hover = [f"<b>{esc(o, 60)}</b><br>{esc(s)}<br>{p:.2f}%{c}" for o, s, p, c in
                 zip(g["option"], g["series"], g["share_pct"], counts)]
        bar = {"x": g["share_pct"].tolist(), "y": labels} if nominal else {"x": labels, "y": g["share_pct"].tolist()}
        fig.add_trace(go.Bar(**bar, orientation="h" if nominal else "v", name=esc(g["series"].iloc[0], 40),
                             text=[f"{p:.1f}" for p in g["share_pct"]], textposition="outside", cliponaxis=False,
                             hovertext=hover, hoverinfo="text"))
    notes = [texts.get("note") or "", t("survey_n_note", lang).format(n=texts["n_base"])]
    if texts["response"] == "multiple":
        notes.append(t("survey_multiple_note", lang))
    note = esc(" · ".join(n for n in notes if n), 90 if nominal else 110)
    below = 48 if nominal else 14 * lines + 14  # the x axis title (nominal) or the option labels (ordinal)
    height = 220 + 34 * frame["option_code"].nunique() if nominal else 480
    several = frame["series_code"].nunique() > 1
    fig.update_layout(
        barmode="group", template="plotly_white", height=height, showlegend=several,
        legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom"},
        margin={"l": 20, "r": 40, "b": below + 22 * (note.count("<br>") + 1) + 10},
        annotations=[{"text": note, "xref": "paper", "yref": "paper", "x": 0, "y": 0, "yanchor": "top",
                      "yshift": -below, "showarrow": False, "xanchor": "left", "align": "left", "font": {"size": 11}}],
    )
    axis = {"title": esc(t("share_pct", lang)), "rangemode": "tozero"}
    if nominal:
        fig.update_xaxes(**axis)
        fig.update_yaxes(automargin=True)
    else:
        fig.update_yaxes(**axis)
    place_title(fig, texts["caption"], width=100, size=15, below=30 if several else 0)
    return fig


def make_acts_timeline(acts: pd.DataFrame, lang: str, type_labels: dict[str, str] | None = None,
                       competence_labels: dict[str, str] | None = None) -> go.Figure:
    """Acts on a time axis (x = date, y = act type); hover shows number, title and the provisions coded.

    ``acts`` is ``kz_law.acts_frame``; undated acts are named in a note under the axis, not plotted.
    Act types are shown by their labels (``type_labels``, else the interface strings ``act_type_<code>``).
    """
    type_labels = type_labels or {}
    competence_labels = competence_labels or {}

    def type_label(code: str) -> str:
        return type_labels.get(code) or t(f"act_type_{code}", lang)

    dated = acts[acts["date"].notna()].copy()
    dated["x"] = dated["date"].map(lambda d: d if len(str(d)) == 10 else f"{d}-07-01")
    fig = go.Figure()
    for type_code, group in dated.groupby("type_code", sort=True):
        group = group.sort_values(["x", "act_id"])
        hover = []
        for r in group.itertuples():
            comps = ", ".join(competence_labels.get(c, c) for c in r.competence_ids)
            hover.append(f"<b>{esc(r.title, 70)}</b><br>№ {esc(r.number or '—')} · {esc(r.date)}"
                         f"<br>{esc('; '.join(r.provisions), 90)}<br><i>{esc(comps, 90)}</i>")
        fig.add_trace(go.Scatter(
            x=list(group["x"]), y=[short(type_label(type_code), 34)] * len(group),
            mode="markers+text", text=[esc(n or "") for n in group["number"]],
            # neighbours on one line alternate above and below, so close dates keep readable numbers
            textposition=["top center" if i % 2 == 0 else "bottom center" for i in range(len(group))],
            marker={"size": 8 + 2 * group["n_provisions"].clip(upper=10)}, customdata=hover, cliponaxis=False,
            hovertemplate="%{customdata}<extra></extra>", name=esc(type_label(type_code), 40)))
    undated = acts[acts["date"].isna()]
    # notes wrap to what fits under the plot on a printed page (about 90 characters at 11 px)
    note = esc(t("undated", lang) + ": " + "; ".join(undated["title"]), 90) if len(undated) else ""
    n_lines = note.count("<br>") + 1 if note else 0
    fig.update_layout(template="plotly_white", showlegend=False, height=440 + 16 * n_lines,
                      margin={"l": 20, "r": 20, "b": 50 + 16 * n_lines}, xaxis={"type": "date"},
                      yaxis={"automargin": True},
                      annotations=[{"text": note, "xref": "paper", "yref": "paper", "x": 0, "y": 0, "yanchor": "top",
                                    "yshift": -30, "showarrow": False, "xanchor": "left", "align": "left",
                                    "font": {"size": 11}}] if note else [])
    place_title(fig, t("timeline_caption", lang), width=100)
    return fig


def make_amendments_by_year(events: pd.DataFrame, lang: str, title: str, note: str = "") -> go.Figure:
    """Bars: amendment events per year of the amending act, in force and pending stacked; hover names the acts."""
    ev = events.assign(year=events["amending_date"].str[:4])
    years = sorted(ev["year"].unique())
    fig = go.Figure()
    for pending, colour, key in ((False, "#0072B2", "law_in_force"), (True, "#D55E00", "law_pending")):
        part = ev[ev["is_pending"].astype(bool) == pending]
        counts = part.groupby("year").size()
        acts = part.groupby("year")["amending_act"].apply(lambda s: ", ".join(f"№ {a}" for a in dict.fromkeys(s)))
        fig.add_trace(go.Bar(x=years, y=[int(counts.get(y, 0)) for y in years], name=esc(t(key, lang)),
                             marker_color=colour, customdata=[esc(acts.get(y, "—"), 60) for y in years],
                             hovertemplate="%{x}: %{y}<br>%{customdata}<extra></extra>"))
    _amendment_layout(fig, lang, t("law_year_axis", lang), title, note)
    return fig


def make_amendments_by_chapter(events: pd.DataFrame, chapters: pd.DataFrame, lang: str, title: str,
                               note: str = "") -> go.Figure:
    """Bars: amendment events per chapter (an article's events in its chapter), in force and pending stacked.

    ``chapters`` has the chapter numbers in the law's order and their titles (``structure_frame``)."""
    order = [str(c) for c in chapters["chapter"]]
    title_col = "title_ru" if lang == "ru" else "title_kk"
    names = dict(zip(order, chapters[title_col]))
    fig = go.Figure()
    for pending, colour, key in ((False, "#0072B2", "law_in_force"), (True, "#D55E00", "law_pending")):
        part = events[events["is_pending"].astype(bool) == pending]
        counts = part.groupby("chapter").size()
        fig.add_trace(go.Bar(x=order, y=[int(counts.get(c, 0)) for c in order], name=esc(t(key, lang)),
                             marker_color=colour, customdata=[esc(names.get(c), 60) for c in order],
                             hovertemplate="%{x}: %{y}<br>%{customdata}<extra></extra>"))
    _amendment_layout(fig, lang, t("law_chapter_axis", lang), title, note)
    fig.update_xaxes(type="category")
    return fig


def _amendment_layout(fig: go.Figure, lang: str, x_title: str, title: str, note: str) -> None:
    wrapped = esc(note, 100)
    n_lines = wrapped.count("<br>") + 1 if note else 0
    fig.update_layout(barmode="stack", template="plotly_white", height=420 + 16 * n_lines,
                      xaxis_title=esc(x_title), yaxis_title=esc(t("law_events_axis", lang)),
                      legend={"orientation": "h", "x": 0, "y": 1, "yanchor": "bottom", "traceorder": "normal"},
                      margin={"l": 20, "r": 20, "b": 60 + 16 * n_lines},
                      annotations=[{"text": wrapped, "xref": "paper", "yref": "paper", "x": 0, "y": 0, "yanchor": "top",
                                    "yshift": -45, "showarrow": False, "xanchor": "left", "align": "left",
                                    "font": {"size": 11}}] if note else [])
    place_title(fig, title, width=100, below=30)
