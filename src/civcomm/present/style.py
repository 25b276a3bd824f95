"""What every figure shares: escaped and shortened labels, titles clear of the toolbar, the colours of groups."""

from __future__ import annotations

import html
import textwrap

import pandas as pd
import plotly.graph_objects as go

# plotly's toolbar (modebar) takes the top ~30 px at the right: titles start below it
MODEBAR_PX = 34
TITLE_SIZE = 16

# actor groups (Okabe-Ito, readable by colour-blind readers) and relation families (darker, drawn as lines)
GROUP_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#8C6D31", "#CC79A7", "#E69F00", "#56B4E9", "#999933", "#666666"]
FAMILY_COLOURS = ["#3d3d3d", "#1b7837", "#762a83", "#2166ac", "#b35806", "#8c510a", "#01665e"]


def esc(text: object, width: int = 80) -> str:
    """Escape a data string for plotly hover/labels and wrap it with <br> (the only markup we add).

    Quotes stay as they are: plotly.js shows &quot; literally, and its text is never an HTML attribute.
    """
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return ""
    return "<br>".join(html.escape(line, quote=False) for line in textwrap.wrap(str(text), width) or [""])


def short(text: object, limit: int = 24) -> str:
    """One escaped line of at most ``limit`` characters (cut at a word, then '…'): tick labels that never
    overlap; the full text goes in the hover."""
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return ""
    text = " ".join(str(text).split())
    if len(text) > limit:
        cut = text[: limit - 1]
        text = (cut.rsplit(" ", 1)[0] if " " in cut[limit // 2:] else cut).rstrip(" ,;:–-") + "…"
    return html.escape(text, quote=False)


def colours(keys: list[str], palette: list[str]) -> dict[str, str]:
    """Key -> colour in the order given (the vocabulary's), cycling through ``palette``."""
    return {k: palette[i % len(palette)] for i, k in enumerate(keys)}


def place_title(fig: go.Figure, text: str, width: int = 90, size: int = TITLE_SIZE, below: int = 0) -> int:
    """Left-aligned title starting under the toolbar; the top margin grows with its lines (+ ``below`` px
    for a legend or menu between title and plot). Returns the top margin set."""
    title = esc(text, width)
    lines = title.count("<br>") + 1 if title else 0
    top = MODEBAR_PX + int(lines * size * 1.35) + 14 + below
    fig.update_layout(title={"text": title, "x": 0, "xref": "container", "xanchor": "left", "y": 1, "yref": "container",
                             "yanchor": "top", "pad": {"t": MODEBAR_PX, "l": 12}, "font": {"size": size}},
                      margin={"t": top})
    return top
