"""Survey figures as data: read a figure's CSV with line numbers and check it against its meta file.

A figure is ``data/survey/<figure>.yaml`` (caption, question, scale, N, labels, claims) plus the CSV it
names, one row per (series, option) with columns ``question_id, series_code, option_code, share_pct, n``.
The registry of kinds calls ``check_doc`` for every survey file, so ``civcomm validate`` covers the CSVs;
every problem names the file and the CSV line (the header is line 1).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from civcomm.core.paths import safe_resolve
from civcomm.data import models as m
from civcomm.data.doc import Doc, ProjectView
from civcomm.data.problems import Problem, display_path, line_of

COLUMNS = ["question_id", "series_code", "option_code", "share_pct", "n"]


@dataclass(frozen=True)
class Row:
    """One CSV row as read, with its 1-based line number in the file."""

    line: int
    question_id: str
    series_code: str
    option_code: str
    share_pct: float
    decimals: int  # digits after the decimal point as printed: how precise share_pct is
    n: int | None


# --------------------------------------------------------------------------- reading


def table_path(meta_path: Path, meta: m.SurveyFigureFile) -> Path:
    return meta_path.parent / meta.table


def read_table(path: Path) -> tuple[list[Row], list[Problem]]:
    """Parse a figure CSV; every malformed cell is a problem naming its line and column."""
    shown = display_path(path)
    if not path.is_file():
        return [], [Problem(shown, 1, "", "no such file (expected the CSV named by the meta file's 'table')")]
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return [], [Problem(shown, 1, "", f"bytes are not UTF-8 at offset {exc.start} (expected UTF-8 text)")]
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header != COLUMNS:
        return [], [Problem(shown, 1, "header", f"columns are {header} (expected exactly: {', '.join(COLUMNS)})")]
    rows, problems = [], []
    for cells in reader:
        line = reader.line_num
        if not cells:
            continue
        if len(cells) != len(COLUMNS):
            problems.append(Problem(shown, line, "", f"{len(cells)} cells (expected {len(COLUMNS)}: {', '.join(COLUMNS)})"))
            continue
        qid, series, option, share_text, n_text = (c.strip() for c in cells)
        try:
            share = float(share_text)
        except ValueError:
            problems.append(Problem(shown, line, "share_pct", f"'{share_text}' is not a number (expected a percentage 0-100)"))
            continue
        if not 0 <= share <= 100:
            problems.append(Problem(shown, line, "share_pct", f"{share_text} is outside 0-100 (expected a percentage)"))
        decimals = len(share_text.split(".", 1)[1]) if "." in share_text else 0
        n: int | None = None
        if n_text:
            if not n_text.isdigit():
                problems.append(Problem(shown, line, "n", f"'{n_text}' is not a whole number (expected a count of respondents)"))
            else:
                n = int(n_text)
        rows.append(Row(line, qid, series, option, share, decimals, n))
    if not rows and not problems:
        problems.append(Problem(shown, 1, "", "no data rows (expected one row per series and option)"))
    return rows, problems


# --------------------------------------------------------------------------- checks


def _span(rows: list[Row]) -> str:
    return f"row {rows[0].line}" if len(rows) == 1 else f"rows {rows[0].line}-{rows[-1].line}"


def _sum_tolerance(rows: list[Row]) -> float:
    """How far a sum of printed shares may be off from rounding alone."""
    return sum(0.5 * 10 ** -r.decimals for r in rows) + 1e-9


def check_table(meta: m.SurveyFigureFile, rows: list[Row], shown: str) -> list[Problem]:
    """Every problem of a figure's rows against its meta data (labels, N, response type)."""
    problems: list[Problem] = []
    seen: dict[tuple[str, str], int] = {}
    for r in rows:
        if r.question_id != meta.question_id:
            problems.append(Problem(shown, r.line, "question_id", f"'{r.question_id}' (expected '{meta.question_id}', "
                                    "the meta file's question_id)"))
        if r.series_code not in meta.series:
            problems.append(Problem(shown, r.line, "series_code", f"unknown series '{r.series_code}' (expected one of: "
                                    f"{', '.join(meta.series)})"))
        if r.option_code not in meta.options:
            problems.append(Problem(shown, r.line, "option_code", f"unknown option '{r.option_code}' (expected one of: "
                                    f"{', '.join(meta.options)})"))
        key = (r.series_code, r.option_code)
        if key in seen:
            problems.append(Problem(shown, r.line, "option_code", f"series '{key[0]}' option '{key[1]}' again "
                                    f"(first at line {seen[key]}; expected one row per series and option)"))
        seen.setdefault(key, r.line)
        if meta.n_origin == "none" and r.n is not None:
            problems.append(Problem(shown, r.line, "n", f"{r.n} given but the meta file says n_origin: none "
                                    "(expected an empty cell)"))
        if meta.n_origin != "none" and r.n is None:
            problems.append(Problem(shown, r.line, "n", f"empty (expected a count: n_origin is {meta.n_origin})"))
        if r.n is not None:
            exact = r.share_pct * meta.n_base / 100
            tol = meta.n_base * 0.5 * 10 ** -r.decimals / 100 + 1e-6
            if abs(exact - r.n) > tol:
                nearest = round(exact)
                what = (f"expected n = {nearest}" if abs(exact - nearest) <= tol
                        else f"and that is not a whole number, so the share is not of N = {meta.n_base:,}")
                problems.append(Problem(shown, r.line, "n", f"{r.n} is not share_pct x N / 100 = {r.share_pct} x "
                                        f"{meta.n_base} / 100 = {exact:.4f} ({what})"))
    rows_in = [r for r in rows if r.series_code in meta.series and r.option_code in meta.options]
    last = rows[-1].line if rows else 1
    for s in meta.series:
        for o in meta.options:
            if (s, o) not in seen:
                problems.append(Problem(shown, last, "", f"no row for series '{s}' option '{o}' "
                                        "(expected one row per series and option)"))
    for s in meta.series:
        srows = [r for r in rows_in if r.series_code == s]
        if not srows:
            continue
        total = sum(r.share_pct for r in srows)
        tol = _sum_tolerance(srows)
        counts = [r.n for r in srows if r.n is not None]
        if meta.response == "single":
            answered = meta.n_base - meta.n_missing
            expected = 100 * answered / meta.n_base
            if abs(total - expected) > tol:
                why = "" if not meta.n_missing else f" = 100 x {answered:,} answered / {meta.n_base:,}"
                problems.append(Problem(shown, srows[0].line, "share_pct", f"series '{s}' ({_span(srows)}): shares sum "
                                        f"to {total:.4f} (expected {expected:.4f}{why} for a single-response question, "
                                        f"± {tol:.2g})"))
            if len(counts) == len(srows) and sum(counts) != answered:
                got = sum(counts)
                hint = (f"{meta.n_base - got:,} answer(s) missing: declare n_missing: {meta.n_base - got} in the meta "
                        "file if the source has them" if got < meta.n_base else "more answers than respondents")
                problems.append(Problem(shown, srows[0].line, "n", f"series '{s}' ({_span(srows)}): counts sum to "
                                        f"{got:,} of N = {meta.n_base:,} with n_missing: {meta.n_missing} "
                                        f"(expected {answered:,}; {hint})"))
        elif meta.response == "multiple" and meta.max_choices:
            if total > 100 * meta.max_choices + tol:
                problems.append(Problem(shown, srows[0].line, "share_pct", f"series '{s}' ({_span(srows)}): shares sum "
                                        f"to {total:.4f} (expected at most {100 * meta.max_choices} with "
                                        f"max_choices: {meta.max_choices})"))
    return problems


