"""The empirical studies as data: survey figures (tidy CSV + meta YAML), their checks, and DataFrame views.

A figure is ``data/survey/<figure>.yaml`` (caption, question, scale, N, labels, claims) plus the CSV it
names, one row per (series, option) with columns ``question_id, series_code, option_code, share_pct, n``.
``check_doc`` is called by ``load.Project`` for every survey file, so ``civcomm validate`` covers the CSVs;
every problem names the file and the CSV line (the header is line 1).
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from . import load
from . import model as m
from .i18n import t
from .load import Problem, display_path, line_of

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
            exact = r.share_pct * meta.base_n / 100
            tol = meta.base_n * 0.5 * 10 ** -r.decimals / 100 + 1e-6
            if abs(exact - r.n) > tol:
                nearest = round(exact)
                what = (f"expected n = {nearest}" if abs(exact - nearest) <= tol
                        else f"and that is not a whole number, so the share is not of N = {meta.base_n:,}")
                problems.append(Problem(shown, r.line, "n", f"{r.n} is not share_pct x N / 100 = {r.share_pct} x "
                                        f"{meta.base_n} / 100 = {exact:.4f} ({what})"))
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
            answered = meta.base_n - meta.n_missing
            expected = 100 * answered / meta.base_n
            if abs(total - expected) > tol:
                why = "" if not meta.n_missing else f" = 100 x {answered:,} answered / {meta.base_n:,}"
                problems.append(Problem(shown, srows[0].line, "share_pct", f"series '{s}' ({_span(srows)}): shares sum "
                                        f"to {total:.4f} (expected {expected:.4f}{why} for a single-response question, "
                                        f"± {tol:.2g})"))
            if len(counts) == len(srows) and sum(counts) != answered:
                got = sum(counts)
                hint = (f"{meta.base_n - got:,} answer(s) missing: declare n_missing: {meta.base_n - got} in the meta "
                        "file if the source has them" if got < meta.base_n else "more answers than respondents")
                problems.append(Problem(shown, srows[0].line, "n", f"series '{s}' ({_span(srows)}): counts sum to "
                                        f"{got:,} of N = {meta.base_n:,} with n_missing: {meta.n_missing} "
                                        f"(expected {answered:,}; {hint})"))
        elif meta.response == "multiple" and meta.max_choices:
            if total > 100 * meta.max_choices + tol:
                problems.append(Problem(shown, srows[0].line, "share_pct", f"series '{s}' ({_span(srows)}): shares sum "
                                        f"to {total:.4f} (expected at most {100 * meta.max_choices} with "
                                        f"max_choices: {meta.max_choices})"))
    return problems


def check_doc(project: load.Project, doc: load.Doc, shown: str) -> list[Problem]:
    """Semantic checks of one survey file (called by ``load.Project`` for kinds survey_*)."""
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
        elif study.n != meta.base_n:
            problems.append(Problem(shown, line_of(doc.raw, ("base_n",)), "base_n", f"{meta.base_n} but study "
                                    f"'{meta.study}' has n = {study.n} (expected the study's N)"))
    rows, errs = read_table(table_path(doc.path, meta))
    problems += errs
    problems += check_table(meta, rows, display_path(table_path(doc.path, meta)))
    return problems


def _studies(project: load.Project) -> m.StudiesFile | None:
    return project.one("survey_studies")


def _check_studies(project: load.Project, doc: load.Doc, shown: str) -> list[Problem]:
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
    named = {(d.path.parent / d.model.table).resolve() for d in project.docs
             if d.kind == "survey_figure" and d.model is not None}
    for csv_path in sorted(doc.path.parent.glob("*.csv")):
        if csv_path.resolve() not in named:
            problems.append(Problem(display_path(csv_path), 1, "", "no meta file names this table (expected a "
                                    f"{csv_path.stem}.yaml beside it with table: {csv_path.name})"))
    return problems


# --------------------------------------------------------------------------- views for notebooks


def _figure_docs() -> list[load.Doc]:
    proj = load.use("survey_studies", "survey_figure")
    docs = [d for d in proj.docs if d.kind == "survey_figure" and d.model is not None]
    for d in docs:  # the CSVs are data too: record them for provenance and the run cache
        path = table_path(d.path, d.model)
        load.READ_LOG.files[display_path(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return sorted(docs, key=lambda d: (d.model.study, d.model.number))


def figure_ids() -> list[str]:
    """Every figure id (study order, then figure number)."""
    return [d.model.figure for d in _figure_docs()]


def figure_meta(figure: str) -> m.SurveyFigureFile:
    for d in _figure_docs():
        if d.model.figure == figure:
            return d.model
    raise KeyError(f"unknown survey figure '{figure}' (expected one of: {', '.join(figure_ids())})")


def figure_frame(figure: str, lang: str = "en") -> pd.DataFrame:
    """The figure's rows with labels in ``lang``, in meta order (series, then option)."""
    doc = next(d for d in _figure_docs() if d.model.figure == figure)
    meta = doc.model
    rows, _ = read_table(table_path(doc.path, meta))
    by_key = {(r.series_code, r.option_code): r for r in rows}
    out = []
    for s_code, s in meta.series.items():
        for o_code, o in meta.options.items():
            r = by_key.get((s_code, o_code))
            if r is None:
                continue
            out.append({"figure_id": figure, "question_id": meta.question_id, "series_code": s_code,
                        "series": s.label.get(lang), "option_code": o_code, "option": o.label.get(lang),
                        "option_value": o.value, "share_pct": r.share_pct, "n": r.n,
                        "refs": list(meta.data_refs)})
    df = pd.DataFrame(out, columns=["figure_id", "question_id", "series_code", "series", "option_code", "option",
                                    "option_value", "share_pct", "n", "refs"])
    df["n"] = df["n"].astype("Int64")
    return df


