"""Write tables to outputs/tables/: CSV (machine columns, UTF-8 with BOM) and, through the table's presentation
spec, XLSX, DOCX and LaTeX as a reader and a dissertation expect them; byte-deterministic."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from civcomm.core.i18n import t
from civcomm.core.langs import DOC_LANG
from civcomm.core.paths import exports_dir
from civcomm.output.atomic import FIXED_DOC_TIME, atomic_write_bytes, normalise_zip
from civcomm.present.specs import spec_for
from civcomm.present.tablespec import Cell, Rendered, TableSpec, generic_spec, machine_columns, render

ALL_FORMATS = ("csv", "xlsx", "docx", "tex")


# --------------------------------------------------------------------------- CSV: the machine-readable table


def _flatten(df: pd.DataFrame) -> pd.DataFrame:
    """Lists in cells become '; '-joined text (CSV has no lists)."""
    out = df.copy()
    for col in out.columns:
        if out[col].map(lambda v: isinstance(v, (list, tuple))).any():
            out[col] = out[col].map(lambda v: "; ".join(map(str, v)) if isinstance(v, (list, tuple)) else v)
    return out


def csv_bytes(df: pd.DataFrame, index: bool = False) -> bytes:
    """CSV as UTF-8 with BOM (so Excel shows Cyrillic), Unix line ends, ids and codes as they are."""
    return _flatten(df).to_csv(index=index, lineterminator="\n").encode("utf-8-sig")


# --------------------------------------------------------------------------- XLSX

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def _sheet_title(text: str) -> str:
    return _SHEET_BAD.sub(" ", text)[:31].strip() or "table"


def _short(text: str, limit: int) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters (a sheet's name)."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(" :–-,") or text[:limit]


def _set_text(ws_cell, text: str) -> None:
    """Text stays text: a value starting with = + - @ is stored as a string, never as a formula."""
    ws_cell.value = text
    if text.startswith(_FORMULA_START):
        ws_cell.data_type = "s"


def _lines_needed(text: str, width_chars: float) -> int:
    per_line = max(1.0, width_chars * 1.05)
    return sum(max(1, -(-int(len(line) * 1.1) // int(per_line))) for line in (text or "").split("\n"))


def _fit_rows(ws, r: Rendered, widths: list[float]) -> None:
    """Row heights for the wrapped text (Excel and LibreOffice keep a written file's default height otherwise)."""
    line_pt = 15.0
    ws.row_dimensions[1].height = line_pt * max(_lines_needed(c.header, w) for c, w in zip(r.columns, widths))
    for ws_row in ws.iter_rows(min_row=2):
        n = max((_lines_needed(str(c.value) if c.value is not None else "", w) for c, w in zip(ws_row, widths)),
                default=1)
        if n > 1 and not ws_row[0].font.bold:  # heading rows of blocks stay one line high
            ws.row_dimensions[ws_row[0].row].height = line_pt * n


def xlsx_bytes(r: Rendered) -> bytes:
    """The reader's table on sheet 1 (bold frozen header, wrapped text, widths from the spec, numbers as numbers),
    caption, note and sources on sheet 2."""
    # openpyxl: ~150 ms to import, only when a table goes to Excel
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = _sheet_title(f"{t('table', r.lang)} {r.number}" if r.number else _short(r.caption_text, 31))
    total_chars = max(60, min(24 * len(r.columns), 180))  # the sheet's width in characters, shared by the widths
    bold = Font(bold=True)
    # one Alignment per column, shared by its cells (openpyxl interns styles: building one per cell was most
    # of the time of writing a sheet)
    body_align = [Alignment(wrap_text=True, vertical="top", horizontal=col.align) for col in r.columns]
    for j, col in enumerate(r.columns, start=1):
        c = ws.cell(row=1, column=j)
        _set_text(c, col.header)
        c.font = bold
        c.alignment = Alignment(wrap_text=True, vertical="bottom", horizontal=col.align)
        letter = c.column_letter
        ws.column_dimensions[letter].width = round(max(6.0, col.width * total_chars), 1)
    i = 1
    for k, row in enumerate(r.rows):
        i += 1
        if k in r.groups:  # a heading row across the table (Table 3's blocks)
            _set_text(ws.cell(row=i, column=1), r.groups[k])
            ws.cell(row=i, column=1).font = bold
            if len(r.columns) > 1:
                ws.merge_cells(start_row=i, start_column=1, end_row=i, end_column=len(r.columns))
            i += 1
        for j, (col, x, align) in enumerate(zip(r.columns, row, body_align), start=1):
            c = ws.cell(row=i, column=j)
            if x.value is not None:
                c.value = x.value
                c.number_format = col.number_format
            elif x.text:
                _set_text(c, x.text)
            c.alignment = align
    ws.freeze_panes = "A2"
    if r.rows:
        ws.auto_filter.ref = ws.dimensions
    _fit_rows(ws, r, [ws.column_dimensions[ws.cell(row=1, column=j).column_letter].width
                      for j in range(1, len(r.columns) + 1)])
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if (r.landscape or len(r.columns) > 4) else "portrait"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    about = wb.create_sheet(_sheet_title(t("about_sheet", r.lang)))
    about.column_dimensions["A"].width = 16
    about.column_dimensions["B"].width = 110
    lines = [(t("caption_label", r.lang), r.caption), (t("note", r.lang), r.note or ""),
             *((t("sources", r.lang) if k == 0 else "", ref) for k, ref in enumerate(r.sources))]
    for i, (k, v) in enumerate(lines, start=1):
        _set_text(about.cell(row=i, column=1), k)
        about.cell(row=i, column=1).font = bold
        _set_text(about.cell(row=i, column=2), v)
        about.cell(row=i, column=2).alignment = Alignment(wrap_text=True, vertical="top")
    wb.properties.created = FIXED_DOC_TIME
    wb.properties.modified = FIXED_DOC_TIME
    wb.properties.creator = "civcomm"
    wb.properties.language = DOC_LANG[r.lang]
    buf = io.BytesIO()
    wb.save(buf)
    return normalise_zip(buf.getvalue())


# --------------------------------------------------------------------------- DOCX (GOST 7.32)


def docx_bytes(r: Rendered) -> bytes:
    """The table as a Word file laid out as a dissertation prints it (``wordtable.docx_bytes``)."""
    # python-docx: ~40 ms to import, only when a table goes to Word
    from civcomm.output.wordtable import docx_bytes as word_bytes

    return word_bytes(r)


# --------------------------------------------------------------------------- LaTeX

_TEX_SPECIALS = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
                 "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
                 "✓": r"\ensuremath{\checkmark}", "×": r"\ensuremath{\times}", "−": r"\ensuremath{-}",
                 "<": r"\textless{}", ">": r"\textgreater{}", "|": r"\textbar{}"}
