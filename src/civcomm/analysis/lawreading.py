"""The official texts coded: the dictionary coder on every unit of law text in each language, measured against the
project's hand reading (data/kz_law/readings/) and the Kazakh and Russian codings held against each other.

A code is a (unit, competence) pair. The hand reading's codes of strength explicit or general are the reference
(``indirect`` is "only inferable": not a code a reader can point to). Precision and recall are computed on the
units the reading read, per language and per competence; the kk/ru check codes every unit both texts print and
reports Cohen's kappa per competence and over all unit x competence decisions, and the disagreements to review.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from civcomm.analysis.agreement import Agreement, agreement
from civcomm.analysis.coding import Coder
from civcomm.analysis.lawalign import printed_locator, unit_key
from civcomm.analysis.lawlayout import is_general_part
from civcomm.analysis.lawtexts import LawTexts
from civcomm.analysis.legaltext import LAW_KINDS

COUNTED = ("explicit", "general")  # strengths that count as a code of the reading
SEGMENT_COLUMNS = ["act_id", "lang", "unit_key", "unit", "provision_id", "competence_id", "term", "start", "end",
                   "quote", "line", "is_general"]


def reading_codes(project, act: str, role: str | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(units read, codes) of the act's hand readings (of ``role``: reference or holdout; None: both): units
    with their stratum and role; codes with strength and quotes."""
    units, codes = [], []
    for r in project.all("law_reading"):
        if r.act != act or (role and r.role != role):
            continue
        for u in r.units:
            units.append({"act_id": act, "unit_key": u.unit_key, "stratum": u.stratum, "role": r.role})
            for c in u.codes:
                codes.append({"act_id": act, "unit_key": u.unit_key, "competence_id": c.competence,
                              "strength": c.strength, "quote_kk": c.quote_kk, "quote_ru": c.quote_ru,
                              "counted": c.strength in COUNTED, "stratum": u.stratum, "role": r.role})
    return (pd.DataFrame(units, columns=["act_id", "unit_key", "stratum", "role"]),
            pd.DataFrame(codes, columns=["act_id", "unit_key", "competence_id", "strength", "quote_kk", "quote_ru",
                                         "counted", "stratum", "role"]))


def code_official(law: LawTexts, competences: list[str] | None = None, project=None) -> pd.DataFrame:
    """Every unit of law text of every official text coded in its own language (the publisher's rows never)."""
    frames = []
    p = law.provisions
    if p.empty:
        return pd.DataFrame(columns=SEGMENT_COLUMNS)
    units = p[p["kind"].isin(LAW_KINDS) & (p["text"] != "")].copy()
    if units.empty:
        return pd.DataFrame(columns=SEGMENT_COLUMNS)
    keys = law.aligned.melt(id_vars=["unit_key"], value_vars=["provision_id_kk", "provision_id_ru"],
                            value_name="provision_id").dropna()
    by_pid = dict(zip(keys["provision_id"], keys["unit_key"]))
    units["unit_key"] = [by_pid.get(r.provision_id) or unit_key(r.article, r.paragraph, r.subparagraph, r.part, r.kind)
                         for r in units.itertuples()]
    for lang, part in units.groupby("lang"):
        coder = Coder.from_codebook(lang, competences, project=project)
        seg = coder.code_frame(part, keep=["act_id", "lang", "unit_key", "line", "article", "paragraph",
                                           "subparagraph", "part", "kind", "chapter_title", "article_title"])
        frames.append(seg)
    seg = pd.concat(frames, ignore_index=True)
    seg["unit"] = [printed_locator(r.article, r.paragraph, r.subparagraph, r.part, r.kind, r.lang)
                   for r in seg.itertuples()]
    seg["is_general"] = [is_general_part(r.chapter_title, r.article_title, r.kind, r.lang) for r in seg.itertuples()]
    return seg[SEGMENT_COLUMNS].reset_index(drop=True)


@dataclass
class Measured:
    """The coder against the hand reading, per language, and the two languages against each other."""

    per_lang: dict[str, Agreement]  # lang -> agreement with the reading (hand = the reading)
    kk_ru: Agreement | None  # ru codes against kk codes on every unit both texts print
    review: pd.DataFrame  # units where one language's coder found a competence the other did not


