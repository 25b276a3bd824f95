"""The regenerated bundle as a reader gets it: no machine value in any kk or ru report, DOCX or XLSX table, and
every publication table in every format (slow: needs one full regeneration)."""

from __future__ import annotations

import pytest

from civcomm.present import specs

from .machine_values import docx_cells, html_cells, machine_values, project_codes, xlsx_cells

pytestmark = pytest.mark.slow


def test_kk_and_ru_reports_and_tables_show_no_machine_value(regenerated):
    codes, ids = project_codes()
    files = []
    for lang in ("kk", "ru"):
        files += sorted(p for p in (regenerated / "reports").glob("*.html")
                        if p.stem.endswith((f".{lang}", f"-{lang}")))  # 'x.lang-kk.html' today
        files += sorted((regenerated / "tables").glob(f"*.{lang}.docx"))
        files += sorted((regenerated / "tables").glob(f"*.{lang}.xlsx"))
    from civcomm.runner import plan

    kk_ru_runs = [r for r in plan.select_runs(plan.load_runs(), [], {}) if r.params.get("lang") in ("kk", "ru")]
    assert len([p for p in files if p.suffix == ".html"]) == len(kk_ru_runs) >= 14
    counted, leaks = 0, {}
    for p in files:
        cells = (html_cells(p.read_text(encoding="utf-8")) if p.suffix == ".html"
                 else docx_cells(p) if p.suffix == ".docx" else xlsx_cells(p))
        counted += len(cells)
        if bad := machine_values(cells, codes, ids):
            leaks[p.name] = bad[:5]
    assert counted > 5000  # the counter read the tables, not an empty page
    assert leaks == {}


def test_every_publication_table_is_there_in_every_format_and_long_forms_only_as_data(regenerated):
    tables = regenerated / "tables"
    for name in ("table1", "table2", "table3", "table4", "table5", "table6", "table7", "table5_computed",
                 "table6_computed"):
        for lang in ("kk", "ru", "en"):
            assert {p.suffix for p in tables.glob(f"{name}.{lang}.*")} == {".csv", ".xlsx", ".docx", ".tex"}, name
    data_only = [n for n, s in specs.REGISTRY.items() if not s.publication]
    assert not [p.name for n in data_only for p in tables.glob(f"{n}.*") if p.suffix in (".docx", ".tex")]


def test_kk_and_ru_figures_name_no_trace_or_category_by_its_code(regenerated):
    import re

    codes, ids = project_codes()
    leaks = {}
    for p in sorted((regenerated / "reports").glob("*.html")):
        if not p.stem.endswith(("-kk", "-ru", ".kk", ".ru")):
            continue
        calls = " ".join(re.findall(r"Plotly\.newPlot\((.*?)\)\s*\}", p.read_text(encoding="utf-8"), re.S))
        strings = set(re.findall(r'"((?:[^"\\]|\\.)*)"', calls))
        if bad := sorted(s for s in strings if s in codes or s in ids):
            leaks[p.name] = bad[:8]
    assert leaks == {}


def english_lines(notebook) -> list[str]:
    """Lines a notebook printed (its stream outputs) that hold an English phrase: two or more Latin words, not
    counting file names, paths, ids and the tool's name."""
    import json
    import re

    out = []
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        for o in cell.get("outputs", []):
            if o.get("output_type") != "stream":
                continue
            for line in "".join(o["text"]).splitlines():
                words = [w for w in line.split() if not re.search(r"[./_@#=\d]", w) and w.lower() != "civcomm"]
                if sum(bool(re.fullmatch(r"\(?[A-Za-z][A-Za-z'-]{2,}[,:;)]*", w)) for w in words) >= 2:
                    out.append(line)
    return out


def test_kk_and_ru_reports_print_no_english_line(regenerated):
    notebooks = [p for lang in ("kk", "ru") for p in sorted((regenerated / "notebooks").glob(f"*lang-{lang}.ipynb"))]
    assert len(notebooks) >= 14
    leaks = {p.name: english_lines(p)[:3] for p in notebooks if english_lines(p)}
    assert leaks == {}
