"""Kazakh legal acts (data/kz_law) and the dissertation's tables (data/tables) as DataFrames."""

from __future__ import annotations

import re

import pandas as pd

from civcomm.data import cache
from civcomm.data.models import DissTable, LegalAct, normalise_category_code

ORDER71 = "v2300032237"  # Order No. 71 of 5 Apr 2023 (adilet V2300032237)


def load_acts() -> list[LegalAct]:
    """Every act file, ordered by date (undated last) then id."""
    acts = cache.use("kz_act").all("kz_act")
    return sorted(acts, key=lambda a: (a.date is None, str(a.date or a.year or ""), a.act))


def load_act(act_id: str) -> LegalAct:
    for a in load_acts():
        if a.act == act_id:
            return a
    raise KeyError(f"no act '{act_id}' in data/kz_law/ (expected one of: {', '.join(a.act for a in load_acts())})")


def load_table(number: int) -> DissTable:
    for t in cache.use("diss_table").all("diss_table"):
        if t.table == number:
            return t
    raise KeyError(f"no data/tables/table{number}.yaml")


def acts_frame(lang: str = "en") -> pd.DataFrame:
    """One row per act: id, type, number, date, title, adilet id, sources, provisions and competences coded."""
    rows = []
    for a in load_acts():
        comps = sorted({c.competence for p in a.provisions for c in p.competences}
                       | {c.competence for r in a.table_rows for c in r.competences}
                       | {i.competence for g in a.category_groups for i in g.items})
        rows.append({"act_id": a.act, "type_code": a.type, "number": a.number,
                     "date": a.date.isoformat() if a.date else (str(a.year) if a.year else None),
                     "title": a.title.get(lang), "title_kk": a.title.kk, "adilet_id": a.adilet_id, "status_code": a.status,
                     "n_provisions": len(a.provisions), "competence_ids": comps,
                     "provisions": [p.locator for p in a.provisions], "refs": list(a.act_sources) + list(a.refs)})
    return pd.DataFrame(rows)


def provisions_frame(lang: str = "en") -> pd.DataFrame:
    """One row per (act, provision, coded competence); provisions without codes get one row with none."""
    rows = []
    for a in load_acts():
        for p in a.provisions:
            base = {"act_id": a.act, "provision_id": p.id, "locator": p.locator,
                    "heading": p.heading.get(lang) if p.heading else None, "summary": p.summary,
                    "text_kk": p.text_kk}
            if not p.competences:
                rows.append({**base, "competence_id": None, "strength_code": None, "refs": list(p.refs)})
            for c in p.competences:
                rows.append({**base, "competence_id": c.competence, "strength_code": c.strength,
                             "refs": list(dict.fromkeys(list(c.refs) + list(p.refs)))})
    return pd.DataFrame(rows, columns=["act_id", "provision_id", "locator", "heading", "summary", "text_kk",
                                       "competence_id", "strength_code", "refs"])


def category_codes_frame() -> pd.DataFrame:
    """Every Order 71 category code as printed -> normalised code -> group -> job level.

    ``has_lookalike`` marks codes printed with Cyrillic letters; ``is_ambiguous`` marks normalised
    codes listed in groups of different levels (e.g. D-O in groups 1 and 3).
    """
    order = load_act(ORDER71)
    rows = []
    for g in order.category_groups:
        for i, raw in enumerate(g.raw_codes):
            rows.append({"raw_code": raw, "code": normalise_category_code(raw), "position": i + 1,
                         "group": g.group, "level_code": g.level,
                         "has_lookalike": bool(re.search(r"[\u0400-\u04ff]", raw)),
                         "refs": list(g.refs) + list(g.level_refs)})
    df = pd.DataFrame(rows)
    levels = df.groupby("code")["level_code"].nunique()
    df["is_ambiguous"] = df["code"].map(levels) > 1
    return df


def code_levels() -> dict[str, list[str]]:
    """Normalised category code -> the job level(s) Order 71's groups give it."""
    df = category_codes_frame()
    return {code: sorted(set(g["level_code"])) for code, g in df.groupby("code")}


def order71_requirements(level: str) -> list[tuple[str, str]]:
    """(item as printed in kk, competence id) that Order 71 requires at ``level``, in printed order."""
    out = []
    for g in load_act(ORDER71).category_groups:
        if g.level == level:
            out += [(i.item_kk, i.competence) for i in g.items]
    return out
