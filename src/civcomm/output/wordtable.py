"""Word tables as a Kazakh or Russian dissertation prints them (GOST 7.32): A4, margins, caption, note, language."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from civcomm.core.langs import DOC_LANG
from civcomm.output.atomic import FIXED_DOC_TIME, normalise_zip
from civcomm.present.tablespec import Cell, Rendered

A4_CM = (21.0, 29.7)
MARGINS_CM = {"left": 3.0, "right": 1.5, "top": 2.0, "bottom": 2.0}  # GOST 7.32-2017, 6.1.1
FONT = "Times New Roman"


def _lang_el(lang: str):
    el = OxmlElement("w:lang")
    for attr in ("w:val", "w:eastAsia", "w:bidi"):
        el.set(qn(attr), DOC_LANG[lang])
    return el


def _set_run_lang(run, lang: str) -> None:
    r_pr = run._r.get_or_add_rPr()
    for old in r_pr.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}lang"):
        r_pr.remove(old)
    r_pr.append(_lang_el(lang))


def _style_document(doc, lang: str, landscape: bool) -> None:
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(12)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:cs"), FONT)
    normal.paragraph_format.space_after = Pt(0)
    defaults = styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for old in defaults.findall(qn("w:lang")):
        defaults.remove(old)
    defaults.append(_lang_el(lang))
    cap = styles["Caption"]
    cap.font.name = FONT
    cap.font.size = Pt(12)
    cap.font.italic = False
    cap.font.bold = False
    cap.font.color.rgb = RGBColor(0, 0, 0)
    cap.paragraph_format.keep_with_next = True
    cap.paragraph_format.space_after = Pt(6)
    section = doc.sections[0]
    w, h = A4_CM
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Cm(h), Cm(w)) if landscape else (Cm(w), Cm(h))
    # landscape pages keep the binding edge: GOST's 3 cm left margin becomes the top when the page is turned
    m = MARGINS_CM
    section.left_margin, section.right_margin = (Cm(m["top"]), Cm(m["bottom"])) if landscape else \
        (Cm(m["left"]), Cm(m["right"]))
    section.top_margin, section.bottom_margin = (Cm(m["left"]), Cm(m["right"])) if landscape else \
        (Cm(m["top"]), Cm(m["bottom"]))


def _caption(doc, r: Rendered) -> None:
    """'Кесте 5 – …' above the table in Word's Caption style, kept with the table. The number is text, not a SEQ
    field: Word and LibreOffice would renumber a field from 1 in a file that holds one table."""
    p = doc.add_paragraph(style="Caption")
    _set_run_lang(p.add_run(r.caption), r.lang)


def _fill(cell_obj, x: Cell, align: str, lang: str, size, bold: bool = False) -> None:
    para_align = {"left": WD_ALIGN_PARAGRAPH.LEFT, "right": WD_ALIGN_PARAGRAPH.RIGHT,
                  "center": WD_ALIGN_PARAGRAPH.CENTER}[align]
    lines = x.text.split("\n") if x.text else [""]
    first = cell_obj.paragraphs[0]
    for k, line in enumerate(lines):
        p = first if k == 0 else cell_obj.add_paragraph()
        p.alignment = para_align
        p.paragraph_format.space_after = 0
        run = p.add_run(line)
        run.font.size = size
        run.bold = bold or None
        _set_run_lang(run, lang)


def _cant_split(row) -> None:
    el = OxmlElement("w:cantSplit")
    el.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(el)


def docx_bytes(r: Rendered) -> bytes:
    """A Word table as a Kazakh or Russian dissertation prints it: A4 with GOST 7.32 margins, Times New Roman,
    document and run language, caption above in the Caption style, note below, the header row repeated on
    every page, rows kept whole, column widths from the spec, landscape where the table is too wide."""
    doc = Document()
    _style_document(doc, r.lang, r.landscape)
    _caption(doc, r)
    section = doc.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    table = doc.add_table(rows=1, cols=len(r.columns))
    table.style = "Table Grid"
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    widths = [int(text_width * c.width) for c in r.columns]
    for gc, w in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths):
        gc.set(qn("w:w"), str(int(w / 635)))  # EMU -> twentieths of a point
    size = Pt(r.font_pt)
    header = table.rows[0]
    for cell_obj, col, w in zip(header.cells, r.columns, widths):
        cell_obj.width = w
        _fill(cell_obj, Cell(col.header), "left" if col.align == "left" else "center", r.lang, size, bold=True)
    tr_pr = header._tr.get_or_add_trPr()
    for tag in ("w:cantSplit", "w:tblHeader"):
        el = OxmlElement(tag)
        el.set(qn("w:val"), "true")
        tr_pr.append(el)
    for k, row in enumerate(r.rows):
        if k in r.groups:  # a heading row across the table (Table 3's blocks), kept with the row below
            heading = table.add_row()
            merged = heading.cells[0].merge(heading.cells[-1]) if len(r.columns) > 1 else heading.cells[0]
            _fill(merged, Cell(r.groups[k]), "left", r.lang, size, bold=True)
            merged.paragraphs[0].paragraph_format.keep_with_next = True
            _cant_split(heading)
        cells = table.add_row()
        _cant_split(cells)
        for cell_obj, col, x, w in zip(cells.cells, r.columns, row, widths):
            cell_obj.width = w
            _fill(cell_obj, x, col.align, r.lang, size)
    if r.note:
        p = doc.add_paragraph()
        p.paragraph_format.space_before = Pt(6)
        _set_run_lang(p.add_run(r.note), r.lang)
    props = doc.core_properties
    props.author = "civcomm"
    props.last_modified_by = "civcomm"
    props.language = DOC_LANG[r.lang]
    props.title = r.caption
    props.created = FIXED_DOC_TIME
    props.modified = FIXED_DOC_TIME
    props.revision = 1
    buf = io.BytesIO()
    doc.save(buf)
    return normalise_zip(buf.getvalue())
