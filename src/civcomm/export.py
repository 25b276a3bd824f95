"""Write tables to outputs/tables/ as CSV (UTF-8 with BOM), XLSX, DOCX and LaTeX; atomic, byte-deterministic writes."""

from __future__ import annotations

import io
import os
import re
import tempfile
import zipfile
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

import pandas as pd

from .paths import outputs_dir

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
FIXED_DOC_TIME = datetime(2000, 1, 1)
_UMASK = os.umask(0)
os.umask(_UMASK)


def atomic_write_bytes(path: Path, data: bytes) -> Path:
    """Write to a temporary file beside ``path`` and rename it into place (never half-written)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_UMASK)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return path


def atomic_write_text(path: Path, text: str, encoding: str = "utf-8") -> Path:
    return atomic_write_bytes(path, text.encode(encoding))


_CORE_TIMES = re.compile(rb"(<dcterms:(created|modified)\b[^>]*>)[^<]*(</dcterms:\2>)")


def zip_bytes(files: dict[str, bytes]) -> bytes:
    """A deflated zip of ``files`` (name -> content, in that order) with fixed entry times and
    modes, so equal content gives equal bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, content in files.items():
            info = zipfile.ZipInfo(name, FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            dst.writestr(info, content)
    return out.getvalue()


def normalise_zip(data: bytes) -> bytes:
    """Rewrite an OOXML zip with fixed entry times and document dates, so equal content gives equal bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    files = {}
    for name in src.namelist():
        content = src.read(name)
        if name == "docProps/core.xml":  # writers stamp "modified" with the time of saving
            content = _CORE_TIMES.sub(rb"\g<1>2000-01-01T00:00:00Z\g<3>", content)
        files[name] = content
    return zip_bytes(files)


def _flatten(df: pd.DataFrame) -> pd.DataFrame:
    """Lists in cells become '; '-joined text (CSV/XLSX have no lists)."""
    out = df.copy()
    for col in out.columns:
        if out[col].map(lambda v: isinstance(v, (list, tuple))).any():
            out[col] = out[col].map(lambda v: "; ".join(map(str, v)) if isinstance(v, (list, tuple)) else v)
    return out


def csv_bytes(df: pd.DataFrame, index: bool = False) -> bytes:
    """CSV as UTF-8 with BOM (so Excel shows Cyrillic), Unix line ends."""
    return _flatten(df).to_csv(index=index, lineterminator="\n").encode("utf-8-sig")


def xlsx_bytes(df: pd.DataFrame, sheet: str = "table", index: bool = False) -> bytes:
    from openpyxl import Workbook
    from openpyxl.utils.dataframe import dataframe_to_rows

    wb = Workbook()
    ws = wb.active
    ws.title = sheet[:31]
    for row in dataframe_to_rows(_flatten(df), index=index, header=True):
        if index and row == [None]:
            continue  # openpyxl's blank line under an index header
        ws.append([None if (v is pd.NA or (isinstance(v, float) and pd.isna(v))) else v for v in row])
    ws.freeze_panes = "A2"
    wb.properties.created = FIXED_DOC_TIME
    wb.properties.modified = FIXED_DOC_TIME
    wb.properties.creator = "civcomm"
    buf = io.BytesIO()
    wb.save(buf)
    return normalise_zip(buf.getvalue())


def _cell_text(v) -> str:
    if v is None or (isinstance(v, float) and pd.isna(v)):
        return ""
    if isinstance(v, (list, tuple)):
        return "; ".join(map(str, v))
    return str(v)


def docx_bytes(df: pd.DataFrame, index: bool = False, caption: str | None = None, note: str | None = None) -> bytes:
    """Word table in the dissertation's convention: caption above, note below, header row repeated
    on every page; fixed core properties so equal tables give equal bytes."""
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    frame = df.reset_index() if index else df
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)
    if caption:
        doc.add_paragraph(caption)
    table = doc.add_table(rows=1, cols=len(frame.columns))
    table.style = "Table Grid"
    header = table.rows[0]
    for cell, col in zip(header.cells, frame.columns):
        cell.text = str(col)
        for run in cell.paragraphs[0].runs:
            run.bold = True
    tr_pr = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)
    for values in frame.itertuples(index=False):
        cells = table.add_row().cells
        for cell, v in zip(cells, values):
            cell.text = _cell_text(v)
    if note:
        doc.add_paragraph(note)
    props = doc.core_properties
    props.author = "civcomm"
    props.last_modified_by = "civcomm"
    props.created = FIXED_DOC_TIME
    props.modified = FIXED_DOC_TIME
    props.revision = 1
    buf = io.BytesIO()
    doc.save(buf)
    return normalise_zip(buf.getvalue())


_TEX_SPECIALS = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
                 "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def tex_escape(text: object) -> str:
    """Text safe inside a LaTeX table cell: & % $ # _ { } ~ ^ and backslash escaped."""
    return "".join(_TEX_SPECIALS.get(ch, ch) for ch in _cell_text(text)).replace("\n", " ")


def tex_bytes(df: pd.DataFrame, index: bool = False, caption: str | None = None, note: str | None = None) -> bytes:
    """A booktabs longtable (needs \\usepackage{booktabs,longtable}); the header repeats on each page."""
    frame = df.reset_index() if index else df
    n = len(frame.columns)
    width = max(0.1, round(0.95 / max(n, 1), 3))
    spec = "".join(f"p{{{width}\\linewidth}}" for _ in range(n))
    head = " & ".join(tex_escape(c) for c in frame.columns) + r" \\"
    lines = [r"% generated by civcomm: needs \usepackage{booktabs,longtable}", rf"\begin{{longtable}}{{{spec}}}"]
    if caption:
        lines.append(rf"\caption*{{{tex_escape(caption)}}} \\")
    lines += [r"\toprule", head, r"\midrule", r"\endfirsthead", r"\toprule", head, r"\midrule", r"\endhead",
              r"\bottomrule", r"\endfoot"]
    for values in frame.itertuples(index=False):
        lines.append(" & ".join(tex_escape(v) for v in values) + r" \\")
    lines.append(r"\end{longtable}")
    if note:
        lines.append(r"\par\noindent " + tex_escape(note))
    return ("\n".join(lines) + "\n").encode("utf-8")


WRITERS = {"csv": csv_bytes, "xlsx": xlsx_bytes, "docx": docx_bytes, "tex": tex_bytes}
CAPTIONED = {"docx", "tex"}  # writers that take caption= and note=
ALL_FORMATS = ("csv", "xlsx", "docx", "tex")


def write_table(df: pd.DataFrame, name: str, lang: str | None = None, formats: Iterable[str] = ("csv", "xlsx"),
                index: bool = False, out_dir: Path | None = None, caption: str | None = None,
                note: str | None = None) -> list[Path]:
    """Export ``df`` to outputs/tables/<name>[.<lang>].<fmt> for each format; returns the paths.

    ``caption`` and ``note`` go above and below the table in DOCX and LaTeX.
    """
    out_dir = out_dir or outputs_dir() / "tables"
    stem = f"{name}.{lang}" if lang else name
    paths = []
    for fmt in formats:
        if fmt not in WRITERS:
            raise ValueError(f"unknown table format '{fmt}' (expected one of: {', '.join(WRITERS)})")
        extra = {"caption": caption, "note": note} if fmt in CAPTIONED else {}
        paths.append(atomic_write_bytes(out_dir / f"{stem}.{fmt}", WRITERS[fmt](df, index=index, **extra)))
    return paths


def write_file(data: bytes, name: str, lang: str | None, ext: str, out_dir: Path | None = None) -> Path:
    """Write ready-made bytes (e.g. a REFI-QDA .qdc/.qdpx) to outputs/tables/<name>[.<lang>].<ext>, atomically."""
    out_dir = out_dir or outputs_dir() / "tables"
    return atomic_write_bytes(out_dir / (f"{name}.{lang}.{ext}" if lang else f"{name}.{ext}"), data)


# --------------------------------------------------------------------------- graphs (issue 5)


def _plain_graph(g):
    """A copy whose node/edge attributes are scalars (Gephi formats take no lists or objects)."""
    import networkx as nx

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
    import re

    import networkx as nx

    text = "<?xml version='1.0' encoding='utf-8'?>\n" + "\n".join(nx.generate_gexf(_plain_graph(g))) + "\n"
    return re.sub(r'\s+lastmodifieddate="[^"]*"', "", text).encode("utf-8")


def graphml_bytes(g) -> bytes:
    import networkx as nx

    return ("\n".join(nx.generate_graphml(_plain_graph(g))) + "\n").encode("utf-8")


def write_graph(g, name: str, tables: dict[str, pd.DataFrame] | None = None, out_dir: Path | None = None) -> list[Path]:
    """outputs/graphs/<name>.gexf and .graphml, plus <name>.<table>.csv for each table (nodes, edges, metrics)."""
    out_dir = out_dir or outputs_dir() / "graphs"
    paths = [atomic_write_bytes(out_dir / f"{name}.gexf", gexf_bytes(g)),
             atomic_write_bytes(out_dir / f"{name}.graphml", graphml_bytes(g))]
    for key, df in sorted((tables or {}).items()):
        paths.append(atomic_write_bytes(out_dir / f"{name}.{key}.csv", csv_bytes(df)))
    return paths