def check_doc(project: ProjectView, doc: Doc, shown: str) -> list[Problem]:
    """Semantic checks of one survey file (called by ``Project`` for kinds survey_*)."""
    if doc.kind == "survey_studies":
        return _check_studies(project, doc, shown)
    meta: m.SurveyFigureFile = doc.model
    problems: list[Problem] = []
    if doc.path.stem != meta.figure:
        problems.append(Problem(shown, line_of(doc.raw, ("figure",)), "figure", f"'{meta.figure}' does not match "
                                f"the file name (expected the file to be named {meta.figure}.yaml)"))
    studies = _studies(project)
    if studies is not None:
        study = studies.studies.get(meta.study)
        if study is None:
            problems.append(Problem(shown, line_of(doc.raw, ("study",)), "study", f"unknown study '{meta.study}' "
                                    f"(expected one of: {', '.join(studies.studies)})"))
        elif study.n != meta.n_base:
            problems.append(Problem(shown, line_of(doc.raw, ("n_base",)), "n_base", f"{meta.n_base} but study "
                                    f"'{meta.study}' has n = {study.n} (expected the study's N)"))
    rows, errs = read_table(table_path(doc.path, meta))
    problems += errs
    problems += check_table(meta, rows, display_path(table_path(doc.path, meta)))
    return problems


def _studies(project: ProjectView) -> m.StudiesFile | None:
    return project.one("survey_studies")


def _check_studies(project: ProjectView, doc: Doc, shown: str) -> list[Problem]:
    problems = []
    for sid, study in doc.model.studies.items():
        if study.parts and sum(p.n for p in study.parts) != study.n:
            parts = " + ".join(str(p.n) for p in study.parts)
            problems.append(Problem(shown, line_of(doc.raw, ("studies", sid, "n")), f"studies.{sid}.n",
                                    f"{study.n} but the parts add up to {parts} = {sum(p.n for p in study.parts)} "
                                    "(expected n = the sum of parts)"))
        for i, p in enumerate(study.parts):
            if p.held_date and ((study.start_date and p.held_date < study.start_date)
                                or (study.end_date and p.held_date > study.end_date)):
                problems.append(Problem(shown, line_of(doc.raw, ("studies", sid, "parts", i, "held_date")),
                                        f"studies.{sid}.parts[{i}].held_date", f"{p.held_date} is outside the study's "
                                        f"dates {study.start_date} - {study.end_date}"))
    # every CSV under data/survey/ must belong to a figure's meta file
    named = {safe_resolve(d.path.parent / d.model.table) for d in project.docs
             if d.kind == "survey_figure" and d.model is not None}
    for csv_path in sorted(doc.path.parent.glob("*.csv")):
        if safe_resolve(csv_path) not in named:
            problems.append(Problem(display_path(csv_path), 1, "", "no meta file names this table (expected a "
                                    f"{csv_path.stem}.yaml beside it with table: {csv_path.name})"))
    return problems