def summarise_figure(figure: str, lang: str = "en") -> pd.DataFrame:
    """Per series: N, answers counted, missing, sum of shares and choices per respondent (multiple response)."""
    meta = figure_meta(figure)
    df = figure_frame(figure, lang)
    rows = []
    for s_code, g in df.groupby("series_code", sort=False):
        total = g["share_pct"].sum()
        counted = int(g["n"].sum()) if g["n"].notna().all() else None
        rows.append({
            "figure_id": figure, "series_code": s_code, "series": g["series"].iloc[0], "response": meta.response,
            "base_n": meta.base_n,
            "answered_n": counted if meta.response == "single" else None,
            "missing_n": (meta.base_n - counted) if (counted is not None and meta.response == "single") else None,
            "share_sum_pct": round(total, 3),
            "unaccounted_pct": round(100 - total, 3) if meta.response != "multiple" and total < 100 - 1e-6 else None,
            "choices_per_respondent": round(total / 100, 3) if meta.response == "multiple" else None,
            "refs": list(meta.data_refs),
        })
    out = pd.DataFrame(rows)
    for col in ("answered_n", "missing_n"):
        out[col] = out[col].astype("Int64")
    return out


def _mean_score(g: pd.DataFrame) -> float:
    return float((g["option_value"] * g["share_pct"]).sum() / g["share_pct"].sum())


def _ranks(g: pd.DataFrame) -> pd.Series:
    return g.set_index("option_code")["share_pct"].rank(ascending=False, method="min").astype(int)


def evaluate_claim(claim: m.SurveyClaim, meta: m.SurveyFigureFile, df: pd.DataFrame, lang: str) -> tuple[str, bool]:
    """What the data show for ``claim`` (a sentence in ``lang``) and whether they support it."""
    def label(code: str) -> str:
        return (meta.options[code].label if code in meta.options else meta.series[code].label).get(lang)

    if claim.measure == "rank":
        series = claim.series or [next(iter(meta.series))]
        parts, ok = [], True
        for s in series:
            g = df[df["series_code"] == s]
            ranks = _ranks(g)
            for o in claim.options:
                share = float(g.loc[g["option_code"] == o, "share_pct"].iloc[0])
                parts.append(t("claim_rank", lang).format(option=label(o), rank=ranks[o], of=len(g), share=share))
                ok &= ranks[o] <= claim.threshold
        return "; ".join(parts), bool(ok)
    if claim.measure == "mean_below":
        low, high = claim.series
        stats = {}
        for s in (low, high):
            g = df[df["series_code"] == s]
            top = float(g.loc[g["option_value"] == g["option_value"].max(), "share_pct"].iloc[0])
            stats[s] = (_mean_score(g), top)
        text = "; ".join(t("claim_mean", lang).format(series=label(s), mean=stats[s][0], top=stats[s][1])
                         for s in (low, high))
        return text, bool(stats[low][0] < stats[high][0])
    if claim.measure == "answered_n":
        counted = int(df.groupby("series_code")["n"].sum().min())
        return t("claim_answered", lang).format(counted=counted, n=meta.base_n, missing=meta.base_n - counted), \
            counted == meta.base_n
    # share_at_least
    series = claim.series or list(meta.series)
    parts, ok = [], True
    for s in series:
        g = df[(df["series_code"] == s) & (df["option_code"].isin(claim.options))]
        share = float(g["share_pct"].sum())
        parts.append(t("claim_share", lang).format(series=label(s), options=", ".join(label(o) for o in claim.options),
                                                   share=share))
        ok &= share >= claim.threshold
    return "; ".join(parts), bool(ok)