TEX_PACKAGES = "longtable,booktabs,array,amssymb"
TEX_PREAMBLE = (
    "% generated by civcomm. Needs \\usepackage{" + TEX_PACKAGES + "} and, for the caption as in the dissertation,\n"
    "% \\usepackage[labelsep=endash]{caption} with \\tablename set to Кесте / Таблица / Table.\n"
    "% Cyrillic: XeLaTeX or LuaLaTeX with fontspec (a font with Kazakh letters, e.g. Liberation Serif), or\n"
    "% pdfLaTeX with \\usepackage[T2A]{fontenc} (and [utf8]{inputenc} before 2018).\n")


def tex_escape(text: object) -> str:
    """Text safe inside a LaTeX table cell: specials escaped, line breaks as \\newline."""
    s = "" if text is None or (isinstance(text, float) and pd.isna(text)) else str(text)
    return "".join(_TEX_SPECIALS.get(ch, ch) for ch in s).replace("\n", r"\newline ")


def _tex_cell(x: Cell) -> str:
    if x.refs:
        return "; ".join(rf"\cite[{tex_escape(ref.postnote)}]{{{ref.source}}}" if ref.postnote
                         else rf"\cite{{{ref.source}}}" for ref in x.refs)
    return tex_escape(x.text)


def tex_bytes(r: Rendered) -> bytes:
    """A booktabs longtable whose columns sum to the text width (ragged-right text, right-aligned numbers), bold
    header repeated on every page, \\caption and \\label, references as \\cite{<source id>} (keys of sources.bib);
    a table too wide for a portrait page is set on landscape pages (pdflscape)."""
    align = {"left": r"\raggedright", "right": r"\raggedleft", "center": r"\centering"}
    shares = [round(c.width, 4) for c in r.columns]
    shares[-1] = round(1 - sum(shares[:-1]), 4)  # the shares sum to exactly the text width
    spec = "".join(rf">{{{align[c.align]}\arraybackslash\hspace{{0pt}}}}"
                   rf"p{{\dimexpr {w:.4f}\linewidth-2\tabcolsep\relax}}" for c, w in zip(r.columns, shares))
    head = " & ".join(rf"\textbf{{{tex_escape(c.header)}}}" for c in r.columns) + r" \\"
    n = len(r.columns)
    lines = [TEX_PREAMBLE.rstrip("\n")]
    if r.landscape:
        lines += ["% a wide table: set on landscape pages, needs \\usepackage{pdflscape}", r"\begin{landscape}"]
    lines += [r"\begingroup" + (r"\footnotesize" if r.font_pt < 11 else r"\small"),
              rf"\begin{{longtable}}{{{spec}}}",
              rf"\caption{{{tex_escape(r.caption_text)}}}\label{{tab:{r.name}}} \\",
              r"\toprule", head, r"\midrule", r"\endfirsthead",
              rf"\multicolumn{{{n}}}{{@{{}}l}}{{\itshape {tex_escape(t('table_continued', r.lang))}}} \\",
              r"\toprule", head, r"\midrule", r"\endhead", r"\bottomrule", r"\endfoot"]
    for k, row in enumerate(r.rows):
        if k in r.groups:
            lines.append(rf"\multicolumn{{{n}}}{{l}}{{\textbf{{{tex_escape(r.groups[k])}}}}} \\*")
        lines.append(" & ".join(_tex_cell(x) for x in row) + r" \\")
    lines.append(r"\end{longtable}")
    if r.note:
        lines.append(r"\par\noindent{\raggedright " + tex_escape(r.note) + r"\par}")
    lines.append(r"\endgroup")
    if r.landscape:
        lines.append(r"\end{landscape}")
    return ("\n".join(lines) + "\n").encode("utf-8")


