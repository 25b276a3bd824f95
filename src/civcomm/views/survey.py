"""The empirical studies as DataFrames for notebooks: survey figures with labels, claims checked against the data."""

from __future__ import annotations

from typing import Any

import pandas as pd

from civcomm.core.i18n import t
from civcomm.data import cache
from civcomm.data import models as m
from civcomm.data.doc import Doc
from civcomm.data.survey import read_table, table_path

# --------------------------------------------------------------------------- views for notebooks


def _figure_docs() -> list[Doc]:
    proj = cache.use("survey_studies", "survey_figure")
    docs = [d for d in proj.docs if d.kind == "survey_figure" and d.model is not None]
    cache.note_read(table_path(d.path, d.model) for d in docs)  # the CSVs are data too: declared or not
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
            "n_base": meta.n_base,
            "n_answered": counted if meta.response == "single" else None,
            "n_missing": (meta.n_base - counted) if (counted is not None and meta.response == "single") else None,
            "share_sum_pct": round(total, 3),
            "unaccounted_pct": round(100 - total, 3) if meta.response != "multiple" and total < 100 - 1e-6 else None,
            "choices_per_respondent": round(total / 100, 3) if meta.response == "multiple" else None,
            "refs": list(meta.data_refs),
        })
    out = pd.DataFrame(rows)
    for col in ("n_answered", "n_missing"):
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
    if claim.measure == "n_answered":
        counted = int(df.groupby("series_code")["n"].sum().min())
        return t("claim_answered", lang).format(counted=counted, n=meta.n_base, missing=meta.n_base - counted), \
            counted == meta.n_base
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
    studies = cache.use("survey_studies").one("survey_studies")
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
    studies = cache.use("survey_studies").one("survey_studies")
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
                     "scale": meta.scale, "response": meta.response, "n_base": meta.n_base, "refs": list(meta.refs)})
    return pd.DataFrame(rows)


def figure_texts(figure: str, lang: str) -> dict[str, Any]:
    """Caption, note and original-language caption of a figure, for display under the chart."""
    meta = figure_meta(figure)
    return {"caption": meta.caption.get(lang), "caption_original": meta.caption.get(meta.caption.original),
            "note": meta.note.get(lang) if meta.note else None,
            "note_original": meta.note.get(meta.note.original) if meta.note else None,
            "original": meta.caption.original, "n_base": meta.n_base, "response": meta.response,
            "scale": meta.scale, "study": meta.study}
