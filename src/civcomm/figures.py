"""Plotly figures built from the project's DataFrames (no I/O; every data string HTML-escaped)."""

from __future__ import annotations

import html
import textwrap

import pandas as pd
import plotly.graph_objects as go

from .i18n import t


def esc(text: object, width: int = 80) -> str:
    """Escape a data string for plotly hover/labels and wrap it with <br> (the only markup we add)."""
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return ""
    return "<br>".join(html.escape(line) for line in textwrap.wrap(str(text), width) or [""])


def make_gap_chart(gaps: pd.DataFrame, lang: str, competence_labels: dict[str, str], min_countries: int) -> go.Figure:
    """Bars: countries abroad emphasising each competence, coloured by its status in Kazakh law; hover shows the quotes."""
    colours = {"absent": "#c53030", "general": "#dd6b20", "specific": "#2f855a"}
    fig = go.Figure()
    for status in ("absent", "general", "specific"):
        part = gaps[gaps["kz_status"] == status]
        if part.empty:
            continue
        hover = [f"<b>{esc(competence_labels.get(r.competence_id, r.competence_id))}</b><br>{esc(r.countries)}"
                 f"<br><i>{esc(t('kz_status', lang))}: {esc(status)}</i><br>{esc(r.kz_quote or '—')}"
                 f"<br>{esc(str(r.abroad_quotes)[:600])}" for r in part.itertuples()]
        fig.add_trace(go.Bar(
            x=part["n_countries"].tolist(), y=[esc(competence_labels.get(c, c), 50) for c in part["competence_id"]],
            orientation="h", name=esc(status), marker_color=colours[status], customdata=hover,
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
    notes = [texts.get("note") or "", t("survey_n_note", lang).format(n=texts["base_n"])]
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