# --------------------------------------------------------------------------- files


def write_table(df: pd.DataFrame, name: str, lang: str | None = None, formats: Iterable[str] | None = None,
                index: bool = False, out_dir: Path | None = None, caption: str | None = None,
                note: str | None = None, spec: TableSpec | None = None, fields: dict | None = None,
                rendered: Rendered | None = None) -> list[Path]:
    """Export ``df`` to outputs/tables/<name>[.<lang>].<fmt>; returns the paths.

    The table's presentation spec (``civcomm.present.specs``, by ``name``) says how it reads and which formats
    it goes to (``formats`` None: all of them); a table without a spec is written with its column names.
    CSV holds the machine columns; XLSX, DOCX and LaTeX the reader's view with caption and note.
    """
    out_dir = out_dir or exports_dir() / "tables"
    spec = spec or spec_for(name) or generic_spec(name, df, index=index)
    wanted = list(formats) if formats is not None else list(spec.formats)
    for fmt in wanted:
        if fmt not in ALL_FORMATS:
            raise ValueError(f"unknown table format '{fmt}' (expected one of: {', '.join(ALL_FORMATS)})")
    stem = f"{name}.{lang}" if lang else name
    paths = []
    if rendered is None and any(f != "csv" for f in wanted):
        rendered = render(spec, df, lang or "en", fields=fields, caption=caption, note=note)
    for fmt in wanted:
        if fmt == "csv":
            data = csv_bytes(machine_columns(spec, df))
        else:
            data = {"xlsx": xlsx_bytes, "docx": docx_bytes, "tex": tex_bytes}[fmt](rendered)
        paths.append(atomic_write_bytes(out_dir / f"{stem}.{fmt}", data))
    return paths


def write_file(data: bytes, name: str, lang: str | None, ext: str, out_dir: Path | None = None) -> Path:
    """Write ready-made bytes (e.g. a REFI-QDA .qdc/.qdpx) to outputs/tables/<name>[.<lang>].<ext>, atomically."""
    out_dir = out_dir or exports_dir() / "tables"
    return atomic_write_bytes(out_dir / (f"{name}.{lang}.{ext}" if lang else f"{name}.{ext}"), data)
