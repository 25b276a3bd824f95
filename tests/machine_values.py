"""Count what a reader should never see in a kk or ru table: booleans, nulls, list literals, ids, English codes.

Used by the tests on real outputs (reports, DOCX, XLSX) and on rendered specs. The vocabulary of codes
and ids is read from the project, so a new enum value or a new id is counted without editing this file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

NULLISH = {"True", "False", "true", "false", "None", "none", "nan", "NaN", "<NA>", "NaT", "null"}
_ITEM = r"""(?:'[^']*'|"[^"]*"|[A-Za-z_][\w\-]*)"""
LIST_LITERAL = re.compile(rf"^\[\s*(?:{_ITEM}(?:\s*,\s*{_ITEM})*)?\s*\]$|^\(\s*{_ITEM}\s*,(?:\s*{_ITEM}\s*,?)*\s*\)$")
SNAKE = re.compile(r"(?<![\w./#-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w/#-])")
URL = re.compile(r"https?://\S+")  # a web address may hold ids of its own site (?doc_id=...)


def project_codes() -> tuple[set[str], set[str]]:
    """(codes, ids): enum codes a cell must never equal, ids that must never stand as a word in a cell."""
    from civcomm.data import cache
    from civcomm.data import models as m

    proj = cache.project()
    codes: set[str] = set()
    for field in (m.LegalAct.model_fields["type"], m.LegalAct.model_fields["status"],
                  m.SurveyFigureFile.model_fields["scale"], m.SurveyFigureFile.model_fields["response"],
                  m.Study.model_fields["method"]):
        codes |= set(field.annotation.__args__)
    codes |= {"explicit", "general", "indirect", "current", "proposed", "hand", "auto", "both", "specific", "absent",
              "low", "medium", "high", "all", "sourced", "derived", "manage_closely", "keep_satisfied",
              "keep_informed", "monitor", "power", "interest"}
    for kind in ("vocabularies", "stakeholder_vocab", "codebook"):
        for doc in proj.docs:
            if doc.kind == kind and doc.model is not None:
                for name in ("method", "job_level", "institution_role", "actor_type", "actor_level",
                             "relation_kind", "rating_rule", "competence"):
                    try:
                        codes |= set(proj.vocab(name))
                    except Exception:  # noqa: BLE001 - a vocabulary this project lacks
                        pass
    ids = set(proj.sources)
    ids |= {c.country for c in proj.all("country")}
    ids |= {a.act for a in proj.all("kz_act")}
    for f in proj.all("stakeholders"):
        ids |= {a.id for a in f.actors}
    return codes, ids


def machine_values(cells: Iterable[str], codes: set[str], ids: set[str]) -> list[str]:
    """The cells (stripped texts) that show a machine value; empty when every cell reads as text."""
    bad = []
    for raw in cells:
        text = (raw or "").strip()
        if not text:
            continue
        prose = URL.sub(" ", text)
        words = set(re.findall(r"[\w-]+", prose))
        if (text in NULLISH or LIST_LITERAL.match(text) or text in codes or text in ids
                or SNAKE.search(prose) or any(w in ids and (len(w) > 3 or w.isupper()) for w in words)):
            bad.append(text)
    return bad


def html_cells(text: str) -> list[str]:
    """Text of every table cell of a report, the provenance block left out (it names files and packages)."""
    from lxml import html as lhtml

    tree = lhtml.fromstring(text)
    for prov in tree.xpath('//*[contains(concat(" ", normalize-space(@class), " "), " civcomm-provenance ")]'):
        prov.getparent().remove(prov)
    return [c.text_content() for c in tree.xpath("//table//td | //table//th")]


def docx_cells(path) -> list[str]:
    import docx

    return [c.text for t in docx.Document(str(path)).tables for row in t.rows for c in row.cells]


def xlsx_cells(path, sheet: int = 0) -> list[str]:
    import openpyxl

    ws = openpyxl.load_workbook(str(path)).worksheets[sheet]
    return [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
