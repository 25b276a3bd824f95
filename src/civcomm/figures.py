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