def measure(segments: pd.DataFrame, law: LawTexts, project, act: str, competences: list[str],
            role: str = "reference", strata: list[str] | None = None) -> Measured:
    """Precision, recall and kappa of the coder on the units of the act's reading of ``role`` (``strata``: only
    those); kk/ru agreement on every unit of the act both texts print."""
    read_units, codes = reading_codes(project, act, role)
    if strata:
        read_units = read_units[read_units["stratum"].isin(strata)]
        codes = codes[codes["stratum"].isin(strata)]
    hand = codes[codes["counted"]].rename(columns={"unit_key": "unit_id"})
    seg = segments[segments["act_id"] == act]
    per_lang = {}
    for lang in ("kk", "ru"):
        auto = seg[(seg["lang"] == lang) & seg["unit_key"].isin(read_units["unit_key"])]
        if read_units.empty or (seg["lang"] == lang).sum() == 0 and not (law.provisions["lang"] == lang).any():
            continue
        per_lang[lang] = agreement(hand[["unit_id", "competence_id"]],
                                   auto.rename(columns={"unit_key": "unit_id"})[["unit_id", "competence_id", "term",
                                                                                 "quote"]],
                                   units=list(read_units["unit_key"]), competences=competences)
    both = law.aligned[(law.aligned["act_id"] == act) & (law.aligned["present"] == "both")
                       & (law.aligned["text_kk"] != "") & (law.aligned["text_ru"] != "")]
    kk_ru, review = None, pd.DataFrame(columns=["unit_key", "competence_id", "found_in", "term", "quote"])
    if len(both) and {"kk", "ru"} <= set(seg["lang"]):
        kk = seg[seg["lang"] == "kk"].rename(columns={"unit_key": "unit_id"})
        ru = seg[seg["lang"] == "ru"].rename(columns={"unit_key": "unit_id"})
        kk_ru = agreement(kk[["unit_id", "competence_id"]], ru[["unit_id", "competence_id", "term", "quote"]],
                          units=list(both["unit_key"]), competences=competences)
        a = set(zip(kk["unit_id"], kk["competence_id"]))
        b = set(zip(ru["unit_id"], ru["competence_id"]))
        rows = []
        for lang, only, frame in (("kk", a - b, kk), ("ru", b - a, ru)):
            for unit, cid in sorted(only):
                hit = frame[(frame["unit_id"] == unit) & (frame["competence_id"] == cid)].iloc[0]
                rows.append({"unit_key": unit, "competence_id": cid, "found_in": lang, "term": hit["term"],
                             "quote": hit["quote"]})
        review = pd.DataFrame(rows, columns=review.columns)
    return Measured(per_lang, kk_ru, review)


def coverage_measured(segments: pd.DataFrame, measured: dict[str, Measured], competences: list[str],
                      act: str) -> pd.DataFrame:
    """Per competence: units of the act coded in kk and in ru, their kk/ru kappa, and the coder's precision and
    recall on the reference reading (and on the holdout where there is one), per language."""
    seg = segments[segments["act_id"] == act]
    ref, hold = measured.get("reference"), measured.get("holdout")

    def pc(m: Measured | None, lang: str, cid: str, col: str) -> float:
        if m is None or lang not in m.per_lang:
            return float("nan")
        t = m.per_lang[lang].per_competence.set_index("competence_id")
        return float(t.loc[cid, col]) if cid in t.index else float("nan")

    kappa = ref.kk_ru.per_competence.set_index("competence_id")["kappa"] if ref is not None and ref.kk_ru else {}
    rows = []
    for cid in competences:
        row = {"act_id": act, "competence_id": cid,
               "n_units_kk": int(seg[(seg["lang"] == "kk") & (seg["competence_id"] == cid)]["unit_key"].nunique()),
               "n_units_ru": int(seg[(seg["lang"] == "ru") & (seg["competence_id"] == cid)]["unit_key"].nunique()),
               "kappa_kk_ru": float(kappa.get(cid, float("nan"))) if len(kappa) else float("nan"),
               "n_hand": int(pc(ref, "kk", cid, "n_hand")) if ref is not None and "kk" in ref.per_lang else 0}
        for lang in ("kk", "ru"):
            row[f"precision_{lang}"] = pc(ref, lang, cid, "precision")
            row[f"recall_{lang}"] = pc(ref, lang, cid, "recall")
        rows.append(row)
    return pd.DataFrame(rows)


def measures_frame(measured: dict[str, Measured], act: str) -> pd.DataFrame:
    """One row per sample (reference, holdout) and language, and one for kk against ru: units, codes, precision,
    recall, kappa over every unit x competence decision."""
    rows = []
    for role, m in measured.items():
        for lang, a in m.per_lang.items():
            o = a.overall
            rows.append({"act_id": act, "sample": role, "lang": lang, "n_units": o["n_units"], "n_hand": o["n_hand"],
                         "n_auto": o["n_auto"], "n_both": o["n_both"], "precision": o["precision"],
                         "recall": o["recall"], "kappa": o["kappa"]})
    ref = measured.get("reference") or next(iter(measured.values()), None)
    if ref is not None and ref.kk_ru is not None:
        o = ref.kk_ru.overall
        rows.append({"act_id": act, "sample": "kk_ru", "lang": "both", "n_units": o["n_units"], "n_hand": o["n_hand"],
                     "n_auto": o["n_auto"], "n_both": o["n_both"], "precision": float("nan"), "recall": float("nan"),
                     "kappa": o["kappa"]})
    return pd.DataFrame(rows, columns=["act_id", "sample", "lang", "n_units", "n_hand", "n_auto", "n_both",
                                       "precision", "recall", "kappa"])
