"""Publication exports read as a dissertation prints them: DOCX (GOST 7.32), XLSX, LaTeX and the reports' HTML.

The fast tests read the files' XML; the slow ones print the DOCX with LibreOffice and compile the LaTeX where
those are installed (`.ci/run` installs both).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import openpyxl
import pandas as pd
import pytest

from civcomm.core.i18n import t
from civcomm.data import cache
from civcomm.output import tables as export
from civcomm.present import figures, specs
from civcomm.present.tablehtml import table_html
from civcomm.present.tablespec import Col, TableSpec, generic_spec, render
from civcomm.views import kz_law, tables

from .machine_values import docx_cells, machine_values, project_codes

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SPECIALS = "50% of #1 & $2 a_b {c} ~d ^e \\f"
PUBLICATION = ("table1", "table2", "table3", "table4", "table5", "table6", "table7", "table5_computed",
               "table6_computed")
# pages each table may take, printed: what the dissertation's own table needs (Tables 3, 6 and 7 run over a page
# break in the dissertation too), and at most 2 for the computed Table 5 (the bound)
MAX_PAGES = {"table1": 1, "table2": 2, "table3": 2, "table4": 1, "table5": 2, "table6": 3, "table7": 2,
             "table5_computed": 2, "table6_computed": 2}


def frame_for(name: str, lang: str) -> pd.DataFrame:
    if name == "table2":
        return tables.build_table2(lang)
    if name == "table5_computed":
        return tables.build_table5_computed(lang)
    if name == "table6_computed":
        return tables.build_table6_computed(lang)
    return tables.build_dissertation_table(int(name.removeprefix("table")), lang)


def publish_all(out: Path, langs=("kk", "ru", "en")) -> dict[tuple[str, str], list[Path]]:
    return {(name, lang): export.write_table(frame_for(name, lang), name, lang=lang, out_dir=out)
            for lang in langs for name in PUBLICATION}


def xml(path: Path, part: str = "word/document.xml") -> str:
    return zipfile.ZipFile(path).read(part).decode("utf-8")


# --------------------------------------------------------------------------- DOCX


def test_publication_tables_go_to_every_format_and_long_forms_to_csv_and_xlsx(tmp_path):
    paths = export.write_table(tables.build_table2("kk"), "table2", lang="kk", out_dir=tmp_path)
    assert [p.name for p in paths] == [f"table2.kk.{f}" for f in ("csv", "xlsx", "docx", "tex")]
    long_form = export.write_table(kz_law.provisions_frame("kk"), "kz_provisions", lang="kk", out_dir=tmp_path)
    assert [p.suffix for p in long_form] == [".csv", ".xlsx"]
    assert specs.spec_for("kz_provisions").formats == ("csv", "xlsx")


def test_docx_is_a4_gost_kazakh_with_caption_style_repeated_header_and_widths(tmp_path):
    (path,) = export.write_table(tables.build_table2("kk"), "table2", lang="kk", formats=["docx"], out_dir=tmp_path)
    doc = docx.Document(str(path))
    sec = doc.sections[0]
    assert (round(sec.page_width.cm, 1), round(sec.page_height.cm, 1)) == (21.0, 29.7)
    assert [round(x.cm, 1) for x in (sec.left_margin, sec.right_margin, sec.top_margin, sec.bottom_margin)] == \
        [3.0, 1.5, 2.0, 2.0]
    body = [el.tag.rsplit("}", 1)[1] for el in doc.element.body.iterchildren()]
    assert body[:3] == ["p", "tbl", "p"]
    cap = doc.paragraphs[0]
    assert cap.style.name == "Caption" and cap.text == tables.table_caption(2, "kk")
    assert not cap.style.font.italic and cap.style.font.name == "Times New Roman"
    assert doc.paragraphs[-1].text == tables.table_note(2, "kk")
    styles = xml(path, "word/styles.xml")
    assert re.search(r'<w:docDefaults>.*<w:lang w:val="kk-KZ"', styles, re.S)
    document = xml(path)
    langs = set(re.findall(r'<w:lang w:val="([^"]+)"', document))
    assert langs == {"kk-KZ"}
    table = doc.tables[0]
    header = table.rows[0]
    assert [c.text for c in header.cells] == list(tables.table_headers(2, "kk").values())
    assert header._tr.xpath("./w:trPr/w:tblHeader")
    assert all(r._tr.xpath("./w:trPr/w:cantSplit") for r in table.rows)
    grid = [int(g.get(f"{W}w")) for g in table._tbl.tblGrid.findall(f"{W}gridCol")]
    shown = [c for c in specs.spec_for("table2").columns if c.shown]
    want = [c.width / sum(x.width for x in shown) for c in shown]
    assert all(abs(g / sum(grid) - w) < 0.002 for g, w in zip(grid, want))  # the spec's widths, unequal
    assert len(set(grid)) > 2 and grid.index(max(grid)) == 2  # the approach column is the widest
    text_twips = (21.0 - 3.0 - 1.5) / 2.54 * 1440
    assert abs(sum(grid) - text_twips) < 10
    assert "Times New Roman" in styles
    assert machine_values(docx_cells(path), *project_codes()) == []


@pytest.mark.parametrize("lang, word, code", [("ru", "Таблица", "ru-RU"), ("en", "Table", "en-GB")])
def test_docx_language_and_caption_follow_the_report(tmp_path, lang, word, code):
    (path,) = export.write_table(tables.build_table5_computed(lang), "table5_computed", lang=lang, formats=["docx"],
                                 out_dir=tmp_path)
    doc = docx.Document(str(path))
    assert doc.paragraphs[0].text.startswith(f"{word} 5 – ")
    assert set(re.findall(r'<w:lang w:val="([^"]+)"', xml(path))) == {code}
    sec = doc.sections[0]
    assert sec.page_width > sec.page_height  # the computed Table 5 needs a landscape page
    assert doc.core_properties.language == code


def test_docx_table3_keeps_the_dissertations_blocks_as_heading_rows(tmp_path):
    (path,) = export.write_table(tables.build_table3("kk"), "table3", lang="kk", formats=["docx"], out_dir=tmp_path)
    rows = docx.Document(str(path)).tables[0].rows
    blocks = {b.kk for b in kz_law.load_table(3).blocks.values()}
    headings = [r for r in rows if len({c._tc for c in r.cells}) == 1]
    assert {r.cells[0].text for r in headings} == blocks
    assert t("block", "kk") not in [c.text for c in rows[0].cells]


def test_docx_is_byte_identical_for_equal_input(tmp_path):
    a, b = (export.write_table(tables.build_table2("ru"), "table2", lang="ru", formats=["docx", "xlsx"],
                               out_dir=tmp_path / d) for d in "ab")
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]


# --------------------------------------------------------------------------- XLSX


def test_xlsx_has_widths_wrapping_bold_frozen_header_numbers_and_an_about_sheet(tmp_path):
    (path,) = export.write_table(tables.build_table2("kk"), "table2", lang="kk", formats=["xlsx"], out_dir=tmp_path)
    wb = openpyxl.load_workbook(str(path))
    ws, about = wb.worksheets
    assert ws.title == "Кесте 2" and ws.freeze_panes == "A2"
    assert [c.value for c in ws[1]] == list(tables.table_headers(2, "kk").values())
    assert all(c.font.bold for c in ws[1])
    widths = [ws.column_dimensions[letter].width for letter in "ABCD"]
    assert widths[2] == max(widths) and len(set(widths)) >= 3
    assert all(c.alignment.wrap_text for row in ws.iter_rows(min_row=2) for c in row)
    assert ws["A2"].value == 1 and ws["A2"].data_type == "n" and ws["A2"].number_format == "0"
    assert ws["D2"].value == "[79]" and ws["D2"].alignment.horizontal == "left"
    assert about.title == t("about_sheet", "kk")
    texts = [c.value for c in about["B"]]
    assert texts[0] == tables.table_caption(2, "kk") and texts[1] == tables.table_note(2, "kk")
    assert any(str(v).startswith("Pew") or "79" in str(v) for v in texts[2:])


def test_xlsx_stores_numbers_rounded_with_a_format(tmp_path):
    df = pd.DataFrame({"competence_id": ["digital_literacy"], "n_units": [55], "n_hand": [9], "n_auto": [3],
                       "n_both": [3], "kappa": [0.45544554455445546], "alpha": [0.44387755102040816],
                       "precision": [1.0], "recall": [1 / 3]})
    (path,) = export.write_table(df, "kz_law_agreement", lang="ru", formats=["xlsx"], out_dir=tmp_path)
    ws = openpyxl.load_workbook(str(path)).active
    assert ws.title.startswith("Согласие автоматического") and len(ws.title) <= 31  # the caption, cut at a word
    assert ws["A2"].value == "Цифровая грамотность"
    assert ws["F2"].value == 0.46 and ws["F2"].number_format == "0.00" and ws["F2"].alignment.horizontal == "right"


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1"])
def test_xlsx_writes_formula_like_text_as_text(tmp_path, text):
    df = pd.DataFrame({"x": [text]})
    (path,) = export.write_table(df, "t", formats=["xlsx"], out_dir=tmp_path)
    sheet = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet
    cell = openpyxl.load_workbook(str(path)).active["A2"]
    assert cell.value == text and cell.data_type == "s"


# --------------------------------------------------------------------------- LaTeX


def test_tex_is_a_balanced_booktabs_longtable_with_escaped_specials(tmp_path):
    df = pd.DataFrame({"Құзырет": ["Адалдық", SPECIALS], "refs": [["diss_kz#Table 3 l.403"], []]})
    (path,) = export.write_table(df, "t", formats=["tex"], out_dir=tmp_path, caption="Table 3 – x_y",
                                 note="Note – 100%")
    tex = path.read_text(encoding="utf-8")
    assert tex.count(r"\begin{longtable}") == tex.count(r"\end{longtable}") == 1
    for rule in (r"\toprule", r"\midrule", r"\bottomrule", r"\endhead"):
        assert rule in tex
    assert r"50\% of \#1 \& \$2 a\_b \{c\} \textasciitilde{}d \textasciicircum{}e \textbackslash{}f" in tex
    assert r"\caption{Table 3 – x\_y}" in tex and r"Note – 100\%" in tex
    assert r"\cite[5-кесте]{diss_kz}" not in tex and r"\cite[Table 3]{diss_kz}" in tex
    body = re.sub(r"\\[a-zA-Z]+\*?(\{[^{}]*\})?|\\[&%$#_{}]", "", tex.split(r"\endfoot")[1])
    assert body.count("{") == body.count("}")


@pytest.mark.parametrize("name", PUBLICATION)
def test_tex_columns_sum_to_the_text_width_with_bold_headers_and_cites(name, tmp_path):
    (path,) = export.write_table(frame_for(name, "kk"), name, lang="kk", formats=["tex"], out_dir=tmp_path)
    tex = path.read_text(encoding="utf-8")
    shares = [float(x) for x in re.findall(r"p\{\\dimexpr ([0-9.]+)\\linewidth-2\\tabcolsep\\relax\}", tex)]
    assert shares and abs(sum(shares) - 1) < 1e-9
    assert re.search(r"\\raggedright\\arraybackslash", tex)
    head = tex.split(r"\midrule")[0].splitlines()[-1]
    assert head.count(r"\textbf{") == len(shares)
    cited = re.findall(r"\\cite(?:\[[^\]]*\])?\{([^}]+)\}", tex)
    assert set(cited) <= set(cache.project().sources)
    if name == "table2":
        assert r"\cite{pew_digital_gov}" in tex and len(cited) >= 10
    assert (r"\begin{landscape}" in tex) == (name in ("table5_computed", "table6_computed"))


# --------------------------------------------------------------------------- HTML


def test_html_aligns_text_left_and_numbers_right_and_scrolls_wide_tables():
    matrix = render(specs.spec_for("country_competence_matrix"), tables.build_emphasis_matrix("kk"), "kk")
    page = table_html(matrix, with_css=True)
    assert 'class="civcomm-wrap' in page and "overflow: auto" in page
    # 36 count columns: headers stand vertically over narrow columns, no word broken inside
    assert page.count('<th class="civcomm-vh"><span>') == len(matrix.columns) - 1 and "civcomm-vertical" in page
    prose = pd.DataFrame({f"c{i}": ["a few words"] for i in range(8)})  # wide, but text: scrolls, headers flat
    page8 = table_html(render(generic_spec("w", prose), prose, "en"))
    assert "min-width:" in page8 and "civcomm-vh" not in page8
    assert '<td class="civcomm-r">' in page and "<td>" in page  # counts right, country names left
    assert ".jp-RenderedHTMLCommon table.civcomm-table td" in page  # outweighs JupyterLab's right alignment
    assert "Сингапур" in page and ">SGP<" not in page
    long = render(specs.spec_for("kz_provisions"), kz_law.provisions_frame("kk"), "kk")
    assert "civcomm-long" in table_html(long)


def test_text_from_data_is_escaped_in_html():
    spec = TableSpec("x", (Col("a", header="=a"),), about="")
    page = table_html(render(spec, pd.DataFrame({"a": ["<script>alert(1)</script>"]}), "en", caption="<b>"))
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_a_table_without_a_spec_keeps_its_column_names():
    spec = generic_spec("t", pd.DataFrame({"n": [1], "is_x": [True]}))
    r = render(spec, pd.DataFrame({"n": [1], "is_x": [True]}), "kk")
    assert [c.header for c in r.columns] == ["n", "is_x"] and r.rows[0][1].text == "иә"


def test_timeline_has_every_dated_act():
    acts = kz_law.acts_frame("en")
    fig = figures.make_acts_timeline(acts, "en")
    plotted = sum(len(tr.x) for tr in fig.data)
    assert plotted == acts["date"].notna().sum() > 10
    hover = " ".join(h for tr in fig.data for h in tr.customdata)
    assert "416-V" in hover and "&lt;" not in acts["title"].str.cat()


# --------------------------------------------------------------------------- printed (slow)


def _pages(pdf: Path) -> tuple[int, list[tuple[float, float]]]:
    """Page count and every MediaBox (width, height in points) of a PDF as LibreOffice writes it (plain objects)."""
    data = pdf.read_bytes()
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([0-9.]+) ([0-9.]+)\s*\]", data)
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", data)), [(float(w), float(h)) for w, h in boxes]


def require(tool: str, package: str, optional_in_ci: bool = False) -> None:
    """Skip where ``tool`` is missing locally; in CI (.ci/run installs it) a missing tool fails the test."""
    if shutil.which(tool):
        return
    if os.environ.get("CI") and not optional_in_ci:
        pytest.fail(f"{tool} is required in CI (.ci/run installs {package})")
    pytest.skip(f"{tool} not installed (apt-get install --no-install-recommends {package})")


@pytest.mark.slow
def test_publication_docx_print_on_a4_within_the_pages_the_dissertation_needs(tmp_path):
    require("soffice", "libreoffice-writer-nogui")
    publish_all(tmp_path / "tables")
    docs = sorted(str(p) for p in (tmp_path / "tables").glob("*.docx"))
    profile = tmp_path / "lo-profile"
    r = subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(tmp_path / "pdf"), *docs], capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, r.stderr
    too_long = {}
    for pdf in sorted((tmp_path / "pdf").glob("*.pdf")):
        name = pdf.name.split(".")[0]
        n, sizes = _pages(pdf)
        assert n >= 1 and sizes and all(sorted((round(w), round(h))) == [595, 842] for w, h in sizes), pdf.name
        if n > MAX_PAGES[name]:
            too_long[pdf.name] = n
    assert len(list((tmp_path / "pdf").glob("*.pdf"))) == len(docs) == 3 * len(PUBLICATION)
    assert too_long == {}


TEX_DOC = r"""\documentclass[a4paper,12pt]{article}
%s
%s
\usepackage[left=30mm,right=15mm,top=20mm,bottom=20mm]{geometry}
\usepackage{%s,pdflscape}
\usepackage[labelsep=endash]{caption}
\renewcommand{\tablename}{%s}
\begin{document}
%s
\end{document}
"""
ENGINES = {"xelatex": r"\usepackage{fontspec}\setmainfont{Liberation Serif}",
           "pdflatex": r"\usepackage[T2A]{fontenc}\usepackage[utf8]{inputenc}"}
# hyphenation as a thesis in the language loads it (TeX has no Kazakh patterns: kk columns must fit whole words)
BABEL = {"kk": "", "ru": r"\usepackage[russian]{babel}", "en": r"\usepackage[english]{babel}"}


@pytest.mark.slow
@pytest.mark.parametrize("engine", list(ENGINES))
def test_tex_tables_compile_with_cyrillic(engine, tmp_path):
    require(engine, "texlive-xetex texlive-lang-cyrillic texlive-latex-recommended",
            optional_in_ci=bool(os.environ.get("CIVCOMM_CI_NO_TEX")))
    publish_all(tmp_path)
    for lang in ("kk", "ru", "en"):
        inputs = "\n".join(rf"\input{{{p.name}}}\clearpage" for p in sorted(tmp_path.glob(f"*.{lang}.tex")))
        doc = tmp_path / f"doc-{lang}.tex"
        doc.write_text(TEX_DOC % (ENGINES[engine], BABEL[lang], export.TEX_PACKAGES, t("table", lang), inputs),
                       encoding="utf-8")
        r = subprocess.run([engine, "-interaction=nonstopmode", "-halt-on-error", doc.name], cwd=tmp_path,
                           capture_output=True, text=True, errors="replace", timeout=600)
        log = (tmp_path / f"doc-{lang}.log").read_text(encoding="utf-8", errors="replace")
        assert r.returncode == 0, r.stdout[-3000:]
        assert "Missing character" not in log  # XeLaTeX drops glyphs its font lacks with only this warning
        overfull = [float(x) for x in re.findall(r"Overfull \\hbox \(([0-9.]+)pt too wide\)", log)]
        assert max(overfull, default=0) < 3, (lang, sorted(overfull)[-5:])
        assert (tmp_path / f"doc-{lang}.pdf").stat().st_size > 10_000


def test_xlsx_and_docx_of_every_publication_table_show_no_machine_value(tmp_path):
    publish_all(tmp_path, langs=("kk", "ru"))
    codes, ids = project_codes()
    from .machine_values import xlsx_cells

    leaks = {p.name: bad for p in sorted(tmp_path.glob("*.docx")) + sorted(tmp_path.glob("*.xlsx"))
             if (bad := machine_values(docx_cells(p) if p.suffix == ".docx" else xlsx_cells(p), codes, ids))}
    assert leaks == {}
