"""DOCX and LaTeX exports: caption above, note below, header repeated, specials escaped, deterministic."""

from __future__ import annotations

import io
import re

import docx
import openpyxl
import pandas as pd
import pytest

from civcomm.output import tables as export
from civcomm.present import figures
from civcomm.views import kz_law, tables

SPECIALS = "50% of #1 & $2 a_b {c} ~d ^e \\f"


def frame():
    return pd.DataFrame({"Құзырет": ["Адалдық", SPECIALS], "refs": [["diss_kz#Table 3 l.403"], []]})


def test_docx_has_caption_table_note_and_repeated_header(tmp_path):
    path, = export.write_table(frame(), "t", lang="kk", formats=["docx"], out_dir=tmp_path,
                               caption="Кесте 3 – Үлгі", note="Ескерту – Дереккөз")
    doc = docx.Document(str(path))
    body = [el.tag.rsplit("}", 1)[1] for el in doc.element.body.iterchildren()]
    assert body[:3] == ["p", "tbl", "p"]
    assert doc.paragraphs[0].text == "Кесте 3 – Үлгі" and doc.paragraphs[-1].text == "Ескерту – Дереккөз"
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Құзырет", "refs"]
    assert table.rows[2].cells[0].text == SPECIALS
    assert table.rows[0]._tr.xpath("./w:trPr/w:tblHeader")
    again, = export.write_table(frame(), "t", lang="kk", formats=["docx"], out_dir=tmp_path / "b",
                                caption="Кесте 3 – Үлгі", note="Ескерту – Дереккөз")
    assert again.read_bytes() == path.read_bytes()


def test_tex_is_balanced_booktabs_with_escaped_specials(tmp_path):
    path, = export.write_table(frame(), "t", formats=["tex"], out_dir=tmp_path, caption="Table 3 – x_y", note="Note – 100%")
    tex = path.read_text(encoding="utf-8")
    assert tex.count(r"\begin{longtable}") == tex.count(r"\end{longtable}") == 1
    for rule in (r"\toprule", r"\midrule", r"\bottomrule"):
        assert rule in tex
    assert r"50\% of \#1 \& \$2 a\_b \{c\} \textasciitilde{}d \textasciicircum{}e \textbackslash{}f" in tex
    assert r"Table 3 – x\_y" in tex and r"Note – 100\%" in tex
    body = re.sub(r"\\[a-zA-Z]+\*?(\{[^{}]*\})?|\\[&%$#_{}]", "", tex)
    assert body.count("{") == body.count("}")
    rows = tex.split(r"\endfoot")[1].split(r"\end{longtable}")[0].strip().split("\n")
    for row in rows:
        cells = row.removesuffix(r" \\").split(" & ")
        assert len(cells) == 2
        for cell in cells:
            assert not re.search(r"[&%$#_{}~^]", re.sub(r"\\[&%$#_{}]|\\text\w+\{\}", "", cell)), cell


@pytest.mark.parametrize("n", [1, 3, 4, 5, 6, 7])
def test_every_dissertation_table_exports_in_all_formats(n, tmp_path):
    shown = tables.localise_table(tables.build_dissertation_table(n, "kk"), n, "kk")
    paths = export.write_table(shown, f"table{n}", lang="kk", formats=export.ALL_FORMATS, out_dir=tmp_path,
                               caption=tables.table_caption(n, "kk"), note=tables.table_note(n, "kk"))
    assert [p.suffix for p in paths] == [".csv", ".xlsx", ".docx", ".tex"]
    ws = openpyxl.load_workbook(io.BytesIO(paths[1].read_bytes())).active
    assert ws.max_row == len(shown) + 1
    doc = docx.Document(str(paths[2]))
    assert doc.paragraphs[0].text.startswith(f"Кесте {n} – ")
    assert len(doc.tables[0].rows) == len(shown) + 1
    if tables.table_note(n, "kk"):
        assert doc.paragraphs[-1].text.startswith("Ескерту – ")
    tex = paths[3].read_text(encoding="utf-8")
    assert tex.count(r"\begin{longtable}") == tex.count(r"\end{longtable}")


def test_timeline_has_every_dated_act():
    acts = kz_law.acts_frame("en")
    fig = figures.make_acts_timeline(acts, "en")
    plotted = sum(len(tr.x) for tr in fig.data)
    assert plotted == acts["date"].notna().sum() > 10
    hover = " ".join(h for tr in fig.data for h in tr.customdata)
    assert "416-V" in hover and "&lt;" not in acts["title"].str.cat()