def claims_frame(figures: list[str] | None = None, lang: str = "en") -> pd.DataFrame:
    """'What the text says vs what the data show': one row per claim recorded in the figures' meta files."""
    rows = []
    for fid in figures or figure_ids():
        meta = figure_meta(fid)
        df = figure_frame(fid, lang)
        for c in meta.claims:
            shown, ok = evaluate_claim(c, meta, df, lang)
            rows.append({"figure_id": fid, "claim_id": c.id, "text_says": c.says.get(lang), "text_says_original":
                         c.says.get(c.says.original), "data_show": shown, "is_supported": ok,
                         "verdict": t("supported" if ok else "contradicted", lang), "how_tested": c.note,
                         "refs": list(c.refs) + list(meta.data_refs)})
    return pd.DataFrame(rows, columns=["figure_id", "claim_id", "text_says", "text_says_original", "data_show",
                                       "is_supported", "verdict", "how_tested", "refs"])


def data_notes_frame(figures: list[str] | None = None) -> pd.DataFrame:
    """The source problems recorded in studies.yaml and the figures' meta files."""
    rows = []
    studies = _studies(load.use("survey_studies"))
    for note in (studies.data_notes if studies else []):
        rows.append({"figure_id": "", "note_id": note.id, "issue": note.issue, "handling": note.handling,
                     "refs": list(note.refs)})
    for fid in figures or figure_ids():
        for note in figure_meta(fid).data_notes:
            rows.append({"figure_id": fid, "note_id": note.id, "issue": note.issue, "handling": note.handling,
                         "refs": list(note.refs)})
    return pd.DataFrame(rows, columns=["figure_id", "note_id", "issue", "handling", "refs"])


def design_frame(lang: str = "en") -> pd.DataFrame:
    """The studies and their parts: method, n, dates (one row per study, then one per part)."""
    studies = _studies(load.use("survey_studies"))
    rows = []
    for sid, s in studies.studies.items():
        dates = (f"{s.start_date} – {s.end_date}" if s.start_date else str(s.year or ""))
        rows.append({"study_id": sid, "part_code": "", "name": s.name.get(lang), "method": s.method, "n": s.n,
                     "n_expected": None, "dates": dates, "refs": list(s.refs)})
        for p in s.parts:
            rows.append({"study_id": sid, "part_code": p.code, "name": "· " + (p.label.get(lang) or ""),
                         "method": s.method, "n": p.n, "n_expected": p.n_expected,
                         "dates": str(p.held_date or ""), "refs": list(p.refs)})
    df = pd.DataFrame(rows, columns=["study_id", "part_code", "name", "method", "n", "n_expected", "dates", "refs"])
    df["n_expected"] = df["n_expected"].astype("Int64")
    return df


def question_inventory(lang: str = "en") -> pd.DataFrame:
    """Every charted question of every study side by side (to see which, if any, two surveys share)."""
    rows = []
    for fid in figure_ids():
        meta = figure_meta(fid)
        rows.append({"study_id": meta.study, "figure_id": fid, "question_id": meta.question_id,
                     "question": meta.question.get(lang), "is_verbatim": meta.question_is_verbatim,
                     "scale": meta.scale, "response": meta.response, "base_n": meta.base_n, "refs": list(meta.refs)})
    return pd.DataFrame(rows)


def figure_texts(figure: str, lang: str) -> dict[str, Any]:
    """Caption, note and original-language caption of a figure, for display under the chart."""
    meta = figure_meta(figure)
    return {"caption": meta.caption.get(lang), "caption_original": meta.caption.get(meta.caption.original),
            "note": meta.note.get(lang) if meta.note else None,
            "note_original": meta.note.get(meta.note.original) if meta.note else None,
            "original": meta.caption.original, "base_n": meta.base_n, "response": meta.response,
            "scale": meta.scale, "study": meta.study}
