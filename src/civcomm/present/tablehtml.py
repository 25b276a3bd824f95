"""A rendered table as HTML for the reports: caption above, note below, widths from the spec, text left and
numbers right, references with the full source on hover; wide tables scroll inside their box."""

from __future__ import annotations

import html

from civcomm.present.tablespec import Cell, Rendered

# JupyterLab's stylesheet right-aligns every cell with a selector of weight (0,2,1); these rules outweigh it.
TABLE_CSS = """<style>
.civcomm-wrap { overflow: auto; max-width: 100%; margin: 0 0 0.4em; }
.civcomm-wrap.civcomm-long { max-height: 36em; }
.jp-RenderedHTMLCommon table.civcomm-table, table.civcomm-table {
  border-collapse: collapse; table-layout: fixed; margin: 0; font-size: 0.92em; }
.jp-RenderedHTMLCommon table.civcomm-table td, .jp-RenderedHTMLCommon table.civcomm-table th,
table.civcomm-table td, table.civcomm-table th {
  border: 1px solid #c8c8c8; padding: 4px 6px; vertical-align: top; text-align: left; line-height: 1.35;
  overflow-wrap: anywhere; hyphens: auto; }
.jp-RenderedHTMLCommon table.civcomm-table th, table.civcomm-table th {
  position: sticky; top: 0; background: #f1f1f1; vertical-align: bottom; z-index: 1; }
.jp-RenderedHTMLCommon table.civcomm-table .civcomm-r, table.civcomm-table .civcomm-r {
  text-align: right; font-variant-numeric: tabular-nums; }
.jp-RenderedHTMLCommon table.civcomm-table td.civcomm-r, table.civcomm-table td.civcomm-r { white-space: nowrap; }
.jp-RenderedHTMLCommon table.civcomm-table .civcomm-c, table.civcomm-table .civcomm-c { text-align: center; }
.jp-RenderedHTMLCommon table.civcomm-table tbody tr:nth-child(even), table.civcomm-table tbody tr:nth-child(even) {
  background: #fafafa; }
.jp-RenderedHTMLCommon table.civcomm-table th.civcomm-vh, table.civcomm-table th.civcomm-vh {
  vertical-align: bottom; text-align: left; padding: 4px 2px; }
.jp-RenderedHTMLCommon table.civcomm-table th.civcomm-vh span, table.civcomm-table th.civcomm-vh span {
  display: inline-block; writing-mode: vertical-rl; text-orientation: sideways; transform: rotate(180deg);
  max-height: 20em; white-space: normal; overflow-wrap: normal; word-break: normal; hyphens: manual;
  text-align: left; }
.jp-RenderedHTMLCommon table.civcomm-table.civcomm-vertical, table.civcomm-table.civcomm-vertical {
  table-layout: auto; }
.jp-RenderedHTMLCommon table.civcomm-vertical td:first-child, table.civcomm-vertical td:first-child {
  min-width: 10em; }
.civcomm-ref { text-decoration: underline dotted; cursor: help; }
.civcomm-caption { font-weight: bold; margin: 0.8em 0 0.3em; }
.civcomm-note { font-size: 0.9em; color: #333; margin: 0.2em 0 1.2em; }
</style>"""

LONG_ROWS = 25  # taller tables scroll inside a box with the header kept in view
WIDE_COLUMNS = 7  # wider tables get a minimum width and scroll sideways instead of squeezing words
# more columns than this, every one after the first a count (country x competence, competence x country): the headers
# stand vertically and each column is as wide as its header's lines, so no word is broken inside (browsers
# have no Kazakh hyphenation)
VERTICAL_COLUMNS = 10


def vertical_headers(r: Rendered) -> bool:
    return len(r.columns) > VERTICAL_COLUMNS and all(c.align == "right" for c in r.columns[1:])


# about how many characters of the header font a table at the page's full width holds (a 1,370 px report column at
# ~7.5 px a bold Cyrillic letter is ~180; kept below for the borders and padding)
HTML_LINE_CHARS = 160


def html_shares(r: Rendered) -> list[float]:
    """The columns' shares of the table's width on screen: the spec's widths, but each at least as wide as its
    header's longest word (the browser breaks a word inside a narrower column: "тасталғандар|ы", having no
    Kazakh hyphenation), what that takes from the others taken in proportion to their share."""
    shares = [c.width for c in r.columns]
    floors = [(max((len(w) for w in c.header.split()), default=0) + 2) / HTML_LINE_CHARS for c in r.columns]
    if sum(floors) >= 1:
        return shares
    for _ in range(3):  # raising one column can push another under its floor: settle in a few rounds
        short = [i for i, (s, f) in enumerate(zip(shares, floors)) if s < f]
        if not short:
            break
        need = sum(floors[i] - shares[i] for i in short)
        rest = sum(s for i, s in enumerate(shares) if i not in short)
        shares = [floors[i] if i in short else s * (1 - need / rest) for i, s in enumerate(shares)]
    return shares


def _cell_html(c: Cell) -> str:
    if c.refs:
        return "; ".join(f'<span class="civcomm-ref" title="{html.escape(r.full)}">{html.escape(r.text)}</span>'
                         for r in c.refs)
    return "<br>".join(html.escape(line) for line in c.text.split("\n"))


def table_html(r: Rendered, with_css: bool = False, anchor: str | None = None) -> str:
    """The caption, the table and the note as one HTML fragment (every text escaped)."""
    cls = {"right": ' class="civcomm-r"', "center": ' class="civcomm-c"'}
    vertical = vertical_headers(r)
    if vertical:
        cols = "<col>" * len(r.columns)
        head = "".join(f"<th>{html.escape(c.header)}</th>" if i == 0 else
                       f'<th class="civcomm-vh"><span>{html.escape(c.header)}</span></th>'
                       for i, c in enumerate(r.columns))
    else:
        cols = "".join(f'<col style="width:{100 * share:.1f}%">' for share in html_shares(r))
        head = "".join(f"<th{cls.get(c.align, '')}>{html.escape(c.header)}</th>" for c in r.columns)
    body = "".join((f'<tr class="civcomm-group"><td colspan="{len(r.columns)}"><b>{html.escape(r.groups[i])}</b></td>'
                    "</tr>" if i in r.groups else "") +
                   "<tr>" + "".join(f"<td{cls.get(col.align, '')}>{_cell_html(x)}</td>"
                                    for col, x in zip(r.columns, row)) + "</tr>" for i, row in enumerate(r.rows))
    if vertical:
        width = "width:auto"
    elif len(r.columns) >= WIDE_COLUMNS:
        width = f"min-width:{len(r.columns) * 8}em;width:100%"
    else:
        width = "width:100%"
    wrap = "civcomm-wrap civcomm-long" if len(r.rows) > LONG_ROWS else "civcomm-wrap"
    tclass = "civcomm-table civcomm-vertical" if vertical else "civcomm-table"
    note = f'<div class="civcomm-note">{html.escape(r.note)}</div>' if r.note else ""
    ident = f' id="{html.escape(anchor)}"' if anchor else ""
    return ((TABLE_CSS if with_css else "") +
            f'<div class="civcomm-caption"{ident}>{html.escape(r.caption)}</div>'
            f'<div class="{wrap}"><table class="{tclass}" style="{width}" lang="{r.lang}">'
            f"<colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>{note}")
